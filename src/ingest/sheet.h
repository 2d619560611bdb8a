// What the spreadsheet readers (XLSX, XLS) share: a sparse sheet of displayed cell texts, the
// number formatting that turns a stored number into the text a person sees, and the layout of a
// sheet into Document blocks.
//
//   SheetData sheet;                        // filled by a reader
//   sheet.cells[{row, col}] = format_number(0.955, "0.00%");   // "95.50%"
//   append_sheet(sheet, limits, doc);       // blocks + warnings
//
// Layout of one sheet (what append_sheet does), so that a 自评表 laid out in a spreadsheet reads
// like the same table in a DOCX:
// - the sheet's name first, as a paragraph of part `header` and style "sheet" (shown by dump,
//   skipped by extraction, like a page header);
// - merged ranges resolved as the DOCX reader does: the top-left text repeated over the range,
//   the range listed in Table::merged; a range whose top-left cell is empty is dropped;
// - hidden rows and columns left out (the caller says so in a warning);
// - the sheet cut at blank rows into segments; in each segment, leading and trailing rows that
//   hold one text only (one filled cell, or one merged range) become paragraphs (a title, a
//   "单位：万元" line, a signature line), the rows between them one table grid, without the
//   columns that are empty all through the segment.
// Bounds: filled cells of a sheet, the area of the merged ranges and each grid's rows x columns
// are each held to max_table_cells (limit_exceeded naming the key).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao::sheet {

// Largest sheet of Excel 2007+: 1,048,576 rows x 16,384 columns (0-based indexes below these).
constexpr int kMaxRows = 1 << 20;
constexpr int kMaxCols = 1 << 14;

struct SheetData {
  std::string name;
  std::map<std::pair<int, int>, std::string> cells;  // (row, col), 0-based -> displayed text
  std::vector<Merge> merges;                         // as written (validated by append_sheet)
  std::set<int> hidden_rows, hidden_cols;
};

// The text Excel shows for `value` under `format_code` (an Excel number format): sections
// (positive;negative;zero;text), percent, decimals, thousands separators, literals and escapes,
// [colour] / [$¥-804] brackets, dates and times (1900 or 1904 date system). What is not
// understood (fractions, conditions) falls back to General.
std::string format_number(double value, std::string_view format_code, bool date1904 = false);
// The format code of a built-in number format id (0-49, and the Chinese date ids 27-36, 50-58);
// empty for an unknown id (General).
std::string builtin_format(int id);
// "General": up to 11 significant digits, no trailing zeros, exponent form for very large or
// small magnitudes.
std::string general_number(double value);

// "B12" -> (11, 1); false when not a cell reference within the sheet bounds.
bool parse_cell_ref(std::string_view ref, int& row, int& col);

// Lays `sheet` out into doc.blocks (see above). Errors: limit_exceeded.
Result<bool> append_sheet(const SheetData& sheet, const ReadLimits& limits, Document& doc);

}  // namespace jixiao::sheet
