// SHA-256 of a byte string, as lowercase hex: the content identity of an input file (the
// bulk import skips files whose hash it has seen).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jixiao {

std::string sha256_hex(std::string_view bytes);

// The same hash over bytes given piece by piece (a file read in chunks, never held whole).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The hash of everything given; call once, last.
  std::string hex_digest();

 private:
  std::array<uint32_t, 8> state_;
  unsigned char block_[64] = {};
  size_t pending_ = 0;  // bytes of block_ in use
  uint64_t total_ = 0;
};

}  // namespace jixiao
