#include "extract/extract.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "core/deadline.h"
#include "core/utf.h"

namespace jixiao {
namespace {

bool is_space(char32_t c) {
  return c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == 0x3000;
}

// A cell's text without spaces and line breaks, for matching labels ("实际完\n成值" -> "实际完成值").
std::u32string compact(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s)
    if (!is_space(c)) out.push_back(c);
  return out;
}

std::u32string trim(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::u32string(s.substr(b, e - b));
}

bool is_blank(std::u32string_view s) {
  return trim(s).empty();
}

// A placeholder for "nothing here" in a form cell.
bool is_dash(std::u32string_view s) {
  std::u32string t = compact(s);
  return t == U"—" || t == U"-" || t == U"——" || t == U"/" || t == U"／" || t == U"无";
}

// ---------------------------------------------------------------------------------------------
// Tables

// For every grid position, the merged region covering it (-1: none).
struct MergeMap {
  std::vector<std::vector<int>> region;
  const std::vector<Merge>* merged = nullptr;

  explicit MergeMap(const NormalizedBlock& t) : merged(&t.merged) {
    region.assign(t.cells.size(), std::vector<int>(t.cells.empty() ? 0 : t.cells[0].size(), -1));
    for (size_t i = 0; i < t.merged.size(); ++i) {
      const Merge& m = t.merged[i];
      for (int r = m.row; r < m.row + m.rows && r < static_cast<int>(region.size()); ++r)
        for (int c = m.col; c < m.col + m.cols && c < static_cast<int>(region[r].size()); ++c)
          region[r][c] = static_cast<int>(i);
    }
  }
  // A repeat of a cell already seen to the left in the same row (a horizontal merge).
  bool repeats_left(int r, int c) const {
    int i = region[r][c];
    return i >= 0 && (*merged)[i].col < c;
  }
  // A continuation of a cell that started in an earlier row (a vertical merge).
  bool continues_from_above(int r, int c) const {
    int i = region[r][c];
    return i >= 0 && (*merged)[i].row < r;
  }
  int top_row(int r, int c) const {
    int i = region[r][c];
    return i >= 0 ? (*merged)[i].row : r;
  }
};

// Column key -> grid columns (a merged header cell maps several columns to one key).
using ColumnMap = std::map<std::string, std::vector<int>>;

ColumnMap match_header(const std::vector<NormalizedText>& row, const std::vector<ColumnRule>& columns) {
  ColumnMap out;
  for (size_t c = 0; c < row.size(); ++c) {
    std::u32string cell = compact(row[c].text);
    if (cell.empty()) continue;
    for (const ColumnRule& rule : columns) {
      if (matches_whole(rule.label, cell)) {
        out[rule.key].push_back(static_cast<int>(c));
        break;
      }
    }
  }
  return out;
}

struct CellRef {
  const NormalizedText* text = nullptr;
  int row = -1, col = -1;
  bool empty() const { return text == nullptr || is_blank(text->text); }
  std::u32string value() const { return text ? trim(text->text) : std::u32string(); }
  Span span() const { return text ? text->span(0, text->text.size(), row, col) : Span{}; }
};

CellRef pick(const NormalizedBlock& t, int r, const ColumnMap& cols, const std::string& key) {
  auto it = cols.find(key);
  if (it == cols.end()) return {};
  for (int c : it->second) {
    if (c < static_cast<int>(t.cells[r].size()) && !is_blank(t.cells[r][c].text))
      return {&t.cells[r][c], r, c};
  }
  int c = it->second.front();
  return c < static_cast<int>(t.cells[r].size()) ? CellRef{&t.cells[r][c], r, c} : CellRef{};
}

// A cell whose whole content is one number ("10", "98.5", "10分").
std::optional<Quantity> cell_number(const NumberParser& numbers, const CellRef& cell,
                                    const NumberContext& ctx = {}) {
  if (cell.empty() || is_dash(cell.text->text)) return std::nullopt;
  return numbers.parse_cell(cell.text->text, ctx);
}

struct ReportBuilder {
  Report report;
  int sentence = 0;
  int group = 0;
  std::vector<std::u32string> short_paragraphs;  // early lines, for the year
};

void add_mentions(ReportBuilder& b, const NormalizedText& text, const NumberParser& numbers, int row, int col,
                  const NumberContext& ctx);

Figure make_figure(const std::string& field, const Quantity& q, const std::string& label, const CellRef& cell,
                   const std::string& rule) {
  Figure f;
  f.field = field;
  f.quantity = q;
  f.label = label;
  f.text = to_utf8(cell.value());
  f.span = cell.span();
  f.rule = rule;
  return f;
}

std::string money_unit_of_table(const NormalizedBlock& t, const LayoutRules& layout) {
  for (const auto& row : t.cells) {
    for (const auto& cell : row) {
      std::u32string c = compact(cell.text);
      boost::match_results<std::u32string::const_iterator> m;
      if (boost::u32regex_search(c.cbegin(), c.cend(), m, layout.fund_unit_header))
        return to_utf8(std::u32string(m["unit"].first, m["unit"].second));
    }
  }
  return {};
}

void read_table(ReportBuilder& b, const NormalizedBlock& t, const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  if (t.cells.empty()) return;
  MergeMap merges(t);
  std::string unit = money_unit_of_table(t, layout);
  NumberContext money_ctx;
  money_ctx.implied_money_unit = unit.empty() ? layout.fund_default_unit : unit;

  ColumnMap fund_cols, ind_cols;
  bool explain_form = false;
  std::u32string level1, level2;
  int last_weighted_group = 0;
  std::vector<std::vector<bool>> consumed(t.cells.size(), std::vector<bool>(t.cells[0].size(), false));

  for (int r = 0; r < static_cast<int>(t.cells.size()); ++r) {
    const auto& row = t.cells[r];
    // Header rows switch the mode of the rows below them.
    ColumnMap fh = match_header(row, layout.fund_columns);
    if (static_cast<int>(fh.size()) >= layout.fund_min_header) {
      fund_cols = fh;
      ind_cols.clear();
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }
    ColumnMap ih = match_header(row, layout.indicator_columns);
    if (static_cast<int>(ih.size()) >= layout.indicator_min_header &&
        (ih.count("level1") || ih.count("name"))) {
      ind_cols = ih;
      fund_cols.clear();
      explain_form = ih.count("explain") > 0;
      level1.clear();
      level2.clear();
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }

    // First non-empty cell of the row, for row labels.
    int label_col = -1;
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      if (!is_blank(row[c].text) && !merges.continues_from_above(r, c)) {
        label_col = c;
        break;
      }
    }
    if (label_col < 0) continue;

    // Fund rows: 年度资金总额 / 当年财政拨款 / 上年结转 / 其他资金 against the budget columns.
    if (!fund_cols.empty()) {
      const FundRowRule* rule = nullptr;
      int rule_col = -1;
      for (int c = 0; c < static_cast<int>(row.size()) && !rule; ++c) {
        std::u32string cell = compact(row[c].text);
        if (cell.empty()) continue;
        for (const FundRowRule& fr : layout.fund_rows) {
          if (matches_whole(fr.label, cell)) {
            rule = &fr;
            rule_col = c;
            break;
          }
        }
      }
      if (rule) {
        std::string label = to_utf8(trim(row[rule_col].text));
        for (const auto& [key, field] : rule->fields) {
          CellRef cell = pick(t, r, fund_cols, key);
          if (cell.col <= rule_col) continue;
          bool money = key == "initial" || key == "full_year" || key == "executed";
          auto q = cell_number(ctx.numbers, cell, money ? money_ctx : NumberContext{});
          if (!q) continue;
          if (money && q->kind != QuantityKind::money) continue;
          if (key == "rate" && q->kind == QuantityKind::number) {
            q->kind = QuantityKind::percent;
            q->unit = "%";
          }
          if ((key == "weight" || key == "score") && q->unit.empty()) q->unit = "分";
          b.report.figures.push_back(make_figure(field, *q, label, cell, "table.funds"));
          consumed[r][cell.col] = true;
        }
        std::fill(consumed[r].begin(), consumed[r].end(), true);
        continue;
      }
    }

    // Totals row: "总分 100 99" -> score.max, score.total.
    std::u32string label_text = compact(row[label_col].text);
    if (!ind_cols.empty() && matches_whole(layout.total_row, label_text)) {
      std::vector<CellRef> nums;
      for (int c = label_col + 1; c < static_cast<int>(row.size()); ++c) {
        if (merges.repeats_left(r, c)) continue;
        CellRef cell{&row[c], r, c};
        if (cell_number(ctx.numbers, cell)) nums.push_back(cell);
      }
      CellRef wmax = pick(t, r, ind_cols, "weight"), wtot = pick(t, r, ind_cols, "score");
      std::optional<Quantity> qmax, qtot;
      if (cell_number(ctx.numbers, wmax) && cell_number(ctx.numbers, wtot) && wmax.col != wtot.col) {
        qmax = cell_number(ctx.numbers, wmax);
        qtot = cell_number(ctx.numbers, wtot);
      } else if (!nums.empty()) {
        wmax = nums[0];
        qmax = cell_number(ctx.numbers, wmax);
        if (nums.size() > 1) {
          wtot = nums[1];
          qtot = cell_number(ctx.numbers, wtot);
        }
      }
      std::string label = to_utf8(trim(row[label_col].text));
      for (auto [q, cell, field] :
           {std::tuple{qmax, wmax, "score.max"}, std::tuple{qtot, wtot, "score.total"}}) {
        if (!q) continue;
        q->kind = QuantityKind::score;
        if (q->unit.empty()) q->unit = "分";
        b.report.figures.push_back(make_figure(field, *q, label, cell, "table.total"));
      }
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }

    // Indicator rows.
    if (!ind_cols.empty()) {
      CellRef l1 = pick(t, r, ind_cols, "level1"), l2 = pick(t, r, ind_cols, "level2");
      CellRef name = pick(t, r, ind_cols, "name"), target = pick(t, r, ind_cols, "target");
      CellRef actual = pick(t, r, ind_cols, "actual"), weight = pick(t, r, ind_cols, "weight");
      CellRef score = pick(t, r, ind_cols, "score"), note = pick(t, r, ind_cols, "note");
      CellRef explain = pick(t, r, ind_cols, "explain");
      bool weight_ok = weight.empty() || cell_number(ctx.numbers, weight).has_value();
      // A text export can shift a row by a cell or more (empty leading cells lost): when the
      // positional read is implausible, read the row from its right end instead.
      if (explain_form && (!weight_ok || (name.empty() && !weight.empty()))) {
        std::vector<CellRef> filled;
        for (int c = 0; c < static_cast<int>(row.size()); ++c)
          if (!is_blank(row[c].text) && !merges.repeats_left(r, c)) filled.push_back({&row[c], r, c});
        std::vector<CellRef> nums;
        while (!filled.empty() && nums.size() < 2 && cell_number(ctx.numbers, filled.back())) {
          nums.insert(nums.begin(), filled.back());
          filled.pop_back();
        }
        weight = nums.empty() ? CellRef{} : nums[0];
        score = nums.size() > 1 ? nums[1] : CellRef{};
        explain = filled.empty() ? CellRef{} : filled.back();
        if (!filled.empty()) filled.pop_back();
        name = filled.empty() ? CellRef{} : filled.back();
        if (!filled.empty()) filled.pop_back();
        l2 = l1 = CellRef{};
        if (filled.size() >= 2) {
          l1 = filled[filled.size() - 2];
          l2 = filled.back();
        } else if (filled.size() == 1) {
          if (matches_some(layout.level1_weight, filled[0].value()))
            l1 = filled[0];
          else
            l2 = filled[0];
        }
      }
      if (!l1.empty() && l1.value() != level1) {
        level1 = l1.value();
        level2.clear();
      }
      if (!l2.empty()) level2 = l2.value();
      bool has_content =
          !name.empty() || !target.empty() || !actual.empty() || !weight.empty() || !score.empty();
      if (!has_content) continue;
      Indicator ind;
      ind.level1 = to_utf8(level1);
      ind.level2 = to_utf8(level2);
      ind.name = to_utf8(name.value());
      ind.target = to_utf8(target.value());
      ind.actual = to_utf8(actual.value());
      ind.note = to_utf8(explain_form ? explain.value() : note.value());
      // Its name's cell, else the first cell it was read from (a row of only a score still
      // points at that score: every record carries its place).
      CellRef where = name;
      for (const CellRef& cell : {target, actual, weight, score})
        if (where.empty()) where = cell;
      ind.span = where.span();
      bool shared = !weight.empty() && weight.col >= 0 && merges.continues_from_above(r, weight.col);
      if (shared) {
        ind.group = last_weighted_group;  // one merged 分值 cell: its first row carries it
      } else if (weight.empty() && score.empty() && last_weighted_group > 0 && !b.report.indicators.empty() &&
                 !explain_form && b.report.indicators.back().weight) {
        ind.group = last_weighted_group;  // a text export: a name-only row under a weighted one
      } else {
        ind.group = ++b.group;
        if (auto w = cell_number(ctx.numbers, weight)) {
          ind.weight = w->value;
          ind.weight_text = to_utf8(weight.value());
          ind.weight_span = weight.span();
        }
        if (auto s = cell_number(ctx.numbers, score)) {
          ind.score = s->value;
          ind.score_text = to_utf8(score.value());
          ind.score_span = score.span();
        }
        if (ind.weight) last_weighted_group = ind.group;
      }
      b.report.indicators.push_back(std::move(ind));
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }

    // Key-value cells: "单位名称 | 湘潭县禁毒委员会办公室", "年度预算金额 | 65".
    for (int c = 0; c + 1 < static_cast<int>(row.size()); ++c) {
      std::u32string key = compact(row[c].text);
      if (key.empty() || merges.repeats_left(r, c)) continue;
      for (const KeyValueRule& kv : layout.keyvalue) {
        if (!matches_whole(kv.label, key)) continue;
        // The value is the next filled cell to the right (a text export leaves a merged label's
        // other columns empty), unless that cell is itself a label.
        int vc = c + 1;
        while (vc < static_cast<int>(row.size()) &&
               ((merges.region[r][vc] >= 0 && merges.region[r][vc] == merges.region[r][c]) ||
                is_blank(row[vc].text)))
          ++vc;
        if (vc >= static_cast<int>(row.size())) break;
        std::u32string value_key = compact(row[vc].text);
        if (std::any_of(layout.keyvalue.begin(), layout.keyvalue.end(),
                        [&](const KeyValueRule& other) { return matches_whole(other.label, value_key); }))
          break;
        CellRef value{&row[vc], r, vc};
        consumed[r][c] = true;
        if (!kv.meta.empty()) {
          std::string v = to_utf8(value.value());
          if (v.empty()) break;
          ReportMeta& m = b.report.meta;
          std::string& slot = kv.meta == "unit" ? m.unit : kv.meta == "project" ? m.project : m.supervisor;
          if (slot.empty()) slot = v;
          consumed[r][vc] = true;
        } else if (auto q = cell_number(ctx.numbers, value, money_ctx)) {
          if (kv.field.rfind("staff.", 0) == 0 && q->kind == QuantityKind::number) {
            q->kind = QuantityKind::count;
            q->unit = "人";
          }
          b.report.figures.push_back(make_figure(kv.field, *q, to_utf8(key), value, "table.keyvalue"));
          consumed[r][vc] = true;
        }
        break;
      }
    }
  }

  // Every cell not read as structure: prose figures and mentions (a narrative in a cell).
  for (int r = 0; r < static_cast<int>(t.cells.size()); ++r) {
    for (int c = 0; c < static_cast<int>(t.cells[r].size()); ++c) {
      if (merges.repeats_left(r, c) || merges.continues_from_above(r, c)) continue;
      const NormalizedText& cell = t.cells[r][c];
      if (is_blank(cell.text)) continue;
      if (!consumed[r][c]) {
        check_deadline("extraction");
        for (const FigureMatch& m : ctx.rules.find_figures(cell.text, ctx.numbers)) {
          Figure f;
          f.field = m.field;
          f.quantity = m.quantity;
          f.label = m.label;
          f.text = m.text;
          f.span = cell.span(m.start, m.end, r, c);
          f.rule = m.rule;
          b.report.figures.push_back(std::move(f));
        }
      }
      add_mentions(b, cell, ctx.numbers, r, c, {});
    }
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

void add_mentions(ReportBuilder& b, const NormalizedText& text, const NumberParser& numbers, int row, int col,
                  const NumberContext& ctx) {
  const std::u32string& s = text.text;
  std::vector<Quantity> qs = numbers.find_all(s, ctx);
  if (qs.empty()) return;
  int sentence = ++b.sentence;
  int clause = 0;
  size_t scanned = 0;
  for (const Quantity& q : qs) {
    // Count sentence and clause ends between the previous mention and this one.
    for (; scanned < static_cast<size_t>(q.start) && scanned < s.size(); ++scanned) {
      if (ends_sentence(s[scanned])) ++sentence;
      if (ends_clause(s[scanned]) || ends_sentence(s[scanned])) ++clause;
    }
    Mention m;
    m.quantity = q;
    m.text = to_utf8(s.substr(q.start, q.end - q.start));
    m.span = text.span(q.start, q.end, row, col);
    m.sentence = sentence;
    m.clause = clause;
    // The subject: label words right before the number, back to the clause start.
    size_t begin = static_cast<size_t>(q.start);
    while (begin > 0 && !ends_clause(s[begin - 1]) && !ends_sentence(s[begin - 1]) &&
           static_cast<size_t>(q.start) - begin < 24)
      --begin;
    std::u32string subject = trim(s.substr(begin, q.start - begin));
    // A year written in the clause: "2023年决算收入合计".
    for (size_t i = 0; i + 4 < subject.size(); ++i) {
      if (subject[i] >= U'1' && subject[i] <= U'2' &&
          std::all_of(subject.begin() + i, subject.begin() + i + 4,
                      [](char32_t c) { return c >= U'0' && c <= U'9'; }) &&
          subject[i + 4] == U'年' && (i == 0 || subject[i - 1] < U'0' || subject[i - 1] > U'9')) {
        m.year = (subject[i] - U'0') * 1000 + (subject[i + 1] - U'0') * 100 + (subject[i + 2] - U'0') * 10 +
                 (subject[i + 3] - U'0');
        break;
      }
    }
    m.subject = to_utf8(subject);
    b.report.mentions.push_back(std::move(m));
  }
  b.sentence = sentence + 1;
}

// ---------------------------------------------------------------------------------------------
// Segmentation and meta

bool is_title(const std::u32string& text, const LayoutRules& layout) {
  if (text.empty() || static_cast<int>(text.size()) > layout.max_title_chars) return false;
  if (matches_some(layout.not_title, text)) return false;
  return matches_some(layout.report_title, text);
}

bool is_table_title(const std::u32string& text, const LayoutRules& layout) {
  return !text.empty() && static_cast<int>(text.size()) <= layout.max_title_chars &&
         !matches_some(layout.not_title, text) && matches_some(layout.table_title, text);
}

// A 自评表 grid: it has a fund header or an indicator header.
bool is_form_table(const NormalizedBlock& t, const LayoutRules& layout) {
  for (const auto& row : t.cells) {
    if (static_cast<int>(match_header(row, layout.fund_columns).size()) >= layout.fund_min_header)
      return true;
    auto ih = match_header(row, layout.indicator_columns);
    if (static_cast<int>(ih.size()) >= layout.indicator_min_header && ih.count("level1") &&
        ih.count("target"))
      return true;
  }
  return false;
}

std::optional<int> find_year(const std::u32string& text, const LayoutRules& layout) {
  boost::match_results<std::u32string::const_iterator> m;
  if (!boost::u32regex_search(text.cbegin(), text.cend(), m, layout.title_year)) return std::nullopt;
  std::u32string y(m["year"].first, m["year"].second);
  return std::stoi(to_utf8(y));
}

void fill_meta_from_title(ReportMeta& meta, const std::u32string& title, const LayoutRules& layout) {
  if (title.empty()) return;
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
  if (boost::u32regex_search(title.cbegin(), title.cend(), m, layout.title_year)) {
    prefix = trim(std::u32string(title.cbegin(), m[0].first));
    rest = std::u32string(m[0].second, title.cend());
  }
  if (boost::u32regex_search(rest.cbegin(), rest.cend(), m, layout.title_tail))
    rest = std::u32string(rest.cbegin(), m[0].first);
  rest = trim(rest);
  // A leading "关于" / trailing "的" belong to the sentence, not the name.
  if (rest.rfind(U"关于", 0) == 0) rest = rest.substr(2);
  while (!rest.empty() && (rest.back() == U'的' || rest.back() == U'项' || rest.back() == U'年'))
    rest.pop_back();
  if (meta.kind == "department") {
    if (meta.unit.empty()) meta.unit = to_utf8(!prefix.empty() ? prefix : rest);
  } else {
    if (meta.unit.empty() && !prefix.empty()) meta.unit = to_utf8(prefix);
    if (meta.project.empty() && !rest.empty()) meta.project = to_utf8(rest);
  }
}

}  // namespace

std::vector<Report> extract_reports(const NormalizedDocument& doc, const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  // 1. Segment: report boundaries over body blocks.
  struct Segment {
    int first = 0, last = 0;
    std::u32string title;
    int title_block = -1;
    bool has_form = false;         // holds a 自评表 grid
    bool has_table_title = false;  // holds a 自评表 heading paragraph
    bool has_content = false;
  };
  std::vector<Segment> segments(1);
  const auto& blocks = doc.blocks;
  std::u32string previous_short;  // the line before a title, for titles split over two lines
  for (int i = 0; i < static_cast<int>(blocks.size()); ++i) {
    const NormalizedBlock& b = blocks[i];
    if (b.part != BlockPart::body) continue;
    Segment* cur = &segments.back();
    if (b.type == BlockType::paragraph) {
      const std::u32string& text = b.text.text;
      const bool table_title = is_table_title(text, layout);
      if (!table_title && is_title(text, layout)) {
        // A second title starts the next report; a title after a 自评表 that has no title yet
        // belongs to it (the table may come first).
        if (!cur->title.empty()) {
          segments.push_back({i, i, {}, -1, false, false, false});
          cur = &segments.back();
        }
        cur->title = text;
        cur->title_block = i;
        // "2022年湘潭县禁毒委员会办公室" + "部门整体支出绩效评价报告"
        if (!previous_short.empty() && !find_year(text, layout)) cur->title = previous_short + text;
      } else if (table_title) {
        if (cur->has_form) {
          segments.push_back({i, i, {}, -1, false, false, false});
          cur = &segments.back();
        }
        cur->has_table_title = true;
      } else if (!matches_some(layout.attachment, text)) {
        cur->has_content = true;
      }
      bool short_line = !text.empty() && text.size() <= 40 && !matches_some(layout.not_title, text) &&
                        !matches_some(layout.attachment, text);
      previous_short = short_line ? text : std::u32string();
    } else {
      if (is_form_table(b, layout)) {
        if (cur->has_form) {
          segments.push_back({i, i, {}, -1, false, false, false});
          cur = &segments.back();
        }
        cur->has_form = true;
      }
      cur->has_content = true;
      previous_short.clear();
    }
  }
  for (size_t s = 0; s < segments.size(); ++s)
    segments[s].last = s + 1 < segments.size() ? segments[s + 1].first : static_cast<int>(blocks.size());
  if (segments.size() > 1 && !segments.front().has_content && !segments.front().has_form &&
      segments.front().title.empty()) {
    segments[1].first = segments[0].first;
    segments[1].has_table_title = segments[1].has_table_title || segments[0].has_table_title;
    segments.erase(segments.begin());
  }

  // 2. Extract each segment.
  std::vector<Report> reports;
  for (const Segment& seg : segments) {
    ReportBuilder b;
    b.report.index = static_cast<int>(reports.size()) + 1;
    b.report.first_block = seg.first;
    b.report.last_block = seg.last;
    // Classified once while segmenting: a 自评表 grid or heading makes it a project report.
    const bool has_form = seg.has_form || seg.has_table_title;
    for (int i = seg.first; i < seg.last; ++i) {
      check_deadline("extraction");
      const NormalizedBlock& blk = blocks[i];
      if (blk.part != BlockPart::body) continue;
      if (blk.type == BlockType::table) {
        read_table(b, blk, ctx);
        continue;
      }
      const std::u32string& text = blk.text.text;
      if (text.size() <= 40) b.short_paragraphs.push_back(text);
      for (const FigureMatch& m : ctx.rules.find_figures(text, ctx.numbers)) {
        Figure f;
        f.field = m.field;
        f.quantity = m.quantity;
        f.label = m.label;
        f.text = m.text;
        f.span = blk.text.span(m.start, m.end);
        f.rule = m.rule;
        b.report.figures.push_back(std::move(f));
      }
      add_mentions(b, blk.text, ctx.numbers, -1, -1, {});
    }
    ReportMeta& meta = b.report.meta;
    fill_meta_from_title(meta, seg.title, layout);
    if (meta.kind == "unknown" && has_form) meta.kind = "project";
    if (!meta.year) {
      // "（2023年度）" under the 自评表 heading, or the first short line with a year.
      for (const auto& line : b.short_paragraphs) {
        if ((meta.year = find_year(line, layout))) break;
      }
    }
    reports.push_back(std::move(b.report));
  }
  return reports;
}

}  // namespace jixiao
