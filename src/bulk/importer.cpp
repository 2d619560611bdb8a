#include "bulk/importer.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "bulk/worker.h"
#include "core/binary_form.h"
#include "core/digest_set.h"
#include "core/display_name.h"
#include "core/sha256.h"
#include "pipeline/coverage.h"
#include "sink/json.h"
#include "sink/sqlite.h"

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

// The parent's share of one document's data is bounded by max_memory_per_file: a worker's reply
// line (and the record's bytes) may be at most this fraction of it (16 MiB of the default 1 GiB),
// and the writer's queue holds at most that many bytes. Reading a reply costs a few times its
// length at the peak (the line, the record's bytes, the record), so with one large reply read at
// a time the parent stays well below max_memory_per_file / 4 whatever the files.
constexpr int64_t kReplyShareOfMemory = 64;
// Replies above this are read one at a time (kReplyShareOfMemory above).
constexpr size_t kLargeReplyBytes = 1 << 20;

// What a worker hands the writer: the record and its JSON line, built on the worker's thread.
struct Extracted {
  DocumentRecord record;
  std::string json;
  long long bytes = 0;
  bool commit_now = false;  // the file killed or outgrew its worker: on disk before the next one
  // Bytes it holds, about: the line, and the record (about twice the line).
  size_t memory() const { return 3 * json.size(); }
};

// A queue that blocks producers when full (in items or in bytes), so extraction never runs far
// ahead of the writer and never piles up large documents in memory.
class BoundedQueue {
 public:
  BoundedQueue(size_t capacity, size_t max_bytes) : capacity_(capacity), max_bytes_(max_bytes) {}

  // False when the queue was closed (the writer stopped): the item is dropped. An item larger
  // than max_bytes is taken when the queue is empty.
  bool push(Extracted item) {
    const size_t cost = item.memory();
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] {
      return closed_ || items_.empty() || (items_.size() < capacity_ && bytes_ + cost <= max_bytes_);
    });
    if (closed_) return false;
    bytes_ += cost;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  // An item, or nothing when `deadline` passed or the queue is closed and empty.
  std::optional<Extracted> pop_until(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_until(lock, deadline, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    Extracted item = std::move(items_.front());
    items_.pop_front();
    bytes_ -= item.memory();
    not_full_.notify_all();
    return item;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  bool closed_and_empty() {
    std::lock_guard lock(mutex_);
    return closed_ && items_.empty();
  }

 private:
  size_t capacity_, max_bytes_;
  size_t bytes_ = 0;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Extracted> items_;
  bool closed_ = false;
};

// A record for a file the parent hashed but could not get extracted.
DocumentRecord failed_record(const std::string& path, const FileDigest& file, ErrorCode code,
                             std::string message) {
  DocumentRecord record;
  // The hash, so that a later run that reads the file replaces this row (by sha256).
  record.source = {path, file.sha256, to_string(sniff_format(file.head)), "",
                   static_cast<long long>(file.bytes)};
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.path = path;
  record.error = std::move(e);
  return record;
}

// What bounds a worker's file, as the parent sees it.
struct WorkerBounds {
  double max_seconds = 0;      // max_seconds_per_file
  size_t max_reply_bytes = 0;  // 0: none
  std::mutex* large_replies;   // held while a reply above kLargeReplyBytes is parsed
};

// What became of a file offered to a worker process.
enum class Offer {
  taken,  // the worker has it
  wait,   // the worker died with earlier files unanswered: offer it again after their replies
  lost,   // lost by two workers in a row: `item` holds the file's record
};

// The first half of extracting one file in a worker process: hands the path to this thread's
// worker, starting one when there is none (a worker is dropped when it dies or hits a bound, so
// the next file gets a fresh one). Fails only when no worker can be started.
Result<Offer> offer_to_worker(std::unique_ptr<WorkerProcess>& child, const WorkerCommand& command,
                              const std::string& path, const FileDigest& file, Extracted& item) {
  std::string what;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!child) {
      auto started = WorkerProcess::start(command);
      if (!started) return started.error();
      child = std::move(started).value();
    }
    if (child->send(path, &file, &what)) return Offer::taken;
    if (child->unanswered() > 0) return Offer::wait;
    child.reset();  // it died idle: the file was never tried; once more with a new one
  }
  item.record = failed_record(path, file, ErrorCode::crashed,
                              "the worker processing this file " + what + "; the file was skipped");
  item.commit_now = true;
  item.json = document_record_json(item.record);
  return Offer::lost;
}

// The second half: the reply to the oldest file offer_to_worker gave the worker, as the record and
// its JSON line in `item`.
void reply_from_worker(std::unique_ptr<WorkerProcess>& child, const WorkerBounds& bounds,
                       const std::string& path, const FileDigest& file, Extracted& item) {
  const double max_seconds = bounds.max_seconds;
  // The worker's own cooperative watchdog ends a slow file at max_seconds with a proper record;
  // the hard limit is only for a loop that never checks it, so it leaves room for that first.
  const double grace = std::max(5.0, max_seconds * 0.1);
  const double hard_seconds = max_seconds > 0 ? max_seconds + grace : 0;
  WorkerOutcome out = child->receive(hard_seconds, bounds.max_reply_bytes);
  if (out.kind != WorkerOutcome::Kind::ok) child.reset();  // dead and reaped: the next file starts one
  switch (out.kind) {
    case WorkerOutcome::Kind::ok: {
      // A large reply's record costs about its length again: one at a time.
      std::unique_lock<std::mutex> large;
      if (out.record_binary.size() > kLargeReplyBytes) large = std::unique_lock(*bounds.large_replies);
      auto record = record_from_binary(out.record_binary);
      out.record_binary = std::string();
      if (!record) {
        child.reset();  // the stream can no longer be trusted
        item.record = failed_record(path, file, ErrorCode::internal,
                                    "the worker's reply could not be read: " + record.error().message);
        item.json = document_record_json(item.record);
        return;
      }
      // A worker that hit a bound (memory above all) is replaced: the next file starts afresh.
      if (record.value().error && record.value().error->code == ErrorCode::limit_exceeded) child.reset();
      item.record = std::move(record).value();
      // The line holds the path as JSON can (invalid UTF-8 replaced); the tables get it as is.
      item.record.source.path = path;
      if (item.record.error) item.record.error->path = path;
      item.json = document_record_json(item.record);
      return;
    }
    case WorkerOutcome::Kind::lost:  // receive() after a send() that failed: not called so
    case WorkerOutcome::Kind::crashed:
      item.record = failed_record(path, file, ErrorCode::crashed,
                                  "the worker processing this file " + out.what + "; the file was skipped");
      break;
    case WorkerOutcome::Kind::too_large:
      item.record =
          failed_record(path, file, ErrorCode::limit_exceeded,
                        "memory per file exceeded: the worker's record of this file is longer than " +
                            std::to_string(bounds.max_reply_bytes) +
                            " bytes, the most the importer takes (max_memory_per_file / " +
                            std::to_string(kReplyShareOfMemory) + "); the worker was killed");
      break;
    case WorkerOutcome::Kind::timed_out: {
      char message[200];
      std::snprintf(message, sizeof message,
                    "time per file exceeded: no result after %g s (max_seconds_per_file = %g, plus %g s "
                    "grace); the worker was killed",
                    hard_seconds, max_seconds, grace);
      item.record = failed_record(path, file, ErrorCode::limit_exceeded, message);
      break;
    }
  }
  // The worker died on this file: record it at once, so that it cannot take the run down twice.
  item.commit_now = true;
  item.json = document_record_json(item.record);
}

// Threads (and worker processes) for an import of `files` files.
int import_jobs(const IngestOptions& options, size_t files) {
  int jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(files, 1))));
}

// How to start this import's workers; `rules_version` is left to the caller that knows it.
WorkerCommand worker_command(const IngestOptions& options, const std::string& rules_dir,
                             const std::string& encoding) {
  WorkerCommand command;
  command.executable = options.worker_executable;
  command.rules_dir = rules_dir;
  command.encoding = encoding;
  // The worker logs at our level (-v, -vv); its stderr is ours.
  if (spdlog::get_level() <= spdlog::level::info) command.verbosity = 1;
  if (spdlog::get_level() <= spdlog::level::debug) command.verbosity = 2;
  return command;
}

}  // namespace

std::vector<std::unique_ptr<WorkerProcess>> spawn_workers_ahead(const IngestOptions& options, size_t files,
                                                                const std::string& rules_dir,
                                                                const std::string& encoding) {
  std::vector<std::unique_ptr<WorkerProcess>> spawned;
  if (options.worker_executable.empty() || files == 0) return spawned;
  const WorkerCommand command = worker_command(options, rules_dir, encoding);
  for (int i = 0; i < import_jobs(options, files); ++i) {
    auto worker = WorkerProcess::spawn(command);
    if (!worker) break;
    spawned.push_back(std::move(worker).value());
  }
  return spawned;
}

Result<IngestSummary> run_ingest(const Pipeline& pipeline, const PathList& files,
                                 const IngestOptions& options) {
  return run_ingest(pipeline, files, options, {});
}

Result<IngestSummary> run_ingest(const Pipeline& pipeline, const PathList& files,
                                 const IngestOptions& options,
                                 std::vector<std::unique_ptr<WorkerProcess>> spawned_workers) {
  auto opened = SqliteStore::open(options.db_path);
  if (!opened) return opened.error();
  SqliteStore store = std::move(opened).value();
  // The field names of this rule set, for the views over the figures.
  if (auto begun = store.begin(); !begun) return begun.error();
  if (auto wrote = store.write_vocabulary(pipeline.vocabulary()); !wrote) {
    store.rollback();
    return wrote.error();
  }
  if (auto committed = store.commit(); !committed) return committed.error();
  // Documents recorded as errors are tried again: the reader may have improved, or the
  // failure (a file still being copied) may be gone.
  auto hashes = store.imported_hashes();
  if (!hashes) return hashes.error();
  const DigestSet imported = std::move(hashes).value();

  IngestSummary summary;
  summary.files = files.size();
  summary.rules_version = pipeline.rules_version();
  summary.previous_rules_version = store.meta("rules_version");
  auto started = Clock::now();

  const int jobs = import_jobs(options, files.size());
  const ReadLimits& limits = pipeline.read_options().limits;
  const size_t max_reply_bytes = limits.max_memory_per_file > 0
                                     ? static_cast<size_t>(limits.max_memory_per_file / kReplyShareOfMemory)
                                     : 0;
  BoundedQueue queue(static_cast<size_t>(jobs) * 4 + 4, max_reply_bytes > 0 ? max_reply_bytes : SIZE_MAX);
  std::mutex large_replies;

  std::atomic<size_t> next_file{0}, skipped{0}, duplicates{0}, written{0}, failed{0}, read{0};
  std::atomic<bool> stop{false};
  std::mutex claim_mutex;
  DigestSet claimed;  // hashes taken by a worker in this run

  const bool use_processes = !options.worker_executable.empty();
  WorkerCommand command = worker_command(options, pipeline.rules_dir(), pipeline.read_options().encoding);
  command.rules_version = pipeline.rules_version();
  const WorkerBounds bounds{limits.max_seconds_per_file, max_reply_bytes, &large_replies};
  std::mutex worker_error_mutex;
  std::optional<Error> worker_error;  // no worker process could be started: the run stops

  // A file a worker thread took: hashed, and neither imported before nor seen earlier in this run.
  struct Claim {
    std::string path;
    Result<FileDigest> digest = Error{};
    std::string bytes;  // in-process extraction only: the file
  };
  // The next file for this thread; nullopt at the end of the list or when the run stops.
  auto claim_next = [&]() -> std::optional<Claim> {
    while (!stop.load(std::memory_order_relaxed)) {
      size_t i = next_file.fetch_add(1);
      if (i >= files.size()) return std::nullopt;
      Claim claim;
      claim.path = files[i];
      // Workers read the file themselves: the parent only hashes it, chunk by chunk, and never
      // holds it. Extracting in-process needs the bytes here.
      if (use_processes) {
        claim.digest = digest_file(claim.path, limits);
      } else if (auto read_bytes = read_file_bytes(claim.path, limits)) {
        claim.bytes = std::move(read_bytes).value();
        claim.digest = FileDigest{sha256_hex(claim.bytes), static_cast<int64_t>(claim.bytes.size()),
                                  claim.bytes.substr(0, kSniffBytes)};
      } else {
        claim.digest = read_bytes.error();
      }
      if (!claim.digest) return claim;
      const std::string& sha = claim.digest.value().sha256;
      std::lock_guard lock(claim_mutex);
      if (!options.force && imported.contains(sha)) {
        ++skipped;
        continue;
      }
      if (!claimed.insert(sha)) {
        ++duplicates;
        spdlog::info("{}: same content as another file of this run, skipped", quote_name(claim.path));
        continue;
      }
      return claim;
    }
    return std::nullopt;
  };
  // Hands a finished file to the writer; false when the writer stopped.
  auto hand_over = [&](Extracted& item) {
    for (const std::string& w : item.record.warnings)
      spdlog::debug("{}: {}", quote_name(item.record.source.path), escape_controls(w));
    ++read;
    if (item.json.empty()) item.json = document_record_json(item.record);
    return queue.push(std::move(item));
  };

  // A file taken by a worker thread, in the order taken: with the thread's worker process, its
  // reply not read yet; waiting to be offered to it again; or done (a file that could not be read,
  // or extracted in-process, or lost).
  struct Taken {
    enum class State { done, with_worker, waiting };
    Claim claim;
    State state = State::done;
    Extracted item;
  };
  // Files a thread keeps with its worker process: the next path waits in the socket when the
  // worker finishes one, and the reply is read and decoded while it works on the next.
  constexpr size_t kFilesWithWorker = 2;

  std::mutex spawned_mutex;
  auto worker = [&] {
    std::unique_ptr<WorkerProcess> child;  // this thread's worker process, when use_processes
    if (use_processes) {
      std::lock_guard lock(spawned_mutex);
      if (!spawned_workers.empty()) {
        child = std::move(spawned_workers.back());
        spawned_workers.pop_back();
      }
    }
    bool broken = false;  // no worker could be started: the files still here are left
    // The run stops: the other threads finish their files; what is queued is still written.
    auto no_worker = [&](const Error& e) {
      std::lock_guard lock(worker_error_mutex);
      if (!worker_error) worker_error = e;
      stop = true;
      broken = true;
    };
    if (child) {
      if (std::optional<Error> refused = child->wait_until_ready(command.rules_version)) {
        no_worker(*refused);
        return;
      }
    }
    std::deque<Taken> taken;
    bool all_taken = false;
    // Files the worker has and has not answered: those of `taken` in state with_worker.
    auto with_worker = [&] { return child ? child->unanswered() : size_t{0}; };
    // Offers the worker one more file; false when no worker can be started (the run stops).
    auto offer = [&](Taken& t) {
      auto offered = offer_to_worker(child, command, t.claim.path, t.claim.digest.value(), t.item);
      if (!offered) {
        no_worker(offered.error());
        return false;
      }
      switch (offered.value()) {
        case Offer::taken: t.state = Taken::State::with_worker; break;
        case Offer::wait: t.state = Taken::State::waiting; break;
        case Offer::lost: t.state = Taken::State::done; break;
      }
      return true;
    };
    // After a worker ended, the files it had and never answered never started: they go to the
    // next worker, in order, with those that waited for it.
    auto offer_again = [&] {
      if (!child) {
        for (Taken& t : taken)
          if (t.state == Taken::State::with_worker) t.state = Taken::State::waiting;
      }
      for (Taken& t : taken)
        if (t.state == Taken::State::waiting && (!offer(t) || t.state == Taken::State::waiting)) return;
    };
    for (;;) {
      while (!all_taken && !broken && with_worker() < kFilesWithWorker &&
             taken.size() < 2 * kFilesWithWorker) {
        std::optional<Claim> next = claim_next();
        if (!next) {
          all_taken = true;
          break;
        }
        Taken& t = taken.emplace_back(Taken{std::move(*next), Taken::State::done, {}});
        if (!t.claim.digest) {
          t.item.record.source.path = t.claim.path;
          t.item.record.error = t.claim.digest.error();
          continue;
        }
        t.item.bytes = static_cast<long long>(t.claim.digest.value().bytes);
        if (!use_processes) {
          t.item.record = pipeline.process_bytes(t.claim.bytes, t.claim.path, t.claim.digest.value().sha256);
          t.claim.bytes = std::string();
          t.item.json = document_record_json(t.item.record);
          break;  // one file at a time in-process: it goes to the writer before the next is read
        }
        if (!offer(t)) taken.pop_back();
      }
      if (taken.empty() || broken) break;
      if (taken.front().state == Taken::State::waiting) {
        offer_again();
        if (broken) break;
      }
      Taken t = std::move(taken.front());
      taken.pop_front();
      if (t.state == Taken::State::with_worker) {
        reply_from_worker(child, bounds, t.claim.path, t.claim.digest.value(), t.item);
        offer_again();
      } else if (t.state == Taken::State::waiting) {
        // Not expected (files are offered in order, so the oldest one never waits on a later
        // one); should it happen, the file is recorded rather than lost.
        t.item.record = failed_record(t.claim.path, t.claim.digest.value(), ErrorCode::internal,
                                      "no worker took this file; it was skipped");
      }
      if (!hand_over(t.item) || broken) break;
    }
    if (child) child->stop();
  };

  std::optional<Error> writer_error;
  auto writer = [&] {
    const std::string rules_version = pipeline.rules_version();
    bool open = false;
    int in_batch = 0;
    Clock::time_point batch_deadline = Clock::now();
    auto fail = [&](const Error& e) {
      writer_error = e;
      if (open) store.rollback();
      stop = true;
      queue.close();
    };
    auto begin = [&]() -> bool {
      auto r = store.begin();
      if (!r) return fail(r.error()), false;
      open = true;
      in_batch = 0;
      batch_deadline =
          Clock::now() + std::chrono::milliseconds(static_cast<int>(options.batch_seconds * 1000));
      return true;
    };
    if (!begin()) return;
    for (auto r :
         {store.set_meta("rules_version", rules_version), store.set_meta("jixiao_version", JIXIAO_VERSION)})
      if (!r) return fail(r.error());
    std::string now = utc_timestamp();
    for (;;) {
      auto item = queue.pop_until(open ? batch_deadline : Clock::now() + std::chrono::milliseconds(200));
      if (item) {
        if (!open && !begin()) return;
        if (in_batch == 0) now = utc_timestamp();
        auto r = store.write_document(item->record, item->json, rules_version, now);
        if (!r) return fail(r.error());
        ++in_batch;
        if (item->commit_now) batch_deadline = Clock::now();  // commit below, before the next item
        const DocumentRecord& rec = item->record;
        summary.bytes += item->bytes;
        if (rec.error) {
          ++failed;
          summary.failures.push_back({rec.source.path, to_string(rec.error->code), rec.error->message});
        } else {
          ++summary.imported;
          summary.reports += rec.reports.size();
          for (const Report& rep : rec.reports) {
            summary.figures += rep.figures.size();
            summary.indicators += rep.indicators.size();
          }
          for (const Finding& f : rec.findings) {
            if (f.kind == kCoverageKind)
              ++summary.unread;
            else
              ++summary.findings[f.severity];
          }
        }
      }
      bool finished = !item && queue.closed_and_empty();
      if (open && (finished || in_batch >= options.batch_size || Clock::now() >= batch_deadline)) {
        auto r = store.commit();
        if (!r) return fail(r.error());
        open = false;
        written += in_batch;
        in_batch = 0;
      }
      if (finished) return;
    }
  };

  std::thread writer_thread(writer);
  std::vector<std::thread> workers;
  workers.reserve(jobs);
  for (int i = 0; i < jobs; ++i) workers.emplace_back(worker);

  // The calling thread reports progress until the workers are done, woken at once when they are
  // (a plain sleep would add up to one period to every import).
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool workers_done = false;
  std::thread closer([&] {
    for (auto& t : workers) t.join();
    queue.close();
    std::lock_guard lock(done_mutex);
    workers_done = true;
    done_cv.notify_all();
  });
  auto report_progress = [&] {
    if (!options.on_progress) return;
    IngestProgress p;
    p.total = files.size();
    p.skipped = skipped + duplicates;
    p.failed = failed;
    p.done = written + p.skipped;
    p.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    options.on_progress(p);
  };
  for (std::unique_lock lock(done_mutex); !workers_done;) {
    lock.unlock();
    report_progress();
    lock.lock();
    done_cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return workers_done; });
  }
  closer.join();
  writer_thread.join();
  report_progress();

  if (writer_error) return *writer_error;
  if (worker_error) return *worker_error;
  summary.read = read;
  summary.skipped = skipped;
  summary.duplicates = duplicates;
  summary.failed = failed;
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

}  // namespace jixiao
