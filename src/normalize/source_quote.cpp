#include "normalize/source_quote.h"

#include <algorithm>

#include "core/location.h"
#include "core/utf.h"
#include "normalize/normalize.h"

namespace jixiao {

std::string quote_source_text(std::string_view quote, const Span& span, const Document& doc) {
  std::string fallback = span_source_text(span, doc);
  if (quote.empty() || (span.end_block >= 0 && span.end_block != span.block)) return fallback;
  const std::string* raw = span_raw_text(span, doc);
  if (!raw) return fallback;
  const NormalizedText normalized = normalize_text(*raw, span.block);
  const std::u32string& text = normalized.text;
  // The span's characters in the normalized text: [first, last).
  const size_t npos = std::u32string::npos;
  size_t first = npos, last = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const int offset = normalized.pos[i].offset;
    if (offset >= span.start && offset < span.end) {
      if (first == npos) first = i;
      last = i + 1;
    }
  }
  if (first == npos) return fallback;
  // The quote's run that holds the span; of several, the one nearest before it.
  const std::u32string q = to_u32(quote);
  size_t best = npos;
  for (size_t at = text.find(q); at != npos && at <= first; at = text.find(q, at + 1))
    if (at + q.size() >= last) best = at;
  if (best == npos) return fallback;
  const int start = std::min(normalized.pos[best].offset, span.start);
  const int end = std::max(normalized.pos[best + q.size() - 1].offset + 1, span.end);
  const std::u32string source = to_u32(*raw);
  const size_t s = std::min<size_t>(static_cast<size_t>(std::max(start, 0)), source.size());
  const size_t e = std::min<size_t>(static_cast<size_t>(std::max(end, 0)), source.size());
  return e > s ? to_utf8(std::u32string_view(source).substr(s, e - s)) : fallback;
}

void quote_evidence_sources(DocumentRecord& record, const Document& doc) {
  for (Finding& f : record.findings)
    for (Evidence& e : f.evidence) e.source_text = quote_source_text(e.text, e.span, doc);
}

}  // namespace jixiao
