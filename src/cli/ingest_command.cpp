// `jixiao ingest` and `jixiao export`: glue between the command line and src/bulk, src/sink.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "bulk/importer.h"
#include "bulk/walk.h"
#include "bulk/worker.h"
#include "check/check.h"
#include "cli/commands.h"
#include "cli/stdout_writer.h"
#include "core/display_name.h"
#include "pipeline/pipeline.h"
#include "sink/csv.h"
#include "sink/sqlite.h"
#include "sink/xlsx.h"

namespace jixiao::cli {
namespace {

constexpr int kExitFailedFile = 2;
constexpr size_t kFailuresListed = 20;

std::string clock_text(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

// One line, redrawn in place on a terminal; a plain line every few seconds otherwise.
class ProgressLine {
 public:
  explicit ProgressLine(bool terminal) : terminal_(terminal) {}
  void update(const IngestProgress& p) {
    double rate = p.seconds > 0 ? p.done / p.seconds : 0;
    std::string eta = rate > 0 && p.done < p.total ? clock_text((p.total - p.done) / rate) : "-";
    char line[200];
    std::snprintf(line, sizeof line, "%zu/%zu files, %.1f docs/s, %zu failed, %zu skipped, ETA %s", p.done,
                  p.total, rate, p.failed, p.skipped, eta.c_str());
    if (terminal_) {
      std::fprintf(stderr, "\r%s\033[K", line);
      drawn_ = true;
    } else if (p.seconds - last_printed_ >= 5 || p.done == p.total) {
      if (p.done == last_done_) return;
      std::fprintf(stderr, "jixiao: %s\n", line);
      last_printed_ = p.seconds;
      last_done_ = p.done;
    }
  }
  void finish() {
    if (drawn_) std::fputs("\r\033[K", stderr);
  }

 private:
  bool terminal_;
  bool drawn_ = false;
  double last_printed_ = 0;
  size_t last_done_ = static_cast<size_t>(-1);
};

void print_summary(StdoutWriter& out, const IngestSummary& s, const std::vector<SkippedPath>& walk_skipped,
                   const std::string& db_path) {
  const std::string db = quote_name(db_path);
  double mb = s.bytes / 1e6;
  out.format("files: %zu (%zu read, %zu skipped: already imported, %zu duplicate content, %zu failed)\n",
             s.files, s.read, s.skipped, s.duplicates, s.failed);
  out.format("imported: %zu documents, %zu reports, %zu figures, %zu indicators\n", s.imported, s.reports,
             s.figures, s.indicators);
  auto count = [&](const char* severity) {
    auto it = s.findings.find(severity);
    return it == s.findings.end() ? size_t{0} : it->second;
  };
  out.format("findings: %zu error, %zu warning, %zu info\n", count("error"), count("warning"), count("info"));
  if (s.unread > 0)
    out.format("not read: %zu report(s) with no fund block, indicator or figure (coverage findings)\n",
               s.unread);
  out.format("time: %.2f s, %.1f docs/s, %.2f MB/s read; database %s\n", s.seconds,
             s.seconds > 0 ? s.read / s.seconds : 0.0, s.seconds > 0 ? mb / s.seconds : 0.0, db.c_str());
  if (!s.failures.empty()) {
    out.format("failed files:\n");
    for (size_t i = 0; i < s.failures.size() && i < kFailuresListed; ++i)
      out.format("  %s: %s: %s\n", quote_name(s.failures[i].path).c_str(), s.failures[i].code.c_str(),
                 escape_controls(s.failures[i].message).c_str());
    if (s.failures.size() > kFailuresListed)
      out.format(
          "  ... and %zu more: sqlite3 %s \"select path, error from documents where status = 'error'\"\n",
          s.failures.size() - kFailuresListed, db.c_str());
  }
  if (!walk_skipped.empty()) {
    out.format("skipped while walking folders: %zu\n", walk_skipped.size());
    for (size_t i = 0; i < walk_skipped.size() && i < kFailuresListed; ++i)
      out.format("  %s: %s\n", quote_name(walk_skipped[i].path).c_str(), walk_skipped[i].reason.c_str());
    if (walk_skipped.size() > kFailuresListed)
      out.format("  ... and %zu more (warnings above)\n", walk_skipped.size() - kFailuresListed);
  }
}

}  // namespace

int run_ingest(const IngestCommandOptions& options, const CommonOptions& common) {
  WalkOptions walk;
  if (!options.globs.empty()) walk.globs = options.globs;
  std::vector<Error> walk_errors;
  std::vector<SkippedPath> walk_skipped;
  const PathList files = collect_inputs(options.paths, walk, &walk_errors, &walk_skipped);
  for (const Error& e : walk_errors) spdlog::error("{}", e.describe());
  for (const SkippedPath& s : walk_skipped) spdlog::warn("{}: {}", quote_name(s.path), s.reason);

  IngestOptions ingest;
  ingest.db_path = options.db;
  ingest.jobs = options.jobs;
  ingest.force = options.force;
  if (options.batch > 0) ingest.batch_size = options.batch;
  if (!options.in_process) {
    // Workers run this very binary; /proc/self/exe names it even when we were started by a
    // relative path or through $PATH.
    std::error_code ec;
    ingest.worker_executable = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    if (ec) spdlog::warn("cannot find this program's path ({}): extracting in-process", ec.message());
  }
  // The workers start first and load their rules while this process loads its own (a process's
  // start-up and rules cost about a tenth of a second each); run_ingest checks their rules
  // version. A worker that cannot be spawned here is started, or reported, there.
  std::vector<std::unique_ptr<WorkerProcess>> spawned = spawn_workers_ahead(
      ingest, files.size(), common.rules_dir.empty() ? find_rules_dir() : common.rules_dir, common.encoding);

  std::optional<Pipeline> pipeline = load_pipeline(common, /*run_checks=*/true, /*one_file_at_a_time=*/false);
  if (!pipeline) return kExitFailedFile;
  spdlog::info("{} file(s) to import into {}", files.size(), quote_name(options.db));
  bool terminal = isatty(STDERR_FILENO) != 0;
  ProgressLine progress(terminal);
  if (options.progress || (terminal && !options.quiet))
    ingest.on_progress = [&](const IngestProgress& p) { progress.update(p); };

  auto result = jixiao::run_ingest(*pipeline, files, ingest, std::move(spawned));
  progress.finish();
  if (!result) {
    spdlog::error("{}", result.error().describe());
    return kExitFailedFile;
  }
  const IngestSummary& summary = result.value();
  if (!summary.previous_rules_version.empty() && summary.previous_rules_version != summary.rules_version)
    spdlog::warn("{}: documents imported earlier used rules {}, this run uses {}; --force re-extracts them",
                 quote_name(options.db), summary.previous_rules_version, summary.rules_version);
  for (const FailedFile& f : summary.failures)
    spdlog::error("{}: {}", quote_name(f.path), escape_controls(f.message));
  StdoutWriter out;
  print_summary(out, summary, walk_skipped, options.db);
  if (!out.finish()) return kExitFailedFile;
  return summary.failed > 0 || !walk_errors.empty() ? kExitFailedFile : 0;
}

int run_worker(const CommonOptions& common) {
  int out = prepare_worker_process();
  if (out < 0) {
    spdlog::error("__worker: cannot set up the output");
    return kExitFailedFile;
  }
  PipelineOptions pipeline_options;
  pipeline_options.rules_dir = common.rules_dir;
  pipeline_options.read.encoding = common.encoding;
  // Rules skipped for a soft error were reported by the parent, which loaded the same directory.
  auto pipeline = Pipeline::load(pipeline_options, nullptr);
  if (!pipeline) {
    spdlog::error("{}", pipeline.error().describe());
    return kExitFailedFile;
  }
  cap_memory_per_file(pipeline.value().read_options().limits.max_memory_per_file);
  return serve_worker(pipeline.value(), STDIN_FILENO, out);
}

int run_export(const ExportOptions& options) {
  if (options.csv_dir.empty() && options.jsonl.empty() && options.xlsx.empty()) {
    spdlog::error("export: give --csv DIR, --jsonl FILE and/or --xlsx FILE");
    return kExitFailedFile;
  }
  auto opened = SqliteStore::open_read_only(options.db);
  if (!opened) {
    spdlog::error("{}", opened.error().describe());
    return kExitFailedFile;
  }
  SqliteStore& store = opened.value();
  if (!options.csv_dir.empty()) {
    auto written =
        export_csv(store, options.csv_dir, options.headers == "zh" ? CsvHeaders::zh : CsvHeaders::en);
    if (!written) {
      spdlog::error("{}", written.error().describe());
      return kExitFailedFile;
    }
    for (const CsvExport& e : written.value()) spdlog::info("{}: {} rows", quote_name(e.path), e.rows);
  }
  if (!options.jsonl.empty()) {
    auto lines = export_jsonl(store, options.jsonl);
    if (!lines) {
      spdlog::error("{}", lines.error().describe());
      return kExitFailedFile;
    }
    spdlog::info("{}: {} records", quote_name(options.jsonl), lines.value());
  }
  if (!options.xlsx.empty()) {
    XlsxOptions xlsx;
    xlsx.review_dir = options.review_dir;
    // The kinds' Chinese names are data (rules/checks.toml [names]), read now like any rule.
    auto checks = load_check_config(options.rules_dir.empty() ? find_rules_dir() : options.rules_dir);
    if (!checks) {
      spdlog::error("{}", checks.error().describe());
      return kExitFailedFile;
    }
    xlsx.kind_names = checks.value().kind_names;
    auto book = export_xlsx(store, options.xlsx, xlsx);
    if (!book) {
      spdlog::error("{}", book.error().describe());
      return kExitFailedFile;
    }
    spdlog::info("{}: {} reports, {} findings", quote_name(options.xlsx), book.value().reports,
                 book.value().findings);
  }
  return 0;
}

}  // namespace jixiao::cli
