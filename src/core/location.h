// Locations a person can use: table 3, row 15, column 4 of a DOCX; line 42 of a text file.
//
//   DocumentRecord record = pipeline.process_document(doc);   // already located
//   locate(record, doc);                                       // (what process_document runs)
//   location_label(span.location)                               // "表3 第15行 第4列", "第42行"
//
// Tables are numbered over the body's tables in reading order (nested ones included, after their
// outer table), rows over the grid, columns over the cells of the row as printed (a cell merged
// across columns counts once: printed_col), all from 1: the text export of a DOCX gets the same
// numbers for the same cell. Paragraphs of a DOCX are numbered
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

// The column of grid cell (row, col) as printed, from 1: cells merged across columns (w:gridSpan)
// count once, as in the DOCX's text export, where each such cell is one TAB-separated cell;
// cells merged down rows (w:vMerge) keep their columns, the export writing them empty.
int printed_col(const Table& table, int row, int col);

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
