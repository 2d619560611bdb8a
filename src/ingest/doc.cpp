// DOC reader: the WordDocument and table streams of a Word 97-2003 file (also WPS Writer's .wps,
// which keeps the same format), read with a small piece-table reader of our own.
//
// - FIB: wIdent, nFib (Word 97 or later), fEncrypted (refused: encrypted), fWhichTblStm (0Table or
//   1Table), ccpText (the main text), fcClx (the piece table), fcPlcfBtePapx (paragraph properties).
// - Text: the main document's characters through the piece table (UTF-16 pieces, and compressed
//   cp1252 pieces); field instructions skipped and field results kept (0x13 / 0x14 / 0x15), 0x0B a
//   line break, 0x1E a hyphen, objects and notes references dropped. Headers, footers, footnotes,
//   comments and text boxes (after ccpText) are not read.
// - Tables: each paragraph mark's properties (PAPX in the FKP pages, or in the Data stream through
//   sprmPHugePapx when too large for a page) say whether it is in a table
//   (sprmPFInTable, sprmPItap) and whether it ends a row (sprmPFTtp); a cell ends at 0x07. A row's
//   sprmTDefTable gives its cell edges (rgdxaCenter) and vertical merges (TC80 vertMerge): the
//   grid's columns are all rows' edges, a cell wider than one column is merged across them, and a
//   vertically merged cell repeats the text of the cell where its range starts, as the DOCX
//   reader does. Nested tables are read into their outer cell as text.
// Every offset is bounds-checked: a damaged stream is corrupt_file, never a read past the data.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "core/deadline.h"
#include "core/utf.h"
#include "ingest/ole2.h"

namespace jixiao {

namespace {

struct Corrupt {
  std::string what;
};

uint8_t u8(std::string_view d, size_t at) {
  if (at >= d.size()) throw Corrupt{"an offset points past its stream"};
  return static_cast<uint8_t>(d[at]);
}
uint16_t u16(std::string_view d, size_t at) {
  return static_cast<uint16_t>(u8(d, at) | u8(d, at + 1) << 8);
}
uint32_t u32(std::string_view d, size_t at) {
  return static_cast<uint32_t>(u16(d, at)) | static_cast<uint32_t>(u16(d, at + 2)) << 16;
}

// cp1252's 0x80-0x9F; the rest of a compressed piece is Latin-1.
char32_t cp1252(uint8_t b) {
  static const char16_t high[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return b >= 0x80 && b < 0xA0 ? high[b - 0x80] : b;
}

struct Char {
  char32_t c;
  uint32_t fc;  // byte offset in WordDocument
};

struct Props {
  bool in_table = false, ttp = false;
  int itap = 0;
  std::vector<int> edges;          // rgdxaCenter of the row (TTP only)
  std::vector<uint16_t> tc_flags;  // TC80 flags per cell (TTP only)
};

// Reads the sprms of a grpprl into `p`.
void read_sprms(std::string_view g, Props& p, std::string_view data, int depth = 0) {
  size_t i = 0;
  while (i + 2 <= g.size()) {
    uint16_t sprm = u16(g, i);
    i += 2;
    size_t len;
    switch (sprm >> 13) {
      case 0:
      case 1: len = 1; break;
      case 2:
      case 4:
      case 5: len = 2; break;
      case 3: len = 4; break;
      case 7: len = 3; break;
      default:  // variable
        if (sprm == 0xD608 || sprm == 0xD606) {
          if (i + 2 > g.size()) return;
          len = u16(g, i) + 1;  // cb counts itself minus one
        } else {
          if (i >= g.size()) return;
          len = u8(g, i) + 1;
        }
    }
    if (i + len > g.size()) return;
    std::string_view op = g.substr(i, len);
    switch (sprm) {
      case 0x2416: p.in_table = op[0] != 0; break;
      case 0x2417: p.ttp = op[0] != 0; break;
      case 0x244C:
        if (op[0]) p.ttp = true;
        break;        // inner TTP: a row end of a nested table
      case 0x6646: {  // sprmPHugePapx: the properties are in the Data stream (PrcData)
        uint32_t at = u32(op, 0);
        if (depth == 0 && static_cast<uint64_t>(at) + 2 <= data.size()) {
          uint16_t cb = u16(data, at);
          if (static_cast<uint64_t>(at) + 2 + cb <= data.size())
            read_sprms(data.substr(at + 2, cb), p, data, 1);
        }
        break;
      }
      case 0x6649:
        p.itap = static_cast<int>(u32(op, 0));
        if (p.itap > 0) p.in_table = true;
        break;
      case 0xD608: {
        // cb (2 bytes), itcMac, rgdxaCenter[itcMac+1], rgTc80[itcMac] (20 bytes each)
        if (op.size() < 3) break;
        int n = u8(op, 2);
        p.edges.clear();
        p.tc_flags.clear();
        for (size_t k = 0; k <= static_cast<size_t>(n) && 3 + 2 * k + 2 <= op.size(); ++k)
          p.edges.push_back(static_cast<int16_t>(u16(op, 3 + 2 * k)));
        size_t tcs = 3 + 2 * (static_cast<size_t>(n) + 1);
        for (int k = 0; k < n; ++k)
          p.tc_flags.push_back(tcs + 20 * k + 2 <= op.size() ? u16(op, tcs + 20 * k) : 0);
        break;
      }
      default: break;
    }
    i += len;
  }
}

struct PapxRun {
  uint32_t fc_begin, fc_end;
  std::string_view grpprl;
};

struct Cell {
  std::string text;
};

struct Row {
  std::vector<std::string> cells;
  Props props;
};

Error limit_error(const std::string& path, const std::string& what, int64_t value) {
  Error e;
  e.code = ErrorCode::limit_exceeded;
  e.path = path;
  e.message = what + ", more than max_table_cells " + std::to_string(value);
  return e;
}

// The rows of one table as a grid (see the file comment).
Result<Block> grid_of(const std::vector<Row>& rows, const std::string& path, const ReadLimits& limits) {
  std::vector<int> all;
  bool have_edges = true;
  for (const Row& r : rows) {
    if (r.props.edges.size() != r.cells.size() + 1) have_edges = false;
    all.insert(all.end(), r.props.edges.begin(), r.props.edges.end());
  }
  Block block;
  block.type = BlockType::table;
  Table& t = block.table;
  size_t width = 0;
  for (const Row& r : rows) width = std::max(width, r.cells.size());
  if (!have_edges || all.empty()) {
    // No cell edges: one column per cell, short rows padded.
    if (static_cast<int64_t>(rows.size()) * static_cast<int64_t>(width) > limits.max_table_cells)
      return limit_error(
          path, "a table of " + std::to_string(rows.size()) + " x " + std::to_string(width) + " positions",
          limits.max_table_cells);
    for (const Row& r : rows) {
      std::vector<std::string> out = r.cells;
      out.resize(width);
      t.rows.push_back(std::move(out));
    }
    return block;
  }
  std::sort(all.begin(), all.end());
  std::vector<int> edges;
  for (int e : all)
    if (edges.empty() || e - edges.back() > 30) edges.push_back(e);  // 30 twips: one edge
  int cols = static_cast<int>(edges.size()) - 1;
  if (cols < 1) cols = 1;
  if (static_cast<int64_t>(rows.size()) * cols > limits.max_table_cells)
    return limit_error(
        path, "a table of " + std::to_string(rows.size()) + " x " + std::to_string(cols) + " positions",
        limits.max_table_cells);
  auto column_of = [&](int x) {
    int best = 0;
    for (int k = 0; k < static_cast<int>(edges.size()); ++k)
      if (std::abs(edges[k] - x) < std::abs(edges[best] - x)) best = k;
    return best;
  };
  t.rows.assign(rows.size(), std::vector<std::string>(cols));
  // Per row and column, which cell (row, first col) it belongs to.
  std::vector<std::vector<std::pair<int, int>>> owner(rows.size(),
                                                      std::vector<std::pair<int, int>>(cols, {-1, -1}));
  std::map<std::pair<int, int>, Merge> regions;  // top-left -> region
  for (size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    for (size_t k = 0; k < row.cells.size(); ++k) {
      int c0 = column_of(row.props.edges[k]), c1 = std::max(c0 + 1, column_of(row.props.edges[k + 1]));
      c1 = std::min(c1, cols);
      if (c0 >= cols) continue;
      uint16_t flags = k < row.props.tc_flags.size() ? row.props.tc_flags[k] : 0;
      int vert = (flags >> 5) & 0x3;
      std::pair<int, int> top{static_cast<int>(r), c0};
      if (vert == 1 && r > 0 && owner[r - 1][c0].first >= 0) {  // continues the cell above
        top = owner[r - 1][c0];
        regions[top].rows = static_cast<int>(r) - top.first + 1;
      } else {
        regions[top] = Merge{static_cast<int>(r), c0, 1, c1 - c0};
        for (int c = c0; c < c1; ++c) t.rows[r][c] = row.cells[k];
      }
      for (int c = c0; c < c1; ++c) {
        owner[r][c] = top;
        t.rows[r][c] = t.rows[top.first][top.second];
      }
    }
  }
  for (const auto& [top, m] : regions)
    if (m.rows * m.cols > 1) t.merged.push_back(m);
  std::sort(t.merged.begin(), t.merged.end(),
            [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  return block;
}

}  // namespace

Result<Document> read_doc_streams(std::string_view word, std::string_view table0, std::string_view table1,
                                  std::string_view data, const std::string& path, const ReadLimits& limits) {
  auto fail = [&](ErrorCode code, std::string message) {
    return Result<Document>(file_error(code, path, std::move(message)));
  };
  Document doc;
  try {
    if (word.size() < 0x1AA || u16(word, 0) != 0xA5EC)
      return fail(ErrorCode::corrupt_file,
                  "the WordDocument stream has no Word 97-2003 file information block");
    uint16_t nfib = u16(word, 2);
    uint16_t flags = u16(word, 0x0A);
    if (flags & 0x0100)
      return fail(ErrorCode::encrypted,
                  "password-protected Word document: cannot be read without its password");
    if (nfib < 0x00C1)
      return fail(ErrorCode::unsupported_format, "a Word document older than Word 97: not supported");
    std::string_view table = (flags & 0x0200) ? table1 : table0;
    if (table.empty()) return fail(ErrorCode::corrupt_file, "the Word document's table stream is missing");
    uint32_t ccp_text = u32(word, 0x4C);
    uint32_t fc_clx = u32(word, 0x1A2), lcb_clx = u32(word, 0x1A6);
    uint32_t fc_papx = u32(word, 0x102), lcb_papx = u32(word, 0x106);
    if (static_cast<uint64_t>(fc_clx) + lcb_clx > table.size())
      return fail(ErrorCode::corrupt_file, "the piece table lies outside the table stream");
    std::string_view clx = table.substr(fc_clx, lcb_clx);
    // Skip Prc entries (0x01), find the Pcdt (0x02).
    size_t at = 0;
    while (at < clx.size() && clx[at] == 0x01) at += 3 + u16(clx, at + 1);
    if (at >= clx.size() || clx[at] != 0x02)
      return fail(ErrorCode::corrupt_file, "the piece table has no Pcdt");
    uint32_t lcb = u32(clx, at + 1);
    std::string_view plc = clx.substr(std::min<size_t>(at + 5, clx.size()));
    if (lcb > plc.size() || lcb < 4) return fail(ErrorCode::corrupt_file, "the piece table is truncated");
    size_t pieces = (lcb - 4) / 12;
    // Characters of the main text, with their FCs.
    std::vector<Char> chars;
    if (ccp_text > word.size())
      return fail(ErrorCode::corrupt_file, "the text is longer than the WordDocument stream");
    if (static_cast<int64_t>(ccp_text) * 4 > limits.max_text_bytes)
      return fail(ErrorCode::limit_exceeded, "the document's text has " + std::to_string(ccp_text) +
                                                 " characters, above max_text_bytes " +
                                                 std::to_string(limits.max_text_bytes) +
                                                 " (4 bytes a character)");
    for (size_t k = 0; k < pieces && chars.size() < ccp_text; ++k) {
      uint32_t cp0 = u32(plc, 4 * k), cp1 = u32(plc, 4 * (k + 1));
      if (cp1 <= cp0) continue;
      size_t pcd = 4 * (pieces + 1) + 8 * k;
      uint32_t fc_raw = u32(plc, pcd + 2);
      bool compressed = fc_raw & 0x40000000;
      uint32_t fc = fc_raw & 0x3FFFFFFF;
      if (compressed) fc /= 2;
      for (uint32_t cp = cp0; cp < cp1 && chars.size() < ccp_text; ++cp) {
        if ((chars.size() & 0xFFFF) == 0) check_deadline("DOC reading");
        uint32_t off = compressed ? fc + (cp - cp0) : fc + 2 * (cp - cp0);
        char32_t c = compressed ? cp1252(u8(word, off)) : u16(word, off);
        chars.push_back({c, off});
      }
    }
    // Paragraph property runs from the FKP pages.
    std::vector<PapxRun> runs;
    if (static_cast<uint64_t>(fc_papx) + lcb_papx <= table.size() && lcb_papx >= 8) {
      std::string_view bte = table.substr(fc_papx, lcb_papx);
      size_t n = (lcb_papx - 4) / 8;
      std::set<uint32_t> pages_read;  // a damaged table may name one page many times: read it once
      for (size_t k = 0; k < n; ++k) {
        check_deadline("DOC reading");
        uint32_t pn = u32(bte, 4 * (n + 1) + 4 * k) & 0x3FFFFF;
        if ((static_cast<uint64_t>(pn) + 1) * 512 > word.size() || !pages_read.insert(pn).second) continue;
        std::string_view page = word.substr(static_cast<size_t>(pn) * 512, 512);
        int crun = u8(page, 511);
        for (int r = 0; r < crun; ++r) {
          uint32_t b = u32(page, 4 * r), e = u32(page, 4 * (r + 1));
          size_t bx = 4 * (static_cast<size_t>(crun) + 1) + 13 * r;
          size_t off = 2 * static_cast<size_t>(u8(page, bx));
          std::string_view grpprl;
          if (off != 0 && off < 511) {
            uint8_t cb = u8(page, off);
            size_t size = cb ? 2 * static_cast<size_t>(cb) - 1 : 2 * static_cast<size_t>(u8(page, off + 1));
            size_t start = cb ? off + 1 : off + 2;
            if (start + size <= 511 && size >= 2) grpprl = page.substr(start + 2, size - 2);  // after istd
          }
          runs.push_back({b, e, grpprl});
        }
      }
      std::sort(runs.begin(), runs.end(),
                [](const PapxRun& a, const PapxRun& b) { return a.fc_begin < b.fc_begin; });
    }
    auto props_at = [&](uint32_t fc) {
      Props p;
      auto it = std::upper_bound(runs.begin(), runs.end(), fc,
                                 [](uint32_t v, const PapxRun& r) { return v < r.fc_begin; });
      if (it != runs.begin()) {
        --it;
        if (fc < it->fc_end) read_sprms(it->grpprl, p, data);
      }
      return p;
    };

    std::string para, cell;
    std::vector<std::string> cells;
    std::vector<Row> rows;
    std::vector<int> fields;  // 1: in the instruction, 2: in the result
    auto flush_table = [&]() -> std::optional<Error> {
      if (rows.empty()) return std::nullopt;
      auto block = grid_of(rows, path, limits);
      if (!block.ok()) return block.error();
      doc.blocks.push_back(std::move(block.value()));
      rows.clear();
      return std::nullopt;
    };
    for (size_t i = 0; i < chars.size(); ++i) {
      if ((i & 8191) == 0) check_deadline("DOC reading");
      char32_t c = chars[i].c;
      if (c == 0x13) {
        fields.push_back(1);
        continue;
      }
      if (c == 0x14) {
        if (!fields.empty()) fields.back() = 2;
        continue;
      }
      if (c == 0x15) {
        if (!fields.empty()) fields.pop_back();
        continue;
      }
      bool in_instruction = std::find(fields.begin(), fields.end(), 1) != fields.end();
      if (c == 0x0D || c == 0x07) {
        Props p = props_at(chars[i].fc);
        if (in_instruction && c == 0x0D) continue;
        if (p.in_table && p.itap <= 1) {
          if (c == 0x07 && p.ttp) {  // the row-end mark
            Row row;
            row.cells = std::move(cells);
            row.props = std::move(p);
            cells.clear();
            rows.push_back(std::move(row));
            if (!para.empty()) para.clear();
          } else if (c == 0x07) {  // a cell ends
            if (!cell.empty() && !para.empty()) cell += "\n";
            cell += para;
            cells.push_back(std::move(cell));
            cell.clear();
            para.clear();
          } else {  // a paragraph inside a cell
            if (!cell.empty()) cell += "\n";
            cell += para;
            para.clear();
          }
          continue;
        }
        if (p.in_table && p.itap > 1) {  // a nested table: its text into the outer cell
          if (!para.empty()) para += c == 0x07 ? " " : "\n";
          continue;
        }
        if (auto e = flush_table()) return *e;
        Block b;
        b.text = std::move(para);
        para.clear();
        b.source_line = static_cast<int64_t>(doc.blocks.size());
        doc.blocks.push_back(std::move(b));
        continue;
      }
      if (in_instruction) continue;
      switch (c) {
        case 0x0B: para += '\n'; break;
        case 0x09: para += '\t'; break;
        case 0x1E: para += '-'; break;
        case 0xA0: para += ' '; break;
        default:
          if (c >= 0x20) append_utf8(para, c);
      }
    }
    if (auto e = flush_table()) return *e;
    if (!para.empty()) {
      Block b;
      b.text = std::move(para);
      doc.blocks.push_back(std::move(b));
    }
    // Empty paragraphs carry nothing (the DOCX reader keeps them too, but they are noise here).
    std::erase_if(doc.blocks,
                  [](const Block& b) { return b.type == BlockType::paragraph && b.text.empty(); });
  } catch (const Corrupt& c) {
    return fail(ErrorCode::corrupt_file, "damaged Word document: " + c.what);
  }
  return doc;
}

}  // namespace jixiao
