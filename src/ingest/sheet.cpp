#include "ingest/sheet.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "core/deadline.h"
#include "core/utf.h"

namespace jixiao::sheet {

namespace {

Error limit(const std::string& what, int64_t limit_value) {
  Error e;
  e.code = ErrorCode::limit_exceeded;
  e.message = what + ", more than max_table_cells " + std::to_string(limit_value);
  return e;
}

// Splits a format code at unquoted, unescaped ';'.
std::vector<std::string> sections(std::string_view code) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\\' && i + 1 < code.size()) {
      out.back() += code.substr(i, 2);
      ++i;
      continue;
    }
    if (!quoted && c == ';') {
      out.emplace_back();
      continue;
    }
    out.back() += c;
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string two(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// A date/time section: y m d h s tokens (m after h or before s is minutes), literals kept.
std::string format_date(double value, std::string_view section, bool date1904) {
  if (!(value >= 0) || value > 2958465.0) return general_number(value);  // beyond 9999-12-31
  double whole = std::floor(value);
  int64_t serial = static_cast<int64_t>(whole);
  int64_t secs = static_cast<int64_t>(std::llround((value - whole) * 86400.0));
  if (secs >= 86400) {
    secs -= 86400;
    ++serial;
  }
  int64_t days;
  if (date1904)
    days = serial - 24107;  // 1904-01-01 is 1970-01-01 minus 24107 days
  else
    days = serial - 25569 + (serial < 60 ? 1 : 0);  // Excel's 1900-02-29 that never was
  int y, mo, d;
  civil_from_days(days, y, mo, d);
  int h = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
      s = static_cast<int>(secs % 60);
  std::string out;
  bool last_was_hour = false;
  for (size_t i = 0; i < section.size();) {
    char c = section[i];
    char lc = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    size_t n = 1;
    while (i + n < section.size() && std::tolower(static_cast<unsigned char>(section[i + n])) == lc &&
           std::strchr("ymdhs", lc))
      ++n;
    if (c == '"') {
      size_t end = section.find('"', i + 1);
      if (end == std::string_view::npos) end = section.size();
      out += section.substr(i + 1, end - i - 1);
      i = end + 1;
      continue;
    }
    if (c == '\\' && i + 1 < section.size()) {
      out += section[i + 1];
      i += 2;
      continue;
    }
    if (c == '[') {  // [h] elapsed hours, [$-804] locale: locale dropped
      size_t end = section.find(']', i);
      if (end == std::string_view::npos) end = section.size() - 1;
      i = end + 1;
      continue;
    }
    if (c == '_' || c == '*') {
      i += 2;
      continue;
    }
    switch (lc) {
      case 'y': out += n <= 2 ? two(y % 100) : std::to_string(y); break;
      case 'd': out += n == 1 ? std::to_string(d) : two(d); break;
      case 'h': out += n == 1 ? std::to_string(h) : two(h); break;
      case 's': out += n == 1 ? std::to_string(s) : two(s); break;
      case 'm': {
        bool minutes = last_was_hour;
        if (!minutes) {  // a following s (":ss") also makes it minutes
          size_t j = i + n;
          while (j < section.size() && std::strchr(":. ", section[j])) ++j;
          minutes = j < section.size() && (section[j] == 's' || section[j] == 'S');
        }
        if (minutes)
          out += n == 1 ? std::to_string(mi) : two(mi);
        else
          out += n == 1 ? std::to_string(mo) : two(mo);
        break;
      }
      default: out.append(section.substr(i, n));
    }
    if (std::strchr("ymdhs", lc)) last_was_hour = lc == 'h';
    i += n;
  }
  return out;
}

bool is_date_section(std::string_view section) {
  bool quoted = false;
  for (size_t i = 0; i < section.size(); ++i) {
    char c = section[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\\' || c == '_' || c == '*') {
      ++i;
      continue;
    }
    if (c == '[') {
      size_t end = section.find(']', i);
      if (end == std::string_view::npos) return false;
      i = end;
      continue;
    }
    if (std::strchr("yYdDhHsS", c)) return true;
    if ((c == 'm' || c == 'M')) return true;
  }
  return false;
}

std::string with_thousands(const std::string& digits) {
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[i];
    int left = n - 1 - i;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

// A number section: literals around one number placeholder run (0 # ? , .), percent, E.
std::string format_numeric(double value, std::string_view section) {
  std::string prefix, suffix, pattern;
  bool in_number = false, number_done = false, percent = false;
  auto literal = [&](std::string_view s) {
    (in_number || number_done ? suffix : prefix) += s;
    if (in_number) {
      in_number = false;
      number_done = true;
    }
  };
  for (size_t i = 0; i < section.size(); ++i) {
    char c = section[i];
    if (c == '"') {
      size_t end = section.find('"', i + 1);
      if (end == std::string_view::npos) end = section.size();
      literal(section.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '\\' && i + 1 < section.size()) {
      // one escaped character, which may be a multi-byte UTF-8 sequence
      size_t len = 1;
      while (i + 1 + len < section.size() &&
             (static_cast<unsigned char>(section[i + 1 + len]) & 0xC0) == 0x80)
        ++len;
      literal(section.substr(i + 1, len));
      i += len;
    } else if (c == '[') {
      size_t end = section.find(']', i);
      if (end == std::string_view::npos) end = section.size() - 1;
      std::string_view inner = section.substr(i + 1, end - i - 1);
      if (inner.starts_with("$")) {  // [$¥-804]: the currency symbol before '-'
        std::string_view symbol = inner.substr(
            1, inner.find('-') == std::string_view::npos ? inner.size() - 1 : inner.find('-') - 1);
        literal(symbol);
      }
      i = end;
    } else if (c == '_' || c == '*') {
      if (c == '_') literal(" ");
      ++i;
    } else if ((c == '0' || c == '#' || c == '?' || c == '.' || c == ',') && !number_done) {
      in_number = true;
      pattern += c;
    } else if ((c == 'E' || c == 'e') && in_number && i + 1 < section.size() &&
               (section[i + 1] == '+' || section[i + 1] == '-')) {
      return general_number(value);  // scientific: General is close enough for our figures
    } else if (c == '%') {
      percent = true;
      literal("%");
    } else if (c == '@') {
      literal(general_number(value));
    } else if (c == '/' && in_number) {
      return general_number(value);  // fractions
    } else {
      literal(std::string_view(&section[i], 1));
    }
  }
  if (percent) value *= 100.0;
  if (pattern.empty()) return prefix + suffix;
  // Trailing commas scale by 1000 each.
  while (!pattern.empty() && pattern.back() == ',') {
    value /= 1000.0;
    pattern.pop_back();
  }
  size_t dot = pattern.find('.');
  std::string int_part = pattern.substr(0, dot);
  std::string frac_part = dot == std::string::npos ? "" : pattern.substr(dot + 1);
  bool thousands = int_part.find(',') != std::string::npos;
  int min_int = static_cast<int>(std::count(int_part.begin(), int_part.end(), '0'));
  int frac_zero = static_cast<int>(std::count(frac_part.begin(), frac_part.end(), '0'));
  int frac_all = static_cast<int>(std::count_if(frac_part.begin(), frac_part.end(),
                                                [](char c) { return c == '0' || c == '#' || c == '?'; }));
  if (!std::isfinite(value) || std::fabs(value) >= 1e15) return prefix + general_number(value) + suffix;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", frac_all, std::fabs(value));
  std::string text = buf;
  std::string ip = text.substr(0, text.find('.'));
  std::string fp = text.find('.') == std::string::npos ? "" : text.substr(text.find('.') + 1);
  while (static_cast<int>(fp.size()) > frac_zero && !fp.empty() && fp.back() == '0') fp.pop_back();
  if (ip == "0" && min_int == 0) ip.clear();
  while (static_cast<int>(ip.size()) < min_int) ip.insert(ip.begin(), '0');
  if (thousands) ip = with_thousands(ip);
  std::string number = ip;
  if (!fp.empty() || frac_part.find('0') != std::string::npos) number += "." + fp;
  return prefix + number + suffix;
}

}  // namespace

std::string general_number(double value) {
  if (!std::isfinite(value)) return "#NUM!";
  if (value == 0) return "0";
  char buf[64];
  double a = std::fabs(value);
  if (a >= 1e11 || a < 1e-9) {
    std::snprintf(buf, sizeof buf, "%.5E", value);
    // 1.23000E+12 -> 1.23E+12
    std::string s = buf;
    size_t e = s.find('E');
    std::string mant = s.substr(0, e);
    while (mant.size() > 1 && mant.back() == '0') mant.pop_back();
    if (!mant.empty() && mant.back() == '.') mant.pop_back();
    return mant + s.substr(e);
  }
  // 11 significant digits at most, as Excel's General in a default-width column.
  int int_digits = a >= 1 ? static_cast<int>(std::floor(std::log10(a))) + 1 : 1;
  int decimals = std::max(0, 10 - int_digits);
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string builtin_format(int id) {
  switch (id) {
    case 1: return "0";
    case 2: return "0.00";
    case 3: return "#,##0";
    case 4: return "#,##0.00";
    case 5: return "\"¥\"#,##0;\"¥\"-#,##0";
    case 6: return "\"¥\"#,##0;[Red]\"¥\"-#,##0";
    case 7: return "\"¥\"#,##0.00;\"¥\"-#,##0.00";
    case 8: return "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 12: return "# ?/?";
    case 13: return "# ?\?/??";
    case 14: return "yyyy/m/d";
    case 15: return "d-mmm-yy";
    case 16: return "d-mmm";
    case 17: return "mmm-yy";
    case 18: return "h:mm AM/PM";
    case 19: return "h:mm:ss AM/PM";
    case 20: return "h:mm";
    case 21: return "h:mm:ss";
    case 22: return "yyyy/m/d h:mm";
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 32:
    case 33:
    case 34:
    case 35:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55:
    case 56:
    case 57:
    case 58:
      return id == 32 || id == 33 || id == 34 || id == 35 || id == 55 || id == 56
                 ? "h\"时\"mm\"分\""
                 : "yyyy\"年\"m\"月\"d\"日\"";
    case 37: return "#,##0 ;(#,##0)";
    case 38: return "#,##0 ;[Red](#,##0)";
    case 39: return "#,##0.00;(#,##0.00)";
    case 40: return "#,##0.00;[Red](#,##0.00)";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mm:ss.0";
    case 48: return "##0.0E+0";
    case 49: return "@";
    default: return "";
  }
}

std::string format_number(double value, std::string_view format_code, bool date1904) {
  if (format_code.empty() || lower(format_code) == "general") return general_number(value);
  std::vector<std::string> parts = sections(format_code);
  std::string section;
  bool negative_section = false;
  if (value < 0 && parts.size() >= 2) {
    section = parts[1];
    negative_section = true;
  } else if (value == 0 && parts.size() >= 3) {
    section = parts[2];
  } else {
    section = parts[0];
  }
  if (section.find('[') != std::string::npos) {
    std::string l = lower(section);
    if (l.find("[<") != std::string::npos || l.find("[>") != std::string::npos ||
        l.find("[=") != std::string::npos)
      return general_number(value);  // conditional sections: not read
  }
  if (lower(section) == "general") return (negative_section ? general_number(-value) : general_number(value));
  if (is_date_section(section)) return format_date(value, section, date1904);
  double shown = negative_section ? -value : value;
  std::string text = format_numeric(std::fabs(shown), section);
  bool has_digit_placeholder = section.find_first_of("0#?") != std::string::npos;
  if (shown < 0 && has_digit_placeholder) {
    // "-0.00" for a value that rounds to zero is shown by Excel too; keep it simple: sign first.
    text = "-" + text;
  }
  return text;
}

bool parse_cell_ref(std::string_view ref, int& row, int& col) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t c = 0;
  size_t letters = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    c = c * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (c > kMaxCols) return false;
    ++i;
    ++letters;
  }
  if (letters == 0) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t r = 0;
  size_t digits = 0;
  while (i < ref.size() && ref[i] >= '0' && ref[i] <= '9') {
    r = r * 10 + (ref[i] - '0');
    if (r > kMaxRows) return false;
    ++i;
    ++digits;
  }
  if (digits == 0 || r == 0 || i != ref.size()) return false;
  row = static_cast<int>(r - 1);
  col = static_cast<int>(c - 1);
  return true;
}

Result<bool> append_sheet(const SheetData& sheet, const ReadLimits& limits, Document& doc) {
  const int64_t max_cells = std::max<int64_t>(limits.max_table_cells, 1);
  if (static_cast<int64_t>(sheet.cells.size()) > max_cells)
    return limit("sheet \"" + sheet.name + "\" has " + std::to_string(sheet.cells.size()) + " filled cells",
                 limits.max_table_cells);
  auto visible = [&](int r, int c) { return !sheet.hidden_rows.count(r) && !sheet.hidden_cols.count(c); };
  // The filled cells' texts; a merged range keeps its top-left text once, with the columns it
  // covers in each of its rows (`spans`: row -> first column -> {end column, merge}), so that a
  // range costs work per row, not per cell, until the grid itself is filled.
  std::map<std::pair<int, int>, std::string> text;
  for (const auto& [pos, value] : sheet.cells)
    if (!value.empty()) text[pos] = valid_utf8(value);
  struct Span {
    int end;  // one past the last column
    size_t merge;
  };
  std::map<int, std::map<int, Span>> spans;
  std::vector<Merge> merges;
  std::vector<std::string> merge_text;
  auto span_at = [&](int r, int c) -> const Span* {
    auto row = spans.find(r);
    if (row == spans.end()) return nullptr;
    auto it = row->second.upper_bound(c);
    if (it == row->second.begin()) return nullptr;
    --it;
    return c < it->second.end ? &it->second : nullptr;
  };
  int64_t merged_area = 0;
  for (const Merge& m : sheet.merges) {
    check_deadline("sheet layout");
    if (m.row < 0 || m.col < 0 || m.rows < 1 || m.cols < 1 || m.row + m.rows > kMaxRows ||
        m.col + m.cols > kMaxCols)
      continue;
    if (m.rows * static_cast<int64_t>(m.cols) == 1) continue;
    merged_area += m.rows * static_cast<int64_t>(m.cols);
    if (merged_area > max_cells)
      return limit(
          "sheet \"" + sheet.name + "\" has merged ranges covering " + std::to_string(merged_area) + " cells",
          limits.max_table_cells);
    auto top_left = text.find({m.row, m.col});
    if (top_left == text.end()) continue;
    // Accepted ranges never overlap, so in each row only the range starting last before this
    // one's end can reach into it.
    bool overlaps = false;
    for (int r = m.row; r < m.row + m.rows && !overlaps; ++r) {
      auto row = spans.find(r);
      if (row == spans.end()) continue;
      auto it = row->second.lower_bound(m.col + m.cols);
      overlaps = it != row->second.begin() && std::prev(it)->second.end > m.col;
    }
    if (overlaps) continue;  // a broken file: the first range wins
    for (int r = m.row; r < m.row + m.rows; ++r) spans[r][m.col] = Span{m.col + m.cols, merges.size()};
    merges.push_back(m);
    merge_text.push_back(top_left->second);
  }
  // The text at a visible position: its own, or its merged range's top-left text.
  auto text_at = [&](int r, int c) -> const std::string* {
    if (const Span* span = span_at(r, c)) return &merge_text[span->merge];
    auto it = text.find({r, c});
    return it == text.end() ? nullptr : &it->second;
  };

  // Rows in order, each with its filled visible columns (a merged range's columns included).
  std::map<int, std::vector<int>> rows;
  for (const auto& [pos, value] : text)
    if (visible(pos.first, pos.second) && !span_at(pos.first, pos.second))
      rows[pos.first].push_back(pos.second);
  for (const Merge& m : merges)  // their area is held to max_table_cells above
    for (int r = m.row; r < m.row + m.rows; ++r) {
      if (sheet.hidden_rows.count(r)) continue;
      std::vector<int>& cols = rows[r];
      for (int c = m.col; c < m.col + m.cols; ++c)
        if (!sheet.hidden_cols.count(c)) cols.push_back(c);
    }
  int64_t positions = 0;
  for (auto it = rows.begin(); it != rows.end();) {
    std::sort(it->second.begin(), it->second.end());
    positions += static_cast<int64_t>(it->second.size());
    it = it->second.empty() ? rows.erase(it) : std::next(it);
  }
  if (positions > max_cells)
    return limit("sheet \"" + sheet.name + "\" has " + std::to_string(positions) + " cells after merging",
                 limits.max_table_cells);

  Block name;
  name.part = BlockPart::header;
  name.style = "sheet";
  name.text = valid_utf8(sheet.name);
  doc.blocks.push_back(std::move(name));

  std::vector<std::vector<int>> segments;  // row indexes
  int previous = -1;
  for (const auto& [r, cols] : rows) {
    bool gap = segments.empty();
    if (!gap) {
      // A blank visible row between the two cuts the sheet; hidden rows do not.
      auto first_hidden = sheet.hidden_rows.upper_bound(previous);
      auto last_hidden = sheet.hidden_rows.lower_bound(r);
      int64_t hidden_between = std::distance(first_hidden, last_hidden);
      gap = r - previous - 1 > hidden_between;
    }
    if (gap) segments.emplace_back();
    segments.back().push_back(r);
    previous = r;
  }

  // One text only: one filled cell, or all filled cells inside one merged range.
  auto single_text = [&](int r) {
    const std::vector<int>& cols = rows[r];
    if (cols.size() == 1) return true;
    const Span* first = span_at(r, cols.front());
    return first && span_at(r, cols.back()) == first;  // a range's columns are contiguous in `cols`
  };
  auto paragraph = [&](int r) {
    Block b;
    b.text = *text_at(r, rows[r].front());
    b.source_line = r + 1;
    doc.blocks.push_back(std::move(b));
  };

  // Each range in the segment of its first visible row (its rows are all filled, so one segment).
  std::map<int, size_t> segment_of_row;
  for (size_t i = 0; i < segments.size(); ++i) segment_of_row[segments[i].front()] = i;
  std::vector<std::vector<size_t>> segment_merges(segments.size());
  for (size_t k = 0; k < merges.size(); ++k) {
    auto first = rows.lower_bound(merges[k].row);
    if (first == rows.end() || first->first >= merges[k].row + merges[k].rows) continue;
    auto seg = segment_of_row.upper_bound(first->first);
    segment_merges[std::prev(seg)->second].push_back(k);
  }

  for (size_t s = 0; s < segments.size(); ++s) {
    const std::vector<int>& seg = segments[s];
    size_t begin = 0, end = seg.size();
    while (begin < end && single_text(seg[begin])) ++begin;
    if (begin == end) {  // all single texts: paragraphs
      for (int r : seg) paragraph(r);
      continue;
    }
    while (end > begin && single_text(seg[end - 1])) --end;
    for (size_t i = 0; i < begin; ++i) paragraph(seg[i]);
    std::vector<int> cols;  // the columns filled in any row of the table
    for (size_t i = begin; i < end; ++i) cols.insert(cols.end(), rows[seg[i]].begin(), rows[seg[i]].end());
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    int64_t area = static_cast<int64_t>(end - begin) * static_cast<int64_t>(cols.size());
    if (area > max_cells)
      return limit("a table of sheet \"" + sheet.name + "\" has " + std::to_string(end - begin) + " x " +
                       std::to_string(cols.size()) + " positions",
                   limits.max_table_cells);
    Block b;
    b.type = BlockType::table;
    b.source_line = seg[begin] + 1;
    Table& t = b.table;
    std::map<int, int> row_index;
    auto col_index = [&](int c) {
      return static_cast<int>(std::lower_bound(cols.begin(), cols.end(), c) - cols.begin());
    };
    for (size_t i = begin; i < end; ++i) {
      check_deadline("sheet layout");
      row_index[seg[i]] = static_cast<int>(i - begin);
      std::vector<std::string> row(cols.size());
      for (int c : rows[seg[i]]) row[col_index(c)] = *text_at(seg[i], c);
      t.rows.push_back(std::move(row));
    }
    // Merged ranges over the rows and columns kept.
    for (size_t k : segment_merges[s]) {
      const Merge& m = merges[k];
      auto first = row_index.lower_bound(m.row);
      if (first == row_index.end() || first->first >= m.row + m.rows) continue;
      auto last = std::prev(row_index.lower_bound(m.row + m.rows));
      int c0 = col_index(m.col), c1 = col_index(m.col + m.cols) - 1;
      if (c1 < c0) continue;
      Merge kept{first->second, c0, last->second - first->second + 1, c1 - c0 + 1};
      if (kept.rows * kept.cols > 1) t.merged.push_back(kept);
    }
    std::sort(t.merged.begin(), t.merged.end(),
              [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
    doc.blocks.push_back(std::move(b));
    for (size_t i = end; i < seg.size(); ++i) paragraph(seg[i]);
  }
  return true;
}

}  // namespace jixiao::sheet
