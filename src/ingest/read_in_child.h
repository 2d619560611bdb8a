// A reader run in a child process, for the readers built on C libraries that end the process
// instead of failing the call: poppler and glib (under libgsf) call abort() when an allocation
// fails, as it does past max_memory_per_file, and a poppler call cannot be interrupted by the time
// budget. `extract`, `check`, `dump` and `review` read one file after another in their own process;
// for PDF and OLE2 files they fork, read in the child, and take the Document back as bytes
// (core/binary_form.h). The child's end is then the file's error, and the next file is read:
// - killed by a signal (poppler's abort, a crash in a library): `crashed`, naming the signal and
//   the child's last line on stderr;
// - still running when the time budget is spent (plus a second's grace for the child to notice it
//   itself): killed, and `limit_exceeded` like any file over max_seconds_per_file.
// The child inherits the address-space cap, the time budget and stderr (what it writes there is
// passed on once it ends). `ingest` does not use this: each of its workers is such a process.
//
// Test-only fault injection: JIXIAO_READER_FAULT=abort (the child aborts before reading) or
// hang (it sleeps, ignoring the time budget, as an uninterruptible library call would).
#pragma once

#include <functional>
#include <string>

#include "core/document.h"
#include "core/error.h"

namespace jixiao {

// `read` run in a forked child; `library` names what runs there in messages ("poppler").
Result<Document> read_in_child(const std::function<Result<Document>()>& read, const std::string& path,
                               const char* library);

}  // namespace jixiao
