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
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/inputs.h"

namespace {

const char* const kFooter = R"(Examples:
  jixiao check report.docx                      findings, FILE:表3 第15行 第4列 / FILE:第42行
  jixiao check -q reports/ && echo clean        a folder, walked; exit status only
  find . -name '*.docx' -print0 | jixiao check -0 -
  jixiao extract a.docx | jq '.findings[] | .evidence[].span.location'
  jixiao review reports/ --out review/          HTML pages, open review/index.html
  jixiao ingest reports/ --db r.sqlite && jixiao export --db r.sqlite --xlsx r.xlsx --review review/

Inputs: FILE as given, FOLDER walked (*.docx *.txt *.doc *.wps *.pdf *.xlsx *.xls), '-' paths on stdin
(one per line, NUL-separated with -0).
Colour (check): --color auto|always|never; auto colours a terminal unless NO_COLOR is set or
TERM=dumb.

Exit status:
  0  done, nothing at or above check's --fail-on
  1  check: a finding at or above --fail-on (default error)
  2  a file or folder could not be read or written, or the command line was wrong
     (an unreadable file gets one 'jixiao: error: FILE: reason' line; the others are still done)
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace jixiao::cli;
  // libzip turns each ZIP entry's DOS time into time_t with mktime, and glibc's mktime, with TZ
  // unset, looks at /etc/localtime again on every call (about ten per DOCX, inherited by the
  // workers). Naming that same file in TZ keeps the local time and reads it once.
  if (!std::getenv("TZ")) ::setenv("TZ", ":/etc/localtime", 1);
  // NO_COLOR (no-color.org) and TERM=dumb (a terminal that cannot show colour, e.g. Emacs' shell)
  // turn colour off unless --color always; they also keep stderr's "error"/"warning" plain.
  const char* no_color_env = std::getenv("NO_COLOR");
  const char* term_env = std::getenv("TERM");
  const bool no_color = (no_color_env && *no_color_env) || (term_env && std::string(term_env) == "dumb");
  auto logger = spdlog::stderr_color_mt("jixiao", no_color ? spdlog::color_mode::never : spdlog::color_mode::automatic);
  logger->set_pattern("jixiao: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"jixiao: read Chinese budget performance reports, extract their figures, check them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("jixiao ") + JIXIAO_VERSION);
  int verbosity = 0;
  app.add_flag("-v,--verbose", verbosity, "more log output (-vv for debug)");

  CommonOptions common;
  bool null_separated = false;
  auto add_common = [&](CLI::App* sub) {
    sub->add_flag("-0,--null", null_separated, "the paths read from stdin ('-') are NUL-separated (find -print0)");
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
  check_cmd->add_flag("-q,--quiet", check.quiet, "print nothing: the exit status says it all");
  std::string color = "auto";
  check_cmd->add_option("--color", color, "colour the terminal output (auto: on a terminal unless NO_COLOR is set or TERM=dumb)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_option("--fail-on", check.fail_on, "exit 1 when a finding at or above this severity is raised")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  add_common(check_cmd);

  ReviewOptions review;
  auto* review_cmd = app.add_subcommand(
      "review", "HTML review pages: each document as read, its figures highlighted, its findings linked");
  review_cmd->add_option("files", review.files, "report files and folders");
  review_cmd->add_option("--db", review.db,
                         "instead of files: every document of this ingest database (each file read again "
                         "from its stored path, used only when its sha256 is unchanged)");
  review_cmd->add_option("-o,--out", review.out, "directory for the pages and index.html")->required();
  review_cmd->add_flag("-q,--quiet", review.quiet, "do not print the index page's path");
  add_common(review_cmd);

  IngestCommandOptions ingest;
  auto* ingest_cmd = app.add_subcommand("ingest", "import files and folders of reports into an SQLite database");
  ingest_cmd->add_option("paths", ingest.paths, "report files and directories (walked recursively)")->required();
  ingest_cmd->add_option("--db", ingest.db, "SQLite database file (created when missing)")->required();
  ingest_cmd->add_option("-j,--jobs", ingest.jobs, "extraction threads (default: the number of cores)")
      ->check(CLI::NonNegativeNumber);
  ingest_cmd->add_option("--glob", ingest.globs,
                         "file name patterns to take from directories (default: *.docx *.txt *.doc *.wps *.pdf *.xlsx *.xls)");
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
  auto* export_cmd = app.add_subcommand("export", "write an ingest database as CSV files, JSON Lines or an XLSX workbook");
  export_cmd->add_option("--db", export_options.db, "SQLite database written by ingest")->required();
  export_cmd->add_option("--csv", export_options.csv_dir, "directory for one CSV per table (UTF-8 with BOM)");
  export_cmd->add_option("--jsonl", export_options.jsonl, "file for the jixiao.document/1 records ('-': stdout)");
  export_cmd->add_option("--xlsx", export_options.xlsx, "workbook file: sheets 报告 数值 指标 问题 文件");
  export_cmd->add_option("--review", export_options.review_dir,
                         "folder of `jixiao review` pages to link each finding of the workbook to");
  export_cmd->add_option("--rules", export_options.rules_dir,
                         "rule directory, for the Chinese names of finding kinds (default: the installed rules/)");
  export_cmd->add_option("--headers", export_options.headers, "CSV header row: en (column names) or zh (Chinese)")
      ->check(CLI::IsMember({"en", "zh"}));

  app.footer(kFooter);
  check_cmd->footer(
      "Examples:\n  jixiao check a.docx b.txt        FILE:表3 第15行 第4列: error unit.magnitude [报告 1]: ...\n"
      "  jixiao check -q --fail-on warning reports/\n"
      "  find . -name '*.docx' -print0 | jixiao check -0 --json - | jq .message\n\n"
      "Exit status: 0 nothing at or above --fail-on, 1 something, 2 a file unreadable or a usage error.");
  extract_cmd->footer(
      "Examples:\n  jixiao extract a.docx > a.jsonl\n"
      "  jixiao extract reports/ | jq -r '.reports[].figures[] | [.field, .yuan] | @tsv'\n"
      "  jixiao extract --no-check - < list.txt        paths on stdin, one per line\n"
      "Exit status: 0, or 2 when a file could not be read (its line carries the error), stdout could\n"
      "not be written, or the command line was wrong.");
  dump_cmd->footer(
      "Examples:\n  jixiao dump a.docx | jq -r .text          the text as normalized, block by block\n"
      "  jixiao dump --raw a.txt                       the blocks as read, before normalization\n"
      "Exit status: 0, or 2 when a file could not be read, stdout could not be written, or the command\n"
      "line was wrong.");
  numbers_cmd->footer(
      "Examples:\n  echo '年初预算165.69万元，执行率95%' | jixiao numbers\n"
      "  jixiao numbers --implied-unit 万元 < lines.txt\n"
      "Exit status: 0, or 2 when stdout could not be written or the command line was wrong.");
  ingest_cmd->footer(
      "Examples:\n  jixiao ingest reports/ --db r.sqlite          again later: only new or changed files\n"
      "  jixiao ingest reports/ --db r.sqlite --glob '*.docx' -j 4\n"
      "  find . -name '*.txt' -print0 | jixiao ingest -0 - --db r.sqlite\n"
      "Exit status: 0, or 2 when a file could not be read (it is recorded as failed, the others are\n"
      "imported), the database could not be written, or the command line was wrong.");
  review_cmd->footer(
      "Examples:\n  jixiao review reports/ --out review/ && xdg-open review/index.html\n"
      "  jixiao review --db r.sqlite --out review/   every stored document (a file changed or gone\n"
      "                                               since ingest is named on the index, not used)\n"
      "Each page is self-contained (no network). Exit status: 0, or 2 when a file could not be read.");
  export_cmd->footer(
      "Examples:\n  jixiao export --db r.sqlite --xlsx r.xlsx --review review/\n"
      "  jixiao export --db r.sqlite --csv out/ --headers zh\n  jixiao export --db r.sqlite --jsonl - | jq .source.path\n"
      "Exit status: 0, or 2 when the database cannot be read or a file not written.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; a usage error is 2, as for rg and jq (CLI11 says 105-109).
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (verbosity == 1) spdlog::set_level(spdlog::level::info);
  if (verbosity >= 2) spdlog::set_level(spdlog::level::debug);

  // Every command takes folders (walked) and '-' (paths on stdin), src/cli/inputs.h.
  bool input_failed = false;
  auto inputs = [&](std::vector<std::string>& files) { files = expand_inputs(files, null_separated, &input_failed); };
  auto worst = [&](int status) { return input_failed ? 2 : status; };
  if (dump_cmd->parsed()) inputs(dump.files);
  if (extract_cmd->parsed()) inputs(extract.files);
  if (review_cmd->parsed()) {
    if (review.files.empty() == review.db.empty()) {
      spdlog::error("review: give report files or --db DATABASE (one of them)");
      return 2;
    }
    inputs(review.files);
  }
  if (check_cmd->parsed()) inputs(check.files);
  if (ingest_cmd->parsed()) ingest.paths = expand_inputs(ingest.paths, null_separated, &input_failed, false);

  if (dump_cmd->parsed()) return worst(run_dump(dump, common));
  if (extract_cmd->parsed()) return worst(run_extract(extract, common));
  if (review_cmd->parsed()) return worst(run_review(review, common));
  if (numbers_cmd->parsed()) return run_numbers(numbers, common);
  if (check_cmd->parsed()) {
    bool use_color = color == "always" ||
                     (color == "auto" && isatty(STDOUT_FILENO) != 0 && !no_color);
    return worst(run_check(check, common, use_color));
  }
  if (ingest_cmd->parsed()) return worst(run_ingest(ingest, common));
  if (export_cmd->parsed()) return run_export(export_options);
  if (worker_cmd->parsed()) return run_worker(common);
  return 2;
}
