// Readers run in a child process, for the readers built on C libraries that end the process
// instead of failing the call: poppler and glib (under libgsf) call abort() when an allocation
// fails, as it does past max_memory_per_file, and a poppler call cannot be interrupted by the time
// budget. `extract`, `check`, `dump` and `review` read one file after another in their own process;
// they hand each PDF and OLE2 file to a reader process, forked from them at start-up (before the
// rules are loaded, so it is small; see start()), and take the Document back as bytes
// (core/binary_form.h). Each request carries the file's bytes, its limits and the time left. The
// child stays for the next file, so the fork and the libraries' set-up are paid once, not per file.
// When the child ends or stalls, that file fails and the next one gets a new child:
// - killed by a signal (poppler's abort, a crash in a library): `crashed`, naming the signal and
//   the child's last line on stderr;
// - still reading a second after the file's time budget (the child checks the budget itself where
//   the reader can): killed, and `limit_exceeded` like any file over max_seconds_per_file.
// The child caps its own address space at what it uses plus max_memory_per_file (as the commands
// cap themselves), and its stderr is passed on with each answer. `ingest` does not use this: each
// of its workers is such a process already.
//
// Test-only fault injection: JIXIAO_READER_FAULT=abort (the child aborts instead of reading) or
// hang (it sleeps, ignoring the time budget, as an uninterruptible library call would).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// What the child runs for each file: `kind` is the caller's own tag (a format).
using ChildReader = Result<Document> (*)(int kind, std::string_view bytes, const std::string& path,
                                         const ReadLimits& limits);

class ReaderProcess {
 public:
  explicit ReaderProcess(ChildReader reader) : reader_(reader) {}
  ~ReaderProcess() { stop(); }
  ReaderProcess(const ReaderProcess&) = delete;
  ReaderProcess& operator=(const ReaderProcess&) = delete;

  // Forks the child now, if it is not running. Done before the rules are loaded, the child is a
  // copy of a small process, and the parent's pages written later are not shared with it (each such
  // page would be copied on its first write: about 45 ms a run, measured). Otherwise the first read
  // starts it.
  void start();

  // `bytes` read by reader(kind, ...) in the child, within this thread's time budget; `library`
  // names what runs there in messages ("poppler"). Use from one thread only.
  Result<Document> read(int kind, std::string_view bytes, const std::string& path, const ReadLimits& limits,
                        const char* library);

 private:
  bool start(std::string& why);
  void stop();  // kills the child (it is idle between files) and reaps it
  int kill_and_reap();

  ChildReader reader_;
  pid_t pid_ = -1;
  int channel_ = -1;  // a socket: requests out, answers in
  int err_ = -1;      // the child's stderr
  std::string said_;  // of the child's stderr, since the last answer
};

}  // namespace jixiao
