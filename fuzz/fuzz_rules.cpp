// fuzz_rules: the rule-file loaders on a fuzzed TOML file. The first byte picks the file
// (figures, units, tables, segment, checks, limits); the rest replaces that file in a per-process copy
// of the rule directory, whose loader then reads it. The original is put back afterwards.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "check/check.h"
#include "extract/layout_rules.h"
#include "fuzz_common.h"
#include "ingest/read.h"
#include "numbers/numbers.h"
#include "rules/ruleset.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kFiles[] = {"figures.toml", "units.toml",  "tables.toml",
                                  "segment.toml", "checks.toml", "limits.toml"};
fs::path dir;
std::string originals[std::size(kFiles)];

void write(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  FUZZ_CHECK(out.good());
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every loader either loads or names a rules/io error with the file it read.
template <class T>
void check(const jixiao::Result<T>& result) {
  if (!result.ok()) jixiao::fuzz::check_error(result.error());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string pattern = (fs::temp_directory_path() / "jixiao-fuzz-rules-XXXXXX").string();
  FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr);
  dir = pattern;
  for (size_t i = 0; i < std::size(kFiles); ++i) {
    originals[i] = read(fs::path(jixiao::fuzz::rules_dir()) / kFiles[i]);
    write(dir / kFiles[i], originals[i]);
  }
  std::atexit([] { fs::remove_all(dir); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  if (size == 0) return 0;
  const int which = data[0] % std::size(kFiles);
  const fs::path path = dir / kFiles[which];
  write(path, fuzz::bytes_of(data + 1, size - 1));
  switch (which) {
    case 0: {
      std::vector<Error> soft;
      check(RuleSet::load(dir.string(), &soft));
      for (const Error& e : soft) fuzz::check_error(e);
      break;
    }
    case 1: check(NumberParser::load(dir.string())); break;
    case 2:
    case 3: check(LayoutRules::load(dir.string())); break;
    case 4: check(load_check_config(dir.string())); break;
    case 5: check(load_read_limits(dir.string())); break;
  }
  write(path, originals[which]);
  return 0;
}
