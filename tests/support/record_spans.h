// Provenance promise of jixiao.document/1: every figure, indicator and evidence span of a record
// names a block of the document it was read from, its start not after its end. Checked by the
// extraction tests, the fuzz regression tests and fuzz/fuzz_extract.cpp (hence no GoogleTest here).
#pragma once

#include <cstddef>
#include <string>

#include "core/records.h"

namespace jixiao::testing {

inline bool span_in_document(const Span& s, size_t blocks) {
  return s.block >= 0 && static_cast<size_t>(s.block) < blocks &&
         (s.end_block < 0 || static_cast<size_t>(s.end_block) < blocks) && s.start >= 0 &&
         (s.end_block >= 0 || s.start <= s.end);
}

// The first record of `record` whose span does not point into a document of `blocks` blocks,
// described with the span; "" when every one does.
inline std::string misplaced_span(const DocumentRecord& record, size_t blocks) {
  auto where = [](const Span& s) {
    return " (span block " + std::to_string(s.block) + ", start " + std::to_string(s.start) + ")";
  };
  for (const Report& report : record.reports) {
    for (const Figure& f : report.figures)
      if (!span_in_document(f.span, blocks)) return "figure " + f.field + " " + f.text + where(f.span);
    for (const Indicator& i : report.indicators)
      if (!span_in_document(i.span, blocks)) return "indicator " + i.level1 + "/" + i.name + where(i.span);
  }
  for (const Finding& f : record.findings)
    for (const Evidence& e : f.evidence)
      if (!span_in_document(e.span, blocks)) return "evidence of " + f.kind + ": " + e.text + where(e.span);
  return "";
}

}  // namespace jixiao::testing
