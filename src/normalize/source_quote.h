// An evidence's quote as the source has it, for Ctrl+F in the original file.
//
// The checker quotes normalized text, often more than the span it points at: a rate's subject
// and its value ("吸毒人员戒断三年巩固率97.89%") while the span covers the value alone. When the
// whole quote stands in the span's block (paragraph or cell) as one run once normalized, the run
// is mapped back through the normalization offsets to the raw text:
//
//   source "…吸毒人员戒断三年巩固率 ９７.８９％…", quote "吸毒人员戒断三年巩固率97.89%"
//     -> "吸毒人员戒断三年巩固率 ９７.８９％"
//
// Otherwise (a quote put together from a row header and a cell, a sentence rejoined across two
// blocks) it is the span's own characters as written (core/location.h span_source_text).
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/records.h"

namespace jixiao {

std::string quote_source_text(std::string_view quote, const Span& span, const Document& doc);

// Sets evidence.source_text of every finding with quote_source_text (after locate()).
void quote_evidence_sources(DocumentRecord& record, const Document& doc);

}  // namespace jixiao
