// Report text made up by the torture tests: a title that starts a report, and a line of figure
// sentences of any length (one report's worth, or a file far past a bound).
#pragma once

#include <string>

namespace jixiao::testing {

inline const std::string kFigureSentence = "项目年初预算数为120万元，全年执行数为110万元，执行率为91.67%。";

// The title line of report `n` (and the empty line after it).
inline std::string report_title(int n) {
  return "2024年度第" + std::to_string(n) + "号道路养护项目支出绩效自评报告\n\n";
}

// `sentences` figure sentences on one line.
inline std::string figure_line(size_t sentences) {
  std::string line;
  line.reserve(sentences * kFigureSentence.size() + 1);
  for (size_t i = 0; i < sentences; ++i) line += kFigureSentence;
  return line + "\n";
}

}  // namespace jixiao::testing
