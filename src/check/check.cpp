// The checks over one Report (see check.h). Each check reads the records, never the source text,
// and returns findings; check_report runs the enabled ones and orders the result.
#include "check/check.h"

#include <algorithm>
#include <boost/regex/icu.hpp>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

#include "core/deadline.h"
#include "core/utf.h"

namespace jixiao {
namespace {

// ---------------------------------------------------------------------------------------------
// Small helpers over records.

bool contains(const std::string& text, const std::string& word) {
  return !word.empty() && text.find(word) != std::string::npos;
}

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return contains(text, w); });
}

bool starts_with(const std::string& text, const std::string& word) {
  return !word.empty() && text.compare(0, word.size(), word) == 0;
}

bool ends_with(const std::string& text, const std::string& word) {
  return !word.empty() && text.size() >= word.size() &&
         text.compare(text.size() - word.size(), word.size(), word) == 0;
}

int cjk_count(const std::string& text) {
  int n = 0;
  for (char32_t c : to_u32(text)) n += is_cjk(c) ? 1 : 0;
  return n;
}

// "176.65", "72.7", "10": at most two decimals, no trailing zeros.
std::string format_number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// Digits after the decimal point of the first number in `text` ("97.89%" → 2, "100%" → 0).
int decimals_of(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos) return 0;
  int n = 0;
  for (size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++n;
  return n;
}

std::optional<double> yuan_of(const MoneyUnits& money, const Quantity& q) {
  if (q.kind != QuantityKind::money || q.to) return std::nullopt;
  if (q.yuan) return q.yuan;
  const double factor = money.factor(q.unit);
  if (factor == 0) return std::nullopt;
  return q.value * factor;
}

// The factor of the unit a money amount is stated in (万元 when unknown but it has yuan).
double factor_of(const MoneyUnits& money, const Quantity& q) {
  const double factor = money.factor(q.unit);
  return factor != 0 ? factor : 1e4;
}

// "76.11万元" for a money quantity, its text otherwise.
std::string money_text(const MoneyUnits& money, double yuan, double factor) {
  return format_number(yuan / factor) + money.name(factor);
}

bool same_cell(const Span& a, const Span& b) {
  return a.block == b.block && a.row == b.row && a.col == b.col;
}

bool overlaps(const Span& a, const Span& b) {
  return same_cell(a, b) && a.start < b.end && b.start < a.end;
}

// A paragraph or table cell, and a sentence in it, as map keys: the checks group mentions by them
// once instead of scanning every mention for each mention.
using CellKey = std::tuple<int, int, int>;
using SentenceKey = std::tuple<int, int, int, int>;

CellKey cell_of(const Span& span) {
  return {span.block, span.row, span.col};
}

SentenceKey sentence_of(const Mention& mention) {
  return {mention.span.block, mention.span.row, mention.span.col, mention.sentence};
}

bool span_less(const Span& a, const Span& b) {
  return std::tie(a.block, a.row, a.col, a.start) < std::tie(b.block, b.row, b.col, b.start);
}

// A figure as a reviewer reads it: "73.6万元" also when the cell only says "73.6" under a
// "（万元）" header.
std::string shown(const Figure& figure) {
  const Quantity& q = figure.quantity;
  if (q.unit_implied && !q.unit.empty() && !ends_with(figure.text, q.unit)) return figure.text + q.unit;
  return figure.text;
}

// A score as read: "99分" also when the cell says "99".
std::string score_shown(const Figure& figure) {
  return ends_with(figure.text, "分") ? figure.text : figure.text + "分";
}

// A label without the list numbering in front of it ("②特殊…经费" is normalized to "2特殊…经费").
std::string display_subject(const std::string& subject) {
  std::u32string u = to_u32(subject);
  size_t b = 0;
  while (b < u.size() && u[b] < 0x80 && !((u[b] >= U'A' && u[b] <= U'Z') || (u[b] >= U'a' && u[b] <= U'z')))
    ++b;
  if (b < u.size() && u[b] == U'年') return subject;  // "2024年…" is a year, not numbering
  return to_utf8(u.substr(b));
}

Evidence evidence_of(const Figure& figure) {
  return {figure.text, figure.span};
}

Evidence evidence_of(const Mention& mention, bool with_subject = false) {
  return {with_subject ? display_subject(mention.subject) + mention.text : mention.text, mention.span};
}

const Figure* first_figure(const Report& report, const std::string& field) {
  for (const Figure& figure : report.figures) {
    if (figure.field == field) return &figure;
  }
  return nullptr;
}

const Figure* first_money_figure(const MoneyUnits& money, const Report& report, const std::string& field) {
  for (const Figure& figure : report.figures) {
    if (figure.field == field && yuan_of(money, figure.quantity)) return &figure;
  }
  return nullptr;
}

// The budget a rate or cost is taken of: the full-year budget, else the initial one.
const Figure* budget_figure(const MoneyUnits& money, const Report& report) {
  if (const Figure* full = first_money_figure(money, report, "budget.full_year")) return full;
  return first_money_figure(money, report, "budget.initial");
}

// The figures a rate or a score is checked against, taken where it stands: from its own table row
// when that row gives them all, else from its own paragraph or table, else the report's first. A
// table's 执行率 is held to the table's 执行数, not to another 执行数 the prose gives (that would
// be a conflict of the two, not a wrong rate).
struct RateParts {
  const Figure* numerator = nullptr;
  const Figure* denominator = nullptr;
};

// (block, start) of the quantities a sentence dates to another year than the report's
// ("2022年该项目预算72万元，执行68.4万元"): a comparison, not the report's own figures.
using Spots = std::set<std::pair<int, int>>;
Spots other_year_quantities(const Report& report) {
  Spots out;
  for (const Mention& m : report.mentions)
    if (m.year_dated() != 0 && report.meta.year && m.year_dated() != *report.meta.year)
      out.insert({m.span.block, m.span.start});
  return out;
}

RateParts rate_parts_near(const MoneyUnits& money, const Report& report, const std::string& numerator,
                          const std::vector<std::string>& denominators, const Span& near,
                          bool own_row_only = false, const Spots* other_year = nullptr) {
  auto find = [&](const std::string& field, auto&& in_scope) -> const Figure* {
    for (const Figure& f : report.figures)
      if (f.field == field && yuan_of(money, f.quantity) && in_scope(f.span) &&
          !(other_year && other_year->count({f.span.block, f.span.start})))
        return &f;
    return nullptr;
  };
  auto parts_in = [&](auto&& in_scope) {
    RateParts parts;
    parts.numerator = find(numerator, in_scope);
    for (const std::string& field : denominators)
      if (!parts.denominator) parts.denominator = find(field, in_scope);
    return parts;
  };
  auto same_row = [&](const Span& s) { return s.block == near.block && s.row == near.row; };
  auto same_block = [&](const Span& s) { return s.block == near.block; };
  auto anywhere = [](const Span&) { return true; };
  if (near.block >= 0) {
    if (RateParts p = parts_in(same_row); p.numerator && p.denominator) return p;
    if (own_row_only) return {};
    if (RateParts p = parts_in(same_block); p.numerator && p.denominator) return p;
  }
  if (own_row_only) return {};
  return parts_in(anywhere);
}

// The field of the figure made from the quantity at a span: the first figure (in report order)
// that overlaps it, "" when none. The figures are indexed by cell and sorted by start once, so a
// lookup reads only the figures of its cell that can reach the span, not every figure.
class FieldIndex {
 public:
  explicit FieldIndex(const Report& report) : figures_(report.figures) {
    for (size_t i = 0; i < figures_.size(); ++i) {
      const Span& s = figures_[i].span;
      Cell& cell = cells_[cell_of(s)];
      cell.by_start.push_back(i);
      cell.longest = std::max(cell.longest, static_cast<long long>(s.end) - s.start);
    }
    for (auto& [key, cell] : cells_) {
      std::stable_sort(cell.by_start.begin(), cell.by_start.end(),
                       [&](size_t a, size_t b) { return figures_[a].span.start < figures_[b].span.start; });
    }
  }

  std::string field_at(const Span& span) const {
    const auto it = cells_.find(cell_of(span));
    if (it == cells_.end()) return "";
    const Cell& cell = it->second;
    // Figures starting before span.end, walked back while they may still end after span.start.
    auto k = std::partition_point(cell.by_start.begin(), cell.by_start.end(),
                                  [&](size_t i) { return figures_[i].span.start < span.end; });
    std::optional<size_t> first;
    while (k != cell.by_start.begin()) {
      const Span& s = figures_[*--k].span;
      if (s.start + cell.longest <= span.start) break;
      if (overlaps(s, span) && (!first || *k < *first)) first = *k;
    }
    return first ? figures_[*first].field : "";
  }

 private:
  struct Cell {
    std::vector<size_t> by_start;  // indices into figures_
    long long longest = 0;         // the longest figure span of the cell (end - start)
  };
  const std::vector<Figure>& figures_;
  std::map<CellKey, Cell> cells_;
};

class FindingSink {
 public:
  FindingSink(const Report& report, const Vocabulary& vocabulary, const MoneyUnits& money,
              std::vector<Finding>& out)
      : report_(report), vocabulary_(vocabulary), money_(money), out_(out) {}

  // What a figure is, in the words of the reports: its field's name in the vocabulary (a table
  // row label such as 年度资金总额 names three columns at once), else the label that made it.
  std::string label_of(const Figure& figure) const {
    const std::string& name = vocabulary_.label(figure.field);
    if (!name.empty()) return name;
    return figure.label.empty() ? figure.field : figure.label;
  }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const MoneyUnits& money() const { return money_; }
  // A finding of this kind already quotes this place (one slip is reported once).
  bool quotes(const std::string& kind, const Span& span) const {
    for (const Finding& f : out_)
      if (f.kind == kind)
        for (const Evidence& e : f.evidence)
          if (e.span == span) return true;
    return false;
  }

  // The finding this rule gave whose first evidence stands in table row (block, row), or null.
  Finding* in_row(const std::string& rule, int block, int row) {
    for (Finding& f : out_)
      if (f.rule == rule && f.report == report_.index && !f.evidence.empty() &&
          f.evidence.front().span.block == block && f.evidence.front().span.row == row)
        return &f;
    return nullptr;
  }

  // The finding of this kind already given with these very words (the same rate stated in the
  // prose and in the table is one slip, with two places), or null.
  Finding* said(const std::string& kind, const std::string& message) {
    for (Finding& f : out_)
      if (f.kind == kind && f.report == report_.index && f.message == message) return &f;
    return nullptr;
  }

  Finding& add(const std::string& kind, const std::string& severity, const std::string& rule,
               std::string message) {
    Finding finding;
    finding.kind = kind;
    finding.severity = severity;
    finding.report = report_.index;
    finding.rule = rule;
    finding.message = std::move(message);
    out_.push_back(std::move(finding));
    return out_.back();
  }

 private:
  const Report& report_;
  const Vocabulary& vocabulary_;
  const MoneyUnits& money_;
  std::vector<Finding>& out_;
};

// ---------------------------------------------------------------------------------------------
// unit.magnitude

// One money mention as an amount: where it is, what it is worth as written.
struct Amount {
  const Mention* mention;
  double yuan;
  double factor;
};

std::vector<Amount> money_amounts(const MoneyUnits& money, const Report& report) {
  std::vector<Amount> amounts;
  for (const Mention& m : report.mentions) {
    auto yuan = yuan_of(money, m.quantity);
    // A unit price ("132元/天") is not an amount of the budget.
    if (!yuan || contains(m.text, "/") || contains(m.text, "每")) continue;
    amounts.push_back({&m, *yuan, factor_of(money, m.quantity)});
  }
  return amounts;
}

// The unit most amounts of a group are stated in (the larger on a tie).
double majority_factor(const std::vector<const Amount*>& group) {
  std::map<double, int> counts;
  for (const Amount* a : group) ++counts[a->factor];
  double best = 0;
  int best_count = 0;
  for (const auto& [factor, count] : counts) {
    if (count >= best_count) best = factor, best_count = count;
  }
  return best;
}

// Amounts grouped once by paragraph or cell, by sentence and by table column (block, col), each
// group in report order (pointers into one vector, so pointer order is report order).
struct AmountGroups {
  std::map<CellKey, std::vector<const Amount*>> cells;
  std::map<SentenceKey, std::vector<const Amount*>> sentences;
  std::map<std::pair<int, int>, std::vector<const Amount*>> columns;

  explicit AmountGroups(const std::vector<Amount>& amounts) {
    for (const Amount& a : amounts) {
      cells[cell_of(a.mention->span)].push_back(&a);
      sentences[sentence_of(*a.mention)].push_back(&a);
      columns[{a.mention->span.block, a.mention->span.col}].push_back(&a);
    }
  }

  const std::vector<const Amount*>& sentence(const SentenceKey& key) const {
    static const std::vector<const Amount*> kNone;
    const auto it = sentences.find(key);
    return it == sentences.end() ? kNone : it->second;
  }
};

void check_unit_magnitude(const std::vector<Amount>& amounts, const CheckConfig::UnitMagnitude& config,
                          FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  const AmountGroups groups(amounts);
  // The unit most amounts of each paragraph or cell are stated in: the same for all its amounts.
  std::map<CellKey, double> majors;
  for (const auto& [cell, container] : groups.cells) majors[cell] = majority_factor(container);
  for (const Amount& odd : amounts) {
    check_deadline("checking");
    // Nothing is nothing in any unit ("因公出国（境）费0元" among 万元).
    if (odd.mention->quantity.unit_implied || odd.mention->quantity.value == 0) continue;
    // The paragraph or table cell the amount stands in.
    const CellKey cell = cell_of(odd.mention->span);
    const std::vector<const Amount*>& container = groups.cells.at(cell);
    const double major = majors.at(cell);
    if (major == odd.factor || container.size() < 3) continue;
    const double reread_yuan = odd.mention->quantity.value * major;

    // Evidence by sum: a stated total (same or previous sentence) that the odd amount's
    // sentence adds up to only when the odd amounts are read in the majority unit.
    const int sentence = odd.mention->sentence;
    const auto [block, row, col] = cell;
    std::vector<const Amount*> pool = groups.sentence({block, row, col, sentence});
    // Keep the parts nearest the odd amount when the sentence holds too many.
    const auto odd_pos = std::find(pool.begin(), pool.end(), &odd) - pool.begin();
    while (static_cast<int>(pool.size()) > config.max_parts) {
      const auto front_distance = odd_pos - 0;
      const auto back_distance = static_cast<long>(pool.size()) - 1 - odd_pos;
      if (back_distance >= front_distance)
        pool.pop_back();
      else
        pool.erase(pool.begin());
    }
    const int odd_index = static_cast<int>(std::find(pool.begin(), pool.end(), &odd) - pool.begin());
    const Amount* total_found = nullptr;
    std::vector<const Amount*> parts_found;
    // The totals tried: the cell's amounts of the previous and of this sentence, in report order.
    const std::vector<const Amount*>& previous = groups.sentence({block, row, col, sentence - 1});
    const std::vector<const Amount*>& current = groups.sentence({block, row, col, sentence});
    std::vector<const Amount*> totals;
    std::merge(previous.begin(), previous.end(), current.begin(), current.end(), std::back_inserter(totals));
    for (const Amount* total : totals) {
      if (total == &odd || total->factor != major) continue;
      const int n = static_cast<int>(pool.size());
      for (unsigned mask = 1; mask < (1u << n) && !total_found; ++mask) {
        if (!(mask & (1u << odd_index))) continue;
        std::vector<const Amount*> parts;
        double reread = 0, as_written = 0;
        bool uses_total = false;
        for (int i = 0; i < n; ++i) {
          if (!(mask & (1u << i))) continue;
          if (pool[i] == total) uses_total = true;
          parts.push_back(pool[i]);
          as_written += pool[i]->yuan;
          reread += pool[i]->factor == major ? pool[i]->yuan : pool[i]->mention->quantity.value * major;
        }
        if (uses_total || parts.size() < 2) continue;
        const double tolerance = config.tolerance_per_part * major * static_cast<double>(parts.size()) + 1e-6;
        if (std::abs(reread - total->yuan) <= tolerance && std::abs(as_written - total->yuan) > tolerance) {
          total_found = total;
          parts_found = parts;
        }
      }
      if (total_found) break;
    }

    const std::string unit_name = money.name(major);
    const std::string reread_text = money_text(money, reread_yuan, major);
    if (total_found) {
      std::string sum;
      for (const Amount* part : parts_found) {
        if (!sum.empty()) sum += " + ";
        sum += money_text(money, part->factor == major ? part->yuan : part->mention->quantity.value * major,
                          major);
      }
      Finding& f =
          sink.add("unit.magnitude", config.check.severity, "unit.magnitude.sum",
                   "金额“" + odd.mention->text + "”的单位疑有误，应为“" + reread_text + "”：按" + unit_name +
                       "计，" + sum + " = " + money_text(money, total_found->yuan, major) + "，与总数“" +
                       display_subject(total_found->mention->subject) + total_found->mention->text +
                       "”相符；按原单位计则不相符。请核对单位（" + odd.mention->quantity.unit + " 与 " +
                       unit_name + "）。");
      f.evidence.push_back(evidence_of(*odd.mention, true));
      f.evidence.push_back(evidence_of(*total_found->mention, true));
      for (const Amount* part : parts_found) {
        if (part != &odd) f.evidence.push_back(evidence_of(*part->mention, true));
      }
      f.expected = odd.mention->quantity.value;
      f.expected_unit = unit_name;
      continue;
    }

    // Evidence by size: far below every peer stated in a larger unit in its sentence or table column.
    if (major < odd.factor) continue;  // only amounts that read too small are judged by size
    // A price per unit (亩均管护经费50元, 每人每月720元) is small by nature.
    if (contains_any(odd.mention->subject, config.unit_price_words)) continue;
    std::vector<const Amount*> peers;
    for (const Amount* a : groups.sentence({block, row, col, sentence})) {
      if (a != &odd && a->factor > odd.factor) peers.push_back(a);
    }
    if (row >= 0) {
      for (const Amount* a : groups.columns.at({block, col})) {
        if (a->factor > odd.factor && a->mention->span.row != row) peers.push_back(a);
      }
    }
    std::sort(peers.begin(), peers.end());  // report order
    if (static_cast<int>(peers.size()) < config.min_peers) continue;
    const double smallest = (*std::min_element(peers.begin(), peers.end(), [](auto* a, auto* b) {
                              return a->yuan < b->yuan;
                            }))->yuan;
    if (odd.yuan * config.absurd_ratio >= smallest) continue;
    Finding& f = sink.add("unit.magnitude", config.absurd_severity, "unit.magnitude.absurd",
                          "金额“" + odd.mention->text + "”远小于同句（或同列）以" + unit_name +
                              "计的其他金额（最小为" + money_text(money, smallest, major) + "），疑为“" +
                              reread_text + "”。请核对单位。");
    f.evidence.push_back(evidence_of(*odd.mention, true));
    for (const Amount* peer : peers) f.evidence.push_back(evidence_of(*peer->mention, true));
    f.expected = odd.mention->quantity.value;
    f.expected_unit = unit_name;
  }
}

// ---------------------------------------------------------------------------------------------
// sum.mismatch

std::string severity_for_gap(const CheckConfig::SumMismatch& config, double gap_yuan, double factor) {
  return gap_yuan <= config.minor_gap * factor + 1e-6 ? config.minor_severity : config.check.severity;
}

// The fund block's cells: a grid's (table.funds.*), or label-value pairs' (table.funds.pairs.*).
bool is_fund_total(const Figure& f) {
  return f.rule == "table.funds.total" || f.rule == "table.funds.pairs.total";
}
bool is_fund_part(const Figure& f) {
  return f.rule == "table.funds.part" || f.rule == "table.funds.pairs.part";
}
// A fund cell's column: its grid column, or for a pair the label it stands beside (a fund row's
// pairs may run over several rows; every row's pair of one column has the same label).
struct FundColumn {
  int block = -1, col = -1;
  std::string pair_label;
  auto operator<=>(const FundColumn&) const = default;
};
FundColumn fund_column_of(const Figure& f) {
  if (f.rule.rfind("table.funds.pairs.", 0) == 0) return {f.span.block, -1, f.label};
  return {f.span.block, f.span.col, {}};
}

bool states_change(const Mention& m, const CheckConfig::SumMismatch& config);

// "收入总计1560万元，其中：财政拨款收入1420万元，其他收入60万元，年初结转和结余80万元": the total's own
// sentence lists its parts, one of them outside the identity, and they add up.
bool own_sentence_adds_up(const std::vector<Amount>& amounts, const Figure& total,
                          const CheckConfig::SumMismatch& config) {
  const Span& at = total.span;
  const auto it = std::find_if(amounts.begin(), amounts.end(), [&](const Amount& a) {
    const Span& s = a.mention->span;
    return s.block == at.block && s.row == at.row && s.col == at.col && s.start == at.start;
  });
  if (it == amounts.end()) return false;
  std::vector<const Amount*> list;
  for (auto part = std::next(it); part != amounts.end(); ++part) {
    const Mention& m = *part->mention;
    if (m.sentence != it->mention->sentence || !same_cell(m.span, at)) break;
    if (!states_change(m, config)) list.push_back(&*part);
  }
  auto fits = [&](double sum, size_t n) {
    return std::abs(sum - it->yuan) <= config.tolerance_per_part * it->factor * static_cast<double>(n) + 1e-6;
  };
  // "本年收入合计1480万元（财政拨款收入1420万元，其他收入60万元），年初结转和结余80万元": a part
  // followed by its own parts counts once.
  double sum = 0;
  size_t parts = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    sum += list[i]->yuan;
    ++parts;
    if (parts >= 2 && fits(sum, parts)) return true;
    double children = 0;
    for (size_t j = i + 1; j < list.size(); ++j) {
      children += list[j]->yuan;
      if (j > i + 1 && std::abs(children - list[i]->yuan) <=
                           config.tolerance_per_part * it->factor * static_cast<double>(j - i) + 1e-6) {
        i = j;
        break;
      }
    }
  }
  return false;
}

// Spans of the totals the figure identities already judged (the sentence lists skip them).
std::vector<Span> check_sum_identities(const Report& report, const std::vector<Amount>& amounts,
                                       const CheckConfig::SumMismatch& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  std::vector<Span> judged;
  for (const SumIdentity& identity : config.identities) {
    const Figure* total = first_money_figure(money, report, identity.total);
    if (!total) continue;
    std::vector<const Figure*> parts;
    for (const std::string& field : identity.parts) {
      if (const Figure* part = first_money_figure(money, report, field)) parts.push_back(part);
    }
    if (parts.size() != identity.parts.size()) continue;
    // All of them cells of one fund block: check_fund_block holds that block column by column.
    if (is_fund_total(*total) && std::all_of(parts.begin(), parts.end(), [&](const Figure* part) {
          return is_fund_part(*part) && part->span.block == total->span.block;
        }))
      continue;
    judged.push_back(total->span);
    const double factor = factor_of(money, total->quantity);
    double sum = 0;
    for (const Figure* part : parts) sum += *yuan_of(money, part->quantity);
    const double total_yuan = *yuan_of(money, total->quantity);
    const double gap = std::abs(sum - total_yuan);
    if (gap <= config.tolerance_per_part * factor * static_cast<double>(parts.size()) + 1e-6) continue;
    if (own_sentence_adds_up(amounts, *total, config)) continue;
    std::string parts_text;
    for (const Figure* part : parts) {
      if (!parts_text.empty()) parts_text += " + ";
      parts_text += sink.label_of(*part) + shown(*part);
    }
    Finding& f = sink.add("sum.mismatch", severity_for_gap(config, gap, factor), "sum.mismatch.fields",
                          sink.label_of(*total) + shown(*total) + "与其分项之和不符：" + parts_text + " = " +
                              money_text(money, sum, factor) + "，相差" + money_text(money, gap, factor) +
                              "。请核对合计数或各分项。");
    f.evidence.push_back(evidence_of(*total));
    for (const Figure* part : parts) f.evidence.push_back(evidence_of(*part));
    f.expected = sum / factor;
    f.expected_unit = money.name(factor);
  }
  return judged;
}

// "较上年减少140万元", "比预算节约1.4万元": an amount stated as a change against another.
bool states_change(const Mention& m, const CheckConfig::SumMismatch& config) {
  for (const std::string& opener : config.change_openers) {
    const size_t at = m.subject.find(opener);
    if (at == std::string::npos) continue;
    for (const std::string& verb : config.change_verbs)
      if (m.subject.find(verb, at + opener.size()) != std::string::npos) return true;
  }
  return false;
}

// "涉及金额176.75万元，具体为：A 9万元，B 30万元，…": a stated total followed, in the same sentence,
// by a run of amounts that nearly make it up.
void check_sum_lists(const Report& report, const std::vector<Amount>& amounts,
                     const CheckConfig::SumMismatch& config, const CheckConfig::UnitMagnitude& units,
                     const std::vector<Span>& judged, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  // The field each amount was read as, where it is one that ends a list (全年支出 after a budget).
  std::map<std::tuple<int, int, int, int>, std::string> ending_field;
  for (const Figure& f : report.figures)
    if (std::find(config.list_ending_fields.begin(), config.list_ending_fields.end(), f.field) !=
        config.list_ending_fields.end())
      ending_field[{f.span.block, f.span.row, f.span.col, f.span.start}] = f.field;
  auto field_of = [&](const Mention& m) -> std::string {
    const auto it = ending_field.find({m.span.block, m.span.row, m.span.col, m.span.start});
    return it == ending_field.end() ? std::string() : it->second;
  };
  // A marker opens the part's own label ("其中A x万元") or the short clause before it ("拟用于：").
  auto marked_by = [](const Mention& m, const std::vector<std::string>& markers) {
    return std::any_of(markers.begin(), markers.end(), [&](const std::string& w) {
      return starts_with(m.subject, w) || contains(m.lead, w);
    });
  };
  auto opens_complete_list = [&](const Mention& m) { return marked_by(m, config.complete_list_markers); };
  auto opens_list = [&](const Mention& m) {
    return marked_by(m, config.list_markers) || opens_complete_list(m);
  };
  // Whether each amount's label names a total, looked up once rather than once per run it is in.
  std::vector<Span> judged_here;  // totals this function reported, not reported again as closing ones
  std::vector<bool> total_word(amounts.size());
  for (size_t i = 0; i < amounts.size(); ++i)
    total_word[i] = contains_any(amounts[i].mention->subject, config.total_words);
  for (size_t i = 0; i < amounts.size(); ++i) {
    const Amount& total = amounts[i];
    const Mention& tm = *total.mention;
    if (std::any_of(judged.begin(), judged.end(), [&](const Span& s) { return overlaps(s, tm.span); }))
      continue;
    if (states_change(tm, config)) continue;
    const std::string total_field = field_of(tm);
    // "累计支出267.71万元，预算执行率93.47%。其中：A x万元，B y万元": the sentence right after a
    // stated total that ends its own sentence (no other amount between) may list its parts.
    int sentence = tm.sentence;
    if (i + 1 < amounts.size()) {
      const Mention& next = *amounts[i + 1].mention;
      if (next.sentence == tm.sentence + 1 && same_cell(next.span, tm.span) &&
          (opens_list(next) || total_word[i]))
        sentence = next.sentence;
    }
    std::vector<const Amount*> run;
    for (size_t j = i + 1; j < amounts.size(); ++j) {
      const Mention& pm = *amounts[j].mention;
      if (pm.sentence != sentence || !same_cell(pm.span, tm.span)) break;
      if (sentence == tm.sentence && pm.clause <= tm.clause) continue;
      if (states_change(pm, config)) continue;
      if (total_word[j]) break;  // the next total starts
      if (const std::string field = field_of(pm); !field.empty() && field != total_field) break;
      run.push_back(&amounts[j]);
      // An amount is a total only by its label or by a list marker on its first part: stop at the
      // first part when it is neither (a long sentence would otherwise be walked from each amount).
      if (run.size() == 1 && !total_word[i] && !opens_list(pm)) break;
    }
    if (run.size() < 2) continue;
    const bool marked = opens_list(*run.front()->mention);
    const bool is_total = total_word[i] || marked;
    if (!is_total) continue;
    if (std::any_of(run.begin(), run.end(), [&](const Amount* a) { return a->factor != total.factor; }))
      continue;
    double sum = 0;
    bool consistent = false;
    for (size_t k = 0; k < run.size(); ++k) {
      sum += run[k]->yuan;
      const double tolerance = config.tolerance_per_part * total.factor * static_cast<double>(k + 1) + 1e-6;
      if (k >= 1 && std::abs(sum - total.yuan) <= tolerance) consistent = true;
    }
    if (consistent || total.yuan <= 0) continue;
    // "其中主要有A、B" or "…A、B等": the list says it names only some parts; falling short is no finding.
    const Mention& first_part = *run.front()->mention;
    const bool says_partial =
        contains_any(first_part.subject, config.partial_list_openers) ||
        contains_any(first_part.lead, config.partial_list_openers) ||
        std::any_of(config.partial_list_endings.begin(), config.partial_list_endings.end(),
                    [&](const std::string& w) { return starts_with(run.back()->mention->trail, w); });
    if (says_partial && sum < total.yuan) continue;
    const double gap = std::abs(sum - total.yuan);
    // A list opened by 其中 may name only some parts (a sum below the total, by any amount), but
    // its parts can never add up to more than the total. And when swapping two adjacent digits of
    // one part makes the list add up exactly, the run is the total's parts with a typing error.
    std::string swapped;
    if (gap / total.yuan > config.list_max_relative_gap) {
      const double tolerance =
          config.tolerance_per_part * total.factor * static_cast<double>(run.size()) + 1e-6;
      // One part written in the other unit's digits under the same unit ("35000万元" among 万元
      // parts of a 135万元 total): the list adds up once it is read 10⁴ smaller or larger. A unit
      // slip, reported as one.
      if (units.check.enabled) {
        const Amount* slip = nullptr;
        double scale = 0;
        for (const Amount* part : run)
          for (double k : {1e-4, 1e4})
            // Read 10⁴ smaller, the part must still count: one the others add up without is no slip.
            if (!slip && part->yuan * k > tolerance &&
                std::abs(sum - part->yuan * (1 - k) - total.yuan) <= tolerance) {
              slip = part;
              scale = k;
            }
        if (slip) {
          const Quantity& q = slip->mention->quantity;
          if (!sink.quotes("unit.magnitude", slip->mention->span)) {
            Finding& f = sink.add("unit.magnitude", units.check.severity, "unit.magnitude.list_scale",
                                  "“" + display_subject(slip->mention->subject) + slip->mention->text +
                                      "”与同句其他各项相差10⁴倍；按" + format_number(q.value * scale) +
                                      q.unit + "计则各项之和与“" + display_subject(tm.subject) + tm.text +
                                      "”相符。疑为元与万元混用，请核对单位。");
            f.evidence = {evidence_of(*slip->mention, true), evidence_of(tm, true)};
            f.expected = q.value * scale;
            f.expected_unit = q.unit;
          }
          judged_here.push_back(tm.span);
          continue;
        }
      }
      for (const Amount* part : run) {
        const std::string& t = part->mention->text;
        size_t n = 0;
        while (n < t.size() && (std::isdigit(static_cast<unsigned char>(t[n])) || t[n] == '.')) ++n;
        if (n == 0 || part->yuan <= 0) continue;
        const double written = std::strtod(t.substr(0, n).c_str(), nullptr);
        if (written <= 0) continue;
        const double unit = part->yuan / written;
        for (size_t d = 0; d + 1 < n && swapped.empty(); ++d) {
          if (!std::isdigit(static_cast<unsigned char>(t[d])) ||
              !std::isdigit(static_cast<unsigned char>(t[d + 1])) || t[d] == t[d + 1])
            continue;
          std::string s = t.substr(0, n);
          std::swap(s[d], s[d + 1]);
          const double fixed = std::strtod(s.c_str(), nullptr) * unit;
          if (std::abs(sum - part->yuan + fixed - total.yuan) <= tolerance)
            swapped = "若" + t.substr(0, n) + "应为" + s;
        }
        if (!swapped.empty()) break;
      }
      // A list that names the whole ("分别为", "拟用于：") must add up, short or long.
      if (swapped.empty() && !(marked && sum > total.yuan) && !opens_complete_list(*run.front()->mention))
        continue;  // not its parts
    }
    std::string parts_text;
    for (const Amount* part : run) {
      if (!parts_text.empty()) parts_text += " + ";
      parts_text += part->mention->text;
    }
    Finding& f = sink.add(
        "sum.mismatch", severity_for_gap(config, gap, total.factor), "sum.mismatch.list",
        "“" + display_subject(tm.subject) + tm.text + "”与其后列出的各项之和不符：" + parts_text + " = " +
            money_text(money, sum, total.factor) + "，相差" + money_text(money, gap, total.factor) +
            (swapped.empty() ? "" : "；" + swapped + "，则各项之和与总数相符，疑为数字顺序颠倒") +
            "。请核对总数或各项金额。");
    f.evidence.push_back(evidence_of(tm, true));
    for (const Amount* part : run) f.evidence.push_back(evidence_of(*part->mention, true));
    f.expected = sum / total.factor;
    f.expected_unit = money.name(total.factor);
    judged_here.push_back(tm.span);
  }

  // "分别为46.8万元、38.2万元和27万元，合计114万元": a total that closes the list before it. The
  // amounts back to the sentence's start, or to another total or kind of figure, are its parts
  // when some run of the last of them adds up to it, or all of them nearly do.
  for (size_t i = 1; i < amounts.size(); ++i) {
    const Amount& total = amounts[i];
    const Mention& tm = *total.mention;
    if (total.yuan <= 0 || !std::any_of(config.closing_total_words.begin(), config.closing_total_words.end(),
                                        [&](const std::string& w) { return starts_with(tm.subject, w); }))
      continue;
    if (std::any_of(judged.begin(), judged.end(), [&](const Span& s) { return overlaps(s, tm.span); }) ||
        std::any_of(judged_here.begin(), judged_here.end(),
                    [&](const Span& s) { return overlaps(s, tm.span); }))
      continue;
    std::vector<const Amount*> run;  // nearest first
    for (size_t j = i; j-- > 0;) {
      const Mention& pm = *amounts[j].mention;
      if (pm.sentence != tm.sentence || !same_cell(pm.span, tm.span)) break;
      if (states_change(pm, config)) continue;
      // The list's first part may carry its label ("预算资金分别为46.8万元"): a marker opens it there.
      const bool opens = opens_list(pm) || contains_any(pm.subject, config.complete_list_markers);
      if ((total_word[j] && !opens) || !field_of(pm).empty()) break;
      run.push_back(&amounts[j]);
      if (opens) break;
    }
    if (run.size() < 2 ||
        std::any_of(run.begin(), run.end(), [&](const Amount* a) { return a->factor != total.factor; }))
      continue;
    double sum = 0;
    bool consistent = false;
    for (size_t k = 0; k < run.size() && !consistent; ++k) {
      sum += run[k]->yuan;
      consistent = k >= 1 && std::abs(sum - total.yuan) <=
                                 config.tolerance_per_part * total.factor * static_cast<double>(k + 1) + 1e-6;
    }
    const double gap = std::abs(sum - total.yuan);
    if (consistent || gap / total.yuan > config.list_max_relative_gap) continue;
    std::reverse(run.begin(), run.end());
    std::string parts_text;
    for (const Amount* part : run) {
      if (!parts_text.empty()) parts_text += " + ";
      parts_text += part->mention->text;
    }
    Finding& f = sink.add("sum.mismatch", severity_for_gap(config, gap, total.factor), "sum.mismatch.closing",
                          "“" + display_subject(tm.subject) + tm.text + "”与其前列出的各项之和不符：" +
                              parts_text + " = " + money_text(money, sum, total.factor) + "，相差" +
                              money_text(money, gap, total.factor) + "。请核对总数或各项金额。");
    f.evidence.push_back(evidence_of(tm, true));
    for (const Amount* part : run) f.evidence.push_back(evidence_of(*part->mention, true));
    f.expected = sum / total.factor;
    f.expected_unit = money.name(total.factor);
  }
}

// Money amounts written in one indicator cell: "30.0万元\n13.9万元\n28.8万元". Unit prices
// ("132元/天") are left out.
struct CellAmount {
  std::string text;
  double yuan;
};

std::vector<CellAmount> cell_amounts(const MoneyUnits& money, const std::string& cell) {
  std::vector<CellAmount> out;
  const std::u32string text = to_u32(cell);
  size_t i = 0;
  while (i < text.size()) {
    if (!(text[i] >= U'0' && text[i] <= U'9')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && ((text[j] >= U'0' && text[j] <= U'9') || text[j] == U'.' || text[j] == U','))
      ++j;
    std::string number;
    for (size_t k = i; k < j; ++k) {
      if (text[k] != U',') number.push_back(static_cast<char>(text[k]));
    }
    size_t u = j;
    while (u < text.size() && text[u] == U' ') ++u;
    if (auto unit = money.unit_at(text, u)) {
      const size_t after = u + unit->first;
      if (after >= text.size() || (text[after] != U'/' && text[after] != U'每')) {
        char* end = nullptr;
        const double value = std::strtod(number.c_str(), &end);
        if (end && *end == '\0') out.push_back({to_utf8(text.substr(i, after - i)), value * unit->second});
        j = after;
      }
    }
    i = j;
  }
  return out;
}

void check_cost_indicators(const Report& report, const CheckConfig::SumMismatch& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  const Figure* budget = budget_figure(money, report);
  if (!budget) return;
  const double budget_yuan = *yuan_of(money, budget->quantity);
  const double factor = factor_of(money, budget->quantity);
  if (budget_yuan <= 0) return;
  // A vertically merged cell repeats its text on every row it covers: judge each text once.
  std::set<std::string> judged;
  // The mentions of each block (table), in report order, to find the evidence of an amount.
  std::map<int, std::vector<const Mention*>> by_block;
  for (const Mention& m : report.mentions) by_block[m.span.block].push_back(&m);
  for (const Indicator& indicator : report.indicators) {
    if (!contains_any(indicator.level2, config.cost_level2_words)) continue;
    for (const std::string* cell : {&indicator.target, &indicator.actual}) {
      const std::vector<CellAmount> amounts = cell_amounts(money, *cell);
      if (amounts.size() < 2 || !judged.insert(*cell).second) continue;
      double sum = 0;
      for (const CellAmount& a : amounts) sum += a.yuan;
      const double gap = std::abs(sum - budget_yuan);
      if (gap <= config.tolerance_per_part * factor * static_cast<double>(amounts.size()) + 1e-6) continue;
      if (gap / budget_yuan > config.cost_max_relative_gap) continue;  // not meant as the budget's parts
      std::string parts_text;
      for (const CellAmount& a : amounts) parts_text += (parts_text.empty() ? "" : " + ") + a.text;
      const std::string name = indicator.name.empty() ? indicator.level2 : indicator.name;
      Finding& f = sink.add("sum.mismatch", severity_for_gap(config, gap, factor), "sum.mismatch.cost",
                            "成本指标“" + name + "”所列金额之和与项目预算不符：" + parts_text + " = " +
                                money_text(money, sum, factor) + "，而" + sink.label_of(*budget) + "为" +
                                shown(*budget) + "，相差" + money_text(money, gap, factor) +
                                "。请核对成本指标或预算数。");
      // Point at each amount's own mention where the extractor recorded one in this row.
      std::set<const Mention*> used;
      for (const CellAmount& a : amounts) {
        Evidence e{a.text, indicator.span};
        if (const auto block = by_block.find(indicator.span.block); block != by_block.end()) {
          for (const Mention* m : block->second) {
            if (m->text == a.text && m->span.row >= indicator.span.row && !used.count(m)) {
              e.span = m->span;
              used.insert(m);
              break;
            }
          }
        }
        f.evidence.push_back(e);
      }
      f.evidence.push_back(evidence_of(*budget));
      f.expected = budget_yuan / factor;
      f.expected_unit = money.name(factor);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// rate.mismatch

double rate_tolerance(const CheckConfig::RateMismatch& config, const std::string& stated_text,
                      double percent) {
  // A rate written with no decimals ("占61%") may be off by half a point from rounding alone; one
  // written as a ratio ("0.93" under 执行率(B/A)) has two decimals fewer as a percentage.
  int decimals = decimals_of(stated_text);
  if (stated_text.find('%') == std::string::npos) {
    const size_t digit = stated_text.find_first_of("0123456789");
    const double written = digit == std::string::npos ? 0 : std::strtod(stated_text.c_str() + digit, nullptr);
    if (written > 0 && std::abs(percent - written * 100) <= 1e-6 * percent)
      decimals = std::max(0, decimals - 2);
  }
  return std::max(config.tolerance_points, 0.5 * std::pow(10.0, -decimals)) + 1e-9;
}

void check_rate_figures(const Report& report, const CheckConfig::RateMismatch& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  const Spots other_year = other_year_quantities(report);
  // Each rate pair of the vocabulary: 执行率 = funds.executed / (budget.full_year, else budget.initial),
  // of the report's year (a rate dated to another is held to that year's amounts, which it states).
  for (const RatePair& pair : sink.vocabulary().rates()) {
    for (const Figure& rate : report.figures) {
      if (rate.field != pair.rate || rate.quantity.kind != QuantityKind::percent) continue;
      if (!rate.quantity.comparator.empty() || rate.quantity.to) continue;
      if (other_year.count({rate.span.block, rate.span.start})) continue;
      const auto [numerator, budget] = rate_parts_near(money, report, pair.numerator, pair.denominators,
                                                       rate.span, pair.own_row_only, &other_year);
      if (!numerator || !budget || *yuan_of(money, budget->quantity) <= 0) continue;
      // An amount already found written in the other unit makes any rate of it wrong; said once.
      if (sink.quotes("unit.magnitude", numerator->span) || sink.quotes("unit.magnitude", budget->span))
        continue;
      const double computed = *yuan_of(money, numerator->quantity) / *yuan_of(money, budget->quantity) * 100;
      if (std::abs(rate.quantity.value - computed) <= rate_tolerance(config, rate.text, rate.quantity.value))
        continue;
      // Off by 10⁴ exactly: one amount is in the wrong unit (执行数5元 beside 全年预算数5万元), not
      // a wrong rate. The amount whose unit was written and differs from the other's slipped.
      const Figure* slipped = nullptr;
      for (double k : {1e4, 1e-4, 1e8, 1e-8}) {
        if (std::abs(rate.quantity.value - computed * k) >
            rate_tolerance(config, rate.text, rate.quantity.value))
          continue;
        const bool numerator_small = k > 1;  // the rate came out too small: the numerator lost a factor
        const Figure* candidate = numerator_small ? numerator : budget;
        const Figure* other = numerator_small ? budget : numerator;
        if (candidate->quantity.unit_implied ||
            factor_of(money, candidate->quantity) == factor_of(money, other->quantity))
          std::swap(candidate, other);
        if (!candidate->quantity.unit_implied &&
            factor_of(money, candidate->quantity) != factor_of(money, other->quantity))
          slipped = candidate;
      }
      if (slipped) {
        if (!sink.quotes("unit.magnitude", slipped->span)) {
          const Figure* other = slipped == numerator ? budget : numerator;
          Finding& f = sink.add("unit.magnitude", "error", "unit.magnitude.rate",
                                sink.label_of(*slipped) + slipped->text + "与" + sink.label_of(*other) +
                                    shown(*other) + "单位不一致：按同一单位计，" + pair.label + "为" +
                                    rate.text + "，与填报相符。请核对单位。");
          f.evidence = {evidence_of(*slipped), evidence_of(*other), evidence_of(rate)};
          f.expected = slipped->quantity.value;
          f.expected_unit = other->quantity.unit;
        }
        continue;
      }
      std::string message = "填报的" + pair.label + rate.text + "与计算值不符：" + sink.label_of(*numerator) +
                            shown(*numerator) + " ÷ " + sink.label_of(*budget) + shown(*budget) + " = " +
                            format_number(computed) + "%。请核对" + pair.label + "或其分子、分母。";
      if (Finding* earlier = sink.said("rate.mismatch", message)) {
        earlier->evidence.push_back(evidence_of(rate));
        continue;
      }
      Finding& f = sink.add("rate.mismatch", config.check.severity, "rate.mismatch." + pair.rate, message);
      f.evidence = {evidence_of(rate), evidence_of(*numerator), evidence_of(*budget)};
      f.expected = round_to(computed, 2);
      f.expected_unit = "%";
    }
  }
}

// "基本支出76.11万元，占27.57%": the share against the amount before it and the total it is of.
void check_shares(const Report& report, const CheckConfig::RateMismatch& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  const auto& mentions = report.mentions;
  // Labelled totals (money, a total word in the label) by sentence, in report order: the first
  // place a share looks for its total, without rescanning the report for each share.
  std::map<SentenceKey, std::vector<size_t>> labelled_totals;
  for (size_t j = 0; j < mentions.size(); ++j) {
    if (yuan_of(money, mentions[j].quantity) && contains_any(mentions[j].subject, config.total_words))
      labelled_totals[sentence_of(mentions[j])].push_back(j);
  }
  // Money mentions whose label contains a noun, in report order, found once per noun.
  std::map<std::string, std::vector<size_t>> naming;
  auto mentions_naming = [&](const std::string& noun) -> const std::vector<size_t>& {
    auto [it, added] = naming.try_emplace(noun);
    if (added) {
      for (size_t j = 0; j < mentions.size(); ++j) {
        if (yuan_of(money, mentions[j].quantity) && contains(mentions[j].subject, noun))
          it->second.push_back(j);
      }
    }
    return it->second;
  };
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Mention& share = mentions[i];
    if (share.quantity.kind != QuantityKind::percent || share.quantity.to ||
        !share.quantity.comparator.empty() || !share.quantity.approx.empty()) {
      continue;
    }
    std::string share_word;
    for (const std::string& w : config.share_words) {
      if (starts_with(share.subject, w)) share_word = w;
    }
    if (share_word.empty() || i == 0) continue;
    // The part: the quantity right before the share, in the same sentence, and money.
    const Mention& part = mentions[i - 1];
    if (part.sentence != share.sentence || !same_cell(part.span, share.span)) continue;
    auto part_yuan = yuan_of(money, part.quantity);
    if (!part_yuan) continue;
    // The total: a labelled total earlier in the sentence, else the amount the label after 占 names.
    const Mention* total = nullptr;
    if (const auto it = labelled_totals.find(sentence_of(share)); it != labelled_totals.end()) {
      for (size_t j : it->second) {
        if (j + 1 >= i) break;
        if (*yuan_of(money, mentions[j].quantity) >= *part_yuan) {
          total = &mentions[j];
          break;
        }
      }
    }
    if (!total) {
      std::string noun = share.subject.substr(share_word.size());
      for (const char* tail : {"的比例", "的比重", "比例", "比重", "的"}) {
        if (ends_with(noun, tail)) {
          noun.resize(noun.size() - std::string(tail).size());
          break;
        }
      }
      if (cjk_count(noun) < 3) continue;
      // The last such amount before the part.
      const std::vector<size_t>& named = mentions_naming(noun);
      for (auto k = std::lower_bound(named.begin(), named.end(), i - 1); k != named.begin();) {
        const Mention& m = mentions[*--k];
        if (*yuan_of(money, m.quantity) >= *part_yuan) {
          total = &m;
          break;
        }
      }
    }
    if (!total || *yuan_of(money, total->quantity) <= 0) continue;
    const double computed = *part_yuan / *yuan_of(money, total->quantity) * 100;
    if (std::abs(share.quantity.value - computed) <= rate_tolerance(config, share.text, share.quantity.value))
      continue;
    Finding& f = sink.add("rate.mismatch", config.check.severity, "rate.mismatch.share",
                          "占比“" + share.subject + share.text + "”与计算值不符：" + part.subject +
                              part.text + " ÷ " + total->subject + total->text + " = " +
                              format_number(computed) + "%。请核对占比或金额。");
    f.evidence = {evidence_of(share, true), evidence_of(part, true), evidence_of(*total, true)};
    f.expected = round_to(computed, 2);
    f.expected_unit = "%";
  }
}

// ---------------------------------------------------------------------------------------------
// sum.mismatch in the 自评表's fund block (R7): the total row against its parts, column by column

// "年度资金总额：0" as a reviewer finds it: the row's label and the cell.
Evidence row_evidence(const Figure& figure) {
  return {figure.label + "：" + shown(figure), figure.span};
}

void check_fund_block(const Report& report, const CheckConfig::SumMismatch& config,
                      const CheckConfig::UnitMagnitude& units, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  // Money cells of fund rows by (table, column): the total row's and its parts'.
  std::map<FundColumn, std::pair<const Figure*, std::vector<const Figure*>>> columns;
  std::set<int> tables_with_total;
  std::map<int, std::set<int>> part_rows;  // table -> the part rows holding any amount
  for (const Figure& f : report.figures) {
    if (!yuan_of(money, f.quantity) || f.span.row < 0) continue;
    if (is_fund_total(f)) {
      auto& slot = columns[fund_column_of(f)].first;
      if (!slot) slot = &f;
      tables_with_total.insert(f.span.block);
    } else if (is_fund_part(f)) {
      columns[fund_column_of(f)].second.push_back(&f);
      part_rows[f.span.block].insert(f.span.row);
    }
  }
  for (const auto& [where, cells] : columns) {
    const auto& [total, parts] = cells;
    if (parts.empty() || !tables_with_total.count(where.block)) continue;
    // The sum of some parts, and how a reviewer reads it ("当年财政拨款年初预算数85万元 + …").
    double sum = 0;
    std::string parts_text;
    auto add_up = [&](const std::vector<const Figure*>& list) {
      sum = 0;
      parts_text.clear();
      for (const Figure* part : list) {
        sum += *yuan_of(money, part->quantity);
        if (!parts_text.empty()) parts_text += " + ";
        parts_text += sink.label_of(*part) + shown(*part);
      }
    };
    add_up(parts);
    if (!total) {
      // The total row has other cells filled but leaves this column blank.
      if (sum <= 0) continue;
      const double factor = factor_of(money, parts.front()->quantity);
      Finding& f = sink.add("sum.mismatch", config.minor_severity, "sum.mismatch.fund_blank_total",
                            "资金总额行此列空白，但其中各项填有金额：" + parts_text + " = " +
                                money_text(money, sum, factor) + "。请补填总额。");
      for (const Figure* part : parts) f.evidence.push_back(row_evidence(*part));
      f.expected = sum / factor;
      f.expected_unit = money.name(factor);
      continue;
    }
    const double total_yuan = *yuan_of(money, total->quantity);
    const double factor = factor_of(money, total->quantity);
    const double tolerance = config.tolerance_per_part * factor * static_cast<double>(parts.size()) + 1e-6;
    const double gap = std::abs(sum - total_yuan);
    if (gap <= tolerance) continue;
    // A part left blank in this column may hold the rest: a total above its parts is a finding
    // only when every part row of the block is filled in this column.
    if (total_yuan > 0 && sum < total_yuan && parts.size() < part_rows[where.block].size()) continue;
    // A block whose one part row is filled ("其中：财政拨款" alone under 年度总金额) names one share of
    // the total, not its breakdown: a total above it is no finding (one above the total still is).
    if (total_yuan > 0 && sum < total_yuan && part_rows[where.block].size() == 1) continue;
    // One part written in another unit than the total ("35元" among 万元) that adds up once read
    // in the total's: that is the unit slip check_fund_block_units reports, not a second finding.
    if (std::any_of(parts.begin(), parts.end(), [&](const Figure* part) {
          const double part_factor = factor_of(money, part->quantity);
          if (part->quantity.unit_implied || part_factor == factor) return false;
          const double read_in_total_unit =
              sum - *yuan_of(money, part->quantity) + part->quantity.value * factor;
          return std::abs(read_in_total_unit - total_yuan) <= tolerance;
        }))
      continue;
    // Parts above the total may be nested (其中：财政拨款 100, then 中央 60 and 地方 40 under it):
    // a part whose next parts add up to it is a group, counted once; the block is consistent when
    // the parts then add up to the total.
    if (total_yuan > 0) {
      bool nested = false;
      for (size_t i = 0; i + 1 < parts.size() && !nested; ++i) {
        double children = 0;
        for (size_t j = i + 1; j < parts.size() && !nested; ++j) {
          children += *yuan_of(money, parts[j]->quantity);
          if (std::abs(children - *yuan_of(money, parts[i]->quantity)) <= tolerance)
            nested = std::abs(sum - children - total_yuan) <= tolerance;
        }
      }
      if (nested) continue;
    }
    // A total broken down twice (按收入性质分: 财政拨款 + 其他资金, then 按支出性质分: 基本支出 +
    // 项目支出): the parts, in row order, fall into runs of two or more that each add up to it.
    // When every run does, the block holds; when the last does not, it alone is the finding.
    std::vector<const Figure*> rest;
    if (total_yuan > 0) {
      std::vector<std::vector<const Figure*>> runs(1);
      double run_sum = 0;
      for (const Figure* part : parts) {
        runs.back().push_back(part);
        run_sum += *yuan_of(money, part->quantity);
        const double run_tolerance =
            config.tolerance_per_part * factor * static_cast<double>(runs.back().size()) + 1e-6;
        if (std::abs(run_sum - total_yuan) <= run_tolerance) {
          runs.emplace_back();
          run_sum = 0;
        }
      }
      const bool runs_of_two =
          runs.size() > 1 &&
          std::all_of(runs.begin(), runs.end() - 1, [](const auto& run) { return run.size() >= 2; });
      if (runs_of_two && runs.back().empty()) continue;
      if (runs_of_two && runs.back().size() >= 2) rest = runs.back();
      // The first breakdown is the wrong one: the last parts add up to the total, the ones before
      // them do not.
      if (rest.empty()) {
        double tail_sum = 0;
        for (size_t k = parts.size(); k-- > 2;) {
          tail_sum += *yuan_of(money, parts[k]->quantity);
          const size_t tail = parts.size() - k;
          if (tail >= 2 && std::abs(tail_sum - total_yuan) <=
                               config.tolerance_per_part * factor * static_cast<double>(tail) + 1e-6) {
            rest.assign(parts.begin(), parts.begin() + static_cast<long>(k));
            break;
          }
        }
      }
    }
    // One cell written with the block's unit but in the other one's digits (35000 in a 万元 block
    // beside 131.5 and a total of 135; 18.6 in a 元 block): the column adds up once that cell is
    // read 10⁴ smaller or larger. That is a unit slip, reported as one, not as a sum.
    if (units.check.enabled && rest.empty()) {
      const Figure* slip = nullptr;
      double scale = 0;
      for (const Figure* cell : parts) {
        for (double k : {1e-4, 1e4}) {
          // Read 10⁴ smaller, the cell must still count: one the others add up without is no slip.
          const double rescaled = sum - *yuan_of(money, cell->quantity) * (1 - k);
          if (!slip && *yuan_of(money, cell->quantity) * k > tolerance &&
              std::abs(rescaled - total_yuan) <= tolerance) {
            slip = cell;
            scale = k;
          }
        }
      }
      for (double k : {1e-4, 1e4})
        if (!slip && total_yuan * k > tolerance && std::abs(sum - total_yuan * k) <= tolerance) {
          slip = total;
          scale = k;
        }
      if (slip) {
        // The same slip across the row's columns (35000 | 35000 | 35000) is one finding.
        if (Finding* row = sink.in_row("unit.magnitude.fund_scale", slip->span.block, slip->span.row)) {
          if (!sink.quotes("unit.magnitude", slip->span)) row->evidence.push_back(row_evidence(*slip));
        } else if (!sink.quotes("unit.magnitude", slip->span)) {
          const std::string meant = format_number(slip->quantity.value * scale) + slip->quantity.unit;
          const std::string field = sink.label_of(*slip);
          Finding& f = sink.add("unit.magnitude", units.check.severity, "unit.magnitude.fund_scale",
                                "“" + slip->label + "”" + (field != slip->label ? "的" + field : "") +
                                    "写作" + shown(*slip) + "，与同列其他金额相差10⁴倍；按" + meant +
                                    "计则各项之和与总额相符。疑为元与万元混用，请核对单位。");
          f.evidence = {row_evidence(*slip)};
          f.expected = slip->quantity.value * scale;
          f.expected_unit = slip->quantity.unit;
        }
        continue;
      }
    }
    if (!rest.empty()) add_up(rest);
    const std::vector<const Figure*>& reported = rest.empty() ? parts : rest;
    const double reported_gap = std::abs(sum - total_yuan);
    std::string message =
        total_yuan == 0 ? "“" + total->label + "”此列填为0，但其中各项并不为0：" + parts_text + " = " +
                              money_text(money, sum, factor) + "。请核对总额。"
                        : "“" + total->label + "”" + shown(*total) + (sum > total_yuan ? "小于" : "大于") +
                              "其中各项之和：" + parts_text + " = " + money_text(money, sum, factor) +
                              "，相差" + money_text(money, reported_gap, factor) + "。请核对总额或各项金额。";
    Finding& f =
        sink.add("sum.mismatch",
                 total_yuan == 0 ? config.check.severity : severity_for_gap(config, reported_gap, factor),
                 "sum.mismatch.fund_block", message);
    f.evidence.push_back(row_evidence(*total));
    for (const Figure* part : reported) f.evidence.push_back(row_evidence(*part));
    f.expected = sum / factor;
    f.expected_unit = money.name(factor);
  }
}

// unit.magnitude in the fund block: one cell written in 元 where the block counts in 万元 (what
// most of its cells say, from the header or written out), an error when the block's unit makes it
// fit (a cell of its row or column holds the same amount, or its column then adds up).
void check_fund_block_units(const Report& report, const CheckConfig::UnitMagnitude& config,
                            FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  std::map<int, std::vector<const Figure*>> blocks;
  for (const Figure& f : report.figures)
    if ((is_fund_total(f) || is_fund_part(f)) && yuan_of(money, f.quantity) && f.span.row >= 0)
      blocks[f.span.block].push_back(&f);
  for (const auto& [block, figures] : blocks) {
    std::map<double, int> votes;
    for (const Figure* f : figures) ++votes[factor_of(money, f->quantity)];
    auto majority = std::max_element(votes.begin(), votes.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
    const double block_factor = majority->first;
    if (majority->second < 2) continue;
    for (const Figure* slip : figures) {
      const double factor = factor_of(money, slip->quantity);
      if (slip->quantity.unit_implied || factor == block_factor || slip->quantity.value == 0) continue;
      const double ratio = block_factor / factor;
      if (ratio != 1e4 && ratio != 1e-4 && ratio != 1e8 && ratio != 1e-8) continue;
      const double corrected = slip->quantity.value * block_factor;
      const double tolerance = config.tolerance_per_part * block_factor * 4 + 1e-6;
      bool fits = false;
      std::vector<const Figure*> column;
      const Figure* total = nullptr;
      for (const Figure* f : figures) {
        if (f == slip) continue;
        const bool same_column = fund_column_of(*f) == fund_column_of(*slip);
        if (same_column) {
          if (is_fund_total(*f))
            total = f;
          else
            column.push_back(f);
        }
        if ((f->span.row == slip->span.row || same_column) && corrected > 0 &&
            std::abs(*yuan_of(money, f->quantity) - corrected) <= tolerance)
          fits = true;
      }
      if (!fits) {
        double sum = is_fund_total(*slip) ? 0 : corrected;
        for (const Figure* f : column) sum += *yuan_of(money, f->quantity);
        const double stated =
            is_fund_total(*slip) ? corrected : (total ? *yuan_of(money, total->quantity) : -1);
        fits = stated >= 0 && sum > 0 && std::abs(sum - stated) <= tolerance;
      }
      const std::string unit = money.name(block_factor);
      Finding& f = sink.add(
          "unit.magnitude", fits ? config.check.severity : config.absurd_severity,
          "unit.magnitude.fund_block",
          "“" + slip->label + "”的" + sink.label_of(*slip) + "写作" + slip->text + "，而本表金额以" + unit +
              "计" +
              (fits ? "；按" + format_number(slip->quantity.value) + unit + "计则与表中其他金额相符" : "") +
              "。请核对单位。");
      f.evidence = {evidence_of(*slip)};
      f.expected = slip->quantity.value;
      f.expected_unit = unit;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// score.sum / score.over / score.missing

std::string indicator_name(const Indicator& indicator) {
  if (!indicator.name.empty()) return indicator.name;
  if (!indicator.level2.empty()) return indicator.level2;
  return indicator.level1;
}

// R4's second half: a level that prints its points ("产出指标（40分）") against its indicators'
// weights. Each level cell once, in reading order; a level with an unweighted indicator (a line the
// form left without points) is not judged. A first level may fall short of its points by a second
// level that prints its own and has no indicator row ("服务对象满意度指标（10分）" alone, real 07),
// which is no indicator: only weights above a first level's points are reported.
void check_block_points(const Report& report, const CheckConfig::Scores& config, FindingSink& sink) {
  if (!config.weights.enabled || config.block_points.empty() || report.indicators.empty()) return;
  static thread_local std::map<std::string, boost::u32regex> compiled;
  auto it = compiled.find(config.block_points);
  if (it == compiled.end())
    it = compiled.emplace(config.block_points, boost::make_u32regex(config.block_points)).first;
  const boost::u32regex& re = it->second;
  std::map<std::string, std::optional<double>> seen;  // each level's cell read once
  auto points_of = [&](const std::string& level) -> std::optional<double> {
    if (auto known = seen.find(level); known != seen.end()) return known->second;
    std::optional<double>& out = seen[level];
    const std::u32string text = to_u32(level);
    boost::match_results<std::u32string::const_iterator> m;
    if (boost::u32regex_search(text.cbegin(), text.cend(), m, re) && m["w"].matched)
      out = std::strtod(to_utf8(std::u32string(m["w"].first, m["w"].second)).c_str(), nullptr);
    return out;
  };
  struct Level {
    double points = 0, weights = 0;
    bool judged = true;
    const Indicator* first = nullptr;
    bool first_level = false;
  };
  std::vector<std::pair<std::string, Level>> levels;  // in reading order
  std::set<int> counted_groups;
  for (const Indicator& indicator : report.indicators) {
    const bool shared = indicator.group != 0 && !counted_groups.insert(indicator.group).second;
    for (const std::string* name : {&indicator.level1, &indicator.level2}) {
      const auto points = points_of(*name);
      if (!points) continue;
      auto level =
          std::find_if(levels.begin(), levels.end(), [&](const auto& l) { return l.first == *name; });
      if (level == levels.end()) {
        levels.push_back({*name, Level{*points, 0, true, &indicator, name == &indicator.level1}});
        level = levels.end() - 1;
      }
      if (indicator.weight)
        level->second.weights += *indicator.weight;
      else if (!shared)
        level->second.judged = false;
    }
  }
  for (const auto& [name, level] : levels) {
    if (!level.judged || std::abs(level.weights - level.points) <= config.tolerance) continue;
    if (level.first_level && level.weights < level.points) continue;
    Finding& f = sink.add("score.sum", config.weights.severity, "score.weights.block",
                          "“" + name + "”下各指标分值合计" + format_number(level.weights) + "分，与其标注的" +
                              format_number(level.points) + "分不符。请核对分值。");
    f.evidence.push_back({indicator_name(*level.first), level.first->span});  // its first indicator
    f.expected = level.weights;
    f.expected_unit = "分";
  }
}

// R12: a grade the report states ("评价等级为优") against the band its total score falls in.
void check_grades(const Report& report, const CheckConfig::Scores& config, FindingSink& sink) {
  if (!config.grade.enabled || report.grades.empty() || config.grade_bands.empty()) return;
  const Figure* total = first_figure(report, "score.total");
  if (!total) return;
  const double score = total->quantity.value;
  auto band_of_grade = [&](const std::string& grade) -> const GradeBand* {
    for (const GradeBand& band : config.grade_bands)
      if (std::find(band.grades.begin(), band.grades.end(), grade) != band.grades.end()) return &band;
    return nullptr;
  };
  const GradeBand* earned = nullptr;  // bands run highest first: the first the score reaches
  for (const GradeBand& band : config.grade_bands)
    if (score >= band.min - config.tolerance) {
      earned = &band;
      break;
    }
  std::set<std::string> said;
  for (const StatedGrade& stated : report.grades) {
    const GradeBand* band = band_of_grade(stated.grade);
    if (!band || !earned || band == earned || !said.insert(stated.grade).second) continue;
    std::string range = format_number(earned->min) + "分及以上";
    if (earned != &config.grade_bands.front())
      range = format_number(earned->min) + "–" + format_number((earned - 1)->min) + "分";
    Finding& f = sink.add("score.grade", config.grade.severity, "score.grade",
                          "所填等级“" + stated.grade + "”与总得分" + score_shown(*total) + "不符：" +
                              score_shown(*total) + "属于“" + earned->grades.front() + "”（" + range +
                              "）。请核对等级或得分。");
    f.evidence = {{stated.grade, stated.span}, evidence_of(*total)};
  }
}

void check_scores(const Report& report, const CheckConfig::Scores& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  // Merged 分值/得分 cells: only the first indicator of a group carries them; count a group once.
  std::set<int> groups_seen;
  double score_sum = 0, weight_sum = 0, missing_weights = 0;
  int scored = 0;
  std::vector<const Indicator*> missing;
  for (const Indicator& indicator : report.indicators) {
    if (indicator.group != 0) {
      if (groups_seen.count(indicator.group)) continue;
      if (!indicator.weight && !indicator.score) continue;  // the carrier comes later in the group
      groups_seen.insert(indicator.group);
    }
    if (indicator.weight) weight_sum += *indicator.weight;
    if (indicator.score) {
      score_sum += *indicator.score;
      ++scored;
    }
    if (indicator.weight && !indicator.score) {
      missing.push_back(&indicator);
      missing_weights += *indicator.weight;
    }
    if (config.over.enabled && indicator.weight && indicator.score &&
        *indicator.score > *indicator.weight + config.tolerance) {
      Finding& f = sink.add("score.over", config.over.severity, "score.over",
                            "指标“" + indicator_name(indicator) + "”得分" + format_number(*indicator.score) +
                                "分，超过其分值" + format_number(*indicator.weight) + "分。请核对得分。");
      f.evidence = {{indicator.score_text.empty() ? format_number(*indicator.score) : indicator.score_text,
                     indicator.score_span},
                    {indicator.weight_text.empty() ? format_number(*indicator.weight) : indicator.weight_text,
                     indicator.weight_span},
                    {indicator_name(indicator), indicator.span}};
      f.expected = *indicator.weight;
      f.expected_unit = "分";
    }
  }

  if (config.missing.enabled) {
    for (const Indicator* indicator : missing) {
      Finding& f = sink.add("score.missing", config.missing.severity, "score.missing",
                            "指标“" + indicator_name(*indicator) + "”有分值" +
                                format_number(*indicator->weight) + "分，但得分为空。请补填得分。");
      f.evidence = {
          {indicator_name(*indicator), indicator->span},
          {indicator->weight_text.empty() ? format_number(*indicator->weight) : indicator->weight_text,
           indicator->weight_span}};
    }
  }

  const Figure* fund = first_figure(report, "score.fund");
  const double fund_score = fund ? fund->quantity.value : 0;
  // R0: the fund row's 分值 with its 得分 left blank; a totals row's 分值 with no 总分 anywhere.
  if (config.missing.enabled) {
    if (const Figure* fund_weight = first_figure(report, "weight.fund"); fund_weight && !fund) {
      // Points printed in the block's title ("预算执行情况（20分）") are its total row's.
      const Figure* row = fund_weight;
      if (fund_weight->rule == "table.funds.points")
        for (const Figure& cell : report.figures)
          if (is_fund_total(cell) && cell.span.block == fund_weight->span.block) {
            row = &cell;
            break;
          }
      Finding& f = sink.add("score.missing", config.missing.severity, "score.missing.fund",
                            "“" + row->label + "”行有分值" + format_number(fund_weight->quantity.value) +
                                "分，但得分为空。请按执行率 × 分值补填得分。");
      f.evidence = {{row->label, row->span}, evidence_of(*fund_weight)};
    }
    const Figure* max = first_figure(report, "score.max");
    if (max && max->rule == "table.total" && !first_figure(report, "score.total") &&
        std::any_of(report.indicators.begin(), report.indicators.end(),
                    [](const Indicator& i) { return i.weight.has_value(); })) {
      Finding& f = sink.add("score.missing", config.missing.severity, "score.missing.total",
                            "“" + max->label + "”行有分值合计" + score_shown(*max) +
                                "，但总得分为空。请补填总分（不应由各项推算）。");
      f.evidence = {{max->label, max->span}, evidence_of(*max)};
    } else if (!first_figure(report, "score.total") && scored > 0) {
      // The form's own 自评得分 cell left blank while the items are scored.
      for (const BlankValue& blank : report.blanks) {
        if (blank.field != "score.total") continue;
        Finding& f =
            sink.add("score.missing", config.missing.severity, "score.missing.total",
                     "“" + blank.label + "”为空，而各项已评分（合计" + format_number(score_sum + fund_score) +
                         "分）。请补填总分（不应由各项推算）。");
        f.evidence = {{blank.label, blank.span}};
        break;
      }
    }
  }

  // A totals row whose 分值 is the indicators' weights alone (合计 90 under a fund row of 10) totals
  // the indicators, not the form: its 得分 is held to theirs without the fund row's.
  const Figure* max = first_figure(report, "score.max");
  const Figure* fund_weight = first_figure(report, "weight.fund");
  const bool indicators_only = max && fund_weight && fund_weight->quantity.value > config.tolerance &&
                               weight_sum > 0 &&
                               std::abs(weight_sum - max->quantity.value) <= config.tolerance;
  if (config.sum.enabled && scored > 0) {
    const double computed = score_sum + (indicators_only ? 0 : fund_score);
    std::set<double> seen_totals;
    for (const Figure& declared : report.figures) {
      if (declared.field != "score.total" || !seen_totals.insert(declared.quantity.value).second) continue;
      const double gap = declared.quantity.value - computed;
      // A total printed with one decimal or none (97.2) rounds scores printed with two (5.73).
      const double tolerance = decimals_of(declared.text) < 2
                                   ? std::max(config.tolerance, config.rounded_tolerance)
                                   : config.tolerance;
      if (std::abs(gap) <= tolerance) continue;
      const bool explained = !missing.empty() && std::abs(gap - missing_weights) <= config.tolerance;
      std::string how = fund && !indicators_only ? "资金得分" + format_number(fund_score) + "分 + 指标得分" +
                                                       format_number(score_sum) + "分"
                                                 : "各指标得分";
      std::string message = "填报总得分" + score_shown(declared) + "与各项得分合计不符：" + how + " = " +
                            format_number(computed) + "分，相差" + format_number(std::abs(gap)) + "分。";
      if (!missing.empty()) {
        message += "其中" + std::to_string(missing.size()) + "项指标得分为空（如“" +
                   indicator_name(*missing.front()) + "”，分值合计" + format_number(missing_weights) +
                   "分）。";
      }
      message += "请核对总分或各项得分。";
      Finding& f = sink.add("score.sum", explained ? config.sum_explained_severity : config.sum.severity,
                            "score.sum", message);
      f.evidence.push_back(evidence_of(declared));
      if (fund) f.evidence.push_back(evidence_of(*fund));
      for (const Indicator* indicator : missing)
        f.evidence.push_back({indicator_name(*indicator), indicator->span});
      f.expected = computed;
      f.expected_unit = "分";
    }
  }

  // Weights against the declared maximum; the fund row's 分值 counts when the extractor gives it.
  if (config.weights.enabled && max && weight_sum > 0 && (fund_weight || !fund) && !indicators_only) {
    const double weights = weight_sum + (fund_weight ? fund_weight->quantity.value : 0);
    if (std::abs(weights - max->quantity.value) > config.tolerance) {
      Finding& f = sink.add("score.sum", config.weights.severity, "score.weights",
                            "各指标分值合计" + format_number(weights) + "分，与总分" + score_shown(*max) +
                                "不符。请核对分值。");
      f.evidence.push_back(evidence_of(*max));
      if (fund_weight) f.evidence.push_back(evidence_of(*fund_weight));
      f.expected = weights;
      f.expected_unit = "分";
    }
  }
  // No 总分 分值 printed: the form family (fields.toml), known by its execution row's 分值, says
  // what the indicator weights add up to. Only weights above it are reported: a table read in
  // part (rows the reader could not place, a form cut short) can only fall below.
  const bool all_weighted =
      std::all_of(report.indicators.begin(), report.indicators.end(),
                  [](const Indicator& i) { return i.group != 0 || i.weight.has_value(); });
  const FormFamily* family =
      sink.vocabulary().family_by_execution_points(fund_weight ? fund_weight->quantity.value : 0);
  if (config.weights.enabled && !max && family && weight_sum > 0 && all_weighted && (fund_weight || !fund) &&
      weight_sum > family->indicator_points + config.tolerance) {
    std::string scheme = fund_weight ? "预算执行" + format_number(family->execution_points) + "分 + " : "";
    Finding& f = sink.add("score.sum", config.weights.severity, "score.weights.family",
                          "各指标分值合计" + format_number(weight_sum) + "分；按" + family->label + "，" +
                              scheme + "指标" + format_number(family->indicator_points) + "分 = 总分" +
                              format_number(family->total) + "分。请核对分值。");
    if (fund_weight) f.evidence.push_back(evidence_of(*fund_weight));
    for (const Indicator& indicator : report.indicators)
      if (indicator.weight)
        f.evidence.push_back(
            {indicator.weight_text.empty() ? format_number(*indicator.weight) : indicator.weight_text,
             indicator.weight_span});
    f.expected = family->indicator_points;
    f.expected_unit = "分";
  }

  // The execution rate: stated, else computable from the figures; those of the fund row's own
  // table row first.
  const Span near = fund ? fund->span : Span{};
  const auto [executed, budget] =
      rate_parts_near(money, report, "funds.executed", {"budget.full_year", "budget.initial"}, near);
  const Figure* rate = first_figure(report, "rate.execution");
  if (fund)
    for (const Figure& f : report.figures)
      if (f.field == "rate.execution" && f.span.block == near.block && f.span.row == near.row) {
        rate = &f;
        break;
      }
  std::optional<double> computed_rate;
  if (budget && executed && *yuan_of(money, budget->quantity) > 0) {
    computed_rate = *yuan_of(money, executed->quantity) / *yuan_of(money, budget->quantity) * 100;
  }
  if (config.blank_rate.enabled && !rate && computed_rate && !report.indicators.empty()) {
    Finding& f = sink.add("score.missing", config.blank_rate.severity, "score.blank_rate",
                          "执行率未填写；按" + sink.label_of(*executed) + shown(*executed) + " ÷ " +
                              sink.label_of(*budget) + shown(*budget) + "计算应为" +
                              format_number(*computed_rate) + "%。");
    f.evidence = {evidence_of(*executed), evidence_of(*budget)};
    f.expected = round_to(*computed_rate, 2);
    f.expected_unit = "%";
  }
  // The usual rule of the 自评表: fund 得分 = min(执行率, 100%) × 分值.
  const std::optional<double> rate_value = rate ? std::optional<double>(rate->quantity.value) : computed_rate;
  if (config.fund_rule.enabled && fund && fund_weight && rate_value) {
    const double expected = std::min(*rate_value, 100.0) / 100 * fund_weight->quantity.value;
    const double gap = fund->quantity.value - expected, tolerance = std::max(config.tolerance, 0.05);
    // Above the formula is an error of the form (R2); below it, points deducted that the rule does
    // not take, for the reviewer.
    const bool above = gap > tolerance;
    const bool below = config.unexplained.enabled && gap < -tolerance;
    if (above || below) {
      Finding& f =
          sink.add(above ? "score.over" : "score.unexplained",
                   above ? config.fund_rule.severity : config.unexplained.severity, "score.fund_rule",
                   "资金执行得分" + score_shown(*fund) + (above ? "高于" : "低于") +
                       "执行率 × 分值 = " + format_number(*rate_value) + "% × " + score_shown(*fund_weight) +
                       " = " + format_number(expected) + "分。请核对资金得分。");
      f.evidence = {evidence_of(*fund), evidence_of(*fund_weight)};
      if (rate) f.evidence.push_back(evidence_of(*rate));
      f.expected = round_to(expected, 2);
      f.expected_unit = "分";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// score.unexplained (R10): a quantitative target met but scored below its weight, no reason given

void check_unexplained_deductions(const Report& report, const CheckConfig::Scores& config,
                                  FindingSink& sink) {
  for (const Indicator& indicator : report.indicators) {
    if (!indicator.weight || !indicator.score || !indicator.note.empty()) continue;
    if (*indicator.score >= *indicator.weight - config.tolerance) continue;
    if (!indicator.target_quantity || !indicator.actual_quantity) continue;
    const Quantity& target = *indicator.target_quantity;
    const Quantity& actual = *indicator.actual_quantity;
    if (target.to || actual.to || !actual.comparator.empty() || !actual.approx.empty()) continue;
    // The same kind of quantity: a percent against a percent, a count against a bare number of it.
    const bool comparable_units = target.unit == actual.unit || actual.unit.empty() || target.unit.empty();
    if (!comparable_units || target.kind == QuantityKind::money || actual.kind == QuantityKind::money)
      continue;
    const bool at_most = target.comparator == "≤" || target.comparator == "<";
    const bool met = at_most ? actual.value <= target.value : actual.value >= target.value;
    if (!met) continue;
    Finding& f =
        sink.add("score.unexplained", config.unexplained.severity, "score.unexplained",
                 "指标“" + indicator_name(indicator) + "”实际完成值" + indicator.actual + "已达到指标值" +
                     indicator.target + "，但得分" + format_number(*indicator.score) + "分低于分值" +
                     format_number(*indicator.weight) + "分，且未说明偏差原因。请说明扣分理由或核对得分。");
    f.evidence = {{indicator_name(indicator), indicator.span},
                  {indicator.score_text.empty() ? format_number(*indicator.score) : indicator.score_text,
                   indicator.score_span}};
    f.expected = *indicator.weight;
    f.expected_unit = "分";
  }
}

// ---------------------------------------------------------------------------------------------
// value.conflict

// The label's core: stop words stripped at both ends (longest first, until none applies), and a
// leading "2024年" / "2024年度" dropped (the year is compared on its own).
// The stop words, longest first: sorted once per report, not once per label.
struct StopWords {
  std::vector<std::string> leading, trailing;
  explicit StopWords(const CheckConfig::ValueConflict& config)
      : leading(by_length(config.leading_stop_words)), trailing(by_length(config.trailing_stop_words)) {}
  static std::vector<std::string> by_length(std::vector<std::string> words) {
    std::stable_sort(words.begin(), words.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    return words;
  }
};

std::string subject_core(const std::string& subject, const StopWords& stop_words) {
  std::u32string text = to_u32(subject);
  // Drop everything up to a written year and any non-CJK lead (punctuation, numbering).
  for (size_t i = 0; i + 4 < text.size(); ++i) {
    bool year = true;
    for (size_t k = 0; k < 4; ++k) year = year && text[i + k] >= U'0' && text[i + k] <= U'9';
    if (year && text[i + 4] == U'年') {
      size_t cut = i + 5;
      if (cut < text.size() && text[cut] == U'度') ++cut;
      text = text.substr(cut);
      i = 0;
    }
  }
  std::string core = to_utf8(text);
  const std::vector<std::string>& leading = stop_words.leading;
  const std::vector<std::string>& trailing = stop_words.trailing;
  for (bool changed = true; changed;) {
    changed = false;
    // Non-CJK characters at either end (spaces, punctuation, numbering) carry no meaning here.
    std::u32string u = to_u32(core);
    size_t b = 0, e = u.size();
    while (b < e && !is_cjk(u[b])) ++b;
    while (e > b && !is_cjk(u[e - 1]) && u[e - 1] != U')' && u[e - 1] != U'）') --e;
    if (b != 0 || e != u.size()) {
      core = to_utf8(u.substr(b, e - b));
      changed = true;
    }
    for (const std::string& w : leading) {
      if (starts_with(core, w) && core.size() > w.size()) {
        core.erase(0, w.size());
        changed = true;
        break;
      }
    }
    for (const std::string& w : trailing) {
      if (ends_with(core, w) && core.size() > w.size()) {
        core.resize(core.size() - w.size());
        changed = true;
        break;
      }
    }
  }
  return core;
}

// The comparable value and its family ("money", "%", "count:人" ...), or nothing.
std::optional<std::pair<std::string, double>> comparable(const MoneyUnits& money, const Quantity& q) {
  if (q.to || !q.comparator.empty() || !q.approx.empty()) return std::nullopt;
  switch (q.kind) {
    case QuantityKind::money:
      if (auto yuan = yuan_of(money, q)) return std::make_pair(std::string("money"), *yuan);
      return std::nullopt;
    case QuantityKind::percent: return std::make_pair(std::string("%"), q.value);
    case QuantityKind::count: return std::make_pair("count:" + q.unit, q.value);
    default: return std::nullopt;
  }
}

// Equal once the more precise value is rounded like the other one (97.9% and 97.89%).
// Two values equal as far as the less precise of the two is written (va, vb: in 元 for money).
bool equal_after_rounding(const MoneyUnits& money, const std::string& text_a, const Quantity& qa,
                          const std::string& text_b, const Quantity& qb, double va, double vb) {
  if (std::abs(va - vb) < 1e-9) return true;
  const int decimals = std::min(decimals_of(text_a), decimals_of(text_b));
  const double scale = qa.kind == QuantityKind::money ? factor_of(money, qa) : 1;
  const double scale_b = qb.kind == QuantityKind::money ? factor_of(money, qb) : 1;
  if (scale != scale_b)
    return std::abs(va - vb) <= 0.5 * std::pow(10.0, -decimals) * std::max(scale, scale_b);
  return std::abs(round_to(va / scale, decimals) - round_to(vb / scale, decimals)) < 1e-9;
}

// Conflicts are looked for between candidates whose cores match: equal (each core has min_cjk CJK
// characters, or it is no candidate), or the shorter a suffix of the longer with suffix_min_cjk.
// Comparing all pairs of candidates is quadratic, and a long report repeats one label with one
// value thousands of times. So candidates are compared in "repeats": candidates with the same family,
// core, year, field and reading of the value (value, decimals, unit). Two members of one repeat never
// conflict (equal values), and whether members of two repeats conflict depends only on the repeats
// and on the members' sentences (two values in one sentence are a change or a comparison,
// 由69.5%提高至74%, not a conflict). Within a repeat, the members of one sentence form a node: they
// conflict with exactly the same candidates. Repeats whose cores match are found through a map of
// cores (equal core, or each suffix of a core), and compared pairwise: a label has few distinct
// values, so few repeats.
struct ConflictNode {
  int sentence = 0;
  std::vector<size_t> members;  // candidate indices, in report order
  bool involved = false;        // has a conflict
};

struct Repeat {
  std::vector<ConflictNode> nodes;  // by first appearance
  std::map<int, size_t> node_of;    // sentence -> index in nodes
  // A repeat with 3 or more sentences is joined as a whole (or all but one sentence) when it
  // conflicts with another repeat; the join is recorded here and done once, at the end.
  enum class Join { none, all, all_but } join = Join::none;
  int except = 0;  // the sentence left out when join == all_but

  void join_all() { join = Join::all; }
  // Two joins leaving out different sentences leave out none (each covers the other's sentence).
  void join_all_but(int sentence) {
    if (join == Join::none) {
      join = Join::all_but;
      except = sentence;
    } else if (join == Join::all_but && except != sentence) {
      join = Join::all;
    }
  }
  bool joins(const ConflictNode& node) const {
    return join == Join::all || (join == Join::all_but && node.sentence != except);
  }
};

// Union-find over candidate indices.
class Clusters {
 public:
  explicit Clusters(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void unite(size_t a, size_t b) { parent_[find(a)] = find(b); }

 private:
  std::vector<size_t> parent_;
};

// Every pair of nodes of two conflicting repeats A and B conflicts when their sentences differ.
// Joining each node of A to every node of B would cost |A| × |B|; the components of that graph are:
// - A and B each with 3+ sentences: all nodes of both are one component;
// - A with 3+ sentences, B with 1 or 2: B's nodes and all of A's are one component, except A's node
//   in B's sentence when B has only one;
// - both with 1 or 2 sentences: the (at most 4) pairs are joined one by one.
void connect(Repeat& a, Repeat& b, Clusters& clusters) {
  auto join_small = [&](Repeat& big, Repeat& small) {
    // A node of `big` in none of small's (at most 2) sentences conflicts with all of small's nodes.
    const auto anchor = std::find_if(big.nodes.begin(), big.nodes.end(),
                                     [&](const ConflictNode& n) { return !small.node_of.count(n.sentence); });
    for (ConflictNode& node : small.nodes) {
      clusters.unite(node.members.front(), anchor->members.front());
      node.involved = true;
    }
    if (small.nodes.size() == 1)
      big.join_all_but(small.nodes.front().sentence);
    else
      big.join_all();
  };
  if (a.nodes.size() >= 3 && b.nodes.size() >= 3) {
    a.join_all();
    b.join_all();
    clusters.unite(a.nodes.front().members.front(), b.nodes.front().members.front());
  } else if (a.nodes.size() >= 3) {
    join_small(a, b);
  } else if (b.nodes.size() >= 3) {
    join_small(b, a);
  } else {
    for (ConflictNode& x : a.nodes) {
      for (ConflictNode& y : b.nodes) {
        if (x.sentence == y.sentence) continue;
        clusters.unite(x.members.front(), y.members.front());
        x.involved = y.involved = true;
      }
    }
  }
}

// One field stated by the prose and by a table with two values (R13, R15).
void check_figure_conflicts(const Report& report, const CheckConfig::ValueConflict& config,
                            const CheckConfig::UnitMagnitude& units, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  // A sentence's figure dated to another year than the report's ("2022年全年预算数300万元", a
  // comparison) is not the report's own.
  const Spots other_year = other_year_quantities(report);
  for (const std::string& field : config.figure_fields) {
    std::vector<const Figure*> table, prose;
    for (const Figure& f : report.figures) {
      if (f.field != field || f.quantity.value == 0 || !f.quantity.comparator.empty() || f.quantity.to ||
          other_year.count({f.span.block, f.span.start}))
        continue;
      (f.span.row >= 0 ? table : prose).push_back(&f);
    }
    if (table.empty() || prose.empty()) continue;
    auto value = [&](const Figure* f) { return yuan_of(money, f->quantity).value_or(f->quantity.value); };
    auto same = [&](const Figure* a, const Figure* b) {
      return equal_after_rounding(money, a->text, a->quantity, b->text, b->quantity, value(a), value(b));
    };
    auto unit_slip = [&](const Figure* a, const Figure* b) {
      const double ratio = value(a) / value(b);
      for (double k : {1e4, 1e-4, 1e8, 1e-8})
        if (std::abs(ratio / k - 1) < 1e-3) return true;
      return false;
    };
    // One number written with two units ("年初预算数为120元" in the prose, 120万元 in the table): the
    // smaller unit is the slip.
    if (units.check.enabled) {
      for (const Figure* t : table)
        for (const Figure* p : prose) {
          if (!unit_slip(t, p) || p->quantity.unit_implied) continue;
          // The same digits with two units: the smaller unit slipped. Other digits 10⁴ apart under
          // one unit ("1,865,000万元" in the prose beside 186.5万元 in the table, or 35000 in a 万元
          // table beside 3.5万元): the larger wrote its amount in 元 under the other's unit.
          const bool same_digits = t->quantity.value == p->quantity.value;
          if (!same_digits && factor_of(money, t->quantity) != factor_of(money, p->quantity)) continue;
          const Figure* slipped = same_digits == (value(t) < value(p)) ? t : p;
          const Figure* other = slipped == t ? p : t;
          if (sink.quotes("unit.magnitude", slipped->span)) continue;
          Finding& f = sink.add("unit.magnitude", units.check.severity, "unit.magnitude.figure",
                                "“" + sink.label_of(*slipped) + "”写作" + shown(*slipped) + "，而" +
                                    (other->span.row >= 0 ? "表格" : "正文") + "中同一数值为" +
                                    shown(*other) + "。请核对单位。");
          f.evidence = {evidence_of(*slipped), evidence_of(*other)};
          f.expected = same_digits ? slipped->quantity.value : other->quantity.value;
          f.expected_unit = other->quantity.unit;
        }
    }
    std::vector<const Figure*> differing;
    for (const Figure* t : table)
      for (const Figure* p : prose)
        if (!same(t, p) && !unit_slip(t, p) &&
            (yuan_of(money, t->quantity).has_value() == yuan_of(money, p->quantity).has_value())) {
          for (const Figure* f : {p, t})
            if (std::find(differing.begin(), differing.end(), f) == differing.end()) differing.push_back(f);
        }
    if (differing.empty() || std::any_of(differing.begin(), differing.end(), [&](const Figure* f) {
          return sink.quotes("value.conflict", f->span);
        }))
      continue;
    std::stable_sort(differing.begin(), differing.end(), [](const Figure* a, const Figure* b) {
      return (a->span.row >= 0) < (b->span.row >= 0);
    });
    std::string values;
    for (const Figure* f : differing)
      values += std::string(values.empty() ? "" : "、") + (f->span.row >= 0 ? "表格" : "正文") + "“" +
                shown(*f) + "”";
    Finding& f = sink.add("value.conflict", config.check.severity, "value.conflict.figure",
                          "“" + sink.label_of(*differing.front()) + "”在正文和表格中数值不同：" + values +
                              "。请核实哪一个正确并统一。");
    for (const Figure* d : differing) f.evidence.push_back(evidence_of(*d));
  }
}

void check_value_conflicts(const Report& report, const CheckConfig::ValueConflict& config,
                           FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  struct Candidate {
    const Mention* mention;
    std::string core, family, field;
    double value;
  };
  const StopWords stop_words(config);
  const FieldIndex fields(report);
  std::vector<Candidate> candidates;
  for (const Mention& m : report.mentions) {
    auto value = comparable(money, m.quantity);
    if (!value) continue;
    std::string core = subject_core(m.subject, stop_words);
    if (cjk_count(core) < config.min_cjk) continue;
    if (std::find(config.ambiguous_subjects.begin(), config.ambiguous_subjects.end(), core) !=
        config.ambiguous_subjects.end()) {
      continue;
    }
    if (std::any_of(config.event_endings.begin(), config.event_endings.end(),
                    [&](const std::string& e) { return ends_with(core, e); }))
      continue;
    candidates.push_back({&m, std::move(core), value->first, fields.field_at(m.span), value->second});
  }

  // Repeats (by family, core, year, field, value, decimals, unit), and the repeats of each core.
  std::vector<Repeat> repeats;
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_core;
  {
    using Reading = std::tuple<std::string, std::string, int, std::string, double, int, double, size_t>;
    std::map<Reading, size_t> repeat_of;
    for (size_t i = 0; i < candidates.size(); ++i) {
      const Candidate& c = candidates[i];
      const Mention& m = *c.mention;
      // A value that is not finite is not equal to itself: such a candidate is a repeat of its own.
      const Reading reading{c.family,
                            c.core,
                            m.year_dated(),
                            c.field,
                            std::isfinite(c.value) ? c.value : 0,
                            decimals_of(m.text),
                            factor_of(money, m.quantity),
                            std::isfinite(c.value) ? 0 : i + 1};
      auto [it, added] = repeat_of.try_emplace(reading, repeats.size());
      if (added) {
        repeats.emplace_back();
        by_core[{c.family, c.core}].push_back(it->second);
      }
      Repeat& r = repeats[it->second];
      auto [node, new_node] = r.node_of.try_emplace(m.sentence, r.nodes.size());
      if (new_node) r.nodes.push_back({m.sentence, {}, false});
      r.nodes[node->second].members.push_back(i);
    }
  }

  // Conflicting pairs of repeats, joined into clusters of candidates (one finding per quantity).
  Clusters clusters(candidates.size());
  auto compare = [&](size_t x, size_t y) {
    check_deadline("checking");
    const Candidate& a = candidates[repeats[x].nodes.front().members.front()];
    const Candidate& b = candidates[repeats[y].nodes.front().members.front()];
    // Two years (an undated mention is of the report's year): a comparison, not a conflict.
    const int year_a = a.mention->year_dated() != 0 ? a.mention->year_dated() : report.meta.year.value_or(0);
    const int year_b = b.mention->year_dated() != 0 ? b.mention->year_dated() : report.meta.year.value_or(0);
    if (year_a != 0 && year_b != 0 && year_a != year_b) return;
    if (!a.field.empty() && !b.field.empty() && a.field != b.field) return;  // e.g. 预算 vs 决算
    if (equal_after_rounding(money, a.mention->text, a.mention->quantity, b.mention->text,
                             b.mention->quantity, a.value, b.value))
      return;
    // Two cells of one table row are two aspects of a row (预期目标 and 实际完成情况, plan and
    // result), never one quantity quoted twice.
    const Span& sa = a.mention->span;
    const Span& sb = b.mention->span;
    if (sa.block == sb.block && sa.row >= 0 && sa.row == sb.row && sa.col != sb.col) return;
    connect(repeats[x], repeats[y], clusters);
  };
  for (const auto& [key, ids] : by_core) {
    const auto& [family, core] = key;
    for (size_t i = 0; i < ids.size(); ++i) {
      for (size_t j = i + 1; j < ids.size(); ++j) compare(ids[i], ids[j]);
    }
    // The cores this one ends with. Cores are whole UTF-8 text, so a suffix starts on a character.
    for (size_t at = 1; at < core.size(); ++at) {
      if ((static_cast<unsigned char>(core[at]) & 0xC0) == 0x80) continue;  // inside a character
      const auto shorter = by_core.find({family, core.substr(at)});
      if (shorter == by_core.end() || cjk_count(shorter->first.second) < config.suffix_min_cjk) continue;
      for (size_t x : ids) {
        for (size_t y : shorter->second) compare(x, y);
      }
    }
  }
  std::vector<bool> involved(candidates.size(), false);
  for (Repeat& r : repeats) {
    const ConflictNode* joined = nullptr;  // the first node of the repeat's join
    for (ConflictNode& node : r.nodes) {
      if (r.joins(node)) {
        node.involved = true;
        if (joined) clusters.unite(node.members.front(), joined->members.front());
        joined = joined ? joined : &node;
      }
      if (!node.involved) continue;
      for (size_t k : node.members) {
        clusters.unite(k, node.members.front());
        involved[k] = true;
      }
    }
  }

  std::map<size_t, std::vector<size_t>> by_root;  // members in report order
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (involved[i]) by_root[clusters.find(i)].push_back(i);
  }
  std::vector<std::vector<size_t>> ordered;
  for (auto& [root, members] : by_root) ordered.push_back(members);
  std::sort(ordered.begin(), ordered.end());
  for (const auto& members : ordered) {
    const Candidate& first = candidates[members.front()];
    // The shortest core names the quantity best ("戒断三年巩固率").
    std::string name = first.core;
    for (size_t k : members) {
      if (candidates[k].core.size() < name.size()) name = candidates[k].core;
    }
    std::string values;
    for (size_t k : members) {
      if (!values.empty()) values += "、";
      values += "“" + display_subject(candidates[k].mention->subject) + candidates[k].mention->text + "”";
    }
    Finding& f = sink.add("value.conflict", config.check.severity, "value.conflict",
                          "“" + name + "”在报告中出现不同数值：" + values + "。请核实哪一个正确并统一。");
    for (size_t k : members) f.evidence.push_back(evidence_of(*candidates[k].mention, true));
  }
}

// ---------------------------------------------------------------------------------------------
// year.mismatch

// "2023年决算收入合计276.10万元": the year, the label from it on, the amount.
std::string dated_text(const Mention& m) {
  const std::string year = std::to_string(m.year) + "年";
  const size_t at = m.subject.find(year);
  if (at != std::string::npos) return m.subject.substr(at) + m.text;
  return year + m.subject + m.text;
}

// What a dated mention states, without its year: "2022年度收入合计" -> "收入合计"; "" when the
// subject holds no year.
std::string label_after_year(const Mention& m) {
  const std::string year = std::to_string(m.year) + "年";
  const size_t at = m.subject.find(year);
  if (at == std::string::npos) return "";
  std::string label = m.subject.substr(at + year.size());
  if (label.rfind("度", 0) == 0) label.erase(0, std::string("度").size());
  return label;
}

void check_years(const Report& report, const CheckConfig::YearMismatch& config, FindingSink& sink) {
  const MoneyUnits& money = sink.money();
  // R14: the title, the form's year line and a 评价年度 cell each state the report's year alone;
  // they agree (a form copied from last year keeps last year's "（2022年度）").
  std::vector<const StatedYear*> stated;
  for (const StatedYear& y : report.stated_years) stated.push_back(&y);
  std::stable_sort(stated.begin(), stated.end(),
                   [](const StatedYear* a, const StatedYear* b) { return span_less(a->span, b->span); });
  for (const StatedYear* later : stated) {
    const StatedYear& first = *stated.front();
    const StatedYear& other = *later;
    if (other.year == first.year) continue;
    Finding& f = sink.add("year.mismatch", config.check.severity, "year.mismatch.stated",
                          "“" + first.text + "”为" + std::to_string(first.year) + "年度，而“" + other.text +
                              "”为" + std::to_string(other.year) + "年度。请核实报告所属年度。");
    f.evidence = {{first.text, first.span}, {other.text, other.span}};
    f.expected = first.year;
    f.expected_unit = "年";
    break;
  }
  if (!report.meta.year) return;
  const int report_year = *report.meta.year;
  // The first money mention of the report's year in each sentence of each paragraph or cell: the
  // peer of a mention is the earliest of those in the sentences near it.
  std::map<CellKey, std::map<int, size_t>> firsts;
  // The labels the report's year states in each paragraph or cell ("收入合计" of
  // "2023年度收入合计"): the same label dated another year beside one is a comparison of the two
  // years ("2023年度收入合计860万元。2022年度收入合计790万元"), not a slip of the year.
  std::map<CellKey, std::set<std::string>> report_year_labels;
  for (size_t j = 0; j < report.mentions.size(); ++j) {
    const Mention& r = report.mentions[j];
    if (r.year == report_year && yuan_of(money, r.quantity)) {
      firsts[cell_of(r.span)].try_emplace(r.sentence, j);
      if (std::string label = label_after_year(r); !label.empty())
        report_year_labels[cell_of(r.span)].insert(std::move(label));
    }
  }
  // The rest of a mention's sentence says it is a comparison ("2022年决算7.85万元，同比下降14.39%").
  auto compared_after = [&](size_t j) {
    const Mention& m = report.mentions[j];
    for (size_t k = j + 1; k < report.mentions.size(); ++k) {
      const Mention& next = report.mentions[k];
      if (cell_of(next.span) != cell_of(m.span) || next.sentence != m.sentence) break;
      if (contains_any(next.subject, config.excuse_words)) return true;
    }
    return false;
  };
  // One label dated two years, the one with a qualifier the other leaves out ("2023年度部门决算总支出"
  // and "2022年度决算总支出"), is the same quantity compared.
  auto same_label = [](const std::string& a, const std::string& b) {
    return !a.empty() && !b.empty() && (ends_with(a, b) || ends_with(b, a));
  };
  for (size_t j = 0; j < report.mentions.size(); ++j) {
    const Mention& m = report.mentions[j];
    if (m.year == 0 || m.year == report_year || !yuan_of(money, m.quantity)) continue;
    if (!contains_any(m.subject, config.money_words) || contains_any(m.subject, config.excuse_words) ||
        compared_after(j))
      continue;
    if (const auto labels = report_year_labels.find(cell_of(m.span));
        labels != report_year_labels.end() &&
        std::any_of(labels->second.begin(), labels->second.end(),
                    [&](const std::string& label) { return same_label(label, label_after_year(m)); }))
      continue;
    std::optional<size_t> first;
    const long long low = static_cast<long long>(m.sentence) - config.adjacent_sentences;
    const long long high = static_cast<long long>(m.sentence) + config.adjacent_sentences;
    if (const auto cell = firsts.find(cell_of(m.span)); cell != firsts.end() && low <= high) {
      auto it = cell->second.lower_bound(static_cast<int>(std::max<long long>(low, INT_MIN)));
      for (; it != cell->second.end() && it->first <= high; ++it)
        first = std::min(first.value_or(it->second), it->second);
    }
    if (!first) continue;
    const Mention* peer = &report.mentions[*first];
    Finding& f = sink.add("year.mismatch", config.check.severity, "year.mismatch",
                          "本报告为" + std::to_string(report_year) + "年度，但“" + dated_text(m) + "”标为" +
                              std::to_string(m.year) + "年，与同段的“" + dated_text(*peer) +
                              "”并列。请核实年份是否笔误。");
    f.evidence = {{dated_text(m), m.span}, {dated_text(*peer), peer->span}};
    f.expected = report_year;
    f.expected_unit = "年";
  }
}

}  // namespace

std::vector<Finding> check_report(const Report& report, const CheckConfig& config) {
  std::vector<Finding> findings;
  FindingSink sink(report, config.vocabulary, config.money, findings);
  const std::vector<Amount> amounts = money_amounts(config.money, report);
  // Each check may be long on a hostile report; the file's time budget is checked between and
  // inside them (it throws, and the pipeline reports the file as over its budget).
  if (config.unit_magnitude.check.enabled) {
    check_unit_magnitude(amounts, config.unit_magnitude, sink);
    check_fund_block_units(report, config.unit_magnitude, sink);
  }
  check_deadline("checking");
  if (config.sum_mismatch.check.enabled) {
    const std::vector<Span> judged = check_sum_identities(report, amounts, config.sum_mismatch, sink);
    check_sum_lists(report, amounts, config.sum_mismatch, config.unit_magnitude, judged, sink);
    check_fund_block(report, config.sum_mismatch, config.unit_magnitude, sink);
    check_cost_indicators(report, config.sum_mismatch, sink);
  }
  if (config.rate_mismatch.check.enabled) {
    check_rate_figures(report, config.rate_mismatch, sink);
    check_shares(report, config.rate_mismatch, sink);
  }
  check_deadline("checking");
  check_scores(report, config.score, sink);
  check_grades(report, config.score, sink);
  check_block_points(report, config.score, sink);
  if (config.score.unexplained.enabled) check_unexplained_deductions(report, config.score, sink);
  check_deadline("checking");
  if (config.value_conflict.check.enabled) {
    check_value_conflicts(report, config.value_conflict, sink);
    check_figure_conflicts(report, config.value_conflict, config.unit_magnitude, sink);
  }
  if (config.year_mismatch.check.enabled) check_years(report, config.year_mismatch, sink);

  // Reading order of the first evidence; check order breaks ties (stable).
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.evidence.empty() || b.evidence.empty()) return !a.evidence.empty() && b.evidence.empty();
    return span_less(a.evidence.front().span, b.evidence.front().span);
  });
  return findings;
}

}  // namespace jixiao
