#include "core/location.h"

#include <algorithm>

#include "core/utf.h"

namespace jixiao {
namespace {

// Table and paragraph ordinals of every block, counted over the body (0 elsewhere).
struct Ordinals {
  std::vector<int> number;
};

Ordinals ordinals(const Document& doc) {
  Ordinals o;
  o.number.assign(doc.blocks.size(), 0);
  int tables = 0, paragraphs = 0;
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    if (b.part != BlockPart::body) continue;
    o.number[i] = b.type == BlockType::table ? ++tables : ++paragraphs;
    if (auto joined = doc.continued_at.find(static_cast<int>(i)); joined != doc.continued_at.end())
      tables += static_cast<int>(joined->second.size());
  }
  return o;
}

const std::string* raw_text(const Span& span, const Document& doc) {
  if (span.block < 0 || span.block >= static_cast<int>(doc.blocks.size())) return nullptr;
  const Block& b = doc.blocks[span.block];
  if (b.type == BlockType::paragraph) return span.row < 0 ? &b.text : nullptr;
  if (span.row < 0 || span.row >= b.table.row_count() || span.col < 0 || span.col >= b.table.col_count())
    return nullptr;
  return &b.table.rows[span.row][span.col];
}

int newlines_before(const std::string& text, int code_points) {
  if (text.find('\n') == std::string::npos) return 0;
  std::u32string t = to_u32(text);
  size_t end = std::min<size_t>(static_cast<size_t>(std::max(code_points, 0)), t.size());
  return static_cast<int>(std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(end), U'\n'));
}

Location locate_with(const Span& span, const Document& doc, const Ordinals& o) {
  Location loc;
  const std::string* text = raw_text(span, doc);
  if (!text) return loc;
  const Block& b = doc.blocks[span.block];
  bool is_text = doc.format == "text";
  if (b.type == BlockType::table) {
    // A table joined from several of the source: the one the row came from, and its row there.
    static const std::vector<int> kWhole;
    const auto joined = doc.continued_at.find(span.block);
    const std::vector<int>& joins = joined == doc.continued_at.end() ? kWhole : joined->second;
    const auto after = std::upper_bound(joins.begin(), joins.end(), span.row);
    const int part = static_cast<int>(after - joins.begin());
    loc.table = o.number[span.block] == 0 ? 0 : o.number[span.block] + part;
    loc.row = span.row - (part == 0 ? 0 : joins[static_cast<size_t>(part - 1)]) + 1;
    loc.col = span.col + 1;
    if (is_text && span.row < static_cast<int>(b.table.lines.size()) &&
        span.col < static_cast<int>(b.table.lines[span.row].size()) && b.table.lines[span.row][span.col] > 0)
      loc.line = b.table.lines[span.row][span.col] + newlines_before(*text, span.start);
    if (loc.table == 0) loc = Location{};  // a table outside the body: no printed number
  } else if (is_text) {
    if (b.source_line > 0) loc.line = static_cast<int>(b.source_line) + newlines_before(*text, span.start);
  } else {
    loc.paragraph = o.number[span.block];
  }
  return loc;
}

std::string slice(const std::string& text, int start, int end) {
  std::u32string t = to_u32(text);
  size_t s = std::min<size_t>(static_cast<size_t>(std::max(start, 0)), t.size());
  size_t e = end < 0 ? t.size() : std::min<size_t>(static_cast<size_t>(end), t.size());
  if (e < s) e = s;
  return to_utf8(std::u32string_view(t).substr(s, e - s));
}

}  // namespace

const std::string* span_raw_text(const Span& span, const Document& doc) {
  return raw_text(span, doc);
}

std::vector<int> block_numbers(const Document& doc) {
  return ordinals(doc).number;
}

Location locate_span(const Span& span, const Document& doc) {
  return locate_with(span, doc, ordinals(doc));
}

std::string span_source_text(const Span& span, const Document& doc) {
  const std::string* text = raw_text(span, doc);
  if (!text) return {};
  if (span.end_block < 0 || span.end_block == span.block) return slice(*text, span.start, span.end);
  // A sentence rejoined across blocks: the rest of the first block, then the start of the last.
  Span last = span;
  last.block = span.end_block;
  last.row = last.col = -1;
  const std::string* tail = raw_text(last, doc);
  std::string out = slice(*text, span.start, -1);
  if (tail) out += slice(*tail, 0, span.end);
  return out;
}

void locate(DocumentRecord& record, const Document& doc) {
  Ordinals o = ordinals(doc);
  auto fill = [&](Span& s) { s.location = locate_with(s, doc, o); };
  for (Report& r : record.reports) {
    for (Figure& f : r.figures) fill(f.span);
    for (Indicator& i : r.indicators) {
      fill(i.span);
      fill(i.weight_span);
      fill(i.score_span);
    }
    for (Mention& m : r.mentions) fill(m.span);
  }
  for (Finding& f : record.findings) {
    for (Evidence& e : f.evidence) {
      fill(e.span);
      e.source_text = span_source_text(e.span, doc);
    }
  }
}

std::string location_label(const Location& l) {
  std::string out;
  if (l.table > 0) {
    out = "表" + std::to_string(l.table) + " 第" + std::to_string(l.row) + "行 第" + std::to_string(l.col) + "列";
    if (l.line > 0) out += "（第" + std::to_string(l.line) + "行）";
    return out;
  }
  if (l.paragraph > 0) return "第" + std::to_string(l.paragraph) + "段";
  if (l.line > 0) return "第" + std::to_string(l.line) + "行";
  return out;
}

}  // namespace jixiao
