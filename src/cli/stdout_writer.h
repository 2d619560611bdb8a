// Standard output for the commands, every write checked: a full disk, /dev/full or a closed pipe
// (with SIGPIPE ignored) ends the command with "jixiao: error: cannot write to standard output:
// REASON" and exit status 2, instead of output cut off mid-line and status 0.
//
//   StdoutWriter out;
//   for (...) if (!out.line(json)) break;    // false once a write failed: stop producing
//   return out.finish() ? status : 2;         // flushes, and reports a failure once
//
// It buffers itself and writes file descriptor 1 directly, so the reason is the errno of the
// write(2) that failed (stdio would report it only as a flag, its errno long gone).
#pragma once

#include <string>
#include <string_view>

namespace jixiao::cli {

class StdoutWriter {
 public:
  StdoutWriter();
  ~StdoutWriter();  // flushes what is left (finish() reports; the destructor cannot)
  StdoutWriter(const StdoutWriter&) = delete;
  StdoutWriter& operator=(const StdoutWriter&) = delete;

  // False once any write has failed (this one or an earlier one).
  bool write(std::string_view text);
  bool line(std::string_view text);
  bool format(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  bool ok() const { return error_ == 0; }

  // Writes out the buffer; on any failure since the start logs the error line once and returns
  // false.
  bool finish();

 private:
  bool flush();
  std::string buffer_;
  int error_ = 0;  // errno of the first failed write
  bool reported_ = false;
};

}  // namespace jixiao::cli
