// Loading rules/limits.toml into ReadLimits (toml++).
#include <toml++/toml.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "ingest/read.h"

namespace jixiao {
namespace {

Error limits_error(const std::string& path, const toml::node& node, const std::string& message) {
  return Error{ErrorCode::rules, message, path, static_cast<int>(node.source().begin.line)};
}

// One integer key in [minimum, int64 max]; the first problem is returned.
std::optional<Error> read_integer(const toml::table& root, const char* key, int64_t minimum,
                                  const std::string& path, int64_t& out) {
  const toml::node* node = root.get(key);
  if (!node) return std::nullopt;
  const auto* value = node->as_integer();
  if (!value) return limits_error(path, *node, std::string(key) + " must be an integer");
  if (value->get() < minimum)
    return limits_error(path, *node, std::string(key) + " must be at least " + std::to_string(minimum));
  out = value->get();
  return std::nullopt;
}

std::optional<Error> read_number(const toml::table& root, const char* key, double minimum,
                                 const std::string& path, double& out) {
  const toml::node* node = root.get(key);
  if (!node) return std::nullopt;
  std::optional<double> value = node->value<double>();
  if (!value || !node->is_number()) return limits_error(path, *node, std::string(key) + " must be a number");
  if (!(*value >= minimum))  // also refuses NaN
    return limits_error(path, *node, std::string(key) + " must be at least " + std::to_string(minimum));
  out = *value;
  return std::nullopt;
}

}  // namespace

Result<ReadLimits> load_read_limits(const std::string& rules_dir) {
  const std::string path = rules_dir + "/limits.toml";
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadLimits{};  // optional file: the built-in defaults
  std::ostringstream text;
  text << in.rdbuf();

  toml::table root;
#if TOML_EXCEPTIONS
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    return Error{ErrorCode::rules, std::string(e.description()), path,
                 static_cast<int>(e.source().begin.line)};
  }
#else
  toml::parse_result parsed = toml::parse(text.str(), path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return Error{ErrorCode::rules, std::string(e.description()), path,
                 static_cast<int>(e.source().begin.line)};
  }
  root = std::move(parsed).table();
#endif

  ReadLimits limits;
  int64_t depth = limits.max_xml_depth;
  const std::pair<const char*, int64_t*> integers[] = {
      {"max_file_bytes", &limits.max_file_bytes},
      {"max_text_bytes", &limits.max_text_bytes},
      {"max_inflated_total", &limits.max_inflated_total},
      {"max_part_bytes", &limits.max_part_bytes},
      {"max_entries", &limits.max_entries},
      {"max_table_cells", &limits.max_table_cells},
      {"max_figures_per_report", &limits.max_figures_per_report},
      {"max_xml_depth", &depth},
  };
  for (const auto& [key, out] : integers)
    if (auto e = read_integer(root, key, 1, path, *out)) return *e;
  // Below 16 MiB not even a small report reads, and the error could not be reported.
  constexpr int64_t kMemoryFloor = 16 << 20;
  if (auto e = read_integer(root, "max_memory_per_file", 0, path, limits.max_memory_per_file)) return *e;
  if (limits.max_memory_per_file > 0 && limits.max_memory_per_file < kMemoryFloor)
    return limits_error(
        path, *root.get("max_memory_per_file"),
        "max_memory_per_file must be 0 (no limit) or at least " + std::to_string(kMemoryFloor));
  if (depth > 100000)
    return limits_error(path, *root.get("max_xml_depth"), "max_xml_depth must be at most 100000");
  limits.max_xml_depth = static_cast<int>(depth);
  if (auto e = read_number(root, "max_ratio", 1.0, path, limits.max_ratio)) return *e;
  if (auto e = read_number(root, "max_seconds_per_file", 0.0, path, limits.max_seconds_per_file)) return *e;

  for (const auto& [key, node] : root) {
    const std::string_view name = key.str();
    bool known = name == "version" || name == "max_ratio" || name == "max_seconds_per_file" ||
                 name == "max_memory_per_file";
    for (const auto& [integer_key, out] : integers) known = known || name == integer_key;
    if (!known) return limits_error(path, node, "unknown key " + std::string(name));
  }
  if (const toml::node* version = root.get("version"); version && !version->is_string())
    return limits_error(path, *version, "version must be a string");
  return limits;
}

}  // namespace jixiao
