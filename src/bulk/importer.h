// `jixiao ingest`: many files into one SQLite database.
//
//   workers (--jobs)                     bounded queue               one writer thread
//   read bytes, sha256, skip if known,  ───────────────────────►   batched transactions
//   read + normalize + extract + check                              (SqliteStore)
//
// The queue is bounded, so memory does not grow with the corpus. A document and all its rows are
// written in one transaction, so a killed import leaves whole documents only, and the next run
// skips what was committed (by sha256) and does the rest.
//
// With IngestOptions::worker_executable set, each worker thread hands "read + normalize + extract
// + check" to a child process of its own (src/bulk/worker.h) and reads the record back. Hashing
// stays in the parent, so the skip and duplicate decisions need no round trip and a resumed
// import of a mostly imported folder starts no extraction at all; the worker reads the file again
// (from the page cache). A worker that dies while it has a file records that file as `crashed`,
// one that outlives the time budget is killed and its file recorded as limit_exceeded; either way
// a new worker takes the next file, and that file's row is committed at once, before the next.
//
// The parent never holds a document in proportion to its file: it hashes files in chunks, takes
// a worker's record only up to max_memory_per_file / 64 of JSON (a longer one is refused and the
// worker killed), parses one large record at a time and queues at most that many bytes for the
// writer. Each worker caps its own address space at max_memory_per_file (core/memory_limit.h).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulk/path_list.h"
#include "bulk/worker.h"
#include "core/error.h"
#include "pipeline/pipeline.h"

namespace jixiao {

struct IngestProgress {
  size_t total = 0;
  size_t done = 0;  // written + skipped + failed
  size_t failed = 0;
  size_t skipped = 0;
  double seconds = 0;
};

struct IngestOptions {
  std::string db_path;
  int jobs = 0;              // extraction threads; 0: std::thread::hardware_concurrency()
  bool force = false;        // re-extract files already imported, replacing their rows
  int batch_size = 256;      // documents per transaction at most
  double batch_seconds = 1;  // ... and commit at least this often
  // The jixiao binary to run `__worker` processes from (the CLI passes its own). Empty: extract
  // in threads of this process, where a crash in one file ends the import.
  std::string worker_executable;
  // Called from the calling thread about five times a second, and once at the end.
  std::function<void(const IngestProgress&)> on_progress;
};

struct FailedFile {
  std::string path, code, message;
};

struct IngestSummary {
  size_t files = 0;       // inputs given
  size_t read = 0;        // read and extracted in this run (including failures)
  size_t imported = 0;    // written with status ok
  size_t skipped = 0;     // same sha256 already in the database
  size_t duplicates = 0;  // same content as another file of this run
  size_t failed = 0;      // written with status error
  size_t reports = 0, figures = 0, indicators = 0;
  long long bytes = 0;                     // bytes of the files read
  std::map<std::string, size_t> findings;  // by severity, coverage findings left out
  size_t unread = 0;                       // reports nothing was read from (coverage findings)
  std::vector<FailedFile> failures;
  double seconds = 0;
  std::string rules_version, previous_rules_version;
};

// Fails only when the database cannot be opened or written, or no worker process can be started;
// a file that cannot be read is recorded (status error) and counted in the summary.
Result<IngestSummary> run_ingest(const Pipeline& pipeline, const PathList& files,
                                 const IngestOptions& options);
// The worker processes an import of `files` files will run (one per thread), spawned ahead by a
// caller that has not loaded its rules yet, so that they load theirs meanwhile; `rules_dir` and
// `encoding` as the pipeline will have them. None for an in-process import. A worker that cannot
// be spawned here is started, or reported, by run_ingest.
std::vector<std::unique_ptr<WorkerProcess>> spawn_workers_ahead(const IngestOptions& options, size_t files,
                                                                const std::string& rules_dir,
                                                                const std::string& encoding);
// run_ingest with the workers spawn_workers_ahead gave: the threads use them first (their ready
// lines checked against `pipeline`), and start more as needed.
Result<IngestSummary> run_ingest(const Pipeline& pipeline, const PathList& files,
                                 const IngestOptions& options,
                                 std::vector<std::unique_ptr<WorkerProcess>> spawned_workers);

}  // namespace jixiao
