// The dark runs of a rendered PDF page (see pixel_runs.h).
#include "ingest/pixel_runs.h"

#include <bit>
#include <cstring>

#include "core/sanitizer.h"

namespace jixiao {

// memchr finds each run's two ends: most of a page is white, and a comparison per pixel was most
// of the reading time of a PDF.
JIXIAO_NO_COVERAGE void horizontal_runs(const uint8_t* cells, int w, int h, int min_len, RunsByLine& out) {
  for (int a = 0; a < h; ++a) {
    const uint8_t* line = cells + static_cast<size_t>(a) * w;
    const uint8_t* end = line + w;
    for (const uint8_t* p = line; p < end;) {
      const auto* on = static_cast<const uint8_t*>(std::memchr(p, 1, static_cast<size_t>(end - p)));
      if (!on) break;
      const auto* off = static_cast<const uint8_t*>(std::memchr(on, 0, static_cast<size_t>(end - on)));
      if (!off) off = end;
      if (off - on >= min_len)
        out[a].push_back({static_cast<int>(on - line), static_cast<int>(off - line) - 1});
      p = off;
    }
  }
}

// One pass down the rows, 64 columns at a time: a bit mask of which are dark in this row, against one of
// which had a run open; only the columns where the two differ start or end a run, and on most of a page none
// does. (A transposed copy of the page cost a second page of memory and most of the reading time.)
JIXIAO_NO_COVERAGE void vertical_runs(const uint8_t* cells, int w, int h, int min_len, RunsByLine& out) {
  const int words = (w + 63) / 64;
  std::vector<uint64_t> open(static_cast<size_t>(words), 0);
  std::vector<int> began(static_cast<size_t>(w), 0);  // where a column's open run began
  auto close = [&](int x, int end_row) {
    if (end_row - began[x] >= min_len) out[x].push_back({began[x], end_row - 1});
  };
  for (int y = 0; y < h; ++y) {
    const uint8_t* row = cells + static_cast<size_t>(y) * w;
    for (int word = 0; word < words; ++word) {
      const int x0 = word * 64;
      uint64_t dark = 0;
      if (w - x0 >= 64) {
        static_assert(std::endian::native == std::endian::little, "the first cell loaded is the lowest byte");
        for (int k = 0; k < 8; ++k) {  // eight 0/1 bytes to eight bits
          uint64_t v;
          std::memcpy(&v, row + x0 + 8 * k, 8);
          dark |= ((v * 0x0102040810204080ULL) >> 56) << (8 * k);
        }
      } else {
        for (int i = 0; i < w - x0; ++i) dark |= static_cast<uint64_t>(row[x0 + i] != 0) << i;
      }
      for (uint64_t changed = dark ^ open[word]; changed != 0; changed &= changed - 1) {
        const int bit = std::countr_zero(changed);
        if ((dark >> bit) & 1)
          began[x0 + bit] = y;
        else
          close(x0 + bit, y);
      }
      open[word] = dark;
    }
  }
  for (int word = 0; word < words; ++word)
    for (uint64_t left = open[word]; left != 0; left &= left - 1)
      close(word * 64 + std::countr_zero(left), h);
}

}  // namespace jixiao
