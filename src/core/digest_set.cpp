#include "core/digest_set.h"

#include <cstring>
#include <optional>

namespace jixiao {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The 32 bytes of a lowercase 64-digit hex digest, or nothing (then it is kept as a string).
std::optional<std::array<uint8_t, 32>> parse_digest(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  std::array<uint8_t, 32> d{};
  bool zero = true;
  for (size_t i = 0; i < 32; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    d[i] = static_cast<uint8_t>(hi << 4 | lo);
    zero = zero && d[i] == 0;
  }
  if (zero) return std::nullopt;  // the empty-slot marker
  return d;
}

}  // namespace

size_t DigestSet::slot_of(const Digest& d) const {
  // A digest's first bytes are already uniformly spread: they are the hash.
  // Mapped onto the table by multiplication, so its size need not be a power of two.
  uint64_t h;
  std::memcpy(&h, d.data(), sizeof h);
  const size_t n = slots_.size();
  static constexpr Digest kEmpty{};
  for (auto i = static_cast<size_t>((static_cast<unsigned __int128>(h) * n) >> 64);;
       i = i + 1 == n ? 0 : i + 1)
    if (slots_[i] == d || slots_[i] == kEmpty) return i;
}

void DigestSet::grow() {
  std::vector<Digest> old = std::move(slots_);
  // By half, not double: a table of a million digests is 32 MB, a doubling step could waste half.
  slots_.assign(old.empty() ? 64 : old.size() + old.size() / 2, Digest{});
  static constexpr Digest kEmpty{};
  for (const Digest& d : old)
    if (d != kEmpty) slots_[slot_of(d)] = d;
}

bool DigestSet::insert(std::string_view hex) {
  auto d = parse_digest(hex);
  if (!d) return others_.emplace(hex).second;
  // At most 3/4 full, so that a probe ends soon.
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  size_t i = slot_of(*d);
  if (slots_[i] == *d) return false;
  slots_[i] = *d;
  ++size_;
  return true;
}

bool DigestSet::contains(std::string_view hex) const {
  auto d = parse_digest(hex);
  if (!d) return others_.count(std::string(hex)) > 0;
  return !slots_.empty() && slots_[slot_of(*d)] == *d;
}

}  // namespace jixiao
