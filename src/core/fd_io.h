// Whole writes and reads on a descriptor, across short counts and EINTR: what the ingest worker
// protocol (bulk/worker) and the reader process (ingest/read_in_child) send and take.
#pragma once

#include <cstddef>
#include <string_view>

namespace jixiao {

// All of `data`, or false. On a socket it is sent with MSG_NOSIGNAL: a peer that died gives
// false (EPIPE), not a SIGPIPE that would end this process.
bool write_all(int fd, std::string_view data, bool socket);

// Exactly `n` bytes into `to`, or false at an error or the end of input.
bool read_exact(int fd, char* to, size_t n);

}  // namespace jixiao
