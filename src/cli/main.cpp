// jixiao: the command line. Glue only: flags, console output, exit codes. The work is in the
// library (src/<stage>/), which the tests share.
//
// Exit status (all subcommands): 0 success; 2 when any input file could not be read (each such
// file gets one "jixiao: error: FILE: reason" line on stderr, and the other files are still
// processed), or when standard output cannot be written (cli/stdout_writer.h); `check` returns 1
// when a finding at or above --fail-on was raised (2 wins).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace jixiao::cli;
  auto logger = spdlog::stderr_color_mt("jixiao");
  logger->set_pattern("jixiao: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"jixiao: read Chinese budget performance reports, extract their figures, check them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("jixiao ") + JIXIAO_VERSION);
  int verbosity = 0;
  app.add_flag("-v,--verbose", verbosity, "more log output (-vv for debug)");

  CommonOptions common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--rules", common.rules_dir, "rule directory (default: the installed rules/)");
    sub->add_option("--encoding", common.encoding, "force the text encoding (e.g. GB18030) instead of detecting");
    sub->add_flag("--lenient", common.lenient,
                  "skip a rule that does not load, with a warning, instead of stopping with an error");
  };

  DumpOptions dump;
  auto* dump_cmd = app.add_subcommand("dump", "print what was read, one JSON object per block");
  dump_cmd->add_option("files", dump.files, "report files")->required();
  dump_cmd->add_flag("--raw", dump.raw, "blocks as read, before normalization");
  add_common(dump_cmd);

  NumbersOptions numbers;
  auto* numbers_cmd =
      app.add_subcommand("numbers", "read lines on stdin, print every quantity the parser finds (JSON Lines)");
  numbers_cmd->add_option("--implied-unit", numbers.implied_unit, "money unit for bare numbers, e.g. 万元");
  numbers_cmd->add_option("--rules", common.rules_dir, "rule directory (for units.toml)");

  ExtractOptions extract;
  auto* extract_cmd = app.add_subcommand("extract", "records as JSON Lines (jixiao.document/1), one line per file");
  extract_cmd->add_option("files", extract.files, "report files")->required();
  extract_cmd->add_flag("--no-check", extract.no_check, "skip the checker (empty findings)");
  add_common(extract_cmd);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "extract and check; findings on the terminal or as JSON Lines");
  check_cmd->add_option("files", check.files, "report files")->required();
  check_cmd->add_flag("--json", check.json, "JSON Lines, one finding per line");
  check_cmd->add_option("--fail-on", check.fail_on, "exit 1 when a finding at or above this severity is raised")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  add_common(check_cmd);

  IngestCommandOptions ingest;
  auto* ingest_cmd = app.add_subcommand("ingest", "import files and folders of reports into an SQLite database");
  ingest_cmd->add_option("paths", ingest.paths, "report files and directories (walked recursively)")->required();
  ingest_cmd->add_option("--db", ingest.db, "SQLite database file (created when missing)")->required();
  ingest_cmd->add_option("-j,--jobs", ingest.jobs, "extraction threads (default: the number of cores)")
      ->check(CLI::NonNegativeNumber);
  ingest_cmd->add_option("--glob", ingest.globs,
                         "file name patterns to take from directories (default: *.docx *.txt *.doc *.wps *.pdf)");
  ingest_cmd->add_flag("--force", ingest.force, "re-extract files already imported, replacing their rows");
  ingest_cmd->add_flag("--progress", ingest.progress, "progress on stderr even when it is not a terminal");
  ingest_cmd->add_flag("-q,--quiet", ingest.quiet, "no progress line");
  ingest_cmd->add_option("--batch", ingest.batch, "documents per transaction (default 256)")
      ->check(CLI::PositiveNumber);
  ingest_cmd->add_flag(
      "--in-process", ingest.in_process,
      "extract in threads of this process, not in worker processes (a crash then ends the import)");
  add_common(ingest_cmd);

  // Hidden (no group): the extraction process `ingest` starts, speaking src/bulk/worker.h on stdin/stdout.
  auto* worker_cmd = app.add_subcommand("__worker", "")->group("");
  add_common(worker_cmd);

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "write an ingest database as CSV files or JSON Lines");
  export_cmd->add_option("--db", export_options.db, "SQLite database written by ingest")->required();
  export_cmd->add_option("--csv", export_options.csv_dir, "directory for one CSV per table (UTF-8 with BOM)");
  export_cmd->add_option("--jsonl", export_options.jsonl, "file for the jixiao.document/1 records ('-': stdout)");

  CLI11_PARSE(app, argc, argv);
  if (verbosity == 1) spdlog::set_level(spdlog::level::info);
  if (verbosity >= 2) spdlog::set_level(spdlog::level::debug);

  if (dump_cmd->parsed()) return run_dump(dump, common);
  if (numbers_cmd->parsed()) return run_numbers(numbers, common);
  if (extract_cmd->parsed()) return run_extract(extract, common);
  if (check_cmd->parsed()) return run_check(check, common, isatty(STDOUT_FILENO) != 0);
  if (ingest_cmd->parsed()) return run_ingest(ingest, common);
  if (export_cmd->parsed()) return run_export(export_options);
  if (worker_cmd->parsed()) return run_worker(common);
  return 2;
}
