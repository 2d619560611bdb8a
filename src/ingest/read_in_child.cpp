#include "ingest/read_in_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/binary_form.h"
#include "core/deadline.h"
#include "core/wait_status.h"
#include "core/work_limits.h"

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kGraceSeconds = 1.0;     // for the child to stop at its own deadline check
constexpr size_t kStderrKept = 64 << 10;  // of the child's stderr; the rest is dropped

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

[[noreturn]] void run_child(const std::function<Result<Document>()>& read, const std::string& path, int out) {
  if (const char* fault = std::getenv("JIXIAO_READER_FAULT")) {
    if (std::strcmp(fault, "abort") == 0) std::abort();
    if (std::strcmp(fault, "hang") == 0)
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  int status = 0;
  try {
    Result<Document> doc = Error{};
    try {
      doc = read();
    } catch (const DeadlineExceeded& e) {
      doc = Error{ErrorCode::limit_exceeded, e.what(), path};
    } catch (const LimitExceeded& e) {
      doc = Error{ErrorCode::limit_exceeded, e.what(), path};
    } catch (const std::bad_alloc&) {
      doc = Error{ErrorCode::limit_exceeded, memory_exceeded_message("reading"), path};
    }
    if (!write_all(out, document_to_binary(doc))) status = 1;
  } catch (...) {  // not even the bytes of the answer fit: the parent names the exit
    status = 2;
  }
  // Nothing of the parent's (buffered stdout, atexit handlers, open databases) runs twice.
  ::_exit(status);
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

Result<Document> read_in_child(const std::function<Result<Document>()>& read, const std::string& path,
                               const char* library) {
  int data[2], err[2];
  if (::pipe2(data, O_CLOEXEC) != 0)
    return file_error(ErrorCode::internal, path, "pipe: " + std::string(strerror(errno)));
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(data[0]);
    ::close(data[1]);
    return file_error(ErrorCode::internal, path, "pipe: " + std::string(strerror(errno)));
  }
  const double budget = deadline_budget_seconds(), left = deadline_seconds_left();
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {data[0], data[1], err[0], err[1]}) ::close(fd);
    return file_error(ErrorCode::internal, path, "fork: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    ::close(data[0]);
    ::close(err[0]);
    ::dup2(err[1], STDERR_FILENO);
    run_child(read, path, data[1]);
  }
  ::close(data[1]);
  ::close(err[1]);

  const bool timed = std::isfinite(left);
  const Clock::time_point deadline =
      timed ? Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(left + kGraceSeconds))
            : Clock::time_point::max();
  std::string answer, said;
  bool timed_out = false;
  pollfd fds[2] = {{data[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    int timeout = -1;
    if (timed) {
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (ms <= 0) {
        timed_out = true;
        break;
      }
      timeout = static_cast<int>(std::min<long long>(ms, 1 << 30));
    }
    int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (pollfd& p : fds) {
      if (p.fd < 0 || p.revents == 0) continue;
      char chunk[65536];
      ssize_t n = ::read(p.fd, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        p.fd = -1;  // poll ignores it from now on
        --open;
        continue;
      }
      if (p.fd == data[0])
        answer.append(chunk, static_cast<size_t>(n));
      else if (said.size() < kStderrKept)
        said.append(chunk, std::min(static_cast<size_t>(n), kStderrKept - said.size()));
    }
  }
  ::close(data[0]);
  ::close(err[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out)
    return file_error(ErrorCode::limit_exceeded, path,
                      DeadlineExceeded(std::string("reading with ") + library, budget).what() +
                          std::string(" (it did not return; its process was stopped)"));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    if (!said.empty()) write_all(STDERR_FILENO, said);  // its warnings and debug lines, as they were
    return document_from_binary(answer);
  }
  std::string message =
      std::string("reading with ") + library + ": its process " + describe_wait_status(status);
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
    message += " (the library stops the process when an allocation fails, as past max_memory_per_file)";
  if (std::string line = last_line(said); !line.empty()) message += "; it said: " + line;
  return file_error(ErrorCode::crashed, path, message);
}

}  // namespace jixiao
