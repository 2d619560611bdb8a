#include "core/wait_status.h"

#include <string.h>
#include <sys/wait.h>

namespace jixiao {
namespace {

const char* signal_abbrev(int sig) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  return sigabbrev_np(sig);
#else
  (void)sig;
  return nullptr;
#endif
}

}  // namespace

std::string describe_wait_status(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    std::string out = "was killed by signal " + std::to_string(sig);
    if (const char* abbrev = signal_abbrev(sig)) out += std::string(" (SIG") + abbrev + ")";
    return out;
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended with wait status " + std::to_string(status);
}

}  // namespace jixiao
