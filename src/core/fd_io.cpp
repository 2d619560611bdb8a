#include "core/fd_io.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

namespace jixiao {

bool write_all(int fd, std::string_view data, bool socket) {
  while (!data.empty()) {
    ssize_t n =
        socket ? ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) : ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool read_exact(int fd, char* to, size_t n) {
  while (n > 0) {
    ssize_t got = ::read(fd, to, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    to += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace jixiao
