// The subcommands behind src/cli/main.cpp; each returns the process exit status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace jixiao::cli {

struct CommonOptions {
  std::string rules_dir;
  std::string encoding;
  bool lenient = false;  // a rule that does not load is skipped with a warning instead of an error
};

struct DumpOptions {
  std::vector<std::string> files;
  bool raw = false;
};

struct NumbersOptions {
  std::string implied_unit;
};

struct ExtractOptions {
  std::vector<std::string> files;
  bool no_check = false;
};

struct CheckOptions {
  std::vector<std::string> files;
  bool json = false;
  bool quiet = false;  // no output: the exit status only
  std::string fail_on = "error";
};

// `review` (src/cli/review_command.cpp).
struct ReviewOptions {
  std::vector<std::string> files;
  std::string db;  // instead of files: every document of this ingest database
  std::string out;
  bool quiet = false;
};

// `ingest` and `export` (src/cli/ingest_command.cpp).
struct IngestCommandOptions {
  std::vector<std::string> paths;
  std::string db;
  int jobs = 0;
  std::vector<std::string> globs;
  bool force = false;
  bool progress = false;
  bool quiet = false;
  int batch = 0;
  bool in_process = false;  // extract in threads of this process instead of worker processes
};

struct ExportOptions {
  std::string db;
  std::string csv_dir;
  std::string jsonl;
  std::string xlsx;            // workbook file (src/sink/xlsx.h)
  std::string review_dir;      // pages of `jixiao review`, linked from the workbook's findings
  std::string headers = "en";  // CSV header row: en (column names) | zh
  std::string
      rules_dir;  // for the finding kinds' Chinese names (checks.toml [names]); empty: find_rules_dir()
};

// The rule directory's pipeline, or nothing after logging why. A rule that does not load (a
// pattern that does not compile, an unknown field) is an error naming its file and line, as the
// rule files' headers say, unless --lenient: then it is skipped with a warning.
// `one_file_at_a_time`: the command reads file after file in this one thread, so PDF and OLE2
// files are read in a child process (ReadOptions::library_readers_in_child).
std::optional<Pipeline> load_pipeline(const CommonOptions& common, bool run_checks, bool one_file_at_a_time);

// From here on the process reads one file at a time: cap its address space at what it uses now
// plus max_memory_per_file (core/memory_limit.h; not under AddressSanitizer).
void cap_memory_per_file(int64_t max_memory_per_file);

int run_dump(const DumpOptions& options, const CommonOptions& common);
int run_numbers(const NumbersOptions& options, const CommonOptions& common);
int run_extract(const ExtractOptions& options, const CommonOptions& common);
int run_check(const CheckOptions& options, const CommonOptions& common, bool color);
int run_ingest(const IngestCommandOptions& options, const CommonOptions& common);
int run_review(const ReviewOptions& options, const CommonOptions& common);
int run_export(const ExportOptions& options);
// The hidden `__worker` subcommand: one extraction process of `ingest` (src/bulk/worker.h).
int run_worker(const CommonOptions& common);

}  // namespace jixiao::cli
