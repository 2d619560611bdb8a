#include "bulk/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "core/binary_form.h"
#include "core/deadline.h"
#include "core/fd_io.h"
#include "core/wait_status.h"
#include "core/work_limits.h"
#include "ingest/read.h"

extern char** environ;

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kReadyPrefix = "jixiao-worker/2 ready ";
// A worker loads its rules in well under a second (a few under ASan); this only catches one
// that never gets there.
constexpr double kStartSeconds = 60;
// How long stop() waits for a worker to exit on its own after its input is closed.
constexpr double kStopSeconds = 5;
// A request's path is at most this long (PATH_MAX is 4096): more means a broken stream.
constexpr size_t kMaxPathBytes = 1 << 20;

// `from` plus `seconds`; past the clock's range (limits.toml allows inf) it is "never", not an
// overflow.
Clock::time_point after(double seconds, Clock::time_point from = Clock::now()) {
  if (!(seconds < kUnlimitedSecondsFrom)) return Clock::time_point::max();
  return from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

Error error(ErrorCode code, std::string message, std::string path = "") {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.path = std::move(path);
  return e;
}

Error cannot_start(const std::string& executable, const std::string& why) {
  return error(ErrorCode::internal, "cannot start an ingest worker process: " + why, executable);
}

constexpr std::string_view kLargePagesVariable = "MIMALLOC_LARGE_OS_PAGES=";

// The worker's environment: ours, and, unless it says otherwise, mimalloc (the allocator the
// program links when installed) takes memory from the system in 2 MiB pages where the kernel
// offers them (transparent huge pages on request). Measured: a worker's start-up took 1,735 page
// faults, 989 so, and ingest -j 1 of the bench DOCX ran 2% faster for 15% more peak RSS. The
// variable is read when the allocator starts, before main, so the parent cannot set it for itself.
std::vector<char*> worker_environment() {
  static char large_pages[] = "MIMALLOC_LARGE_OS_PAGES=1";
  std::vector<char*> env;
  bool given = false;
  for (char** e = environ; *e; ++e) {
    given = given || std::string_view(*e).starts_with(kLargePagesVariable);
    env.push_back(*e);
  }
  if (!given) env.push_back(large_pages);
  env.push_back(nullptr);
  return env;
}

// A descriptor of at least 3, so that dup2 onto the child's 0 and 1 never meets itself (dup2 of a
// descriptor onto itself would keep its close-on-exec flag).
int above_stdio(int fd) {
  if (fd >= 3) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

}  // namespace

// --- FdReader ---

FdReader::Status FdReader::fill(Clock::time_point deadline) {
  if (start_ > 0 && start_ == buffer_.size()) {
    buffer_.clear();
    start_ = scanned_ = 0;
  } else if (start_ > (1 << 16) && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);  // keep the buffer from growing with everything ever read
    start_ = 0;
  }
  for (;;) {
    // Without a deadline the read itself waits: no poll first (the worker reads each request so).
    if (deadline != Clock::time_point::max()) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
      // At a passed deadline the descriptor is still looked at once: a reply that arrived while the
      // caller was busy elsewhere (hashing its next file) is taken, not called late.
      const int timeout = static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, timeout);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return Status::error;
      if (ready == 0) {
        if (timeout == 0) return Status::timeout;
        continue;  // the loop checks the deadline
      }
    }
    char chunk[65536];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return errno == ECONNRESET ? Status::eof : Status::error;
    if (n == 0) return Status::eof;
    buffer_.append(chunk, static_cast<size_t>(n));
    return Status::ok;
  }
}

FdReader::Status FdReader::line(std::string& out, Clock::time_point deadline, size_t max_bytes) {
  for (;;) {
    size_t newline = buffer_.find('\n', start_ + scanned_);
    if ((newline == std::string::npos ? buffer_.size() : newline) - start_ > max_bytes)
      return Status::too_long;
    if (newline != std::string::npos) {
      out.assign(buffer_, start_, newline - start_);
      start_ = newline + 1;
      scanned_ = 0;
      return Status::ok;
    }
    scanned_ = buffer_.size() - start_;
    if (Status s = fill(deadline); s != Status::ok) return s;
  }
}

FdReader::Status FdReader::exact(size_t n, std::string& out, Clock::time_point deadline) {
  while (buffer_.size() - start_ < n)
    if (Status s = fill(deadline); s != Status::ok) return s;
  out.assign(buffer_, start_, n);
  start_ += n;
  scanned_ = 0;
  return Status::ok;
}

// --- parent side ---

Result<std::unique_ptr<WorkerProcess>> WorkerProcess::start(const WorkerCommand& command) {
  auto spawned = spawn(command);
  if (!spawned) return spawned.error();
  if (auto refused = spawned.value()->wait_until_ready(command.rules_version)) return *refused;
  return std::move(spawned).value();
}

Result<std::unique_ptr<WorkerProcess>> WorkerProcess::spawn(const WorkerCommand& command) {
  auto fail = [&](const std::string& why) { return cannot_start(command.executable, why); };
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return fail(std::string("socketpair: ") + std::strerror(errno));
  int parent_fd = above_stdio(sv[0]), child_fd = above_stdio(sv[1]);
  if (parent_fd < 0 || child_fd < 0) {
    if (parent_fd >= 0) ::close(parent_fd);
    if (child_fd >= 0) ::close(child_fd);
    return fail("cannot duplicate a descriptor");
  }

  std::vector<std::string> args = {command.executable};
  if (command.verbosity > 0) args.push_back(command.verbosity > 1 ? "-vv" : "-v");
  args.insert(args.end(), {"__worker", "--rules", command.rules_dir});
  if (!command.encoding.empty()) args.insert(args.end(), {"--encoding", command.encoding});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The child's stdin and stdout are its end of the socket; its stderr is ours. Every other
  // descriptor of ours is close-on-exec (sockets of the other workers, the database), so a worker
  // holds no other worker's socket open and EOF means what it says.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, child_fd, 1);
  // Default signal handling and an empty mask, whatever the parent (a test runner, a shell that
  // ignores SIGPIPE) set: a worker whose parent is gone must die on SIGPIPE.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  // posix_spawn, not fork: the parent has threads (the other workers' and the SQLite writer), and
  // glibc's posix_spawn (clone + exec) is safe there.
  int rc = ::posix_spawn(&pid, command.executable.c_str(), &actions, &attr, argv.data(),
                         worker_environment().data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(child_fd);
  if (rc != 0) {
    ::close(parent_fd);
    return fail(std::strerror(rc));
  }

  std::unique_ptr<WorkerProcess> worker(new WorkerProcess(pid, parent_fd));
  worker->executable_ = command.executable;
  return worker;
}

std::optional<Error> WorkerProcess::wait_until_ready(const std::string& rules_version) {
  if (ready_) return std::nullopt;
  auto fail = [&](const std::string& why) { return cannot_start(executable_, why); };
  std::string ready;
  FdReader::Status s = pid_ > 0 ? reader_.line(ready, after(kStartSeconds)) : FdReader::Status::eof;
  if (s != FdReader::Status::ok) {
    int status = kill_and_reap();
    return fail(s == FdReader::Status::timeout
                    ? "no ready line after " + std::to_string(int(kStartSeconds)) + " s"
                    : "the worker " + describe_wait_status(status) +
                          " before it was ready (its messages are above)");
  }
  if (ready.rfind(kReadyPrefix, 0) != 0) {
    kill_and_reap();
    return fail("the worker said \"" + ready.substr(0, 200) +
                "\" instead of being ready (not a jixiao binary?)");
  }
  std::string version = ready.substr(std::string_view(kReadyPrefix).size());
  if (version != rules_version) {
    kill_and_reap();
    return fail("the worker loaded rules " + version + ", this import uses " + rules_version);
  }
  ready_ = true;
  return std::nullopt;
}

WorkerProcess::~WorkerProcess() {
  stop();
}

int WorkerProcess::kill_and_reap() {
  int status = 0;
  if (pid_ > 0) {
    // A worker that already died stays a zombie until reaped, so its pid cannot have been reused
    // and the kill is harmless; its wait status still tells how it died.
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  sent_at_.clear();  // unanswered, and never to be
  return status;
}

void WorkerProcess::stop() {
  if (pid_ <= 0) return;
  // Paths still unanswered are the caller's to send elsewhere: the worker need not finish them;
  // and one never found ready was never used (the caller's own rules did not load, say).
  if (!sent_at_.empty() || !ready_) {
    kill_and_reap();
    return;
  }
  // Closing our writing half is the worker's EOF: it exits, which closes its end, our EOF.
  ::shutdown(fd_, SHUT_WR);
  std::string ignored;
  FdReader::Status s;
  auto deadline = after(kStopSeconds);
  do s = reader_.exact(1 << 16, ignored, deadline);  // drain whatever it still writes, to EOF
  while (s == FdReader::Status::ok);
  if (s == FdReader::Status::eof) {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    // Its files are all answered, so this costs nothing; but say it (a sanitizer's leak report
    // in a worker ends it with a status of its own).
    if (status != 0)
      spdlog::warn("ingest worker {} {} when its input closed", pid_, describe_wait_status(status));
    pid_ = -1;
  } else {
    spdlog::warn("ingest worker {} did not exit within {:g} s of its input closing: killed", pid_,
                 kStopSeconds);
  }
  kill_and_reap();  // kills the worker that did not exit; closes the socket either way
}

WorkerOutcome WorkerProcess::process(const std::string& path, double seconds, size_t max_line_bytes,
                                     const FileDigest* known) {
  std::string what;
  if (!send(path, known, &what)) {
    WorkerOutcome out;
    out.kind = WorkerOutcome::Kind::lost;
    out.what = std::move(what);
    return out;
  }
  return receive(seconds, max_line_bytes);
}

bool WorkerProcess::send(const std::string& path, const FileDigest* known, std::string* what) {
  if (pid_ <= 0) return false;
  std::string request = std::to_string(path.size());
  if (known) request += " " + std::to_string(known->bytes) + " " + known->sha256;
  request += "\n" + path;
  if (!write_all(fd_, request, /*socket=*/true)) {
    // The worker died: the path never got there. With paths unanswered, it died on one of them:
    // it stays to be read to its end (the replies it wrote, then EOF) and reaped by receive().
    if (!sent_at_.empty()) return false;
    // It died while idle (killed from outside, out of memory).
    std::string how = describe_wait_status(kill_and_reap());
    if (what) *what = std::move(how);
    return false;
  }
  sent_at_.push_back(Clock::now());
  return true;
}

WorkerOutcome WorkerProcess::receive(double seconds, size_t max_line_bytes) {
  WorkerOutcome out;
  if (pid_ <= 0 || sent_at_.empty()) {
    out.kind = WorkerOutcome::Kind::lost;
    return out;
  }
  const Clock::time_point started = std::max(sent_at_.front(), answered_at_);
  sent_at_.pop_front();
  const auto deadline = seconds > 0 ? after(seconds, started) : Clock::time_point::max();
  const size_t max_line = max_line_bytes > 0 ? max_line_bytes : static_cast<size_t>(-1);
  // The record's bytes: their length on a line, then the bytes, at most max_line of them.
  std::string length;
  FdReader::Status s = reader_.line(length, deadline, 32);
  if (s == FdReader::Status::ok) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(length.c_str(), &end, 10);
    if (length.empty() || *end != '\0' || length[0] == '-')
      s = FdReader::Status::error;  // not this protocol: the stream cannot be trusted
    else if (n > max_line)
      s = FdReader::Status::too_long;
    else
      s = reader_.exact(static_cast<size_t>(n), out.record_binary, deadline);
  }
  switch (s) {
    case FdReader::Status::ok:
      out.kind = WorkerOutcome::Kind::ok;
      answered_at_ = Clock::now();
      break;
    case FdReader::Status::timeout:
      out.kind = WorkerOutcome::Kind::timed_out;
      kill_and_reap();
      break;
    case FdReader::Status::too_long:
      out.kind = WorkerOutcome::Kind::too_large;
      out.record_binary.clear();
      kill_and_reap();
      reader_ = FdReader();  // drop what was buffered of the reply
      break;
    case FdReader::Status::eof:
    case FdReader::Status::error:
      out.kind = WorkerOutcome::Kind::crashed;
      out.what = describe_wait_status(kill_and_reap());
      break;
  }
  return out;
}

// --- worker side ---

int prepare_worker_process() {
#ifdef __linux__
  // A worker busy on (or stuck in) a file never reads its input, so it would not see the parent's
  // EOF: have the kernel kill it when the parent goes. (Set before the first request is read, so a
  // parent that died earlier is noticed as EOF.)
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // When memory runs out, the kernel kills the process it scores highest: make that a worker (its
  // file is then recorded as crashed), never the parent that records it.
  if (std::FILE* adj = std::fopen("/proc/self/oom_score_adj", "w")) {
    std::fputs("1000", adj);
    std::fclose(adj);
  }
#endif
  int out = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (out >= 0) ::dup2(STDERR_FILENO, STDOUT_FILENO);
  return out;
}

int serve_worker(const Pipeline& pipeline, int in_fd, int out_fd) {
  // Test-only fault injection (see worker.h): "kind:substring", several separated by ';'.
  std::vector<std::pair<std::string, std::string>> faults;
  if (const char* fault = std::getenv("JIXIAO_WORKER_FAULT"); fault && *fault) {
    std::string specs = fault;
    for (size_t start = 0; start < specs.size();) {
      size_t end = specs.find(';', start);
      if (end == std::string::npos) end = specs.size();
      std::string spec = specs.substr(start, end - start);
      size_t colon = spec.find(':');
      if (colon != std::string::npos && colon + 1 < spec.size())
        faults.emplace_back(spec.substr(0, colon), spec.substr(colon + 1));
      start = end + 1;
    }
  }

  bool socket_out = false;
  {
    int type = 0;
    socklen_t len = sizeof type;
    socket_out = ::getsockopt(out_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0;
  }
  if (!write_all(out_fd, kReadyPrefix + pipeline.rules_version() + "\n", socket_out)) return 1;

  FdReader in(in_fd);
  std::string header, path;
  for (;;) {
    FdReader::Status s = in.line(header);
    if (s == FdReader::Status::eof) return 0;
    if (s != FdReader::Status::ok) return 1;
    char* end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(header.c_str(), &end, 10);
    // " <size> <sha256>" after the length: what the parent took of the file.
    std::optional<FileDigest> known;
    if (*end == ' ') {
      char* size_end = nullptr;
      const long long size = std::strtoll(end + 1, &size_end, 10);
      if (size_end != end + 1 && *size_end == ' ' && size >= 0 && std::strlen(size_end + 1) == 64) {
        known = FileDigest{size_end + 1, size, {}};
        end = size_end + 1 + 64;
      }
    }
    if (header.empty() || *end != '\0' || errno != 0 || n > kMaxPathBytes) {
      std::fprintf(
          stderr, "jixiao: error: __worker: a request that is not \"<length>[ <size> <sha256>]\\n<path>\"\n");
      return 1;
    }
    if (in.exact(static_cast<size_t>(n), path) != FdReader::Status::ok) return 1;

    for (const auto& [fault_kind, fault_substring] : faults) {
      if (path.find(fault_substring) == std::string::npos) continue;
      if (fault_kind == "crash") {
        rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);  // no core file for a crash on purpose
        std::abort();
      }
      if (fault_kind == "hang")
        for (;;) ::pause();
    }

    // The same steps as the in-process importer (bulk/importer.cpp).
    DocumentRecord record = pipeline.process_file(path, known ? &*known : nullptr);
    std::string reply;
    try {
      std::string binary = record_to_binary(record);
      for (const auto& [fault_kind, fault_substring] : faults)
        if (fault_kind == "garble" && path.find(fault_substring) != std::string::npos)
          binary += '?';  // one byte more than the record: it no longer reads back
      reply = std::to_string(binary.size());
      reply += '\n';
      reply += binary;
    } catch (const std::bad_alloc&) {  // the record fit, its bytes do not: say so instead
      DocumentRecord failed;
      failed.source = record.source;
      record = DocumentRecord{};
      reply.clear();
      reply.shrink_to_fit();
      failed.error = Error{
          ErrorCode::limit_exceeded,
          memory_exceeded_message("writing the record", pipeline.read_options().limits.max_memory_per_file),
          path};
      const std::string binary = record_to_binary(failed);
      reply = std::to_string(binary.size()) + "\n" + binary;
    }
    if (!write_all(out_fd, reply, socket_out)) return 1;
  }
}

}  // namespace jixiao
