// Saying when nothing was read. A report from which neither a fund block, nor an indicator, nor
// any figure at all (a budget amount, a rate, a score, a staff count) could be read gets one
// `coverage` finding: "0 findings" then never means "not read". Its severity is info, or warning for a project report that holds a 自评表 (the
// form was there, and its table was not understood). Its evidence is the report's first block.
//
//   auto extra = coverage_findings(record.reports, normalized);  // after the checker
//   count_unread(record)                                           // reports with such a finding
#pragma once

#include <vector>

#include "core/records.h"
#include "normalize/normalize.h"

namespace jixiao {

inline constexpr const char* kCoverageKind = "coverage";

bool report_was_read(const Report& report);
std::vector<Finding> coverage_findings(const std::vector<Report>& reports, const NormalizedDocument& doc);
// How many reports of a record carry a coverage finding (summaries count them apart).
int count_unread(const DocumentRecord& record);

}  // namespace jixiao
