// Extraction in child processes for `jixiao ingest`, so that one file's crash (a segfault in a
// library on a hostile file) or endless loop costs that file only, not the import.
//
//   parent: run_ingest, one thread per worker         worker: `jixiao __worker --rules DIR`
//     posix_spawn, then wait for the ready line   <-  "jixiao-worker/2 ready <rules_version>\n"
//     per file: "<n>[ <size> <sha256>]\n" and the  ->  read the file, Pipeline::process_file
//     n bytes of a path (the size and hash the
//     parent took, so the worker need not hash)
//                                                 <-  "<n>\n" and the n bytes of the record
//                                                     (core/binary_form.h)
//     EOF before the reply: the worker died       ->  the file is recorded as `crashed`
//     no reply within the time budget + grace     ->  SIGKILL, the file is `limit_exceeded`
//     a reply longer than the parent takes        ->  SIGKILL, the file is `limit_exceeded`
//
// The parent keeps up to two paths with a worker (importer.cpp): the next request waits in the
// socket when a reply goes out, and the parent reads and decodes a reply, and hashes its next
// file, while the worker works. Replies come in request order; when a worker dies, the request it
// died on is the oldest unanswered one, and those behind it go to the next worker.
//
// The record's bytes carry what jixiao.document/1 leaves out too: the parent fills the tables from
// them (record_from_binary) and writes the record's line itself (document_record_json, beside the
// worker, which goes on to its next file), so a database imported through workers equals one
// imported in-process, row for row.
//
// Both directions run over one socketpair, the worker's stdin and stdout: send(MSG_NOSIGNAL)
// lets the parent write to a dead worker without a process-wide SIGPIPE handler, and the
// parent's end closes when the parent dies, so an idle worker reads EOF and exits. A busy or
// hung one is killed by PR_SET_PDEATHSIG (prepare_worker_process). Paths are length-prefixed
// because a file name may hold a newline or bytes that are not UTF-8.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/records.h"
#include "pipeline/pipeline.h"

namespace jixiao {

// How to start a worker: `executable [-v|-vv] __worker --rules DIR [--encoding E]`.
struct WorkerCommand {
  std::string executable;  // the jixiao binary
  std::string rules_dir;
  std::string encoding;
  std::string rules_version;  // what the worker must load (the parent's pipeline), checked at start
  int verbosity = 0;          // 1: -v, 2: -vv
};

// What became of one file sent to a worker.
struct WorkerOutcome {
  enum class Kind {
    ok,         // record_binary holds the reply
    lost,       // the worker was gone before it got the path: not the file's fault
    crashed,    // the worker died while it had the file; `what` says how
    timed_out,  // no reply in time: the worker was killed
    too_large,  // a reply longer than the parent takes: the worker was killed
  };
  Kind kind = Kind::ok;
  std::string record_binary;
  std::string what;  // crashed, lost: how the worker ended ("was killed by signal 11 (SIGSEGV)")
};

// A buffered reader over a file descriptor, with an optional deadline (poll).
class FdReader {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Status { ok, eof, timeout, error, too_long };

  explicit FdReader(int fd = -1) : fd_(fd) {}
  // The next line, without its '\n'. `deadline` = Clock::time_point::max(): wait forever. A line
  // longer than `max_bytes` is not read: too_long, and the stream cannot be read on.
  Status line(std::string& out, Clock::time_point deadline = Clock::time_point::max(),
              size_t max_bytes = static_cast<size_t>(-1));
  // Exactly `n` bytes.
  Status exact(size_t n, std::string& out, Clock::time_point deadline = Clock::time_point::max());

 private:
  Status fill(Clock::time_point deadline);
  int fd_;
  std::string buffer_;
  size_t start_ = 0;    // bytes of buffer_ before start_ were handed out
  size_t scanned_ = 0;  // bytes from start_ known to hold no '\n'
};

// One running worker process, owned by one parent thread. Not copyable; the destructor stops it.
class WorkerProcess {
 public:
  // Spawns the worker and waits for its ready line. An Error when it cannot be spawned, dies or
  // says something else first (a wrong binary, rules that do not load, another rules version).
  static Result<std::unique_ptr<WorkerProcess>> start(const WorkerCommand& command);
  // start() in two halves, so that a worker loads its rules while the caller loads its own: spawn()
  // fails only when no process can be started; wait_until_ready() reads the ready line (once) and
  // checks the rules version, and kills the worker when it is not ready.
  static Result<std::unique_ptr<WorkerProcess>> spawn(const WorkerCommand& command);
  std::optional<Error> wait_until_ready(const std::string& rules_version);

  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // Sends one path and waits for the reply, at most `seconds` (<= 0: no limit), each of its lines
  // at most `max_line_bytes` (0: no limit). After any kind but ok the worker is dead and reaped;
  // start another one. `known`: the file's size and hash as the parent took them.
  WorkerOutcome process(const std::string& path, double seconds, size_t max_line_bytes = 0,
                        const FileDigest* known = nullptr);
  // process() in two halves, so that the parent can hash its next files while the worker works
  // and the worker finds its next path waiting. Paths sent are answered in order: receive() reads
  // the reply to the oldest one unanswered. send() is false when the worker was gone before it
  // got the path: with paths unanswered, receive() then reads their replies and its end;
  // otherwise `what` says how it ended, it is reaped, and receive() answers `lost`. A reply's
  // `seconds` count from when the worker could start on its file: its send(), or the reply
  // before it when that came later.
  bool send(const std::string& path, const FileDigest* known, std::string* what = nullptr);
  WorkerOutcome receive(double seconds, size_t max_line_bytes = 0);
  // Paths sent and not yet answered.
  size_t unanswered() const { return sent_at_.size(); }
  bool alive() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Closes the worker's input, waits for it to exit (SIGKILL when it does not within a few
  // seconds) and reaps it; with paths unanswered, or before it was found ready, kills it at
  // once. Idempotent.
  void stop();

 private:
  WorkerProcess(pid_t pid, int fd) : pid_(pid), fd_(fd), reader_(fd) {}
  // SIGKILL (unless already exited) and reap; returns the wait status.
  int kill_and_reap();

  pid_t pid_;
  int fd_;
  FdReader reader_;
  std::string executable_;  // for messages
  bool ready_ = false;      // its ready line was read and its rules version checked
  std::deque<std::chrono::steady_clock::time_point> sent_at_;  // of each path not yet answered
  std::chrono::steady_clock::time_point answered_at_;          // of the last reply read
};

// Worker side. Call first thing in `jixiao __worker`: asks for SIGKILL when the parent dies, asks
// the kernel's out-of-memory killer to pick a worker before the importing parent, and moves the
// protocol's output off stdout (returned), pointing stdout at stderr so that a stray print cannot
// corrupt a reply.
int prepare_worker_process();

// The worker's loop: answers requests read from `in_fd` on `out_fd` until EOF. Returns the exit
// status: 0 at EOF, 1 when the input breaks the protocol or the output cannot be written.
//
// For tests only: JIXIAO_WORKER_FAULT="crash:<substring>" makes the worker abort(),
// "hang:<substring>" makes it sleep forever, and "garble:<substring>" adds a byte to the record in its
// reply when a path contains <substring>, so the tests can show that the parent survives each;
// several, separated by ';' ("crash:a;hang:b"). Nothing else reads it.
int serve_worker(const Pipeline& pipeline, int in_fd, int out_fd);

}  // namespace jixiao
