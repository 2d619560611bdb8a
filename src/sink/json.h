// JSON Lines writers: the wire formats users and tools read.
//
// `jixiao dump` (one object per block):
//   {"file", "block", "type": "paragraph", "text", ["part", "style", "outline_level", "list_label"]}
//   {"file", "block", "type": "table", "rows": [[cell, ...], ...], "merged": [[row, col, rows, cols], ...]}
//   "block" is the index of the raw block the object starts at (spans in records use the same index).
//
// `jixiao extract` (one object per input file, schema jixiao.document/1, see ../shared/DESIGN.md):
//   {"schema", "source": {"path", "sha256", "format", "encoding", "bytes"}, "status": "ok"|"error",
//    ["error": {"code", "message"}], "reports": [...], "findings": [...], ["warnings": [...]]}
//   span: {"block", "start", "end"} for paragraphs, plus "row", "col" for table cells, plus
//   "end_block" when a rejoined sentence crosses blocks. Offsets are code points in the raw text.
//
// `jixiao numbers` (one object per quantity):
//   {"line", "text", "start", "end", "kind", "value", "unit", "yuan", "approx", "comparator", "to"}
//
// Keys keep a fixed order and numbers print in shortest round-trip form, so the same input gives
// byte-identical output.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "core/records.h"
#include "normalize/normalize.h"

namespace jixiao {

std::string block_json(const std::string& file, int index, const Block& block);
std::string normalized_block_json(const std::string& file, const NormalizedBlock& block);
std::string document_record_json(const DocumentRecord& record);
// The inverse (src/sink/json_read.cpp): document_record_json(document_record_from_json(line)) is
// `line` byte for byte. Fields the wire format leaves out (Quantity::kind, Indicator::weight_text,
// Report::mentions, Error::path, ...) keep their defaults, and `yuan` is the rounded value written.
// Anything that is not a jixiao.document/1 line (bad JSON, a missing, unknown or mistyped key) is
// an Error of code internal naming the key.
Result<DocumentRecord> document_record_from_json(std::string_view line);
// A finding's evidence as a JSON array of {"text", "span"} (the SQLite sink stores it so).
std::string evidence_json(const std::vector<Evidence>& evidence);
// `jixiao check --json`: one finding per line, with the file it belongs to.
std::string finding_line_json(const std::string& file, const Finding& finding);
std::string quantity_json(int line, std::u32string_view input, const Quantity& q);

}  // namespace jixiao
