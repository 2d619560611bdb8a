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
  const std::u32string source = to_u32(*raw);
  const std::u32string q = to_u32(quote);
  if (span.start < 0 || span.end <= span.start || static_cast<size_t>(span.end) > source.size()) return fallback;
  // Only a window around the span is normalized again, wide enough for the quote as written
  // (spaces and full-width forms included): the cost of an evidence stays that of its quote, not
  // of its paragraph, which may be megabytes long.
  const size_t reach = 4 * q.size() + 16;
  const size_t from = static_cast<size_t>(span.start) > reach ? static_cast<size_t>(span.start) - reach : 0;
  const size_t to = std::min(source.size(), static_cast<size_t>(span.end) + 16);
  const NormalizedText normalized =
      normalize_text(to_utf8(std::u32string_view(source).substr(from, to - from)), span.block);
  const std::u32string& text = normalized.text;
  auto raw_offset = [&](size_t i) { return normalized.pos[i].offset + static_cast<int>(from); };
  // The span's characters in the normalized text: [first, last).
  const size_t npos = std::u32string::npos;
  size_t first = npos, last = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const int offset = raw_offset(i);
    if (offset >= span.start && offset < span.end) {
      if (first == npos) first = i;
      last = i + 1;
    }
  }
  if (first == npos) return fallback;
  // The quote's run that holds the span; of several, the one nearest before it.
  size_t best = npos;
  for (size_t at = text.find(q); at != npos && at <= first; at = text.find(q, at + 1))
    if (at + q.size() >= last) best = at;
  if (best == npos) return fallback;
  const size_t start = static_cast<size_t>(std::min(raw_offset(best), span.start));
  const size_t end = std::min(source.size(), static_cast<size_t>(std::max(raw_offset(best + q.size() - 1) + 1, span.end)));
  return end > start ? to_utf8(std::u32string_view(source).substr(start, end - start)) : fallback;
}

void quote_evidence_sources(DocumentRecord& record, const Document& doc) {
  for (Finding& f : record.findings)
    for (Evidence& e : f.evidence) e.source_text = quote_source_text(e.text, e.span, doc);
}

}  // namespace jixiao
