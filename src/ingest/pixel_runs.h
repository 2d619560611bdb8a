// Runs of dark pixels in a page image, the raw material of a PDF's ruled tables (ingest/pdf.cpp):
// `cells` is a w x h image, row by row, each cell 1 (dark) or 0. A run is kept when it is at least
// `min_len` cells long; runs are listed by line, {line: [(first, last)]}, each line's runs in
// order, first and last inclusive.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace jixiao {

using RunsByLine = std::map<int, std::vector<std::pair<int, int>>>;

// Along the rows: {row: [(first column, last column)]}.
void horizontal_runs(const uint8_t* cells, int w, int h, int min_len, RunsByLine& out);
// Down the columns: {column: [(first row, last row)]}.
void vertical_runs(const uint8_t* cells, int w, int h, int min_len, RunsByLine& out);

}  // namespace jixiao
