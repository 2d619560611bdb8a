// Text reader: decode (ingest/encoding.h), normalize line ends, then cut the lines into
// paragraph blocks and table blocks.
//
// Text exports of DOCX files write tables in one of two layouts, and we read both:
//
// - "row lines": one physical line per table row, cells separated by TAB
//   ("一级指标\t二级指标\t三级指标\t..."). Lines with a TAB after their first character (or more
//   than one TAB) are rows; a single blank line inside such a run does not end the table.
//
// - "cell lines": every cell starts on a new line with a TAB, a cell's further paragraphs
//   follow on lines without a TAB (blank lines included: they are empty paragraphs), and a
//   row ends with one extra line end. So "\t年初预算数\n\t全年预算数\n...\t得分\n\n" is one row,
//   and "\t\n\n\n项目资金\n（万元）\n" is one cell. A blank line before a TAB line is therefore
//   ambiguous (row end, or an empty last paragraph in a cell); we cut rows there and then
//   glue back consecutive pieces whose cell counts add up exactly to the previous row's.
//   A line that starts with a TAB but holds more TABs ("\t10\t") is a cell paragraph padded
//   with TABs, not a new cell. Rows whose cells are all empty (continuation rows of merged
//   cells) are dropped.
//
// Every row is padded to the table's column count; text has no merge information, so
// Table::merged stays empty and empty cells under a label stay empty.
#include "ingest/text.h"

#include <algorithm>
#include <cstdint>

#include "core/deadline.h"
#include "ingest/encoding.h"

namespace jixiao {
namespace {

using Lines = std::vector<std::string_view>;

std::string normalize_line_ends(std::string text) {
  if (text.find('\r') == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Lines split_lines(std::string_view text) {
  Lines lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Blank: nothing but ASCII spaces, tabs, NBSP or U+3000.
bool is_blank(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t') {
      ++i;
    } else if (line.compare(i, 2, "\xC2\xA0") == 0) {
      i += 2;
    } else if (line.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool has_tab(std::string_view line) {
  return line.find('\t') != std::string_view::npos;
}
// A TAB somewhere after the first character: a row of the "row lines" layout, or a padded paragraph.
bool has_inner_tab(std::string_view line) {
  return line.size() > 1 && line.find('\t', 1) != std::string_view::npos;
}
bool starts_with_tab(std::string_view line) {
  return !line.empty() && line[0] == '\t';
}
// "\t" alone or "\tword": one cell of the "cell lines" layout.
bool is_cell_line(std::string_view line) {
  return starts_with_tab(line) && !has_inner_tab(line);
}

// Lines that open a new part of a document rather than continue a table cell: an attachment
// label ("附件2") or a numbered heading ("一、", "（二）", "第三部分").
bool looks_like_heading(std::string_view line) {
  while (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
  if (line.rfind("附件", 0) == 0 || line.rfind("附表", 0) == 0) return true;
  static const char* const kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (const char* numeral : kNumerals) {
    std::string_view n(numeral);
    if (line.rfind(n, 0) == 0 && line.substr(n.size()).rfind("、", 0) == 0) return true;
    if (line.rfind("（", 0) == 0 && line.substr(3).rfind(n, 0) == 0) return true;
  }
  return line.rfind("第", 0) == 0 &&
         (line.find("章") != std::string_view::npos || line.find("部分") != std::string_view::npos);
}

struct Cell {
  std::vector<std::string_view> lines;
  size_t first_line = 0;  // 0-based index of the cell's first line
};

struct Row {
  std::vector<Cell> cells;
  size_t first_line = 0;
};

std::string cell_text(const Cell& cell) {
  size_t begin = 0, end = cell.lines.size();
  while (begin < end && is_blank(cell.lines[begin])) ++begin;
  while (end > begin && is_blank(cell.lines[end - 1])) --end;
  std::string text;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) text.push_back('\n');
    text.append(cell.lines[i]);
  }
  return text;
}

bool row_is_empty(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& cell) { return is_blank(cell); });
}

// Builds the Block from rows of cell texts: drops empty rows, pads to a rectangle. `lines` holds
// the 1-based line of each cell (same shape as `rows`).
bool make_table(std::vector<std::vector<std::string>> rows, std::vector<std::vector<int>> lines,
                size_t first_line, const ReadLimits& limits, Block& block) {
  for (size_t r = rows.size(); r-- > 0;) {
    if (!row_is_empty(rows[r])) continue;
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(r));
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(r));
  }
  size_t columns = 0, wide_rows = 0;
  for (const auto& row : rows) {
    columns = std::max(columns, row.size());
    if (row.size() >= 2) ++wide_rows;
  }
  if (wide_rows < 2 || columns < 2) return false;  // a TAB-indented paragraph or two, not a table
  if (static_cast<int64_t>(rows.size()) * static_cast<int64_t>(columns) > limits.max_table_cells)
    return false;
  for (auto& row : rows) row.resize(columns);
  for (size_t r = 0; r < lines.size(); ++r) {
    lines[r].resize(columns);
    for (size_t c = 0; c < columns; ++c)
      if (is_blank(rows[r][c])) lines[r][c] = 0;
  }
  block = Block{};
  block.type = BlockType::table;
  block.table.rows = std::move(rows);
  block.table.lines = std::move(lines);
  block.source_line = static_cast<int64_t>(first_line) + 1;
  return true;
}

// ---- "cell lines" layout ----

// Reads a table starting at lines[start] (a TAB line). Returns the index of the first line after it.
size_t parse_cell_table(const Lines& lines, size_t start, std::vector<Row>& pieces) {
  size_t i = start;
  size_t last_content = start;  // last line that belongs to the table
  Row row;
  row.first_line = start;
  Cell* cell = nullptr;
  std::vector<std::string_view> blanks;  // blank lines seen since the last content line

  auto close_row = [&]() {
    if (!row.cells.empty()) pieces.push_back(std::move(row));
    row = Row{};
    cell = nullptr;
  };

  while (i < lines.size()) {
    std::string_view line = lines[i];
    if (is_blank(line) && !starts_with_tab(line)) {
      blanks.push_back(line);
      ++i;
      continue;
    }
    if (starts_with_tab(line) && (is_cell_line(line) || cell == nullptr)) {
      if (!blanks.empty()) {  // blank line(s) then a new cell: a row ends here
        close_row();
        row.first_line = i;
        blanks.clear();
      }
      row.cells.push_back(Cell{});
      cell = &row.cells.back();
      cell->first_line = i;
      cell->lines.push_back(line.substr(1));
      last_content = i++;
      continue;
    }
    if (starts_with_tab(line)) {  // a paragraph padded with TABs, inside the current cell
      cell->lines.insert(cell->lines.end(), blanks.begin(), blanks.end());
      blanks.clear();
      cell->lines.push_back(line);
      last_content = i++;
      continue;
    }
    // Lines without a TAB: more paragraphs of the current cell, or the text after the table.
    // Cells hold a few short paragraphs; the document after a table goes on for long.
    size_t k = i, text_lines = 0, chars = 0, last_text = i;
    while (k < lines.size() && !starts_with_tab(lines[k])) {
      if (!is_blank(lines[k])) {
        ++text_lines;
        chars += lines[k].size();
        last_text = k;
      }
      ++k;
    }
    // A numbered heading after blank lines opens the next part of the document.
    bool heading = !blanks.empty() && looks_like_heading(line);
    bool continuation = cell != nullptr && k < lines.size() && text_lines <= 10 && chars <= 4000 && !heading;
    if (!continuation) break;
    cell->lines.insert(cell->lines.end(), blanks.begin(), blanks.end());
    blanks.clear();
    for (size_t j = i; j <= last_text; ++j) cell->lines.push_back(lines[j]);
    last_content = last_text;
    i = last_text + 1;
  }
  close_row();
  return last_content + 1;
}

// Glues back rows that a blank line inside a cell cut in two: consecutive pieces whose cell
// counts add up exactly to the previous row's count.
std::vector<Row> join_pieces(std::vector<Row> pieces) {
  std::vector<Row> rows;
  size_t i = 0;
  while (i < pieces.size()) {
    size_t want = rows.empty() ? 0 : rows.back().cells.size();
    size_t have = pieces[i].cells.size();
    if (want > 0 && have < want) {
      size_t k = i + 1;
      while (k < pieces.size() && have < want) have += pieces[k++].cells.size();
      if (have == want && k > i + 1) {
        Row joined = std::move(pieces[i]);
        for (size_t j = i + 1; j < k; ++j)
          for (auto& c : pieces[j].cells) joined.cells.push_back(std::move(c));
        rows.push_back(std::move(joined));
        i = k;
        continue;
      }
    }
    rows.push_back(std::move(pieces[i++]));
  }
  return rows;
}

// ---- "row lines" layout ----

std::vector<std::string> split_row(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cells.emplace_back(
        line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

bool is_total_label(const std::string& text) {
  for (const char* word : {"合计", "总计", "小计", "总分", "合 计", "总 计"})
    if (text.find(word) != std::string::npos) return true;
  return false;
}

// Some exports move the empty leading cells of a continuation row behind its first cell:
// "\t\t专项资金执行率\t说明\t2\t2" comes out as "专项资金执行率\t\t\t说明\t2\t2". A row inside
// a merged label block (the row above has an empty first cell) whose first cell is followed by
// k empty cells and then text is put back with its label in column k. First and last rows and
// total rows are left alone: there an empty second cell is the layout, not an accident.
void repair_shifted_rows(std::vector<std::vector<std::string>>& rows) {
  for (size_t r = 1; r + 1 < rows.size(); ++r) {
    auto& row = rows[r];
    const auto& above = rows[r - 1];
    if (row.size() < 3 || above.empty() || !is_blank(above[0]) || is_blank(row[0]) || is_total_label(row[0]))
      continue;
    size_t k = 1;
    while (k < row.size() && is_blank(row[k])) ++k;
    if (k == 1 || k >= row.size()) continue;  // no empty cell after the label, or nothing after them
    size_t empties = k - 1;
    std::rotate(row.begin(), row.begin() + 1, row.begin() + 1 + static_cast<std::ptrdiff_t>(empties));
  }
}

size_t parse_row_table(const Lines& lines, size_t start, std::vector<std::vector<std::string>>& rows,
                       std::vector<size_t>& row_lines) {
  size_t i = start, end = start;
  while (i < lines.size()) {
    if (has_tab(lines[i]) && !is_blank(lines[i])) {
      rows.push_back(split_row(lines[i]));
      row_lines.push_back(i);
      end = ++i;
      continue;
    }
    // One blank line between rows does not end the table.
    if (is_blank(lines[i]) && i + 1 < lines.size() && has_inner_tab(lines[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  return end;
}

// Which layout a table starting at `start` uses: the one most of its TAB lines follow.
bool is_cell_layout(const Lines& lines, size_t start) {
  size_t cell_lines = 0, row_lines = 0, seen = 0;
  for (size_t i = start; i < lines.size() && seen < 40; ++i) {
    if (!has_tab(lines[i])) continue;
    ++seen;
    if (is_cell_line(lines[i])) {
      ++cell_lines;
    } else if (!is_blank(lines[i]) || has_inner_tab(lines[i])) {
      ++row_lines;
    }
  }
  return cell_lines > row_lines;
}

void push_paragraph(std::vector<Block>& blocks, std::string_view line, size_t index) {
  if (is_blank(line)) return;
  Block block;
  block.text.assign(line);
  block.source_line = static_cast<int64_t>(index) + 1;
  blocks.push_back(std::move(block));
}

std::vector<Block> split_blocks(std::string_view text, const ReadLimits& limits) {
  std::vector<Block> blocks;
  Lines lines = split_lines(text);
  size_t i = 0;
  while (i < lines.size()) {
    check_deadline("text reading");
    std::string_view line = lines[i];
    if (!has_tab(line) || is_blank(line)) {
      push_paragraph(blocks, line, i++);
      continue;
    }
    size_t end;
    Block table;
    bool made;
    if (is_cell_layout(lines, i)) {
      std::vector<Row> pieces;
      end = parse_cell_table(lines, i, pieces);
      std::vector<Row> rows = join_pieces(std::move(pieces));
      std::vector<std::vector<std::string>> grid;
      std::vector<std::vector<int>> cell_lines;
      for (const Row& row : rows) {
        std::vector<std::string> cells;
        std::vector<int> at;
        for (const Cell& cell : row.cells) {
          cells.push_back(cell_text(cell));
          // the first non-blank line of the cell (cell_text drops the blank ones)
          size_t skip = 0;
          while (skip < cell.lines.size() && is_blank(cell.lines[skip])) ++skip;
          at.push_back(static_cast<int>(cell.first_line + skip) + 1);
        }
        grid.push_back(std::move(cells));
        cell_lines.push_back(std::move(at));
      }
      made = make_table(std::move(grid), std::move(cell_lines), i, limits, table);
    } else {
      std::vector<std::vector<std::string>> grid;
      std::vector<size_t> row_lines;
      end = parse_row_table(lines, i, grid, row_lines);
      repair_shifted_rows(grid);
      std::vector<std::vector<int>> cell_lines;
      for (size_t r = 0; r < grid.size(); ++r)
        cell_lines.emplace_back(grid[r].size(), static_cast<int>(row_lines[r]) + 1);
      made = make_table(std::move(grid), std::move(cell_lines), i, limits, table);
    }
    if (made) {
      blocks.push_back(std::move(table));
    } else {
      for (size_t j = i; j < end; ++j) push_paragraph(blocks, lines[j], j);
    }
    i = std::max(end, i + 1);
  }
  return blocks;
}

}  // namespace

Result<Document> read_text(std::string_view bytes, const std::string& path, const ReadOptions& options) {
  if (static_cast<int64_t>(bytes.size()) > options.limits.max_text_bytes) {
    return Error{ErrorCode::limit_exceeded,
                 "text file of " + std::to_string(bytes.size()) + " bytes exceeds max_text_bytes (" +
                     std::to_string(options.limits.max_text_bytes) + ")",
                 path, 0, -1};
  }
  if (bytes.empty()) return Error{ErrorCode::empty, "empty file", path, 0, -1};
  Result<DecodedText> decoded = decode_text(bytes, options.encoding, path);
  if (!decoded) return decoded.error();
  Document doc;
  doc.path = path;
  doc.format = "text";
  doc.bytes = static_cast<int64_t>(bytes.size());
  doc.encoding = decoded.value().encoding;
  doc.warnings = std::move(decoded.value().warnings);
  std::string text = normalize_line_ends(std::move(decoded.value().utf8));
  doc.blocks = split_blocks(text, options.limits);
  return doc;
}

}  // namespace jixiao
