// The memory bound of one file (max_memory_per_file), enforced by the kernel: a process that
// reads one file at a time (`extract`, `check`, `dump`, each `ingest` worker) caps its address
// space (RLIMIT_AS) at what it maps once its rules are loaded plus the bound. An allocation past
// it fails with std::bad_alloc, which the pipeline turns into a limit_exceeded error naming the
// key; what the file allocated is freed with it, so the next file has the same room again.
//
// Address space is what the kernel can bound exactly; it is at least the resident memory, so the
// bound holds for RSS too. A lower limit already set (`ulimit -v`) is kept.
#pragma once

#include <cstdint>
#include <string>

namespace jixiao {

struct MemoryCap {
  bool applied = false;
  int64_t limit_bytes = 0;  // the address-space limit now in force (when applied)
  std::string why_not;      // when not applied
};

// Caps the address space at its current size plus `bytes`. Not applied for `bytes` <= 0 or under
// AddressSanitizer, which reserves terabytes of address space for its shadow memory.
MemoryCap cap_address_space_growth(int64_t bytes);

}  // namespace jixiao
