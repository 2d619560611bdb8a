#include "extract/extract.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/deadline.h"
#include "core/utf.h"
#include "extract/report_builder.h"

namespace jixiao {

void ReportBuilder::set_meta(const std::string& slot, const std::string& value, int rank) {
  if (value.empty()) return;
  auto it = meta_rank.find(slot);
  if (it != meta_rank.end() && it->second >= rank) return;
  meta_rank[slot] = rank;
  meta_slot(slot) = value;
}

std::string& ReportBuilder::meta_slot(const std::string& slot) {
  return slot == "unit"      ? report.meta.unit
         : slot == "project" ? report.meta.project
         : slot == "year"    ? labelled_year
                             : report.meta.supervisor;
}

void add_prose_figures(ReportBuilder& b, const NormalizedText& text, const ExtractContext& ctx, int row,
                       int col, const std::vector<Quantity>& quantities) {
  for (const FigureMatch& m : ctx.rules.find_figures(text.text, ctx.numbers, {}, &quantities)) {
    Figure f;
    f.field = m.field;
    f.quantity = m.quantity;
    f.label = m.label;
    f.text = m.text;
    f.span = text.span(m.start, m.end, row, col);
    f.rule = m.rule;
    b.report.figures.push_back(std::move(f));
  }
}

// ---------------------------------------------------------------------------------------------
// Mentions: every quantity, with the label words before it in its clause.

bool ends_clause(char32_t c) {
  return c == U'，' || c == U',' || c == U'；' || c == U';' || c == U'：' || c == U':' || c == U'、' ||
         c == U'(' || c == U'（' || c == U')' || c == U'）' || c == U'\n';
}
bool ends_sentence(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'!' || c == U'?' || c == U'\n';
}

// "2023年" written at i (four digits, no digit before them, 年 after): that year, else 0.
int year_written_at(std::u32string_view s, size_t i) {
  if (i + 4 >= s.size() || s[i] < U'1' || s[i] > U'2' || s[i + 4] != U'年') return 0;
  if (i > 0 && s[i - 1] >= U'0' && s[i - 1] <= U'9') return 0;
  int year = 0;
  for (size_t k = i; k < i + 4; ++k) {
    if (s[k] < U'0' || s[k] > U'9') return 0;
    year = year * 10 + static_cast<int>(s[k] - U'0');
  }
  return year;
}

namespace {

void add_grades(ReportBuilder& b, const NormalizedText& text, const LayoutRules& layout, int row, int col) {
  const std::u32string& s = text.text;
  // Each anchor's window, once: a grade's words start a few characters before it at most.
  size_t done = 0;
  for (size_t anchor = layout.grade_anchor(s); anchor != std::u32string::npos;
       anchor = layout.grade_anchor(s, anchor + 1)) {
    const size_t from =
        std::max(done, anchor > static_cast<size_t>(layout.grade_lead) ? anchor - layout.grade_lead : 0);
    const size_t to = std::min(s.size(), anchor + static_cast<size_t>(layout.grade_reach));
    boost::match_results<std::u32string::const_iterator> m;
    if (from >= to ||
        !boost::u32regex_search(s.cbegin() + static_cast<std::ptrdiff_t>(from),
                                s.cbegin() + static_cast<std::ptrdiff_t>(to), m, layout.grade.re))
      continue;
    const auto& g = m["grade"];
    if (!g.matched) continue;
    const auto start = static_cast<size_t>(g.first - s.cbegin()),
               stop = static_cast<size_t>(g.second - s.cbegin());
    b.report.grades.push_back({to_utf8(s.substr(start, stop - start)), text.span(start, stop, row, col)});
    done = stop;
  }
}

}  // namespace

void read_grades(ReportBuilder& b, const NormalizedBlock& block, const LayoutRules& layout) {
  if (block.type != BlockType::table) {
    add_grades(b, block.text, layout, -1, -1);
    return;
  }
  for (size_t r = 0; r < block.cells.size(); ++r) {
    const auto& row = block.cells[r];
    for (size_t c = 0; c < row.size(); ++c) {
      const NormalizedText& cell = row[c];
      if (c > 0 && cell.text == row[c - 1].text) continue;  // a cell merged across columns, once
      add_grades(b, cell, layout, static_cast<int>(r), static_cast<int>(c));
      // "自评等级 | 优": a cell that is a grade's label alone, the grade in the next cell of its own.
      if (layout.grade_anchor(cell.text) == std::u32string::npos ||
          !matches_whole(layout.grade_label, layout.clean(cell.text)))
        continue;
      size_t next = c + 1;
      while (next < row.size() && (trim(row[next].text).empty() || row[next].text == cell.text)) ++next;
      if (next >= row.size()) continue;
      const std::u32string value = trim(row[next].text);
      boost::match_results<std::u32string::const_iterator> m;
      if (boost::u32regex_match(value.cbegin(), value.cend(), m, layout.grade_value.re))
        b.report.grades.push_back(
            {to_utf8(std::u32string(m["grade"].first, m["grade"].second)),
             row[next].span(0, row[next].text.size(), static_cast<int>(r), static_cast<int>(next))});
    }
  }
}

void add_mentions(ReportBuilder& b, const NormalizedText& text, const std::vector<Quantity>& qs, int row,
                  int col) {
  const std::u32string& s = text.text;
  if (qs.empty()) return;
  int sentence = ++b.sentence;
  int clause = 0;
  size_t scanned = 0;
  // A year in a sentence's first clause ("2022年该项目预算72万元，执行68.4万元，执行率95%",
  // "上年（2022年）同类资金98万元，维修校舍10所") dates the clauses after it that name none of their own.
  size_t sentence_start = 0;
  int opening_year = 0, opening_sentence = -1;
  auto year_opening = [&](size_t from) {
    for (size_t i = from; i < s.size() && !ends_sentence(s[i]); ++i) {
      const char32_t c = s[i];
      if (c == U'，' || c == U',' || c == U'；' || c == U';') break;
      if (int year = year_written_at(s, i)) return year;
    }
    return 0;
  };
  size_t previous_end = 0;
  for (const Quantity& q : qs) {
    // Count sentence and clause ends between the previous mention and this one.
    for (; scanned < static_cast<size_t>(q.start) && scanned < s.size(); ++scanned) {
      if (ends_sentence(s[scanned])) {
        ++sentence;
        sentence_start = scanned + 1;
      }
      if (ends_clause(s[scanned]) || ends_sentence(s[scanned])) ++clause;
    }
    Mention m;
    m.quantity = q;
    m.text = to_utf8(s.substr(q.start, q.end - q.start));
    m.span = text.span(q.start, q.end, row, col);
    m.sentence = sentence;
    m.clause = clause;
    // The subject: label words right before the number, back to the clause start or the end of
    // the quantity before it ("分别为45万元、32.5万元和22.5万元": the last one's is "和").
    size_t begin = static_cast<size_t>(q.start);
    while (begin > previous_end && !ends_clause(s[begin - 1]) && !ends_sentence(s[begin - 1]) &&
           static_cast<size_t>(q.start) - begin < 24)
      --begin;
    std::u32string subject = trim(s.substr(begin, q.start - begin));
    // A year written in the clause: "2023年决算收入合计".
    for (size_t i = 0; i < subject.size() && !m.year; ++i) m.year = year_written_at(subject, i);
    if (m.sentence != opening_sentence) {
      opening_sentence = m.sentence;
      opening_year = year_opening(sentence_start);
    }
    if (m.year == 0) m.opening_year = opening_year;
    m.subject = to_utf8(subject);
    // "拟用于：A 40万元": the short clause before the subject's, when a colon ends it.
    if (begin > 0 && (s[begin - 1] == U'：' || s[begin - 1] == U':')) {
      size_t lead = begin - 1;
      while (lead > 0 && !ends_clause(s[lead - 1]) && !ends_sentence(s[lead - 1]) && begin - 1 - lead < 10)
        --lead;
      m.lead = to_utf8(trim(s.substr(lead, begin - 1 - lead)));
    }
    size_t end = static_cast<size_t>(q.end);
    while (end < s.size() && !ends_clause(s[end]) && !ends_sentence(s[end]) && end - q.end < 6) ++end;
    m.trail = to_utf8(s.substr(q.end, end - q.end));
    previous_end = std::max(previous_end, static_cast<size_t>(q.end));
    b.report.mentions.push_back(std::move(m));
  }
  b.sentence = sentence + 1;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Segmentation and meta

// What segmentation asks of one paragraph, each layout pattern searched at most once (a short
// line was searched for sentence punctuation three times, for 附件 twice).
class LineTraits {
 public:
  LineTraits(const std::u32string& text, const LayoutRules& layout) : text_(text), layout_(layout) {}

  bool title() { return fits_title() && !punctuated() && matches_some(layout_.report_title, text_); }
  bool table_title() {
    return once(table_title_,
                [&] { return fits_title() && !punctuated() && matches_some(layout_.table_title, text_); });
  }
  bool attachment() {
    return once(attachment_, [&] { return matches_some(layout_.attachment, text_); });
  }
  // A line short enough to be the first half of a title split over two lines.
  bool short_line() { return !text_.empty() && text_.size() <= 40 && !punctuated() && !attachment(); }

 private:
  // -1: not searched yet, else the answer (0 or 1).
  template <class Search>
  static bool once(int& answer, Search search) {
    if (answer < 0) answer = search() ? 1 : 0;
    return answer == 1;
  }
  bool fits_title() const {
    return !text_.empty() && static_cast<int>(text_.size()) <= layout_.max_title_chars;
  }
  bool punctuated() {
    return once(punctuated_, [&] { return matches_some(layout_.not_title, text_); });
  }
  const std::u32string& text_;
  const LayoutRules& layout_;
  int punctuated_ = -1, table_title_ = -1, attachment_ = -1;
};

std::optional<int> find_year(const std::u32string& text, const LayoutRules& layout) {
  boost::match_results<std::u32string::const_iterator> m;
  if (!layout.title_year.may_match(text) ||
      !boost::u32regex_search(text.cbegin(), text.cend(), m, layout.title_year))
    return std::nullopt;
  // Arabic digits, or the Chinese ones of a written year ("二〇二三").
  static const std::u32string kChinese = U"〇一二三四五六七八九";
  int year = 0;
  for (auto it = m["year"].first; it != m["year"].second; ++it) {
    const char32_t c = *it;
    size_t digit = c >= U'0' && c <= U'9' ? c - U'0' : kChinese.find(c);
    if (c == U'零' || c == U'○') digit = 0;
    if (digit == std::u32string::npos) return std::nullopt;
    year = year * 10 + static_cast<int>(digit);
  }
  return year;
}

// Titles name the unit and project least surely: any labelled cell or line overrides them.
constexpr int kTitleRank = 0;
constexpr int kSubtitleRank = 1;

void fill_meta_from_title(ReportBuilder& b, const std::u32string& title, const LayoutRules& layout) {
  if (title.empty()) return;
  ReportMeta& meta = b.report.meta;
  meta.title = to_utf8(title);
  if (!meta.year) meta.year = find_year(title, layout);
  if (meta.kind == "unknown") {
    if (matches_some(layout.kind_department, title))
      meta.kind = "department";
    else if (matches_some(layout.kind_project, title))
      meta.kind = "project";
  }
  // "<unit><year>年<project>绩效自评报告" / "<year>年度<unit>整体支出绩效评价报告".
  std::u32string prefix, rest = title;
  boost::match_results<std::u32string::const_iterator> m;
  if (layout.title_year.may_match(title) &&
      boost::u32regex_search(title.cbegin(), title.cend(), m, layout.title_year)) {
    prefix = trim(std::u32string(title.cbegin(), m[0].first));
    rest = std::u32string(m[0].second, title.cend());
    // "…绩效自评报告（2023年度）": the year closes the title in brackets; the names are all before it.
    const std::u32string after = trim(rest);
    if (!prefix.empty() && (prefix.back() == U'（' || prefix.back() == U'(') &&
        (after == U"）" || after == U")")) {
      prefix.pop_back();
      rest = trim(prefix);
      prefix.clear();
    }
  }
  if (layout.title_tail.may_match(rest) &&
      boost::u32regex_search(rest.cbegin(), rest.cend(), m, layout.title_tail))
    rest = std::u32string(rest.cbegin(), m[0].first);
  rest = trim(rest);
  // "关于" / "的" belong to the sentence, not the names.
  for (const std::u32string& w : layout.title_sentence_words) {
    if (rest.size() > w.size() && rest.starts_with(w)) rest = trim(rest.substr(w.size()));
    if (prefix.ends_with(w)) prefix = trim(prefix.substr(0, prefix.size() - w.size()));
    if (prefix.starts_with(w)) prefix = trim(prefix.substr(w.size()));  // "关于青禾县2023年…"
  }
  // Each trailing word dropped as often as it ends the project part ("…资金的", "…项").
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (const std::u32string& c : layout.title_trailing_chars) {
      if (!c.empty() && rest.ends_with(c)) {
        rest.resize(rest.size() - c.size());
        dropped = true;
      }
    }
  }
  if (meta.kind == "department") {
    b.set_meta("unit", to_utf8(!prefix.empty() ? prefix : rest), kTitleRank);
  } else {
    if (!prefix.empty()) b.set_meta("unit", to_utf8(prefix), kTitleRank);
    if (!rest.empty()) b.set_meta("project", to_utf8(rest), kTitleRank);
  }
}

// "县司法局" from the title, "紫金县司法局" twice in the text: the text's full name is the unit
// (segment.toml [title_parts]). A place is the CJK characters right before the title's unit; of
// those given often enough, the one most often named with the unit's level ("紫金县", beside
// "紫金县财政局") wins, the longer on a tie ("霍林郭勒" over "郭勒"), so that a word before the
// name ("由紫金县司法局") is not taken for part of it.
void complete_unit_from_text(ReportBuilder& b, const std::vector<const std::u32string*>& paragraphs,
                             const LayoutRules& layout) {
  auto rank = b.meta_rank.find("unit");
  if (rank == b.meta_rank.end() || rank->second != kTitleRank) return;
  const std::u32string unit = to_u32(b.report.meta.unit);
  if (unit.size() < 2 || std::none_of(layout.place_levels.begin(), layout.place_levels.end(),
                                      [&](const std::u32string& l) { return unit.starts_with(l); }))
    return;
  const size_t min_chars = static_cast<size_t>(layout.full_unit_place_min_chars);
  const size_t max_chars = static_cast<size_t>(layout.full_unit_place_max_chars);
  std::map<std::u32string, int> with_unit;  // place -> times the text gives place + unit
  for (const std::u32string* text : paragraphs)
    for (size_t at = text->find(unit); at != std::u32string::npos; at = text->find(unit, at + unit.size())) {
      size_t run = 0;
      while (run < max_chars && run < at && is_cjk((*text)[at - run - 1])) ++run;
      for (size_t k = min_chars; k <= run; ++k) ++with_unit[text->substr(at - k, k)];
    }
  const std::u32string level(1, unit.front());
  std::u32string best;
  int best_named = 0;
  for (const auto& [place, times] : with_unit) {
    if (times < layout.full_unit_min_mentions) continue;
    const std::u32string named = place + level;
    int count = 0;
    for (const std::u32string* text : paragraphs)
      for (size_t at = text->find(named); at != std::u32string::npos; at = text->find(named, at + 1)) ++count;
    if (count > best_named || (count == best_named && place.size() > best.size())) {
      best = place;
      best_named = count;
    }
  }
  if (!best.empty()) b.report.meta.unit = to_utf8(best + unit);
}

// A name that ends as an office's does (…局, …中心, …政府: [signature] unit_endings).
bool ends_as_office(const std::u32string& name, const LayoutRules& layout) {
  return std::any_of(layout.signature_unit_endings.begin(), layout.signature_unit_endings.end(),
                     [&](const std::u32string& e) { return name.ends_with(e); });
}

// The 公文 ending, the issuer's name over the date ("平阳县人力资源和社会保障局" / "2023年3月10日"):
// the unit where no label named one, or where the title named only the start of it (its place).
void read_signature(ReportBuilder& b, const std::vector<const std::u32string*>& paragraphs,
                    const LayoutRules& layout) {
  auto rank = b.meta_rank.find("unit");
  const std::u32string current = to_u32(b.report.meta.unit);
  if (rank != b.meta_rank.end() && rank->second != kTitleRank) return;
  std::vector<std::u32string> lines;  // the last non-empty paragraphs, last first
  for (auto p = paragraphs.rbegin();
       p != paragraphs.rend() && static_cast<int>(lines.size()) <= layout.signature_max_lines_after + 1;
       ++p) {
    std::u32string line = trim(**p);
    if (!line.empty()) lines.push_back(std::move(line));
  }
  for (size_t k = 0; k + 1 < lines.size() && static_cast<int>(k) < layout.signature_max_lines_after; ++k) {
    if (!matches_whole(layout.signature_date, lines[k])) continue;
    std::u32string name;
    for (char32_t c : lines[k + 1])
      if (!is_space(c)) name.push_back(c);
    if (name.empty() || static_cast<int>(name.size()) > layout.signature_max_chars ||
        matches_some(layout.not_title, name) || !ends_as_office(name, layout))
      return;
    if (current.empty() || (name.size() > current.size() && name.starts_with(current)))
      b.report.meta.unit = to_utf8(name);
    return;
  }
}

// Meta a narrative states in a sentence ("该项目由某县水务局负责实施", "主管部门为…"): a slot no
// label filled.
void read_prose_meta(ReportBuilder& b, const std::vector<const std::u32string*>& paragraphs,
                     const LayoutRules& layout) {
  for (const LayoutRules::ProseMeta& rule : layout.prose_meta) {
    auto rank = b.meta_rank.find(rule.meta);
    if (rank != b.meta_rank.end() && rank->second != kTitleRank) continue;
    std::string& slot = b.meta_slot(rule.meta);
    const std::u32string current = to_u32(slot);
    for (const std::u32string* p : paragraphs) {
      if (!rule.pattern.may_match(*p)) continue;
      boost::match_results<std::u32string::const_iterator> m;
      if (!boost::u32regex_search(p->cbegin(), p->cend(), m, rule.pattern.re) || !m["value"].matched)
        continue;
      const std::u32string name(m["value"].first, m["value"].second);
      if (!ends_as_office(name, layout)) continue;
      // The unit that carries the project out, named so, is the unit over the one the title
      // names (often the department that reports on it); other slots only fill a gap or a place.
      if (current.empty() || rule.meta == "unit" ||
          (name.size() > current.size() && name.starts_with(current)))
        slot = to_utf8(name);
      break;
    }
  }
}

// A figure read from an indicator row ("预算执行率" among the indicators) where the report states
// the same field elsewhere, by a fund row or a sentence: that one is the figure.
void drop_standin_figures(Report& report) {
  std::set<std::string> stated;
  for (const Figure& f : report.figures)
    if (f.rule != kIndicatorFigureRule) stated.insert(f.field);
  std::erase_if(report.figures,
                [&](const Figure& f) { return f.rule == kIndicatorFigureRule && stated.count(f.field); });
}

// "2022年实际支出312.4万元" in a 2023 report: a sentence's figure dated to another year than the
// report's is that year's (a comparison), not the report's own, where the report states the field
// for its own year too. (The checks hold each figure to its own year's amounts already.)
void drop_other_year_figures(Report& report) {
  if (!report.meta.year) return;
  const int year = *report.meta.year;
  std::set<std::tuple<int, int, int, int>> other_year;
  for (const Mention& m : report.mentions)
    if (m.year_dated() != 0 && m.year_dated() != year)
      other_year.insert({m.span.block, m.span.row, m.span.col, m.span.start});
  auto dated_elsewhere = [&](const Figure& f) {
    return other_year.count({f.span.block, f.span.row, f.span.col, f.span.start}) > 0;
  };
  std::set<std::string> own_year;
  for (const Figure& f : report.figures)
    if (!dated_elsewhere(f)) own_year.insert(f.field);
  std::erase_if(report.figures,
                [&](const Figure& f) { return dated_elsewhere(f) && own_year.count(f.field); });
}

// "（教育专项工作经费）" on the line under a report title: the project it is about (a bracketed
// year such as "（2023年度）" is not).
std::u32string bracketed_subtitle(const std::u32string& text, const LayoutRules& layout) {
  if (text.size() < 4 || text.size() > 40) return {};
  const char32_t open = text.front(), close = text.back();
  if (!((open == U'(' || open == U'（') && (close == U')' || close == U'）'))) return {};
  std::u32string inner = trim(text.substr(1, text.size() - 2));
  if (inner.empty() || find_year(inner, layout) || inner.find_first_of(U"()（）") != std::u32string::npos)
    return {};
  return inner;
}

}  // namespace

std::vector<Report> extract_reports(const NormalizedDocument& doc, const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  // 1. Segment: report boundaries over body blocks.
  struct Segment {
    int first = 0, last = 0;
    std::u32string title;
    int title_block = -1;
    std::vector<int> form_tables;  // its 自评表 grids (blocks)
    bool has_table_title = false;  // holds a 自评表 heading paragraph
    bool has_content = false;
    std::u32string table_title;  // the first 自评表 heading, for meta when there is no title
    std::u32string subtitle;     // a bracketed line right under the title
  };
  std::vector<Segment> segments(1);
  const auto& blocks = doc.blocks;
  std::u32string previous_short;      // the line before a title, for titles split over two lines
  std::map<int, FormParts> parts_of;  // form tables read whole, by block
  auto whole_parts = [&](int k) -> const FormParts& {
    auto it = parts_of.find(k);
    if (it == parts_of.end())
      it = parts_of.emplace(k, form_table_parts(blocks[k], ctx, /*whole=*/true)).first;
    return it->second;
  };
  for (int i = 0; i < static_cast<int>(blocks.size()); ++i) {
    const NormalizedBlock& b = blocks[i];
    if (b.part != BlockPart::body) continue;
    Segment* cur = &segments.back();
    if (b.type == BlockType::paragraph) {
      const std::u32string& text = b.text.text;
      LineTraits line(text, layout);
      const bool table_title = line.table_title();
      if (!table_title && line.title()) {
        // A second title starts the next report; a title after a 自评表 that has no title yet
        // belongs to it (the table may come first).
        if (!cur->title.empty()) {
          segments.push_back({i, i, {}, -1, {}, false, false, {}, {}});
          cur = &segments.back();
        }
        cur->title = text;
        cur->title_block = i;
        // "2022年湘潭县禁毒委员会办公室" + "部门整体支出绩效评价报告"
        if (!previous_short.empty() && !find_year(text, layout)) cur->title = previous_short + text;
      } else if (table_title) {
        if (!cur->form_tables.empty()) {
          segments.push_back({i, i, {}, -1, {}, false, false, {}, {}});
          cur = &segments.back();
        }
        cur->has_table_title = true;
        if (cur->table_title.empty()) cur->table_title = text;
      } else if (cur->title_block >= 0 && cur->title_block == i - 1 &&
                 !bracketed_subtitle(text, layout).empty()) {
        cur->subtitle = bracketed_subtitle(text, layout);
      } else if (!line.attachment()) {
        cur->has_content = true;
      }
      previous_short = line.short_line() ? text : std::u32string();
    } else {
      // A form table whose part the report has already (a second fund block, a second indicator
      // table) starts the next report; the other part of the same 自评表, set apart by a heading
      // ("年度绩效目标完成情况（80分）"), does not. Tables are read whole for this only when a
      // report has a second one.
      if (form_table_parts(b, ctx, /*whole=*/false).any()) {
        if (!cur->form_tables.empty()) {
          const FormParts mine = whole_parts(i);
          FormParts theirs;
          for (int k : cur->form_tables) {
            theirs.funds = theirs.funds || whole_parts(k).funds;
            theirs.indicators = theirs.indicators || whole_parts(k).indicators;
          }
          if ((mine.funds && theirs.funds) || (mine.indicators && theirs.indicators)) {
            segments.push_back({i, i, {}, -1, {}, false, false, {}, {}});
            cur = &segments.back();
          }
        }
        cur->form_tables.push_back(i);
      }
      cur->has_content = true;
      previous_short.clear();
    }
  }
  for (size_t s = 0; s < segments.size(); ++s)
    segments[s].last = s + 1 < segments.size() ? segments[s + 1].first : static_cast<int>(blocks.size());
  if (segments.size() > 1 && !segments.front().has_content && segments.front().form_tables.empty() &&
      segments.front().title.empty()) {
    segments[1].first = segments[0].first;
    segments[1].has_table_title = segments[1].has_table_title || segments[0].has_table_title;
    if (segments[1].table_title.empty()) segments[1].table_title = segments[0].table_title;
    segments.erase(segments.begin());
  }
  // A heading the document ends with, nothing after it (a 自评表 title whose table the file does
  // not hold), is no report of its own: it closes the report before it.
  if (segments.size() > 1 && !segments.back().has_content && segments.back().form_tables.empty()) {
    segments[segments.size() - 2].last = segments.back().last;
    segments.pop_back();
  }

  // 2. Extract each segment.
  std::vector<Report> reports;
  for (const Segment& seg : segments) {
    ReportBuilder b;
    b.report.index = static_cast<int>(reports.size()) + 1;
    b.report.first_block = seg.first;
    b.report.last_block = seg.last;
    // Classified once while segmenting: a 自评表 grid or heading makes it a project report.
    const bool has_form = !seg.form_tables.empty() || seg.has_table_title;
    for (int i = seg.first; i < seg.last; ++i) {
      check_deadline("extraction");
      const NormalizedBlock& blk = blocks[i];
      if (blk.part != BlockPart::body) continue;
      if (blk.type == BlockType::table) {
        read_table(b, blk, ctx);
        b.recent_paragraphs.clear();
        continue;
      }
      const std::u32string& text = blk.text.text;
      if (text.size() <= 40) b.short_paragraphs.push_back(text);
      if (!text.empty()) {
        b.recent_paragraphs.push_back(text);
        if (static_cast<int>(b.recent_paragraphs.size()) > layout.unit_note_paragraphs)
          b.recent_paragraphs.erase(b.recent_paragraphs.begin());
      }
      read_keyvalue_line(b, text, layout);
      const std::vector<Quantity> quantities = ctx.numbers.find_all(blk.text.text, {});
      add_prose_figures(b, blk.text, ctx, -1, -1, quantities);
      add_mentions(b, blk.text, quantities, -1, -1);
    }
    // The grade a report states is held to its total score: read only where it gives one.
    if (std::any_of(b.report.figures.begin(), b.report.figures.end(),
                    [](const Figure& f) { return f.field == "score.total"; }))
      for (int i = seg.first; i < seg.last; ++i)
        if (blocks[i].part == BlockPart::body) read_grades(b, blocks[i], layout);
    ReportMeta& meta = b.report.meta;
    fill_meta_from_title(b, !seg.title.empty() ? seg.title : seg.table_title, layout);
    // The years the title and the form's year line state, for R14 (the cells' are read with them).
    const std::u32string& title = !seg.title.empty() ? seg.title : seg.table_title;
    bool title_seen = false;
    for (int i = seg.first; i < seg.last; ++i) {
      const NormalizedBlock& blk = blocks[i];
      if (blk.part != BlockPart::body || blk.type == BlockType::table) continue;
      const std::u32string& text = blk.text.text;
      std::optional<int> year;
      if (!title_seen && !title.empty() && trim(text) == trim(title)) {
        title_seen = true;
        year = find_year(text, layout);
      } else if (text.size() <= 16 && (text.find(U"年度") != std::u32string::npos ||
                                       text.find_first_of(U"（(") != std::u32string::npos)) {
        // The form's own line under its heading: "（2022年度）", "2022年度" (a bare "2013" or a
        // date is no such line).
        year = year_alone(text, layout, false);
        // "评价年度：2022年度": a year label's line.
        const size_t colon = text.find_first_of(U":：");
        if (!year && colon != std::u32string::npos &&
            std::any_of(layout.keyvalue.begin(), layout.keyvalue.end(), [&](const KeyValueRule& kv) {
              return kv.meta == "year" && layout.match(layout.clean(text.substr(0, colon)), kv.labels) > 0;
            }))
          year = year_alone(text.substr(colon + 1), layout, true);
      }
      if (year)
        b.report.stated_years.push_back(
            {*year, to_utf8(trim(text)), blk.text.span(0, static_cast<int>(text.size()), -1, -1)});
    }
    std::vector<const std::u32string*> paragraphs;
    for (int i = seg.first; i < seg.last; ++i)
      if (blocks[i].part == BlockPart::body && blocks[i].type != BlockType::table)
        paragraphs.push_back(&blocks[i].text.text);
    complete_unit_from_text(b, paragraphs, layout);
    read_signature(b, paragraphs, layout);
    read_prose_meta(b, paragraphs, layout);
    drop_standin_figures(b.report);
    if (!seg.subtitle.empty()) b.set_meta("project", to_utf8(seg.subtitle), kSubtitleRank);
    if (meta.kind == "unknown" && has_form) meta.kind = "project";
    if (!meta.year && !b.labelled_year.empty()) meta.year = std::stoi(b.labelled_year);
    if (!meta.year) {
      // "（2023年度）" under the 自评表 heading, or the first short line with a year.
      for (const auto& line : b.short_paragraphs) {
        if ((meta.year = find_year(line, layout))) break;
      }
    }
    drop_other_year_figures(b.report);
    reports.push_back(std::move(b.report));
  }
  return reports;
}

// A value beside a year label, trimmed, its bare year ("所属年度 | 2023") written as a year (2023年).
static std::u32string as_year_value(const std::u32string& value) {
  std::u32string text = trim(value);
  if (text.size() == 4 &&
      std::all_of(text.begin(), text.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; }))
    text += U'年';
  return text;
}

std::optional<int> year_alone(const std::u32string& written, const LayoutRules& layout, bool bare_digits) {
  const std::u32string text = bare_digits ? as_year_value(written) : trim(written);
  boost::match_results<std::u32string::const_iterator> m;
  if (!layout.title_year.may_match(text) ||
      !boost::u32regex_search(text.cbegin(), text.cend(), m, layout.title_year))
    return std::nullopt;
  static const std::u32string kFrame = U" \t\u3000（）()[]【】:：";
  const std::u32string rest =
      std::u32string(text.cbegin(), m[0].first) + std::u32string(m[0].second, text.cend());
  if (rest.find_first_not_of(kFrame) != std::u32string::npos) return std::nullopt;
  return find_year(text, layout);
}

std::optional<int> year_in_value(const std::u32string& value, const LayoutRules& layout) {
  return find_year(as_year_value(value), layout);
}

}  // namespace jixiao
