// Extraction: a normalized document -> its reports, each with meta, figures, indicators and
// mentions (every quantity, for the checker).
//
//   segment   cut the body into reports at report titles and at a second 自评表 (rules/segment.toml)
//   tables    read 自评表 fund rows, indicator rows, totals and key-value cells by their header
//             labels (rules/tables.toml), carrying merged level-1/level-2 names down
//   prose     run the figure rules (rules/figures*.toml) over paragraphs and prose-like cells
//   meta      year, kind, unit, project, supervisor, title from titles and key-value cells
#pragma once

#include <vector>

#include "core/records.h"
#include "extract/layout_rules.h"
#include "normalize/normalize.h"
#include "numbers/numbers.h"
#include "rules/ruleset.h"

namespace jixiao {

struct ExtractContext {
  const LayoutRules& layout;
  const RuleSet& rules;
  const NumberParser& numbers;
};

std::vector<Report> extract_reports(const NormalizedDocument& doc, const ExtractContext& ctx);

}  // namespace jixiao
