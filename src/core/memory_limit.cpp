#include "core/memory_limit.h"

#include "core/sanitizer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace jixiao {
namespace {

// This process's address space in bytes (the first field of /proc/self/statm, in pages), or -1.
int64_t address_space_now() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = -1;
  if (!(statm >> pages)) return -1;
  return pages * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

MemoryCap cap_address_space_growth(int64_t bytes) {
  MemoryCap cap;
  if (bytes <= 0) {
    cap.why_not = "max_memory_per_file = 0";
    return cap;
  }
  if (kAddressSanitizer) {
    cap.why_not = "built with AddressSanitizer";
    return cap;
  }
  const int64_t now = address_space_now();
  if (now < 0) {
    cap.why_not = "cannot read /proc/self/statm";
    return cap;
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0) {
    cap.why_not = std::string("getrlimit: ") + std::strerror(errno);
    return cap;
  }
  rlim_t wanted = static_cast<rlim_t>(now + bytes);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) wanted = limit.rlim_cur;  // ulimit -v
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < wanted) wanted = limit.rlim_max;
  limit.rlim_cur = wanted;
  if (::setrlimit(RLIMIT_AS, &limit) != 0) {
    cap.why_not = std::string("setrlimit: ") + std::strerror(errno);
    return cap;
  }
  cap.applied = true;
  cap.limit_bytes = static_cast<int64_t>(wanted);
  return cap;
}

}  // namespace jixiao
