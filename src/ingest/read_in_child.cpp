#include "ingest/read_in_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "core/binary_form.h"
#include "core/deadline.h"
#include "core/fd_io.h"
#include "core/memory_limit.h"
#include "core/wait_status.h"
#include "core/work_limits.h"

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kGraceSeconds = 1.0;     // for the child to stop at its own deadline check
constexpr size_t kStderrKept = 64 << 10;  // the last bytes of the child's stderr kept for a message

// Parent and child are one program, forked: the limits cross as their bytes.
static_assert(std::is_trivially_copyable_v<ReadLimits>);

void put_u64(std::string& out, uint64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

uint64_t get_u64(std::string_view& in) {
  uint64_t v = 0;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return v;
}

// One request: [length of the rest][max_memory_per_file] [kind][seconds left][limits][path length]
// [path] and then the file's bytes, sent as they are (no copy of a file that may be as large as
// max_file_bytes). The memory bound comes first: the child caps itself before it takes the rest.
std::string request_head(int kind, double seconds, const ReadLimits& limits, const std::string& path,
                         size_t file_bytes) {
  std::string head;
  const size_t body = 1 + sizeof seconds + sizeof limits + 8 + path.size() + file_bytes;
  put_u64(head, body);
  put_u64(head, static_cast<uint64_t>(limits.max_memory_per_file));
  head.push_back(static_cast<char>(kind));
  head.append(reinterpret_cast<const char*>(&seconds), sizeof seconds);
  head.append(reinterpret_cast<const char*>(&limits), sizeof limits);
  put_u64(head, path.size());
  return head + path;
}

[[noreturn]] void serve(ChildReader reader, int channel) {
  const char* fault = std::getenv("JIXIAO_READER_FAULT");
  bool capped = false;
  for (;;) {
    char head[16];
    if (!read_exact(channel, head, sizeof head)) ::_exit(0);  // the parent is done, or gone
    uint64_t size = 0, max_memory = 0;
    std::memcpy(&size, head, 8);
    std::memcpy(&max_memory, head + 8, 8);
    if (!capped) {  // at what this small process uses now, plus a file's allowance
      cap_address_space_growth(static_cast<int64_t>(max_memory));
      capped = true;
    }
    std::string answer;
    try {
      std::string body;
      try {
        body.resize(size);
      } catch (const std::bad_alloc&) {  // the file alone is past the bound: skip it, say so
        for (char chunk[65536]; size > 0; size -= std::min<uint64_t>(size, sizeof chunk))
          if (!read_exact(channel, chunk, std::min<uint64_t>(size, sizeof chunk))) ::_exit(1);
        throw;
      }
      if (!read_exact(channel, body.data(), body.size())) ::_exit(1);
      if (fault && std::strcmp(fault, "abort") == 0) std::abort();
      if (fault && std::strcmp(fault, "terminate") == 0) {  // as an exception nothing catches ends it
        try {
          throw std::logic_error("JIXIAO_READER_FAULT=terminate");
        } catch (...) {
          std::terminate();
        }
      }
      if (fault && std::strcmp(fault, "hang") == 0)
        for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
      std::string_view in = body;
      const int kind = static_cast<unsigned char>(in.front());
      in.remove_prefix(1);
      double seconds = 0;
      std::memcpy(&seconds, in.data(), sizeof seconds);
      in.remove_prefix(sizeof seconds);
      ReadLimits limits;
      std::memcpy(&limits, in.data(), sizeof limits);
      in.remove_prefix(sizeof limits);
      const size_t path_size = get_u64(in);
      const std::string path(in.substr(0, path_size));
      in.remove_prefix(path_size);
      DeadlineScope budget(seconds);
      FileLimitsScope bounds(limits.max_figures_per_report, limits.max_memory_per_file);
      Result<Document> doc = Error{};
      try {
        doc = reader(kind, in, path, limits);
      } catch (const DeadlineExceeded& e) {
        doc = Error{ErrorCode::limit_exceeded, e.what(), path};
      } catch (const LimitExceeded& e) {
        doc = Error{ErrorCode::limit_exceeded, e.what(), path};
      }
      answer = document_to_binary(doc);
    } catch (const std::bad_alloc&) {
      // Whatever the reader held is freed by now; the short answer fits again.
      answer = document_to_binary(Error{ErrorCode::limit_exceeded, memory_exceeded_message("reading"), ""});
    }
    std::string length;
    put_u64(length, answer.size());
    if (!write_all(channel, length, /*socket=*/true) || !write_all(channel, answer, /*socket=*/true))
      ::_exit(1);
  }
}

// The last non-empty line of `text`, at most 300 bytes of it.
std::string last_line(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  std::string line = text.substr(start, end + 1 - start);
  if (line.size() > 300) line = line.substr(0, 300) + "…";
  return line;
}

}  // namespace

bool ReaderProcess::start(std::string& why) {
  int pair[2], err[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    why = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    why = std::string("pipe: ") + std::strerror(errno);
    ::close(pair[0]);
    ::close(pair[1]);
    return false;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    why = std::string("fork: ") + std::strerror(errno);
    for (int fd : {pair[0], pair[1], err[0], err[1]}) ::close(fd);
    return false;
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(pair[0]);
    ::close(err[0]);
    // What the libraries print goes to the parent, never into our output on stdout.
    ::dup2(err[1], STDERR_FILENO);
    ::dup2(err[1], STDOUT_FILENO);
    forget_deadline();
    serve(reader_, pair[1]);
  }
  ::close(pair[1]);
  ::close(err[1]);
  pid_ = pid;
  channel_ = pair[0];
  err_ = err[0];
  return true;
}

int ReaderProcess::kill_and_reap() {
  int status = 0;
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (int* fd : {&channel_, &err_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
  pid_ = -1;
  return status;
}

void ReaderProcess::start() {
  std::string why;
  if (pid_ < 0 && !start(why)) spdlog::debug("reader process not started yet: {}", why);
}

void ReaderProcess::stop() {
  (void)kill_and_reap();
}

Result<Document> ReaderProcess::read(int kind, std::string_view bytes, const std::string& path,
                                     const ReadLimits& limits, const char* library) {
  const double budget = deadline_budget_seconds(), left = deadline_seconds_left();
  // A budget already spent still is one (a scope of 0 s would mean none).
  const std::string head = request_head(kind, std::max(left, 1e-6), limits, path, bytes.size());
  bool sent = false;
  for (int attempt = 0; attempt < 2 && !sent; ++attempt) {  // a child that ended since: a new one
    std::string why;
    if (pid_ < 0 && !start(why))
      return file_error(ErrorCode::internal, path, "cannot start a reader process: " + why);
    sent = write_all(channel_, head, /*socket=*/true) && write_all(channel_, bytes, /*socket=*/true);
    if (!sent) kill_and_reap();
  }
  if (!sent) return file_error(ErrorCode::internal, path, "cannot hand the file to a reader process");

  const bool timed = std::isfinite(left);
  const Clock::time_point deadline =
      timed ? Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(left + kGraceSeconds))
            : Clock::time_point::max();
  std::string answer;
  uint64_t expected = 0;
  bool have_size = false, ended = false, timed_out = false;
  auto drain_stderr = [&] {
    char chunk[65536];
    ssize_t n = ::read(err_, chunk, sizeof chunk);
    if (n <= 0) return false;
    said_.append(chunk, static_cast<size_t>(n));
    if (said_.size() > kStderrKept) said_.erase(0, said_.size() - kStderrKept);
    return true;
  };
  // What is already there, never waiting for more (a child still alive may write nothing).
  auto drain_ready_stderr = [&] {
    for (pollfd p{err_, POLLIN, 0}; ::poll(&p, 1, 0) > 0 && drain_stderr();) {
    }
  };
  for (;;) {
    if (!have_size && answer.size() >= 8) {
      std::memcpy(&expected, answer.data(), 8);
      have_size = true;
    }
    if (have_size && answer.size() >= 8 + expected) break;
    int timeout = -1;
    if (timed) {
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (ms <= 0) {
        timed_out = true;
        break;
      }
      timeout = static_cast<int>(std::min<long long>(ms, 1 << 30));
    }
    pollfd fds[2] = {{channel_, POLLIN, 0}, {err_, POLLIN, 0}};
    int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      ended = true;
      break;
    }
    if (fds[1].revents) drain_stderr();
    if (fds[0].revents) {
      char chunk[65536];
      ssize_t n = ::read(channel_, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {  // the child is gone before answering
        ended = true;
        break;
      }
      answer.append(chunk, static_cast<size_t>(n));
    }
  }
  if (timed_out) {
    kill_and_reap();
    said_.clear();
    return file_error(ErrorCode::limit_exceeded, path,
                      DeadlineExceeded(std::string("reading with ") + library, budget).what() +
                          std::string(" (it did not return; its process was stopped)"));
  }
  if (ended) {
    drain_ready_stderr();
    const int status = kill_and_reap();
    std::string message =
        std::string("reading with ") + library + ": its process " + describe_wait_status(status);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
      message +=
          said_.find("terminate called") != std::string::npos
              ? " (an exception that nothing caught: a bug, of ours or of the library)"
              : " (the library stops the process when an allocation fails, as past max_memory_per_file)";
    if (std::string line = last_line(said_); !line.empty()) message += "; it said: " + line;
    said_.clear();
    return file_error(ErrorCode::crashed, path, message);
  }
  // What the child wrote on stderr for this file (warnings, -vv debug lines), passed on.
  drain_ready_stderr();
  if (!said_.empty()) {
    write_all(STDERR_FILENO, said_, /*socket=*/false);
    said_.clear();
  }
  Result<Document> doc = document_from_binary(std::string_view(answer).substr(8));
  if (!doc.ok() && doc.error().path.empty()) {
    Error e = doc.error();
    e.path = path;
    return e;
  }
  return doc;
}

}  // namespace jixiao
