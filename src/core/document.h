// The document model every reader produces and every later stage consumes.
//
// A Document is a sequence of Blocks in reading order. A block is a paragraph (its text,
// style, outline level, list label) or a table (a rectangular grid whose merged cells are
// resolved: a merged cell's text is repeated at every grid position it covers, and the merge
// is listed in `merged`). Text is UTF-8 as read from the source, before normalization;
// offsets into it are counted in code points.
//
// Blocks outside the main flow (headers, footers, footnotes, endnotes, comments) carry their
// `part`, so that extraction can skip them while `dump` still shows them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace jixiao {

enum class BlockType { paragraph, table };
enum class BlockPart { body, header, footer, footnote, endnote, comment };

const char* to_string(BlockType type);
const char* to_string(BlockPart part);

// One merged region of a table grid: top-left cell and extent, all 0-based.
struct Merge {
  int row = 0;
  int col = 0;
  int rows = 1;
  int cols = 1;
  bool operator==(const Merge&) const = default;
};

struct Table {
  std::vector<std::vector<std::string>> rows;  // every row has the same number of columns
  std::vector<Merge> merged;                   // regions covering more than one grid position
  int nesting = 0;                             // 0 for a top-level table, 1 inside a cell, ...
  // Text files: the 1-based line each cell's text starts on (0 for an empty cell), same shape as
  // `rows`; empty for DOCX.
  std::vector<std::vector<int>> lines;

  int row_count() const { return static_cast<int>(rows.size()); }
  int col_count() const { return rows.empty() ? 0 : static_cast<int>(rows.front().size()); }
};

struct Block {
  BlockType type = BlockType::paragraph;
  BlockPart part = BlockPart::body;
  std::string text;        // paragraph text (UTF-8); empty for tables
  std::string style;       // paragraph style id (DOCX), empty otherwise
  int outline_level = -1;  // 0-based heading level, -1 when none
  std::string list_label;  // rendered list number such as "一、" or "（二）", without the text
  Table table;             // for tables
  // Where the block starts in the source: the line number (1-based) in a text file, the
  // ordinal of the w:p / w:tbl element in its part for DOCX.
  int64_t source_line = 0;
};

struct Document {
  std::string path;
  std::string format;    // "docx" | "xlsx" | "xls" | "doc" | "pdf" | "text"
  std::string encoding;  // "UTF-8", "UTF-16LE", "GB18030", ... ("UTF-8" for DOCX)
  int64_t bytes = 0;
  std::string sha256;  // of the file's bytes, lowercase hex
  std::vector<Block> blocks;
  // Tables joined from several of the source (a table cut by a page break, joined by
  // ingest/continued_tables): block index -> the rows at which each continuing table begins.
  std::map<int, std::vector<int>> continued_at;
  std::vector<std::string> warnings;  // things read around (replaced bytes, dropped parts)
};

}  // namespace jixiao
