// Truth files in the format of ../shared/truth/seeds.tsv (doc, report, field, value, unit,
// evidence) and the scorer's rules for one row (../shared/tools/score): meta text with a|b
// alternatives, indicator counts and sums, figure values (money compared in 元 to 0.5, percentages
// to 0.005). Shared by the tests that hold the corpus, the seeds and the real reports at their truth.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/records.h"
#include "core/utf.h"

namespace jixiao::testing {

struct TruthRow {
  std::string doc, field, value, unit;
  int report = 0;
};

inline std::vector<TruthRow> read_truth(const std::filesystem::path& path) {
  std::vector<TruthRow> rows;
  std::ifstream in(path);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    cells.resize(6);
    rows.push_back({cells[0], cells[2], cells[3], cells[4], std::stoi(cells[1])});
  }
  return rows;
}

inline std::string stem(const std::string& name) {
  return std::filesystem::path(name).stem().string();
}

inline double scale(const std::string& unit) {
  static const std::map<std::string, double> money = {{"元", 1}, {"千元", 1e3}, {"万元", 1e4}, {"亿元", 1e8}};
  auto it = money.find(unit);
  return it == money.end() ? 0 : it->second;
}

// The scorer's text comparison: whitespace dropped, full-width ASCII forms as half-width (what
// NFKC does to the characters meta and findings hold: （ ） ： ，).
inline std::string comparable(const std::string& text) {
  std::u32string out;
  for (char32_t c : to_u32(text)) {
    if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    out.push_back(c);
  }
  return to_utf8(out);
}

// A figure of the row's field holds the row's value (money in 元 to 0.5, percentages to 0.005).
inline bool figure_matches(const TruthRow& row, const Figure& f) {
  if (f.field != row.field) return false;
  const double want = std::stod(row.value);
  if (scale(row.unit) > 0)
    return f.quantity.yuan && std::abs(*f.quantity.yuan - want * scale(row.unit)) <= 0.5;
  return std::abs(f.quantity.value - want) <= (row.unit == "%" ? 0.005 : 1e-6);
}

// The scorer's rules: meta text (a|b alternatives), indicator sums, figure values (money in 元).
inline std::string check_row(const TruthRow& row, const DocumentRecord& record) {
  if (row.report < 1 || row.report > static_cast<int>(record.reports.size()))
    return "no report " + std::to_string(row.report) + " (have " + std::to_string(record.reports.size()) +
           ")";
  const Report& r = record.reports[row.report - 1];
  if (row.field.rfind("meta.", 0) == 0) {
    std::string got = row.field == "meta.year"         ? (r.meta.year ? std::to_string(*r.meta.year) : "")
                      : row.field == "meta.kind"       ? r.meta.kind
                      : row.field == "meta.unit"       ? r.meta.unit
                      : row.field == "meta.project"    ? r.meta.project
                      : row.field == "meta.supervisor" ? r.meta.supervisor
                                                       : r.meta.title;
    std::stringstream alts(row.value);
    std::string alt;
    while (std::getline(alts, alt, '|'))
      if (comparable(alt) == comparable(got)) return "";
    return "got '" + got + "'";
  }
  double want = std::stod(row.value);
  if (row.field.rfind("indicators.", 0) == 0) {
    double got = 0;
    for (const Indicator& i : r.indicators) {
      if (row.field == "indicators.count")
        got += 1;
      else if (row.field == "indicators.weight_sum")
        got += i.weight.value_or(0);
      else
        got += i.score.value_or(0);
    }
    return std::abs(got - want) < 1e-6 ? "" : "got " + std::to_string(got);
  }
  std::string seen;
  for (const Figure& f : r.figures) {
    if (f.field != row.field) continue;
    seen += " " + f.text;
    if (figure_matches(row, f)) return "";
  }
  return seen.empty() ? "absent" : "got" + seen;
}

// A findings file in the format of ../shared/truth/seeds-findings.tsv (doc, report, kind,
// evidence, explanation): what a checker must report.
struct WantedFinding {
  std::string doc, kind, evidence;
  int report = 0;
};

inline std::vector<WantedFinding> read_findings(const std::filesystem::path& path) {
  std::vector<WantedFinding> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("doc\t", 0) == 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    cells.resize(5);
    out.push_back({cells[0], cells[2], cells[3], std::stoi(cells[1])});
  }
  return out;
}

}  // namespace jixiao::testing
