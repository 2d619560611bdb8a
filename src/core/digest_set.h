// A set of SHA-256 digests given as lowercase hex, held as 32 bytes each in one open-addressed
// table: the bulk import remembers every file it has seen (a run of a million files, a database
// of years), and a node-based set of 64-character strings costs about five times the memory.
// A string that is not a 64-digit hex digest is kept as it is, on the side.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace jixiao {

class DigestSet {
 public:
  // True when `hex` was not in the set (it is now).
  bool insert(std::string_view hex);
  bool contains(std::string_view hex) const;
  size_t size() const { return size_ + others_.size(); }

 private:
  using Digest = std::array<uint8_t, 32>;
  // The slot holding `d`, or the empty slot where it would go.
  size_t slot_of(const Digest& d) const;
  void grow();

  std::vector<Digest> slots_;  // all-zero: empty (the zero digest itself is kept in others_)
  size_t size_ = 0;            // digests in slots_
  std::unordered_set<std::string> others_;
};

}  // namespace jixiao
