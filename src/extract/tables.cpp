// Tables by meaning: header rows are found by the vocabulary of rules/tables.toml (cells cleaned
// of decoration, columns in any order, a header over one or two rows), and each data row is read
// through the columns its header mapped, right of the row's own label. Three kinds of rows:
// the fund block (年度资金总额 and its parts against the budget columns), indicator rows (with
// their totals row) and key-value cells (项目名称 | X | 主管部门 | Y).
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/deadline.h"
#include "core/utf.h"
#include "extract/report_builder.h"

namespace jixiao {
namespace {

bool is_blank(std::u32string_view s) {
  return trim(s).empty();
}

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
  bool same_region(int r, int a, int b) const { return region[r][a] >= 0 && region[r][a] == region[r][b]; }
};

// Column key -> grid columns (a merged header cell, or blank cells a text export left to its
// right, map several columns to one key).
using ColumnMap = std::map<std::string, std::vector<int>>;

struct Grid {
  const NormalizedBlock& t;
  const LayoutRules& layout;
  const NumberParser& numbers;
  MergeMap merges;
  int rows, cols;
  Grid(const NormalizedBlock& block, const ExtractContext& ctx)
      : t(block),
        layout(ctx.layout),
        numbers(ctx.numbers),
        merges(block),
        rows(static_cast<int>(block.cells.size())),
        cols(block.cells.empty() ? 0 : static_cast<int>(block.cells[0].size())) {
    cleaned_.resize(rows);
    cleaned_done_.resize(rows);
    quantities_.resize(rows);
    for (int r = 0; r < rows; ++r) {
      cleaned_[r].resize(t.cells[r].size());
      cleaned_done_[r].assign(t.cells[r].size(), false);
      quantities_[r].resize(t.cells[r].size());
    }
  }
  // The quantities in a cell (NumberParser::find_all, no context), scanned when first asked for:
  // a cell is read as a header candidate, as a number, and for its prose figures and mentions.
  const std::vector<Quantity>& quantities(int r, int c) const {
    auto& known = quantities_[r][c];
    if (!known) known = numbers.find_all(t.cells[r][c].text, {});
    return *known;
  }
  // The quantity that makes up the whole cell, if any (NumberParser::parse_cell, no context).
  std::optional<Quantity> whole_number(int r, int c) const {
    return NumberParser::whole_cell_of(t.cells[r][c].text, quantities(r, c));
  }
  // A cell as the vocabulary sees it (LayoutRules::clean), cleaned when first asked for:
  // is_form_table usually stops at the header rows near the top.
  const std::u32string& cleaned(int r, int c) const {
    if (!cleaned_done_[r][c]) {
      cleaned_[r][c] = layout.clean(t.cells[r][c].text);
      cleaned_done_[r][c] = true;
    }
    return cleaned_[r][c];
  }
  int width(int r) const { return static_cast<int>(t.cells[r].size()); }
  const NormalizedText& cell(int r, int c) const { return t.cells[r][c]; }
  bool blank(int r, int c) const { return c >= width(r) || is_blank(t.cells[r][c].text); }
  // The first filled cell of a row that starts there (not a vertical merge's continuation).
  int label_col(int r) const {
    for (int c = 0; c < width(r); ++c)
      if (!blank(r, c) && !merges.continues_from_above(r, c)) return c;
    return -1;
  }
  // One past the last cell of row r that holds anything.
  int filled_end(int r) const {
    int end = width(r);
    while (end > 0 && blank(r, end - 1)) --end;
    return end;
  }

 private:
  mutable std::vector<std::vector<std::u32string>> cleaned_;
  mutable std::vector<std::vector<bool>> cleaned_done_;
  mutable std::vector<std::vector<std::optional<std::vector<Quantity>>>> quantities_;
};

struct CellRef {
  const NormalizedText* text = nullptr;
  int row = -1, col = -1;
  bool empty() const { return text == nullptr || is_blank(text->text); }
  std::u32string value() const { return text ? trim(text->text) : std::u32string(); }
  Span span() const { return text ? text->span(0, static_cast<int>(text->text.size()), row, col) : Span{}; }
};

// The best column key a cleaned header cell names, "" when none.
std::string column_key(const LayoutRules& layout, const std::u32string& cleaned,
                       const std::vector<ColumnRule>& rules) {
  std::string best;
  int best_score = 0;
  for (const ColumnRule& rule : rules) {
    int score = layout.match(cleaned, rule.labels);
    if (score > best_score) {
      best_score = score;
      best = rule.key;
    }
  }
  return best;
}

// A column named by a generic label (预算数) goes to the rule that lists it in also_labels when
// its own key has another column in the same row (调整后预算数) and that rule's key has none.
void move_generic_labels(const Grid& tb, int r, const std::vector<ColumnRule>& rules, ColumnMap& cols) {
  for (const ColumnRule& rule : rules) {
    if (rule.also_labels.empty() || cols.count(rule.key)) continue;
    auto generic = [&](int c) {
      return std::find(rule.also_labels.begin(), rule.also_labels.end(), tb.cleaned(r, c)) !=
             rule.also_labels.end();
    };
    for (auto& [key, list] : cols) {
      if (list.size() < 2 || std::all_of(list.begin(), list.end(), generic)) continue;
      auto moved = std::find_if(list.begin(), list.end(), generic);
      if (moved == list.end()) continue;
      int c = *moved;
      list.erase(moved);
      cols[rule.key].push_back(c);
      break;
    }
  }
}

// The keys a row's cells name, each with its columns. Cells that are numbers are no labels.
ColumnMap label_columns(const Grid& tb, int r, const std::vector<ColumnRule>& rules) {
  ColumnMap out;
  for (int c = 0; c < tb.width(r); ++c) {
    if (tb.cleaned(r, c).empty()) continue;
    std::string key = column_key(tb.layout, tb.cleaned(r, c), rules);
    if (!key.empty()) out[key].push_back(c);
  }
  move_generic_labels(tb, r, rules, out);
  return out;
}

// A header row read, possibly with a second row of sub-labels under merged cells.
struct Header {
  ColumnMap cols;
  int rows = 0;  // 0: no header here
};

// Blank header cells right of a labelled one belong to it (a text export writes a merged header
// cell once, at its left).
void extend_over_blanks(const Grid& tb, int r, ColumnMap& cols) {
  for (auto& [key, list] : cols) {
    std::vector<int> extended;
    for (int c : list) {
      extended.push_back(c);
      for (int k = c + 1; k < tb.width(r) && tb.blank(r, k); ++k) extended.push_back(k);
    }
    std::sort(extended.begin(), extended.end());
    extended.erase(std::unique(extended.begin(), extended.end()), extended.end());
    list = std::move(extended);
  }
}

// A row of sub-labels: every filled cell that starts in it names a key, and none is a number.
bool is_sublabel_row(const Grid& tb, int r, const std::vector<ColumnRule>& rules) {
  if (r >= tb.rows) return false;
  int named = 0;
  for (int c = 0; c < tb.width(r); ++c) {
    if (tb.blank(r, c) || tb.merges.continues_from_above(r, c) || tb.merges.repeats_left(r, c)) continue;
    if (tb.whole_number(r, c)) return false;
    if (column_key(tb.layout, tb.cleaned(r, c), rules).empty()) return false;
    ++named;
  }
  return named > 0;
}

const KeyValueRule* keyvalue_rule(const LayoutRules& layout, const std::u32string& cleaned);

// Some cell of row r is the label of a meta pair (项目名称, 实施单位, …).
bool names_a_key(const Grid& tb, int r) {
  for (int c = 0; c < tb.width(r); ++c) {
    if (tb.cleaned(r, c).empty()) continue;
    const KeyValueRule* kv = keyvalue_rule(tb.layout, tb.cleaned(r, c));
    if (kv && !kv->meta.empty()) return true;
  }
  return false;
}

// Where the value of the pair whose label is at (r, c) would be: the next filled cell to the right
// (a text export leaves a merged label's other columns empty); the row's width when there is none.
int pair_value_col(const Grid& tb, int r, int c) {
  int vc = c + 1;
  while (vc < tb.width(r) && (tb.merges.same_region(r, vc, c) || tb.blank(r, vc))) ++vc;
  return vc;
}

// A row whose labels are followed by numbers ("年初预算数 | 320 | 全年预算数 | 335.6"), or by
// placeholders for them ("权重 | / | 得分 | /" in a part's row), holds label-value pairs: it is no
// header, whatever its labels. Some pairs may be left blank (a label, then the next label or the
// row's end), not most; a header has no label followed by a number at all.
bool holds_pairs(const Grid& tb, int r, const ColumnMap& labelled, const std::vector<ColumnRule>& rules) {
  int paired = 0, blank = 0;
  for (const auto& [key, list] : labelled) {
    for (int c : list) {
      const int next = pair_value_col(tb, r, c);
      if (next < tb.width(r) &&
          (tb.whole_number(r, next) || tb.layout.is_placeholder(tb.cell(r, next).text))) {
        ++paired;
        continue;
      }
      // A pair left blank: the next label, or the row's end, follows its label.
      if (next < tb.width(r) && column_key(tb.layout, tb.cleaned(r, next), rules).empty()) return false;
      ++blank;
    }
  }
  return paired > 0 && paired >= blank;
}

Header find_header(const Grid& tb, int r, const std::vector<ColumnRule>& rules, int min_columns) {
  Header h;
  ColumnMap top = label_columns(tb, r, rules);
  if (top.empty() || holds_pairs(tb, r, top, rules)) return h;
  // A row of the same labels in the same columns as rows of pairs above it is one more such row,
  // its values left blank (上年结转资金 | 年初预算数 | | 全年预算数 | | …).
  for (int above = r - 1; above >= 0; --above) {
    if (label_columns(tb, above, rules) != top) break;
    if (holds_pairs(tb, above, top, rules)) return h;
  }
  extend_over_blanks(tb, r, top);
  h.cols = top;
  h.rows = 1;
  if (is_sublabel_row(tb, r + 1, rules)) {
    ColumnMap sub = label_columns(tb, r + 1, rules);
    // A key-value row with too few labels to be a header above one with enough is no part of it
    // ("实施单位" read as the 单位 of a target, right above the indicator header); a group row
    // ("资金投入情况 | 预算数 | 执行情况" over "执行数 | 执行率") is.
    if (static_cast<int>(top.size()) < min_columns && static_cast<int>(sub.size()) >= min_columns &&
        names_a_key(tb, r))
      return {};
    // Sub-labels take their columns from the merged label above them.
    for (auto& [key, list] : sub) {
      for (int c : list) {
        for (auto& [other, other_list] : h.cols)
          other_list.erase(std::remove(other_list.begin(), other_list.end(), c), other_list.end());
      }
    }
    for (auto& [key, list] : sub) {
      auto& target = h.cols[key];
      target.insert(target.end(), list.begin(), list.end());
      std::sort(target.begin(), target.end());
    }
    for (auto it = h.cols.begin(); it != h.cols.end();)
      it = it->second.empty() ? h.cols.erase(it) : std::next(it);
    h.rows = 2;
  }
  if (static_cast<int>(h.cols.size()) < min_columns) return {};
  return h;
}

// The first filled cell of `key`'s columns right of `after`, else its first column right of it.
// (A cell of a merged region that starts at or left of `after`, the row's label, is the label.)
CellRef pick(const Grid& tb, int r, const ColumnMap& cols, const std::string& key, int after = -1) {
  auto it = cols.find(key);
  if (it == cols.end()) return {};
  auto usable = [&](int c) {
    return c > after && c < tb.width(r) && !tb.merges.continues_from_above(r, c) &&
           !(after >= 0 && tb.merges.same_region(r, c, after));
  };
  for (int c : it->second)
    if (usable(c) && !tb.blank(r, c)) return {&tb.cell(r, c), r, c};
  for (int c : it->second)
    if (usable(c)) return {&tb.cell(r, c), r, c};
  return {};
}

// A cell whose whole content is one number ("10", "98.5", "10分"); placeholders are no numbers.
std::optional<Quantity> cell_number(const Grid& tb, const CellRef& cell, const NumberContext& ctx = {}) {
  if (cell.empty() || tb.layout.is_placeholder(cell.text->text)) return std::nullopt;
  const bool grid_cell = cell.row >= 0 && cell.row < tb.rows && cell.col >= 0 &&
                         cell.col < tb.width(cell.row) && cell.text == &tb.cell(cell.row, cell.col);
  if (grid_cell && ctx.is_default()) return tb.whole_number(cell.row, cell.col);
  return tb.numbers.parse_cell(cell.text->text, ctx);
}

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

std::string unit_in(const LayoutRules& layout, std::u32string_view text) {
  boost::match_results<std::u32string_view::const_iterator> m;
  if (!layout.money_unit.may_match(text) ||
      !boost::u32regex_search(text.begin(), text.end(), m, layout.money_unit))
    return {};
  for (size_t i = 1; i < m.size(); ++i)
    if (m[i].matched) return to_utf8(std::u32string(m[i].first, m[i].second));
  return {};
}

// The money unit of a fund block, from the closest place that names one: the header rows and
// the block title beside them, then a note above the table, then the form's default.
std::string fund_block_unit(const Grid& tb, int header_row, int header_rows, const ReportBuilder& b) {
  for (int r = header_row; r < header_row + header_rows && r < tb.rows; ++r)
    for (int c = 0; c < tb.width(r); ++c)
      if (std::string u = unit_in(tb.layout, tb.cell(r, c).text); !u.empty()) return u;
  // A block title in a vertically merged cell left of the header ("项目资金（万元）"), or a note
  // in the table's own rows above it ("单位：万元" as the first row).
  for (int r = header_row - 1; r >= 0 && r >= header_row - 2; --r)
    if (std::string u = unit_in(tb.layout, tb.cell(r, 0).text);
        !u.empty() && tb.merges.continues_from_above(header_row, 0))
      return u;
  for (int r = header_row - 1; r >= 0 && r >= header_row - 3; --r)
    for (int c = 0; c < tb.width(r); ++c)
      if (!tb.merges.repeats_left(r, c) && trim(tb.cell(r, c).text).size() <= 12)
        if (std::string u = unit_in(tb.layout, tb.cell(r, c).text); !u.empty()) return u;
  const auto& recent = b.recent_paragraphs;
  for (auto it = recent.rbegin(); it != recent.rend(); ++it)
    if (std::string u = unit_in(tb.layout, *it); !u.empty()) return u;
  return {};
}

struct FundMode {
  ColumnMap cols;
  std::string unit;  // "" : the default, implied
  bool seen_total = false;
  int header_end = 0;  // one past the header's last filled cell
  int header_row = 0;
};

const ColumnRule* fund_column(const LayoutRules& layout, const std::string& key) {
  for (const ColumnRule& c : layout.fund_columns)
    if (c.key == key) return &c;
  return nullptr;
}

bool has_money_column(const LayoutRules& layout, const ColumnMap& cols) {
  for (const auto& [key, list] : cols)
    if (const ColumnRule* c = fund_column(layout, key); c && c->kind == "money") return true;
  return false;
}

// A fund block without a 分值 column may print its points in its title: "预算执行情况（万元）
// （20分）" (the 20/80 forms). Those points are the fund row's weight.
void read_block_points(ReportBuilder& b, const Grid& tb, int header_row, int header_rows,
                       const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  // The header's rows, and a title row right above it (one with no number in it).
  int first = header_row;
  if (header_row > 0) {
    bool title_row = true;
    for (int c = 0; c < tb.width(header_row - 1) && title_row; ++c)
      if (!tb.blank(header_row - 1, c) && tb.whole_number(header_row - 1, c)) title_row = false;
    if (title_row) first = header_row - 1;
  }
  for (int r = first; r < header_row + header_rows && r < tb.rows; ++r)
    for (int c = 0; c < tb.width(r); ++c) {
      if (tb.merges.repeats_left(r, c) || (r > first && tb.merges.continues_from_above(r, c))) continue;
      const NormalizedText& cell = tb.cell(r, c);
      boost::match_results<std::u32string::const_iterator> m;
      if (!layout.fund_block_points.may_match(cell.text) ||
          !boost::u32regex_search(cell.text.cbegin(), cell.text.cend(), m, layout.fund_block_points.re))
        continue;
      Quantity q;
      q.kind = QuantityKind::score;
      q.unit = "分";
      q.value = std::stod(to_utf8(std::u32string(m["w"].first, m["w"].second)));
      Figure f;
      f.field = layout.fund_block_points_field;
      f.quantity = q;
      f.label = to_utf8(trim(cell.text));
      f.text = to_utf8(std::u32string(m[0].first, m[0].second));
      f.span = cell.span(static_cast<int>(m[0].first - cell.text.cbegin()),
                         static_cast<int>(m[0].second - cell.text.cbegin()), r, c);
      f.rule = "table.funds.points";
      b.report.figures.push_back(std::move(f));
      return;
    }
}

// A row that numbers the columns above it ("1 | 2 | 3 | 4", a form's 列次): whole numbers, each
// one more than the last.
bool numbers_columns(const Grid& tb, int r) {
  std::optional<double> last;
  for (int c = 0; c < tb.width(r); ++c) {
    if (tb.blank(r, c) || tb.merges.repeats_left(r, c)) continue;
    auto q = tb.whole_number(r, c);
    if (!q || q->kind != QuantityKind::number || q->value != std::floor(q->value)) return false;
    if (last && q->value != *last + 1) return false;
    last = q->value;
  }
  return last.has_value();
}

// A bare number under a rate column: 0.95 or 1.00 is a fraction whose percent format a
// spreadsheet's export lost (95%); a whole number (95) is a percent already.
void bare_number_as_percent(Quantity& q, const std::u32string& written, const LayoutRules& layout) {
  if (q.value > 0 && q.value <= layout.fund_fraction_max &&
      (written.find(U'.') != std::u32string::npos || q.value == 1))
    q.value *= 100;
  q.kind = QuantityKind::percent;
  q.unit = "%";
}

// The fund row rule a cleaned row label names best (年度资金总额, 其中：当年财政拨款, …), or null.
const FundRowRule* fund_row_rule(const LayoutRules& layout, const std::u32string& cleaned) {
  const FundRowRule* rule = nullptr;
  int best = 0;
  for (const FundRowRule& fr : layout.fund_rows)
    if (int score = layout.match(cleaned, fr.labels); score > best) {
      best = score;
      rule = &fr;
    }
  return rule;
}

// One row of the fund block. Returns false when the row is not a fund row (the block ends).
bool read_fund_row(ReportBuilder& b, const Grid& tb, int r, FundMode& mode, const ExtractContext& ctx,
                   std::vector<std::vector<bool>>& consumed) {
  const LayoutRules& layout = ctx.layout;
  const int label_col = tb.label_col(r);
  if (label_col < 0) return true;

  // A row filled further right than its header, labelled where the header has a value column, was
  // written by a text export that wrote the header's merged title cell once ("预算执行情况（20分）|
  // 预算数 | 执行数" over " | 总额 | 300 | 276"): its values are that many columns further right.
  int first_column = tb.width(r);
  for (const auto& [key, list] : mode.cols) first_column = std::min(first_column, list.front());
  ColumnMap shifted;
  const int row_end = tb.filled_end(r);
  if (label_col >= first_column && row_end > mode.header_end) {
    const int shift = std::min(label_col - first_column + 1, row_end - mode.header_end);
    for (const auto& [key, list] : mode.cols)
      for (int c : list) shifted[key].push_back(c + shift);
  }
  const ColumnMap& cols = shifted.empty() ? mode.cols : shifted;

  // The row's own label is its last text cell before the values: one further left names the
  // group it belongs to ("按收入性质分 | 财政拨款 | 300", "按支出性质分 | 基本支出 | 200").
  int own_col = label_col;
  for (int c = label_col + 1; c < first_column && c < tb.width(r); ++c)
    if (!tb.blank(r, c) && !tb.merges.repeats_left(r, c) && !tb.whole_number(r, c)) own_col = c;
  const FundRowRule* rule = fund_row_rule(layout, tb.cleaned(r, own_col));
  // A first row with no label, its values right under the header's ("预算执行情况（20分）| 年初
  // 预算数 | …" over " | 500 | 480 | …"): the block's one row, its total, named by the block's title.
  std::u32string label_text = tb.cell(r, own_col).text;
  if (shifted.empty() && label_col >= first_column && tb.whole_number(r, label_col) && !mode.seen_total &&
      !numbers_columns(tb, r)) {
    rule = nullptr;
    for (const FundRowRule& fr : layout.fund_rows)
      if (fr.role == "total") rule = &fr;
    own_col = first_column - 1;
    label_text.clear();
    for (int c = first_column - 1; c >= 0 && label_text.empty(); --c)
      if (c < tb.width(mode.header_row) && !tb.blank(mode.header_row, c))
        label_text = tb.cell(mode.header_row, c).text;
  }
  // The row's own unit ("年度资金总额（万元）:"), else the block's.
  std::string unit = own_col >= 0 ? unit_in(layout, tb.cell(r, own_col).text) : std::string();
  NumberContext money_ctx;
  money_ctx.implied_money_unit = !unit.empty()        ? unit
                                 : !mode.unit.empty() ? mode.unit
                                                      : layout.fund_default_unit;

  struct Read {
    std::string key;
    CellRef cell;
    Quantity q;
  };
  std::vector<Read> values;
  bool any_money = false;
  for (const auto& [key, list] : cols) {
    const ColumnRule* column = fund_column(layout, key);
    CellRef cell = pick(tb, r, cols, key, own_col);
    if (cell.col <= own_col) continue;
    const bool money = column->kind == "money";
    auto q = cell_number(tb, cell, money ? money_ctx : NumberContext{});
    if (!q) continue;
    if (money && q->kind != QuantityKind::money) continue;
    if (column->kind == "percent") {
      if (q->kind == QuantityKind::number) bare_number_as_percent(*q, cell.text->text, layout);
      if (q->kind != QuantityKind::percent) continue;
    }
    if (column->kind == "score") {
      if (q->kind != QuantityKind::number && q->kind != QuantityKind::score) continue;
      q->kind = QuantityKind::score;
      if (q->unit.empty()) q->unit = "分";
    }
    any_money = any_money || money;
    values.push_back({key, cell, *q});
  }
  if (!rule) {
    // A row the vocabulary does not name: a part when it holds money under a stated total
    // ("其中：中央、省补助资金"); before the total, a row of column numbers ("列次 0 1 2") or
    // notes to pass over; after it with no money, the end of the block.
    if (!mode.seen_total) return true;
    if (!any_money) return false;
  }
  const bool total = rule && rule->role == "total";
  if (total) mode.seen_total = true;
  const std::string label = to_utf8(trim(label_text));
  for (const Read& v : values) {
    std::string field;
    if (rule) {
      auto it = rule->fields.find(v.key);
      if (it != rule->fields.end()) field = it->second;
    }
    // A part's money without a named field is still a component of the total, for the checks.
    if (field.empty() && !total) {
      auto it = layout.component_fields.find(v.key);
      if (it != layout.component_fields.end()) field = it->second;
    }
    if (field.empty()) continue;
    b.report.figures.push_back(
        make_figure(field, v.q, label, v.cell, total ? "table.funds.total" : "table.funds.part"));
  }
  std::fill(consumed[r].begin(), consumed[r].end(), true);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Indicators

struct IndicatorMode {
  ColumnMap cols;
  bool explain_form = false;
  std::u32string level1, level2;
  int last_weighted_group = 0;
  size_t first_indicator = 0;  // this table's first indicator in the report
  int first_column = 0;        // the leftmost column the header names
  int header_row = -1;
  std::vector<size_t> totals;  // the figures the block's last totals row gave
};

bool names_total(const LayoutRules& layout, const std::u32string& cleaned) {
  return layout.match(cleaned, layout.total_labels) >= 1000;
}
bool names_subtotal(const LayoutRules& layout, const std::u32string& cleaned) {
  return layout.match(cleaned, layout.subtotal_labels) > 0;
}

// Totals row: "总分 | … | 100 | 96" -> score.max, score.total.
void read_totals_row(ReportBuilder& b, const Grid& tb, int r, int label_col, IndicatorMode& mode,
                     const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  std::vector<CellRef> nums;
  for (int c = label_col + 1; c < tb.width(r); ++c) {
    if (tb.merges.repeats_left(r, c)) continue;
    CellRef cell{&tb.cell(r, c), r, c};
    if (cell_number(tb, cell)) nums.push_back(cell);
  }
  // Through the row's own labels when it names its numbers ("合计 | 权重 | 100 | 得分 | 99.85"),
  // else the header's 分值 / 得分 columns when both hold numbers; else the row's numbers in
  // order (a text export may have shifted the row): the weights' sum first, then the score.
  CellRef wmax = pick(tb, r, mode.cols, "weight", label_col),
          wtot = pick(tb, r, mode.cols, "score", label_col);
  for (int c = label_col + 1; c < tb.width(r); ++c) {
    if (tb.blank(r, c) || tb.merges.repeats_left(r, c) || tb.whole_number(r, c)) continue;
    const std::string key = column_key(layout, tb.cleaned(r, c), layout.indicator_columns);
    if (key != "weight" && key != "score") continue;
    const int vc = pair_value_col(tb, r, c);
    if (vc < tb.width(r) && tb.whole_number(r, vc))
      (key == "weight" ? wmax : wtot) = {&tb.cell(r, vc), r, vc};
  }
  std::optional<Quantity> qmax = cell_number(tb, wmax), qtot = cell_number(tb, wtot);
  if (!(qmax && qtot && wmax.col != wtot.col) && nums.size() >= 2) {
    wmax = nums[0];
    wtot = nums[1];
    qmax = cell_number(tb, wmax);
    qtot = cell_number(tb, wtot);
  } else if (!qmax && !qtot && nums.size() == 1) {
    if (mode.cols.count("weight")) {
      wmax = nums[0];
      qmax = cell_number(tb, wmax);
    } else {
      wtot = nums[0];
      qtot = cell_number(tb, wtot);
    }
  }
  if (!qmax && !qtot) return;
  // A block with two totals rows (合计 of the indicators, then 总分 with the funds' points) is
  // totalled by the last one: the rows before it were subtotals.
  auto& figures = b.report.figures;
  for (auto k = mode.totals.rbegin(); k != mode.totals.rend(); ++k) figures.erase(figures.begin() + *k);
  mode.totals.clear();
  const std::string label = to_utf8(trim(tb.cell(r, label_col).text));
  for (auto [q, cell, field] : {std::tuple{qmax, wmax, layout.total_weight_field},
                                std::tuple{qtot, wtot, layout.total_score_field}}) {
    if (!q) continue;
    q->kind = QuantityKind::score;
    if (q->unit.empty()) q->unit = "分";
    mode.totals.push_back(figures.size());
    figures.push_back(make_figure(field, *q, label, cell, "table.total"));
  }
}

void read_indicator_row(ReportBuilder& b, const Grid& tb, int r, IndicatorMode& mode,
                        const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  const auto& row = tb.t.cells[r];
  const ColumnMap& cols = mode.cols;
  CellRef l1 = pick(tb, r, cols, "level1"), l2 = pick(tb, r, cols, "level2");
  CellRef name = pick(tb, r, cols, "name"), target = pick(tb, r, cols, "target");
  CellRef actual = pick(tb, r, cols, "actual"), weight = pick(tb, r, cols, "weight");
  CellRef score = pick(tb, r, cols, "score"), note = pick(tb, r, cols, "note");
  CellRef explain = pick(tb, r, cols, "explain");
  CellRef comparator = pick(tb, r, cols, "target_comparator"), target_unit = pick(tb, r, cols, "target_unit");
  // A target or result merged down over several indicators ("100%" once for two rates) is each
  // one's; a weight or score merged so is the group's, and stays with its first row.
  for (auto [key, cell] : {std::pair{"target", &target}, std::pair{"actual", &actual}}) {
    const auto it = cols.find(key);
    if (!cell->empty() || it == cols.end()) continue;
    for (int c : it->second) {
      if (c >= tb.width(r) || !tb.merges.continues_from_above(r, c)) continue;
      const Merge& m = (*tb.merges.merged)[tb.merges.region[r][c]];
      // One value for all its rows; a cell of several lines may hold one line per row instead.
      const std::u32string& text = tb.cell(m.row, m.col).text;
      if (m.row > mode.header_row && m.row < r && !tb.blank(m.row, m.col) &&
          trim(text).find(U'\n') == std::u32string::npos)
        *cell = {&tb.cell(m.row, m.col), m.row, m.col};
      break;
    }
  }
  bool weight_ok = weight.empty() || cell_number(tb, weight).has_value();
  // A text export can shift a row by a cell or more (empty leading cells lost): when the
  // positional read is implausible, read the row from its right end instead.
  if (mode.explain_form && (!weight_ok || (name.empty() && !weight.empty()))) {
    std::vector<CellRef> filled;
    for (int c = 0; c < static_cast<int>(row.size()); ++c)
      if (!is_blank(row[c].text) && !tb.merges.repeats_left(r, c)) filled.push_back({&row[c], r, c});
    std::vector<CellRef> nums;
    while (!filled.empty() && nums.size() < 2 && cell_number(tb, filled.back())) {
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
  if (!l1.empty() && l1.value() != mode.level1) {
    mode.level1 = l1.value();
    mode.level2.clear();
  }
  if (!l2.empty()) mode.level2 = l2.value();
  // Only third-level rows are indicators: an empty or placeholder name ("指标2:", "/") with
  // nothing else filled is a slot the form left open, a level heading with its points is none.
  // A cell spanning the level and name columns is a section heading or a note, not an indicator.
  if (!name.empty() && ((!l1.empty() && tb.merges.same_region(r, name.col, l1.col)) ||
                        (!l2.empty() && tb.merges.same_region(r, name.col, l2.col))))
    return;
  const bool name_open = name.empty() || layout.is_placeholder(name.text->text);
  auto filled = [&](const CellRef& c) { return !c.empty() && !layout.is_placeholder(c.text->text); };
  const bool has_values = filled(target) || filled(actual) || filled(weight) || filled(score);
  if (name_open && !has_values) return;
  if (name_open && !mode.explain_form && !filled(weight) && !filled(score)) return;
  Indicator ind;
  ind.level1 = to_utf8(mode.level1);
  ind.level2 = to_utf8(mode.level2);
  ind.name = name_open ? std::string() : to_utf8(name.value());
  std::u32string target_text = target.value();
  if (!comparator.empty() && comparator.col != target.col) target_text = comparator.value() + target_text;
  if (!target_unit.empty() && target_unit.col != target.col && !target_text.empty())
    target_text += target_unit.value();
  ind.target = to_utf8(target_text);
  ind.actual = to_utf8(actual.value());
  if (!target_text.empty() && !layout.is_placeholder(target_text))
    ind.target_quantity = ctx.numbers.parse_cell(target_text);
  ind.actual_quantity = cell_number(tb, actual);
  ind.note = to_utf8(mode.explain_form ? explain.value() : note.value());
  // Its name's cell, else the first cell it was read from (every record carries its place).
  CellRef where = name;
  for (const CellRef& cell : {target, actual, weight, score})
    if (where.empty()) where = cell;
  ind.span = where.span();
  bool shared = !weight.empty() && weight.col >= 0 && tb.merges.continues_from_above(r, weight.col);
  if (shared) {
    ind.group = mode.last_weighted_group;  // one merged 分值 cell: its first row carries it
  } else if (weight.empty() && score.empty() && mode.last_weighted_group > 0 &&
             b.report.indicators.size() > mode.first_indicator && !mode.explain_form &&
             b.report.indicators.back().weight) {
    ind.group = mode.last_weighted_group;  // a text export: a name-only row under a weighted one
  } else {
    ind.group = ++b.group;
    if (auto w = cell_number(tb, weight)) {
      ind.weight = w->value;
      ind.weight_text = to_utf8(weight.value());
      ind.weight_span = weight.span();
    }
    if (auto s = cell_number(tb, score)) {
      ind.score = s->value;
      ind.score_text = to_utf8(score.value());
      ind.score_span = score.span();
    }
    if (ind.weight || ind.score) mode.last_weighted_group = ind.group;
  }
  // 预算执行率 as an indicator: its actual value is also the figure (kept by extract_reports only
  // where the report gives the figure nowhere else).
  if (!name_open && ind.actual_quantity && ind.actual_quantity->kind == QuantityKind::percent) {
    for (const LayoutRules::IndicatorFigure& figure : layout.indicator_figures) {
      if (layout.match(tb.cleaned(r, name.col), figure.labels) == 0) continue;
      b.report.figures.push_back(make_figure(figure.field, *ind.actual_quantity, ind.name, actual,
                                             std::string(kIndicatorFigureRule)));
      break;
    }
  }
  b.report.indicators.push_back(std::move(ind));
}

// A row numbered at a higher level ("一、示范区建立 15") whose points are the sum of the rows
// numbered under it ("1、… 5", "2、… 5", "3、… 5") is their parent, not an indicator.
void drop_parent_rows(ReportBuilder& b, size_t first, const LayoutRules& layout) {
  auto& inds = b.report.indicators;
  auto points = [](const Indicator& i) { return i.score ? i.score : i.weight; };
  std::vector<bool> parent(inds.size(), false);
  for (size_t i = first; i < inds.size(); ++i) {
    if (!points(inds[i]) || !matches_some(layout.parent_numbering, to_u32(inds[i].name))) continue;
    double sum = 0;
    size_t j = i + 1, children = 0;
    for (; j < inds.size() && inds[j].level2 == inds[i].level2 &&
           matches_some(layout.child_numbering, to_u32(inds[j].name));
         ++j) {
      if (points(inds[j])) sum += *points(inds[j]);
      ++children;
    }
    if (children > 0 && std::abs(sum - *points(inds[i])) < 1e-6) parent[i] = true;
  }
  size_t out = first;
  for (size_t i = first; i < inds.size(); ++i) {
    if (parent[i]) continue;
    if (out != i) inds[out] = std::move(inds[i]);
    ++out;
  }
  inds.resize(out);
}

// ---------------------------------------------------------------------------------------------
// Key-value cells: "单位名称 | 湘潭县禁毒委员会办公室", "年度预算金额 | 65", several per row.

const KeyValueRule* keyvalue_rule(const LayoutRules& layout, const std::u32string& cleaned) {
  const KeyValueRule* best = nullptr;
  int best_score = 0;
  for (const KeyValueRule& kv : layout.keyvalue) {
    int score = layout.match(cleaned, kv.labels);
    if (score > best_score) {
      best_score = score;
      best = &kv;
    }
  }
  return best;
}

// What a key-value cell puts into its meta slot: the value as printed, or for the year slot the
// year it gives in digits (none when it gives none).
std::optional<std::string> meta_text(const KeyValueRule& kv, const std::u32string& value,
                                     const LayoutRules& layout) {
  if (kv.meta != "year") return to_utf8(value);
  auto year = year_in_value(value, layout);
  if (!year) return std::nullopt;
  return std::to_string(*year);
}

// Whether row r holds label-value pairs: some cell of it is a key-value label.
bool row_of_pairs(const Grid& tb, int r, const LayoutRules& layout) {
  for (int c = 0; c < tb.width(r); ++c)
    if (!tb.blank(r, c) && keyvalue_rule(layout, tb.cleaned(r, c))) return true;
  return false;
}

// How a row of pairs is labelled ("年度资金总额 | 年初预算数 | 320 | …", "其中：当年财政拨款 | 年初
// 预算数 | 100 | …"): by its last text cell left of its first pair label, if any, and the fund row
// that label names.
struct PairsRowLabel {
  bool labelled = false;
  const FundRowRule* rule = nullptr;
};
PairsRowLabel pairs_row_label(const Grid& tb, int r, const LayoutRules& layout) {
  PairsRowLabel out;
  int first_pair = 0;
  while (first_pair < tb.width(r) &&
         (tb.blank(r, first_pair) || !keyvalue_rule(layout, tb.cleaned(r, first_pair))))
    ++first_pair;
  int c = std::min(first_pair, tb.width(r)) - 1;
  while (c >= 0 && tb.blank(r, c)) --c;
  // A label merged down from the row above is that row's: this row continues its pairs.
  if (c < 0 || tb.merges.continues_from_above(r, c)) return out;
  out.labelled = true;
  out.rule = fund_row_rule(layout, tb.cleaned(r, c));
  return out;
}

// The fund row a row of pairs gives amounts for: the one its label names; a row labelled otherwise
// under a row of the total's is one of the total's parts; an unlabelled row continues the labelled
// row above it ("其中：财政资金 | 年初预算 | 156 | 调整后预算数 | 148.5" over " | 预算执行数 | 146.2
// | …"). `label_row` is -1 when no row of pairs is labelled.
struct PairsGroup {
  int label_row = -1;
  bool part = false;                  // a part's amounts, not the report's totals
  const FundRowRule* rule = nullptr;  // the fund row the label names, if any
};
PairsGroup pairs_group(const Grid& tb, int r, const LayoutRules& layout) {
  const PairsRowLabel own = pairs_row_label(tb, r, layout);
  if (own.rule) return {r, own.rule->role == "part", own.rule};
  for (int row = r - 1; row >= 0 && row_of_pairs(tb, row, layout); --row) {
    const PairsRowLabel above = pairs_row_label(tb, row, layout);
    if (!above.labelled) continue;
    if (!own.labelled) return pairs_group(tb, row, layout);
    if (above.rule && above.rule->role == "total") return {r, true, nullptr};
  }
  // Labelled otherwise ("项目资金（万元）| 年初预算数 | 35" over " | 全年预算数 | 38.5" …): the
  // block's title, over the rows of its one fund row.
  if (own.labelled) return {r, false, nullptr};
  return {};
}

// The fields the pairs of rows [first, end) give a number for.
std::set<std::string> fields_of_pairs(const Grid& tb, int first, int end, const LayoutRules& layout) {
  std::set<std::string> fields;
  for (int r = first; r < end; ++r)
    for (int c = 0; c + 1 < tb.width(r); ++c) {
      if (tb.cleaned(r, c).empty() || tb.merges.repeats_left(r, c)) continue;
      const KeyValueRule* kv = keyvalue_rule(layout, tb.cleaned(r, c));
      if (!kv || kv->field.empty()) continue;
      const int vc = pair_value_col(tb, r, c);
      if (vc < tb.width(r) && !keyvalue_rule(layout, tb.cleaned(r, vc)) &&
          !layout.is_placeholder(tb.cell(r, vc).text) && tb.whole_number(r, vc))
        fields.insert(kv->field);
    }
  return fields;
}

// The number of a pair's value cell; for a score, also one followed by a bracketed note that names
// no unit ("96.5分（优）": the grade beside the score).
std::optional<Quantity> pair_number(const Grid& tb, const CellRef& value, const std::string& field) {
  if (auto q = cell_number(tb, value)) return q;
  const FieldInfo* info = tb.layout.vocabulary.find(field);
  if (!info || info->kind != "score") return std::nullopt;
  const std::u32string text = trim(value.text->text);
  const size_t open = text.find_last_of(U"（(");
  if (open == std::u32string::npos || open == 0 || (text.back() != U'）' && text.back() != U')'))
    return std::nullopt;
  if (!unit_in(tb.layout, text.substr(open)).empty()) return std::nullopt;
  return tb.numbers.parse_cell(text.substr(0, open), {});
}

void read_keyvalue_row(ReportBuilder& b, const Grid& tb, int r, const ExtractContext& ctx,
                       std::vector<std::vector<bool>>& consumed) {
  const LayoutRules& layout = ctx.layout;
  // A cell that holds its label and value both ("单位名称：南江县统计局") is read as a short line.
  for (int c = 0; c < tb.width(r); ++c) {
    const std::u32string& text = tb.cell(r, c).text;
    const size_t colon = text.find_first_of(U":：");
    if (colon != std::u32string::npos && colon + 1 < text.size() && !tb.merges.repeats_left(r, c) &&
        !tb.merges.continues_from_above(r, c))
      read_keyvalue_line(b, trim(text), layout);
  }
  // The row's figures wait until the row is read: a pair that needs another field beside it
  // (`with`) counts only when the row gives one.
  struct Pair {
    const KeyValueRule* rule;
    Figure figure;
    int label_col, value_col;
  };
  std::vector<Pair> pairs;
  std::string money_unit;  // the money unit of the row's pairs, looked for at the first one
  // The fund row the row's pairs are for (pairs_group): a part's amounts are that part's fields
  // (its fund row's, else a component's), never the report's totals.
  std::optional<PairsGroup> group;  // looked up at the row's first amount or rate
  auto fund_group = [&]() -> const PairsGroup& {
    if (!group) group = pairs_group(tb, r, layout);
    return *group;
  };
  for (int c = 0; c + 1 < tb.width(r); ++c) {
    if (tb.cleaned(r, c).empty() || tb.merges.repeats_left(r, c)) continue;
    const KeyValueRule* kv = keyvalue_rule(layout, tb.cleaned(r, c));
    if (!kv) continue;
    // The value is the next filled cell to the right, unless that cell is itself a label. A
    // required value left blank (nothing, a dash, or text with no number where one belongs) is
    // recorded for the checker.
    const int vc = pair_value_col(tb, r, c);
    auto left_blank = [&] {
      if (kv->required)
        b.report.blanks.push_back({kv->field, to_utf8(trim(tb.cell(r, c).text)),
                                   tb.cell(r, c).span(0, tb.cell(r, c).text.size(), r, c)});
    };
    if (vc >= tb.width(r)) {
      left_blank();
      break;
    }
    if (keyvalue_rule(layout, tb.cleaned(r, vc))) {
      left_blank();
      continue;
    }
    CellRef value{&tb.cell(r, vc), r, vc};
    // A value merged down from the row above is that row's, as in a fund block's grid.
    if (tb.merges.continues_from_above(r, vc)) continue;
    if (layout.is_placeholder(value.text->text) || (!kv->field.empty() && tb.quantities(r, vc).empty())) {
      left_blank();
      if (layout.is_placeholder(value.text->text)) continue;
    }
    consumed[r][c] = true;
    if (!kv->meta.empty()) {
      // "单位 | 万元" is a table's money unit, no unit's name.
      if (!unit_in(layout, U"(" + value.value() + U")").empty()) continue;
      if (auto text = meta_text(*kv, value.value(), layout)) b.set_meta(kv->meta, *text, kv->rank);
      if (kv->meta == "year")
        if (auto year = year_alone(value.value(), layout, true))
          b.report.stated_years.push_back(
              {*year, to_utf8(trim(tb.cell(r, c).text)) + "：" + to_utf8(value.value()), value.span()});
      consumed[r][vc] = true;
    } else if (auto q = pair_number(tb, value, kv->field)) {
      // The field's kind (fields.toml) says what a bare number in its cell is.
      const FieldInfo* info = layout.vocabulary.find(kv->field);
      const std::string kind = info ? info->kind : "";
      if (kind == "money" && q->kind == QuantityKind::number) {
        // "年初预算数（万元）| 320": the unit its label, the table or a note above names, else
        // the form's, as for a fund block.
        std::string unit = unit_in(layout, tb.cell(r, c).text);
        if (unit.empty()) {
          if (money_unit.empty()) {
            // The run of pair rows this one is in names it once, at its top ("项目资金（元）").
            int top = r;
            while (top > 0 && row_of_pairs(tb, top - 1, layout)) --top;
            money_unit = fund_block_unit(tb, top, r - top + 1, b);
          }
          unit = !money_unit.empty() ? money_unit : layout.fund_default_unit;
        }
        NumberContext money_ctx;
        money_ctx.implied_money_unit = unit;
        if (auto m = cell_number(tb, value, money_ctx)) q = m;
      }
      if (kind == "percent" && q->kind == QuantityKind::number) {
        if (kv->fund_column.empty()) continue;
        bare_number_as_percent(*q, value.text->text, layout);  // as under the fund block's column
      }
      if (kind == "count" && q->kind == QuantityKind::number) {
        q->kind = QuantityKind::count;
        q->unit = "人";
      }
      if (kind == "score" && (q->kind == QuantityKind::number || q->kind == QuantityKind::score)) {
        q->kind = QuantityKind::score;
        q->unit = "分";
      }
      if (kind == "money" && q->kind != QuantityKind::money) continue;
      // A fund pair is a cell of the fund block as a grid's is, checked with its column's cells
      // (the pairs of the same label) in the other fund rows.
      std::string field = kv->field;
      std::string rule = kv->fund_column.empty() ? "table.keyvalue" : "table.funds.pairs.total";
      if ((kind == "money" || kind == "percent" || !kv->fund_column.empty()) && fund_group().part) {
        field.clear();
        if (const FundRowRule* part = fund_group().rule) {
          auto it = part->fields.find(kv->fund_column);
          if (it != part->fields.end()) field = it->second;
        }
        if (field.empty() && !kv->fund_column.empty()) {
          auto it = layout.component_fields.find(kv->fund_column);
          if (it != layout.component_fields.end()) field = it->second;
        }
        if (field.empty()) continue;  // a part's 分值 or 得分, or an amount of no fund column
        rule = "table.funds.pairs.part";
      }
      pairs.push_back({kv, make_figure(field, *q, to_utf8(trim(tb.cell(r, c).text)), value, rule), c, vc});
    }
    c = vc;
  }
  // What the row gives, and with it the rest of its fund row's pairs when they run over several
  // rows (" | 权重 | 10 | 得分 | 9.85" under the row that gives 预算执行率).
  const bool totals = std::any_of(pairs.begin(), pairs.end(),
                                  [](const Pair& p) { return p.figure.rule == "table.funds.pairs.total"; });
  std::set<std::string> given;
  for (const Pair& pair : pairs) given.insert(pair.rule->field);
  if ((totals ||
       std::any_of(pairs.begin(), pairs.end(), [](const Pair& p) { return !p.rule->with.empty(); })) &&
      fund_group().label_row >= 0) {
    int end = fund_group().label_row + 1;
    while (end < tb.rows && row_of_pairs(tb, end, layout) && !pairs_row_label(tb, end, layout).labelled)
      ++end;
    given.merge(fields_of_pairs(tb, fund_group().label_row, end, layout));
  }
  // A fund row's pairs with no 分值 among them take the points the block's title or a label
  // prints ("预算执行情况（万元）（20分）" right above, "得分（20分*执行率）"), as a fund block does.
  const std::string& points = layout.fund_block_points_field;
  if (totals && !given.count(points) &&
      std::none_of(b.report.figures.begin(), b.report.figures.end(),
                   [&](const Figure& f) { return f.field == points; }))
    read_block_points(b, tb, r, 1, ctx);
  for (Pair& pair : pairs) {
    const auto& with = pair.rule->with;
    if (!with.empty() &&
        std::none_of(with.begin(), with.end(), [&](const std::string& f) { return given.count(f); })) {
      consumed[r][pair.label_col] = false;
      continue;
    }
    consumed[r][pair.value_col] = true;
    b.report.figures.push_back(std::move(pair.figure));
  }
}

}  // namespace

void read_table(ReportBuilder& b, const NormalizedBlock& t, const ExtractContext& ctx) {
  const LayoutRules& layout = ctx.layout;
  if (t.cells.empty() || t.cells[0].empty()) return;
  Grid tb(t, ctx);
  FundMode funds;
  IndicatorMode indicators;
  bool in_funds = false, in_indicators = false, indicators_seen = false;
  std::vector<std::vector<bool>> consumed(tb.rows, std::vector<bool>(tb.cols, false));
  auto end_indicators = [&] {
    if (in_indicators) drop_parent_rows(b, indicators.first_indicator, layout);
    in_indicators = false;
  };

  for (int r = 0; r < tb.rows; ++r) {
    check_deadline("extraction");
    // Header rows switch the mode of the rows below them.
    Header fh = find_header(tb, r, layout.fund_columns, layout.fund_min_header);
    Header ih = find_header(tb, r, layout.indicator_columns, layout.indicator_min_header);
    const bool fund_header = fh.rows > 0 && has_money_column(layout, fh.cols) &&
                             !(ih.rows > 0 && (ih.cols.count("level1") || ih.cols.count("name")));
    if (fund_header) {
      end_indicators();
      funds = FundMode{fh.cols, fund_block_unit(tb, r, fh.rows, b), false, 0, r};
      for (int k = r; k < r + fh.rows; ++k) funds.header_end = std::max(funds.header_end, tb.filled_end(k));
      in_funds = true;
      if (!fh.cols.count("weight") && fh.cols.count("score")) read_block_points(b, tb, r, fh.rows, ctx);
      for (int k = r; k < r + fh.rows; ++k) std::fill(consumed[k].begin(), consumed[k].end(), true);
      r += fh.rows - 1;
      continue;
    }
    if (ih.rows > 0 && (ih.cols.count("level1") || ih.cols.count("name"))) {
      end_indicators();
      in_funds = false;
      indicators = IndicatorMode{};
      indicators.cols = ih.cols;
      // A table of two levels (一级指标 | 二级指标 | 指标值 …) names its indicators in the last one.
      if (!indicators.cols.count("name") && indicators.cols.count("level2")) {
        indicators.cols["name"] = indicators.cols["level2"];
        indicators.cols.erase("level2");
      }
      // A form that gives every level its own 分值 (一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值):
      // an indicator's points are those right of its name, the others its parents'.
      if (auto name = indicators.cols.find("name"); name != indicators.cols.end()) {
        const int name_col = name->second.front();
        for (const char* key : {"weight", "score"}) {
          auto it = indicators.cols.find(key);
          if (it == indicators.cols.end()) continue;
          std::vector<int> right;
          for (int c : it->second)
            if (c > name_col) right.push_back(c);
          if (!right.empty()) it->second = std::move(right);
        }
      }
      indicators.explain_form = ih.cols.count("explain") > 0;
      indicators.first_indicator = b.report.indicators.size();
      indicators.header_row = r;
      indicators.first_column = tb.cols;
      for (const auto& [key, list] : ih.cols)
        indicators.first_column = std::min(indicators.first_column, list.front());
      in_indicators = true;
      indicators_seen = true;
      for (int k = r; k < r + ih.rows; ++k) std::fill(consumed[k].begin(), consumed[k].end(), true);
      r += ih.rows - 1;
      continue;
    }
    int label_col = tb.label_col(r);
    if (label_col < 0) continue;
    // Left of an indicator block's levels, a 序号 column's number is no label of the row, nor is
    // the block's title written again where a table cut in two starts its merge anew (绩效指标).
    if (in_indicators && label_col < indicators.first_column &&
        (matches_some(layout.row_number, trim(tb.cell(r, label_col).text)) ||
         tb.cleaned(r, label_col) == tb.cleaned(indicators.header_row, label_col))) {
      int next = label_col + 1;
      while (next < tb.width(r) && (tb.blank(r, next) || tb.merges.continues_from_above(r, next))) ++next;
      if (next < tb.width(r)) label_col = next;
    }

    if (in_funds) {
      if (read_fund_row(b, tb, r, funds, ctx, consumed)) continue;
      in_funds = false;
    }

    if (in_indicators) {
      const std::u32string& label = tb.cleaned(r, label_col);
      // The totals row closes the block: rows below it (填报人：… | 填报日期：…) are no indicators.
      if (names_total(layout, label)) {
        read_totals_row(b, tb, r, label_col, indicators, ctx);
        std::fill(consumed[r].begin(), consumed[r].end(), true);
        end_indicators();
        continue;
      }
      if (names_subtotal(layout, label)) {
        std::fill(consumed[r].begin(), consumed[r].end(), true);
        continue;
      }
      // A row labelled left of every indicator column (评价结论 | …, 项目负责人：) opens the
      // form's next section.
      if (label_col < indicators.first_column) end_indicators();
    }
    if (in_indicators) {
      read_indicator_row(b, tb, r, indicators, ctx);
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }

    // A totals row below the indicator block's last section ("其他需要说明事项 | 无", then 总分).
    if (indicators_seen && names_total(layout, tb.cleaned(r, label_col))) {
      read_totals_row(b, tb, r, label_col, indicators, ctx);
      std::fill(consumed[r].begin(), consumed[r].end(), true);
      continue;
    }
    read_keyvalue_row(b, tb, r, ctx, consumed);
  }
  end_indicators();

  // Every cell not read as structure: prose figures and mentions (a narrative in a cell).
  for (int r = 0; r < tb.rows; ++r) {
    for (int c = 0; c < tb.width(r); ++c) {
      if (tb.merges.repeats_left(r, c) || tb.merges.continues_from_above(r, c)) continue;
      const NormalizedText& cell = t.cells[r][c];
      if (is_blank(cell.text)) continue;
      const std::vector<Quantity>& quantities = tb.quantities(r, c);
      if (!consumed[r][c]) {
        check_deadline("extraction");
        add_prose_figures(b, cell, ctx, r, c, quantities);
      }
      add_mentions(b, cell, quantities, r, c);
    }
  }
}

FormParts form_table_parts(const NormalizedBlock& t, const ExtractContext& ctx, bool whole) {
  FormParts parts;
  if (t.cells.empty() || t.cells[0].empty()) return parts;
  const LayoutRules& layout = ctx.layout;
  Grid tb(t, ctx);
  for (int r = 0; r < tb.rows && !(parts.funds && parts.indicators) && (whole || !parts.any()); ++r) {
    Header fh = find_header(tb, r, layout.fund_columns, layout.fund_min_header);
    if (fh.rows > 0 && has_money_column(layout, fh.cols)) parts.funds = true;
    Header ih = find_header(tb, r, layout.indicator_columns, layout.indicator_min_header);
    if (ih.rows > 0 && ih.cols.count("level1") && (ih.cols.count("target") || ih.cols.count("weight")))
      parts.indicators = true;
  }
  return parts;
}

// How far before a colon a line's next label may start ("项目主管部门（盖章）"), and the score of
// LayoutRules::match for a cell that is the label itself.
constexpr size_t kLongestLineLabel = 16;
constexpr int kExactLabel = 1000;

void read_keyvalue_line(ReportBuilder& b, const std::u32string& text, const LayoutRules& layout) {
  if (text.empty() || static_cast<int>(text.size()) > layout.line_max_chars) return;
  // Each "label：value" pair: the label is the text since the last pair, the value runs to the
  // next known line label or the end.
  size_t pos = 0;
  while (pos < text.size()) {
    size_t colon = text.find_first_of(U":：", pos);
    if (colon == std::u32string::npos) break;
    std::u32string label = layout.clean(text.substr(pos, colon - pos));
    size_t vb = colon + 1;
    while (vb < text.size() && is_space(text[vb])) ++vb;
    size_t ve = text.size();
    boost::match_results<std::u32string::const_iterator> m;
    if (layout.line_value_end.may_match(std::u32string_view(text).substr(vb)) &&
        boost::u32regex_search(text.cbegin() + vb, text.cend(), m, layout.line_value_end))
      ve = static_cast<size_t>(m[0].first - text.cbegin());
    // "主管部门：X实施单位：Y" (the spaces between dropped): the value stops at the longest known
    // label that ends right before the next colon.
    if (const size_t next_colon = text.find_first_of(U":：", vb); next_colon != std::u32string::npos) {
      const size_t reach = std::min<size_t>(next_colon - vb, kLongestLineLabel);
      for (size_t p = next_colon - reach; p < next_colon; ++p) {
        const std::u32string candidate = layout.clean(text.substr(p, next_colon - p));
        const KeyValueRule* next = candidate.empty() ? nullptr : keyvalue_rule(layout, candidate);
        if (next && layout.match(candidate, next->labels) >= kExactLabel) {
          ve = std::min(ve, p);
          break;
        }
      }
    }
    std::u32string value = trim(text.substr(vb, ve - vb));
    const KeyValueRule* kv = keyvalue_rule(layout, label);
    if (kv && !kv->meta.empty() && !value.empty() && !layout.is_placeholder(value) &&
        value.find_first_of(U":：") == std::u32string::npos && unit_in(layout, U"(" + value + U")").empty())
      if (auto text = meta_text(*kv, value, layout)) b.set_meta(kv->meta, *text, kv->rank);
    pos = ve > vb ? ve : colon + 1;
  }
}

}  // namespace jixiao
