// Locations a person can use: table 3, row 15, column 4 of a DOCX; line 42 of a text file.
//
//   DocumentRecord record = pipeline.process_document(doc);   // already located
//   locate(record, doc);                                       // (what process_document runs)
//   location_label(span.location)                               // "表3 第15行 第4列", "第42行"
//
// Tables are numbered over the body's tables in reading order (nested ones included, after their
// outer table), rows and columns over the grid that `jixiao dump` prints (a merged cell covers
// every grid position under it), all from 1. A text export that writes each row over the full
// grid, a merged cell once at its top-left position (../shared/real/*.txt, corpus/*.txt), gets
// the same numbers for the same cell. (An export that writes a cell merged across columns as
// one cell, as the seeds' text files do, counts fewer columns after it.) Paragraphs of a DOCX are numbered
// over the body's paragraphs outside tables (the empty ones, which the reader drops, not
// counted). Text files also give the line, for a table cell the line its text is on.
#pragma once

#include <string>
#include <vector>

#include "core/document.h"
#include "core/records.h"

namespace jixiao {

// The printed number of every block: its table number for a body table, its paragraph number for
// a body paragraph, 0 outside the body (headers, footers, notes).
std::vector<int> block_numbers(const Document& doc);

// The location of one span of `doc` (an empty Location for a span outside the document).
Location locate_span(const Span& span, const Document& doc);

// The raw characters a span covers, exactly as the source has them (across the two blocks of a
// rejoined sentence); "" for a span outside the document.
std::string span_source_text(const Span& span, const Document& doc);

// Fills span.location of every figure, indicator and evidence, and evidence.source_text.
void locate(DocumentRecord& record, const Document& doc);

// "表3 第15行 第4列", "第12段", "第42行", "表3 第15行 第4列（第42行）" for a text table cell;
// "" for an empty location.
std::string location_label(const Location& location);

}  // namespace jixiao
