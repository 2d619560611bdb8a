#include "cli/stdout_writer.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace jixiao::cli {
namespace {

constexpr size_t kBufferBytes = 1 << 16;

}  // namespace

StdoutWriter::StdoutWriter() {
  std::fflush(stdout);  // anything stdio holds goes first, in order
  buffer_.reserve(kBufferBytes);
}

StdoutWriter::~StdoutWriter() {
  flush();
}

bool StdoutWriter::flush() {
  std::string_view data = buffer_;
  while (ok() && !data.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : EIO;
      break;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  buffer_.clear();
  return ok();
}

bool StdoutWriter::write(std::string_view text) {
  if (!ok()) return false;
  if (buffer_.size() + text.size() > kBufferBytes && !flush()) return false;
  if (text.size() >= kBufferBytes) {  // a long line goes straight out
    buffer_.assign(text);
    return flush();
  }
  buffer_.append(text);
  return true;
}

bool StdoutWriter::line(std::string_view text) {
  return write(text) && write("\n");
}

bool StdoutWriter::format(const char* fmt, ...) {
  if (!ok()) return false;
  va_list args, again;
  va_start(args, fmt);
  va_copy(again, args);
  char small[512];
  int n = std::vsnprintf(small, sizeof small, fmt, args);
  va_end(args);
  std::string text;
  if (n >= static_cast<int>(sizeof small)) {
    text.resize(static_cast<size_t>(n) + 1);
    std::vsnprintf(text.data(), text.size(), fmt, again);
    text.resize(static_cast<size_t>(n));
  } else if (n > 0) {
    text.assign(small, static_cast<size_t>(n));
  }
  va_end(again);
  return write(text);
}

bool StdoutWriter::finish() {
  flush();
  if (!ok() && !reported_) {
    spdlog::error("cannot write to standard output: {}", std::strerror(error_));
    reported_ = true;
  }
  return ok();
}

}  // namespace jixiao::cli
