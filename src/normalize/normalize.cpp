// Normalization: see normalize.h for the contract. Choices made here:
//
// - NFKC is applied chunk by chunk (a chunk ends before every code point that has a
//   normalization boundary before it), so every output code point knows the raw code point
//   its chunk started at. ASCII and inert characters skip ICU entirely.
// - Punctuation: NFKC turns the full-width （）,：；！？ into ASCII. In CJK context we turn them
//   back into the full-width forms （ ） ， ： ； ！ ？, so "(一)" and "（一）" read the same, while
//   "1,234.5", "1:30" and ASCII text keep their ASCII forms. A bracket pair is full-width when
//   it encloses CJK or stands next to CJK on either side ("(1)数量指标" -> "（1）数量指标").
// - Whitespace: every kind becomes one space; a space survives only between two non-CJK
//   characters ("2 3", "APP version 2"); line breaks (cells, w:br) stay as one "\n".
// - Zero-width characters (U+200B-U+200D, U+2060, U+FEFF), soft hyphens and control characters
//   are dropped; "[bookmark: ...]" markers written by DOCX converters are removed.
#include "normalize/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "core/deadline.h"
#include "core/utf.h"

namespace jixiao {
namespace {

struct Char {
  char32_t c;
  SourcePos pos;
};

bool is_cjk_punct(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0x201C || c == 0x201D ||
         c == 0x2018 || c == 0x2019 || c == 0x2014 || c == 0x2026 || c == 0x00B7;
}

// CJK for the purposes of spacing and punctuation: ideographs and CJK punctuation.
bool is_cjkish(char32_t c) {
  return is_cjk(c) || is_cjk_punct(c);
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x0B || c == 0x0C || c == 0x00A0 || c == 0x3000 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F;
}

bool is_dropped(char32_t c) {
  if (c == '\n') return false;
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD ||
         (c < 0x20 && c != '\t') || (c >= 0x7F && c < 0xA0);
}

bool is_line_break(char32_t c) {
  return c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85;
}

bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}

// "[bookmark: _GoBack]" and its kin; returns the length of the marker at `i`, or 0.
size_t marker_length(const std::u32string& s, size_t i) {
  static const std::u32string kPrefix = U"[bookmark:";
  if (s.compare(i, kPrefix.size(), kPrefix) != 0) return 0;
  size_t close = s.find(U']', i + kPrefix.size());
  if (close == std::u32string::npos || close - i > 200) return 0;
  return close + 1 - i;
}

const icu::Normalizer2* nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return instance;
}

// Step 1: NFKC per chunk, whitespace unified, junk dropped. Output keeps raw positions.
// Characters that start a normalization segment whatever stood before them (printable ASCII), or
// are also left alone whatever follows (the CJK Unified Ideographs): most of a report, answered
// without asking ICU per character. tests/normalize_test.cpp holds both to ICU's own answers.
inline bool boundary_before(char32_t c) {
  return (c >= 0x20 && c < 0x7F) || (c >= 0x4E00 && c <= 0x9FFF);
}
inline bool inert_ideograph(char32_t c) {
  return c >= 0x4E00 && c <= 0x9FFF;
}

void nfkc_with_positions(const std::u32string& raw, int block, std::vector<Char>& out) {
  const icu::Normalizer2* norm = nfkc();
  icu::UnicodeString chunk, normalized;
  size_t i = 0;
  auto emit = [&](char32_t c, int32_t offset) {
    if (is_line_break(c)) c = '\n';
    if (is_dropped(c)) return;
    if (is_space(c)) c = ' ';
    out.push_back(Char{c, SourcePos{block, offset}});
  };
  size_t steps = 0;
  while (i < raw.size()) {
    // One paragraph can be megabytes long: the file's time budget holds inside it too.
    if ((++steps & 4095) == 0) check_deadline("normalization");
    if (size_t skip = marker_length(raw, i)) {
      i += skip;
      continue;
    }
    char32_t c = raw[i];
    size_t j = i + 1;
    while (j < raw.size() && norm && !boundary_before(raw[j]) &&
           !norm->hasBoundaryBefore(static_cast<UChar32>(raw[j])))
      ++j;
    auto offset = static_cast<int32_t>(i);
    if (j == i + 1 && (c < 0x80 || inert_ideograph(c) || !norm || norm->isInert(static_cast<UChar32>(c)))) {
      emit(c, offset);
    } else {
      chunk.remove();
      for (size_t k = i; k < j; ++k) chunk.append(static_cast<UChar32>(raw[k]));
      UErrorCode status = U_ZERO_ERROR;
      norm->normalize(chunk, normalized, status);
      if (U_FAILURE(status)) normalized = chunk;
      // One output per input when the lengths agree (keeps offsets exact), else all at the start.
      int32_t produced = normalized.countChar32();
      bool one_to_one = produced == static_cast<int32_t>(j - i);
      int32_t n = 0;
      for (int32_t k = 0; k < normalized.length(); ++n) {
        UChar32 out_c = normalized.char32At(k);
        emit(static_cast<char32_t>(out_c), one_to_one ? offset + n : offset);
        k += U16_LENGTH(out_c);
      }
    }
    i = j;
  }
}

// Nearest non-space neighbour, or 0.
char32_t neighbour(const std::vector<Char>& s, size_t i, int dir) {
  for (auto k = static_cast<std::ptrdiff_t>(i) + dir; k >= 0 && k < static_cast<std::ptrdiff_t>(s.size());
       k += dir) {
    char32_t c = s[static_cast<size_t>(k)].c;
    if (c != ' ') return c;
  }
  return 0;
}

char32_t fullwidth(char32_t c) {
  switch (c) {
    case '(': return U'（';
    case ')': return U'）';
    case ',': return U'，';
    case ':': return U'：';
    case ';': return U'；';
    case '!': return U'！';
    case '?': return U'？';
  }
  return c;
}

// Step 2: ASCII ( ) , : ; ! ? in CJK context back to their full-width forms.
void fullwidth_punctuation(std::vector<Char>& s) {
  // Most cells and many paragraphs hold none of these: nothing to pair or look around.
  if (std::none_of(s.begin(), s.end(), [](const Char& ch) {
        const char32_t c = ch.c;
        return c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?';
      }))
    return;
  std::vector<size_t> open;
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].c == '(') open.push_back(i);
    if (s[i].c == ')' && !open.empty()) {
      pairs.emplace_back(open.back(), i);
      open.pop_back();
    }
  }
  std::vector<bool> paired(s.size(), false);
  for (auto [l, r] : pairs) {
    paired[l] = paired[r] = true;
    bool cjk = is_cjkish(neighbour(s, l, -1)) || is_cjkish(neighbour(s, r, +1));
    for (size_t k = l + 1; k < r && !cjk; ++k) cjk = is_cjk(s[k].c);
    if (cjk) {
      s[l].c = U'（';
      s[r].c = U'）';
    }
  }
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i].c;
    bool candidate =
        c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || ((c == '(' || c == ')') && !paired[i]);
    if (!candidate) continue;
    char32_t before = neighbour(s, i, -1), after = neighbour(s, i, +1);
    if ((c == ',' || c == ':') && is_digit(before) && is_digit(after)) continue;  // 1,234 and 1:30
    if (is_cjkish(before) || is_cjkish(after)) s[i].c = fullwidth(c);
  }
}

// Step 3: collapse whitespace; spaces survive only between two non-CJK characters.
NormalizedText collapse(const std::vector<Char>& s) {
  NormalizedText out;
  out.text.reserve(s.size());
  out.pos.reserve(s.size() + 1);
  size_t i = 0;
  while (i < s.size()) {
    if (s[i].c != ' ' && s[i].c != '\n') {
      out.text.push_back(s[i].c);
      out.pos.push_back(s[i].pos);
      ++i;
      continue;
    }
    size_t j = i;
    bool newline = false;
    size_t newline_at = i;
    for (; j < s.size() && (s[j].c == ' ' || s[j].c == '\n'); ++j) {
      if (s[j].c == '\n' && !newline) {
        newline = true;
        newline_at = j;
      }
    }
    bool at_start = out.text.empty(), at_end = j == s.size();
    if (!at_start && !at_end) {
      if (newline) {
        out.text.push_back('\n');
        out.pos.push_back(s[newline_at].pos);
      } else if (!is_cjkish(out.text.back()) && !is_cjkish(s[j].c)) {
        out.text.push_back(' ');
        out.pos.push_back(s[i].pos);
      }
    }
    i = j;
  }
  // The end sentinel: just after the last character kept.
  SourcePos end = out.pos.empty() ? SourcePos{s.empty() ? 0 : s.front().pos.block, 0} : out.pos.back();
  if (!out.pos.empty()) end.offset += 1;
  out.pos.push_back(end);
  return out;
}

// ---- joining lines that a page break cut ----

bool is_sentence_end(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'：' || c == U'…' || c == '.' ||
         c == '!' || c == '?' || c == ';' || c == ':';
}

bool is_closing(char32_t c) {
  return c == U'）' || c == ')' || c == U'」' || c == U'』' || c == U'】' || c == U'〕' || c == U'》' ||
         c == U'”' || c == U'’' || c == ']';
}

bool is_chinese_numeral(char32_t c) {
  return std::u32string_view(U"一二三四五六七八九十百零〇").find(c) != std::u32string_view::npos;
}

// Length of a list or section marker at the start: "一、" "（一）" "(1)" "1、" "1." "第三章" "①".
size_t list_marker_length(const std::u32string& t) {
  size_t i = 0;
  if (t.empty()) return 0;
  if (t[0] >= U'①' && t[0] <= U'⑳') return 1;
  if (t[0] == U'（' || t[0] == '(') {
    size_t k = 1;
    while (k < t.size() && k < 5 && (is_digit(t[k]) || is_chinese_numeral(t[k]))) ++k;
    if (k > 1 && k < t.size() && (t[k] == U'）' || t[k] == ')')) return k + 1;
    return 0;
  }
  if (t[0] == U'第') {
    size_t k = 1;
    while (k < t.size() && k < 6 && (is_digit(t[k]) || is_chinese_numeral(t[k]))) ++k;
    if (k > 1 && k < t.size() && std::u32string_view(U"章节条部篇").find(t[k]) != std::u32string_view::npos)
      return k + 1;
    return 0;
  }
  while (i < t.size() && i < 3 && is_digit(t[i])) ++i;
  if (i == 0)
    while (i < t.size() && i < 3 && is_chinese_numeral(t[i])) ++i;
  if (i == 0 || i >= t.size()) return 0;
  if (t[i] == U'、' || t[i] == U'．') return i + 1;
  if (t[i] == '.' && (i + 1 >= t.size() || !is_digit(t[i + 1]))) return i + 1;  // "1." but not "2904.67"
  if (t[i] == ')' || t[i] == U'）') return is_digit(t[0]) ? i + 1 : 0;
  return 0;
}

bool has_any(const std::u32string& t, size_t from, std::u32string_view chars) {
  for (size_t i = from; i < t.size(); ++i)
    if (chars.find(t[i]) != std::u32string_view::npos) return true;
  return false;
}

// "部门名称：…", "填报日期：…": a short label and a colon open the line (a form's key-value line,
// which never continues the line before it).
bool opens_with_label(const std::u32string& t) {
  for (size_t i = 0; i < t.size() && i <= 10; ++i) {
    if (t[i] == U'：' || t[i] == ':') return i >= 2;
    if (!is_cjk(t[i]) && t[i] != U'（' && t[i] != U'）' && t[i] != '(' && t[i] != ')' && t[i] != ' ')
      return false;
  }
  return false;
}

// May `a` continue in `b`? Only body paragraphs; `a` must stop mid-sentence after a CJK
// character or digit and look like running text; `b` must not open a new item or be a title.
bool should_join(const NormalizedBlock& a, const NormalizedBlock& b) {
  if (a.type != BlockType::paragraph || b.type != BlockType::paragraph) return false;
  if (a.part != BlockPart::body || b.part != BlockPart::body) return false;
  if (a.outline_level >= 0 || b.outline_level >= 0 || !b.list_label.empty()) return false;
  const std::u32string& x = a.text.text;
  const std::u32string& y = b.text.text;
  if (x.empty() || y.empty()) return false;
  char32_t last = x.back();
  if (is_sentence_end(last) || is_closing(last) || !(is_cjk(last) || is_digit(last))) return false;
  // `a` looks like running text: long enough, and punctuated past its list marker.
  size_t body = list_marker_length(x);
  if (x.size() - body < 15 || !has_any(x, body, U"，、。；：,")) return false;
  // A numbered line without a full stop inside is a heading ("（一）创新开展…，打造…品牌"),
  // unless what follows is a short tail that ends the sentence ("公开。").
  // Only the upper outline levels ("一、", "（一）", "第一章") make headings; "（7）…" and "1、…"
  // items are usually running text.
  bool heading_marker = body > 0 && !is_digit(x[0]) && !(body > 1 && is_digit(x[1]));
  bool y_short_tail = y.size() <= 12 && is_sentence_end(y.back());
  if ((heading_marker || !a.list_label.empty()) && !has_any(x, body, U"。！？；") && !y_short_tail)
    return false;
  // `b` opens a new item, or is a title or signature line (short, without punctuation).
  if (list_marker_length(y) > 0) return false;
  if (opens_with_label(y) || opens_with_label(x))
    return false;  // "预算编码：601002", a form's key-value lines
  if (y.size() <= 25 && !has_any(y, 0, U"，、。；：,.;:！？!?")) return false;
  return true;
}

void append(NormalizedText& a, const NormalizedText& b) {
  a.pos.pop_back();  // drop a's sentinel
  a.text += b.text;
  a.pos.insert(a.pos.end(), b.pos.begin(), b.pos.end());
}

}  // namespace

Span NormalizedText::span(size_t start, size_t end, int row, int col) const {
  Span s;
  s.row = row;
  s.col = col;
  if (pos.empty()) return s;
  start = std::min(start, pos.size() - 1);
  end = std::min(std::max(end, start), pos.size() - 1);
  s.block = pos[start].block;
  s.start = pos[start].offset;
  if (end == start) {
    s.end = s.start;
    return s;
  }
  // The end of the last character: one past its raw start (a normalized character comes from
  // one raw code point, or shares the start of an expansion such as "℃" -> "°C").
  const SourcePos& last = pos[end - 1];
  s.end = last.offset + 1;
  if (last.block != s.block) s.end_block = last.block;
  return s;
}

NormalizedText normalize_text(std::string_view raw, int block) {
  if (raw.empty()) {  // an empty cell: what the steps below give, without their allocations
    NormalizedText out;
    out.pos.push_back(SourcePos{block, 0});
    return out;
  }
  std::u32string text = to_u32(raw);
  std::vector<Char> chars;
  chars.reserve(text.size());
  nfkc_with_positions(text, block, chars);
  fullwidth_punctuation(chars);
  NormalizedText out = collapse(chars);
  if (out.text.empty()) out.pos.back() = SourcePos{block, 0};
  return out;
}

NormalizedDocument normalize(const Document& doc, const NormalizeOptions& options) {
  NormalizedDocument out;
  out.blocks.reserve(doc.blocks.size());
  bool previous_joinable = false;  // the last output block is a paragraph directly before this one
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    check_deadline("normalization");
    const Block& raw = doc.blocks[i];
    int index = static_cast<int>(i);
    NormalizedBlock block;
    block.type = raw.type;
    block.part = raw.part;
    block.source_block = index;
    block.style = raw.style;
    block.outline_level = raw.outline_level;
    if (!raw.list_label.empty()) block.list_label = to_utf8(normalize_text(raw.list_label, index).text);
    if (raw.type == BlockType::table) {
      block.merged = raw.table.merged;
      block.cells.reserve(raw.table.rows.size());
      for (const auto& row : raw.table.rows) {
        std::vector<NormalizedText> cells;
        cells.reserve(row.size());
        for (const auto& cell : row) cells.push_back(normalize_text(cell, index));
        block.cells.push_back(std::move(cells));
      }
      out.blocks.push_back(std::move(block));
      previous_joinable = false;
      continue;
    }
    block.text = normalize_text(raw.text, index);
    // Empty paragraphs (blank lines, bare bookmarks) carry nothing; dropping them lets a
    // sentence cut by a page break join across them.
    if (block.text.text.empty() && block.list_label.empty()) continue;
    if (options.join_broken_lines && previous_joinable && should_join(out.blocks.back(), block)) {
      append(out.blocks.back().text, block.text);
      continue;
    }
    out.blocks.push_back(std::move(block));
    previous_joinable = true;
  }
  return out;
}

}  // namespace jixiao
