// horizontal_runs and vertical_runs (src/ingest/pixel_runs.h) against a plain scan of every line,
// on images of many widths (below, at and past 64 columns, the vertical scan's block) with rules,
// noise, runs touching every edge, and an image that is all dark.
#include "ingest/pixel_runs.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace jixiao {
namespace {

// Cell (line a, position b) of the image, read along rows (by_rows) or down columns.
RunsByLine plain_runs(const std::vector<uint8_t>& cells, int w, int h, int min_len, bool by_rows) {
  RunsByLine out;
  const int lines = by_rows ? h : w, length = by_rows ? w : h;
  for (int a = 0; a < lines; ++a) {
    int began = -1;
    for (int b = 0; b <= length; ++b) {
      const bool dark = b < length && cells[by_rows ? a * w + b : b * w + a];
      if (dark && began < 0) began = b;
      if (!dark && began >= 0) {
        if (b - began >= min_len) out[a].push_back({began, b - 1});
        began = -1;
      }
    }
  }
  return out;
}

TEST(PixelRuns, BothDirectionsMatchAPlainScan) {
  std::mt19937 random(7);
  size_t runs_seen = 0;
  for (int w : {1, 7, 63, 64, 65, 128, 130, 200})
    for (int h : {1, 5, 40}) {
      std::vector<uint8_t> cells(static_cast<size_t>(w) * h, 0);
      for (auto& c : cells) c = random() % 9 == 0;  // noise
      for (int y = 0; y < h; y += 7)                // horizontal rules, edge to edge
        for (int x = 0; x < w; ++x) cells[y * w + x] = 1;
      for (int x = 0; x < w; x += 13)  // vertical rules, top to bottom
        for (int y = 0; y < h; ++y) cells[y * w + x] = 1;
      for (int x = 0; x < w; ++x) cells[(h - 1) * w + x] = 1;  // the last row dark
      for (int min_len : {1, 3, 8}) {
        RunsByLine rows, columns;
        horizontal_runs(cells.data(), w, h, min_len, rows);
        vertical_runs(cells.data(), w, h, min_len, columns);
        EXPECT_EQ(rows, plain_runs(cells, w, h, min_len, true)) << w << "x" << h << " " << min_len;
        EXPECT_EQ(columns, plain_runs(cells, w, h, min_len, false)) << w << "x" << h << " " << min_len;
        for (const auto& [line, list] : columns) runs_seen += list.size();
      }
    }
  EXPECT_GT(runs_seen, 1000u);

  std::vector<uint8_t> all_dark(70 * 3, 1);
  RunsByLine columns;
  vertical_runs(all_dark.data(), 70, 3, 3, columns);
  ASSERT_EQ(columns.size(), 70u);
  EXPECT_EQ(columns[69], (std::vector<std::pair<int, int>>{{0, 2}}));
  RunsByLine none;
  vertical_runs(all_dark.data(), 70, 3, 4, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace jixiao
