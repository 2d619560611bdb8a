#include "ingest/continued_tables.h"

#include <algorithm>

namespace jixiao {
namespace {

bool is_blank_paragraph(const Block& b) {
  return b.type == BlockType::paragraph && std::all_of(b.text.begin(), b.text.end(), [](char c) {
           return c == ' ' || (c >= '\t' && c <= '\r');
         });
}

bool is_top_level_body_table(const Block& b) {
  return b.type == BlockType::table && b.part == BlockPart::body && b.table.nesting == 0 &&
         b.table.row_count() > 0;
}

void append_rows(Table& into, Table&& from, std::vector<int>& continued_at) {
  const int offset = into.row_count();
  continued_at.push_back(offset);
  for (Merge m : from.merged) {
    m.row += offset;
    into.merged.push_back(m);
  }
  if (!into.lines.empty() || !from.lines.empty()) {
    into.lines.resize(static_cast<size_t>(offset),
                      std::vector<int>(static_cast<size_t>(into.col_count()), 0));
    from.lines.resize(from.rows.size(), std::vector<int>(static_cast<size_t>(from.col_count()), 0));
    for (auto& line : from.lines) into.lines.push_back(std::move(line));
  }
  for (auto& row : from.rows) into.rows.push_back(std::move(row));
}

}  // namespace

void join_continued_tables(Document& doc, int max_blank_between) {
  // Compacted in place (a long document's blocks are not copied): `kept` blocks stay, in order.
  std::vector<Block>& blocks = doc.blocks;
  size_t kept = 0;
  // Index among the kept blocks of the last body table, while only blank paragraphs (or blocks
  // outside the body) have followed it; -1 otherwise.
  long open_table = -1;
  int blanks = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    Block& b = blocks[i];
    if (is_top_level_body_table(b) && open_table >= 0 && blanks <= max_blank_between &&
        b.table.col_count() == blocks[static_cast<size_t>(open_table)].table.col_count()) {
      append_rows(blocks[static_cast<size_t>(open_table)].table, std::move(b.table),
                  doc.continued_at[static_cast<int>(open_table)]);
      blanks = 0;
      continue;
    }
    if (is_top_level_body_table(b)) {
      open_table = static_cast<long>(kept);
      blanks = 0;
    } else if (b.part == BlockPart::body && is_blank_paragraph(b)) {
      ++blanks;
    } else if (b.part == BlockPart::body) {
      open_table = -1;  // a paragraph with text, or a nested table, ends the run
    }
    if (kept != i) blocks[kept] = std::move(b);
    ++kept;
  }
  blocks.erase(blocks.begin() + static_cast<long>(kept), blocks.end());
}

}  // namespace jixiao
