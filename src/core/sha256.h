// SHA-256 of a byte string, as lowercase hex: the content identity of an input file (the
// bulk import skips files whose hash it has seen).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace jixiao {

std::string sha256_hex(std::string_view bytes);

// The same hash over bytes given piece by piece (a file read in chunks, never held whole).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The hash of everything given; call once, last.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace jixiao
