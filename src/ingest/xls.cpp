// XLS reader: the Workbook stream of an Excel 97-2003 file (BIFF8), record by record.
//
// freexl (tried first) gives cell values but neither merged ranges, number formats, hidden rows
// nor a way to read from memory, so the records are read here:
//   globals: FILEPASS (encrypted: refused), DATEMODE, FORMAT, XF, BOUNDSHEET8 (name, hidden state,
//            kind), SST (with its CONTINUE records, whose string pieces restart with a flags byte);
//   each worksheet: LABELSST, LABEL, NUMBER, RK, MULRK, FORMULA (its cached result, with the
//            STRING record after it; never the formula), BOOLERR, MERGEDCELLS, ROW (hidden rows),
//            COLINFO (hidden columns).
// Numbers are shown through their XF's number format (sheet::format_number); the sheet is laid
// out as for XLSX (sheet::append_sheet). Chart, macro and hidden sheets are skipped with a warning.
// Every read is bounds-checked: a record that runs past its data is corrupt_file.
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "core/deadline.h"
#include "core/utf.h"
#include "ingest/ole2.h"
#include "ingest/sheet.h"

namespace jixiao {

namespace {

struct Corrupt {
  std::string what;
};

uint16_t u16(std::string_view d, size_t at) {
  if (at + 2 > d.size()) throw Corrupt{"a record is shorter than its fields"};
  return static_cast<uint16_t>(static_cast<unsigned char>(d[at]) | static_cast<unsigned char>(d[at + 1])
                                                                       << 8);
}
uint32_t u32(std::string_view d, size_t at) {
  return static_cast<uint32_t>(u16(d, at)) | static_cast<uint32_t>(u16(d, at + 2)) << 16;
}
// The record's bytes from `at` on.
std::string_view tail(std::string_view d, size_t at) {
  if (at > d.size()) throw Corrupt{"a record is shorter than its fields"};
  return d.substr(at);
}
double f64(std::string_view d, size_t at) {
  if (at + 8 > d.size()) throw Corrupt{"a record is shorter than its fields"};
  double v;
  std::memcpy(&v, d.data() + at, 8);
  return v;
}

// Data of a record and its CONTINUE records, read across their boundaries. Character data
// that crosses into a CONTINUE restarts with a flags byte (compressed or UTF-16).
class Pieces {
 public:
  explicit Pieces(std::vector<std::string_view> chunks) : chunks_(std::move(chunks)) {}
  bool at_end() {
    while (i_ < chunks_.size() && at_ >= chunks_[i_].size()) next();
    return i_ >= chunks_.size();
  }
  uint8_t byte() {
    if (at_end()) throw Corrupt{"a string runs past its record"};
    return static_cast<uint8_t>(chunks_[i_][at_++]);
  }
  uint16_t word() { return static_cast<uint16_t>(byte() | byte() << 8); }
  uint32_t dword() { return static_cast<uint32_t>(word()) | static_cast<uint32_t>(word()) << 16; }
  void skip(uint64_t n) {
    while (n > 0) {
      if (at_end()) throw Corrupt{"a string runs past its record"};
      uint64_t take = std::min<uint64_t>(n, chunks_[i_].size() - at_);
      at_ += take;
      n -= take;
    }
  }
  // XLUnicodeRichExtendedString (SST) or XLUnicodeString (cch already read when `cch` >= 0).
  std::string string(bool rich_allowed, int64_t cch = -1) {
    if (cch < 0) cch = word();
    uint8_t flags = byte();
    uint16_t runs = 0;
    uint32_t ext = 0;
    if (rich_allowed && (flags & 0x08)) runs = word();
    if (rich_allowed && (flags & 0x04)) ext = dword();
    bool wide = flags & 0x01;
    std::string out;
    Utf16ToUtf8 text(out);
    for (int64_t k = 0; k < cch; ++k) {
      if (i_ < chunks_.size() && at_ >= chunks_[i_].size()) {
        next();
        if (i_ >= chunks_.size()) throw Corrupt{"a string runs past its record"};
        wide = byte() & 0x01;  // the flags byte that restarts character data in a CONTINUE
      }
      const char16_t c = wide ? word() : byte();
      if (c == 0 || c == '\r')
        text.finish();  // dropped; a high surrogate before it had no pair
      else
        text.push(c);
    }
    text.finish();
    skip(4ull * runs + ext);
    return out;
  }

 private:
  void next() {
    ++i_;
    at_ = 0;
  }
  std::vector<std::string_view> chunks_;
  size_t i_ = 0, at_ = 0;
};

struct Record {
  uint16_t type;
  std::string_view data;
  size_t offset;
};

class Biff {
 public:
  explicit Biff(std::string_view s) : s_(s) {}
  void seek(size_t at) { at_ = at; }
  size_t tell() const { return at_; }
  std::optional<Record> next() {
    if (at_ + 4 > s_.size()) return std::nullopt;
    Record r{u16(s_, at_), {}, at_};
    uint16_t len = u16(s_, at_ + 2);
    if (at_ + 4 + len > s_.size()) throw Corrupt{"a record runs past the end of the Workbook stream"};
    r.data = s_.substr(at_ + 4, len);
    at_ += 4u + len;
    return r;
  }
  // The CONTINUE records right after the current position.
  std::vector<std::string_view> continues() {
    std::vector<std::string_view> out;
    while (at_ + 4 <= s_.size() && u16(s_, at_) == 0x003C) out.push_back(next()->data);
    return out;
  }

 private:
  std::string_view s_;
  size_t at_ = 0;
};

double rk_value(uint32_t rk) {
  double v;
  if (rk & 0x02) {
    v = static_cast<double>(static_cast<int32_t>(rk) >> 2);
  } else {
    uint64_t bits = static_cast<uint64_t>(rk & 0xFFFFFFFC) << 32;
    std::memcpy(&v, &bits, 8);
  }
  return (rk & 0x01) ? v / 100.0 : v;
}

struct SheetEntry {
  uint32_t offset;
  uint8_t state, kind;
  std::string name;
};

}  // namespace

Result<Document> read_xls_workbook(std::string_view workbook, const std::string& path,
                                   const ReadLimits& limits) {
  auto fail = [&](ErrorCode code, std::string message) {
    return Result<Document>(file_error(code, path, std::move(message)));
  };
  Document doc;
  try {
    Biff biff(workbook);
    auto first = biff.next();
    if (!first || first->type != 0x0809)
      return fail(ErrorCode::corrupt_file, "the Workbook stream does not start with a BIFF8 BOF record");
    if (u16(first->data, 0) != 0x0600)
      return fail(ErrorCode::unsupported_format,
                  "an Excel workbook older than Excel 97 (not BIFF8): not supported");
    std::map<int, std::string> formats;
    std::vector<int> xf_format;
    std::vector<std::string> sst;
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
    while (auto r = biff.next()) {
      if (r->type == 0x000A) break;  // EOF of the globals
      switch (r->type) {
        case 0x002F:
          return fail(ErrorCode::encrypted,
                      "password-protected Excel workbook (FILEPASS): cannot be read without its password");
        case 0x0022: date1904 = u16(r->data, 0) == 1; break;
        case 0x041E: {
          Pieces p({r->data});
          int id = p.word();
          formats[id] = p.string(false);
          break;
        }
        case 0x00E0:
          if (static_cast<int64_t>(xf_format.size()) < limits.max_table_cells)
            xf_format.push_back(u16(r->data, 2));
          break;
        case 0x0085: {
          SheetEntry s{u32(r->data, 0),
                       static_cast<uint8_t>(u16(r->data, 4) & 0xFF),
                       static_cast<uint8_t>(u16(r->data, 4) >> 8),
                       {}};
          Pieces p({tail(r->data, 6)});
          uint8_t cch = p.byte();
          s.name = p.string(false, cch);
          sheets.push_back(std::move(s));
          break;
        }
        case 0x00FC: {
          std::vector<std::string_view> chunks{r->data};
          for (auto c : biff.continues()) chunks.push_back(c);
          Pieces p(std::move(chunks));
          p.dword();
          uint32_t unique = p.dword();
          if (unique > static_cast<uint64_t>(limits.max_table_cells))
            return fail(ErrorCode::limit_exceeded,
                        "the shared string table declares " + std::to_string(unique) +
                            " strings, more than max_table_cells " + std::to_string(limits.max_table_cells));
          for (uint32_t k = 0; k < unique && !p.at_end(); ++k) sst.push_back(p.string(true));
          break;
        }
        default: break;
      }
    }
    auto format_of = [&](int xf) -> std::string {
      if (xf < 0 || xf >= static_cast<int>(xf_format.size())) return {};
      int id = xf_format[xf];
      auto it = formats.find(id);
      return it != formats.end() ? it->second : sheet::builtin_format(id);
    };
    for (const SheetEntry& entry : sheets) {
      if (entry.state != 0) {
        doc.warnings.push_back("sheet \"" + entry.name + "\" is " +
                               (entry.state == 1 ? "hidden" : "very hidden") + ": skipped");
        continue;
      }
      if (entry.kind != 0) {
        doc.warnings.push_back("sheet \"" + entry.name +
                               "\" is not a worksheet (chart or macro sheet): skipped");
        continue;
      }
      if (entry.offset >= workbook.size())
        return fail(ErrorCode::corrupt_file, "sheet \"" + entry.name + "\" points past the Workbook stream");
      biff.seek(entry.offset);
      auto bof = biff.next();
      if (!bof || bof->type != 0x0809)
        return fail(ErrorCode::corrupt_file, "sheet \"" + entry.name + "\" does not start with a BOF record");
      sheet::SheetData data;
      data.name = entry.name;
      int64_t filled = 0, records = 0;
      auto put = [&](int row, int col, std::string text) {
        if (text.empty() || row >= sheet::kMaxRows || col >= sheet::kMaxCols) return;
        if (++filled > limits.max_table_cells)
          throw Corrupt{"limit:sheet \"" + entry.name + "\" has more than max_table_cells " +
                        std::to_string(limits.max_table_cells) + " filled cells"};
        data.cells[{row, col}] = std::move(text);
      };
      auto number = [&](double v, int xf) { return sheet::format_number(v, format_of(xf), date1904); };
      int depth = 0;                         // embedded substreams (charts) inside a worksheet
      int string_row = -1, string_col = -1;  // a FORMULA whose string result follows (STRING)
      while (auto r = biff.next()) {
        if ((records++ & 4095) == 0) check_deadline("XLS reading");
        std::string_view d = r->data;
        if (r->type == 0x0809) {
          ++depth;
          continue;
        }
        if (r->type == 0x000A) {
          if (depth == 0) break;
          --depth;
          continue;
        }
        if (depth > 0) continue;
        switch (r->type) {
          case 0x00FD: {
            uint32_t isst = u32(d, 6);
            if (isst >= sst.size())
              throw Corrupt{"a cell refers to shared string " + std::to_string(isst) + " of " +
                            std::to_string(sst.size())};
            put(u16(d, 0), u16(d, 2), sst[isst]);
            break;
          }
          case 0x0204: {
            std::vector<std::string_view> chunks{tail(d, 6)};
            for (auto c : biff.continues()) chunks.push_back(c);
            Pieces p(std::move(chunks));
            put(u16(d, 0), u16(d, 2), p.string(false));
            break;
          }
          case 0x0203: put(u16(d, 0), u16(d, 2), number(f64(d, 6), u16(d, 4))); break;
          case 0x027E: put(u16(d, 0), u16(d, 2), number(rk_value(u32(d, 6)), u16(d, 4))); break;
          case 0x00BD: {
            int row = u16(d, 0), col = u16(d, 2);
            if (d.size() < 6) throw Corrupt{"a MULRK record is too short"};
            size_t n = (d.size() - 6) / 6;
            for (size_t k = 0; k < n; ++k)
              put(row, col + static_cast<int>(k), number(rk_value(u32(d, 4 + 6 * k + 2)), u16(d, 4 + 6 * k)));
            break;
          }
          case 0x0006: {
            int row = u16(d, 0), col = u16(d, 2), xf = u16(d, 4);
            if (d.size() < 14) throw Corrupt{"a FORMULA record is too short"};
            if (u16(d, 12) == 0xFFFF) {
              uint8_t kind = static_cast<uint8_t>(d[6]);
              if (kind == 0) {
                string_row = row;
                string_col = col;
              } else if (kind == 1)
                put(row, col, d[8] ? "TRUE" : "FALSE");
              else if (kind == 2)
                put(row, col, "#ERROR");
            } else {
              put(row, col, number(f64(d, 6), xf));
            }
            break;
          }
          case 0x0207: {
            if (string_row < 0) break;
            std::vector<std::string_view> chunks{d};
            for (auto c : biff.continues()) chunks.push_back(c);
            Pieces p(std::move(chunks));
            put(string_row, string_col, p.string(false));
            string_row = string_col = -1;
            break;
          }
          case 0x0205: {
            if (d.size() < 8) throw Corrupt{"a BOOLERR record is too short"};
            bool error = d[7] != 0;
            put(u16(d, 0), u16(d, 2), error ? "#ERROR" : (d[6] ? "TRUE" : "FALSE"));
            break;
          }
          case 0x00E5: {
            int n = u16(d, 0);
            for (int k = 0; k < n; ++k) {
              int r0 = u16(d, 2 + 8 * k), r1 = u16(d, 4 + 8 * k), c0 = u16(d, 6 + 8 * k),
                  c1 = u16(d, 8 + 8 * k);
              if (r1 < r0 || c1 < c0) continue;
              data.merges.push_back({r0, c0, r1 - r0 + 1, c1 - c0 + 1});
            }
            break;
          }
          case 0x0208:
            if (u32(d, 12) & 0x20) data.hidden_rows.insert(u16(d, 0));
            break;
          case 0x007D:
            if (u16(d, 8) & 0x01)
              for (int c = u16(d, 0); c <= std::min<int>(u16(d, 2), sheet::kMaxCols - 1); ++c)
                data.hidden_cols.insert(c);
            break;
          default: break;
        }
      }
      int hidden_rows_with_text = 0;
      std::set<int> seen;
      for (const auto& [pos, text] : data.cells)
        if (data.hidden_rows.count(pos.first) && seen.insert(pos.first).second) ++hidden_rows_with_text;
      if (hidden_rows_with_text)
        doc.warnings.push_back("sheet \"" + entry.name + "\": " + std::to_string(hidden_rows_with_text) +
                               " hidden row(s) with text skipped");
      std::set<int> cols_seen;
      for (const auto& [pos, text] : data.cells)
        if (data.hidden_cols.count(pos.second)) cols_seen.insert(pos.second);
      if (!cols_seen.empty())
        doc.warnings.push_back("sheet \"" + entry.name + "\": " + std::to_string(cols_seen.size()) +
                               " hidden column(s) with text skipped");
      auto appended = sheet::append_sheet(data, limits, doc);
      if (!appended.ok()) return fail(appended.error().code, appended.error().message);
    }
  } catch (const Corrupt& c) {
    if (c.what.starts_with("limit:")) return fail(ErrorCode::limit_exceeded, c.what.substr(6));
    return fail(ErrorCode::corrupt_file, "damaged Excel workbook: " + c.what);
  }
  return doc;
}

}  // namespace jixiao
