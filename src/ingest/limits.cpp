// Loading rules/limits.toml into ReadLimits (through the one rule-file reader).
#include <filesystem>

#include "ingest/read.h"
#include "rules/rule_file.h"

namespace jixiao {

Result<ReadLimits> load_read_limits(const std::string& rules_dir) {
  const std::string path = rules_dir + "/limits.toml";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return ReadLimits{};  // optional file: the built-in defaults
  auto file = RuleFile::read(path);
  if (!file) return file.error();
  RuleTable top = file->top();
  ReadLimits limits;
  for (auto [key, out] : {std::pair<const char*, int64_t*>{"max_file_bytes", &limits.max_file_bytes},
                          {"max_text_bytes", &limits.max_text_bytes},
                          {"max_inflated_total", &limits.max_inflated_total},
                          {"max_part_bytes", &limits.max_part_bytes},
                          {"max_entries", &limits.max_entries},
                          {"max_table_cells", &limits.max_table_cells},
                          {"max_figures_per_report", &limits.max_figures_per_report}})
    top.integer(key, *out, 1);
  top.integer("max_xml_depth", limits.max_xml_depth, 1, 100000);
  // Below 10,000 pixels (a page at about 10 dpi) no rule is long enough to find.
  top.integer("max_render_pixels", limits.max_render_pixels, 10000);
  // Below 16 MiB not even a small report reads, and the error could not be reported.
  constexpr int64_t kMemoryFloor = 16 << 20;
  if (top.integer("max_memory_per_file", limits.max_memory_per_file, 0) && limits.max_memory_per_file > 0 &&
      limits.max_memory_per_file < kMemoryFloor)
    top.fail("max_memory_per_file",
             "max_memory_per_file must be 0 (no limit) or at least " + std::to_string(kMemoryFloor));
  top.number("max_ratio", limits.max_ratio, 1.0);
  top.number("max_seconds_per_file", limits.max_seconds_per_file, 0.0);
  std::string version;
  top.string("version", version);
  top.finish();
  if (file->failed()) return file->first_error();
  return limits;
}

}  // namespace jixiao
