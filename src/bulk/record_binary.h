// A DocumentRecord as bytes, for a worker's reply to the ingest parent. The parent stores the
// record's jixiao.document/1 line as the worker wrote it, and needs the record itself only to fill
// the SQLite tables: reading it from this form costs a small fraction of parsing the JSON line
// back (which was a tenth of all the instructions of an import).
//
// Every field the SQLite writer or the import summary reads is carried, including those
// jixiao.document/1 leaves out (a quantity's kind and unrounded yuan, an indicator's cells as
// written). A report's mentions are not: they are the checker's input, already used in the worker.
// The form is private to one binary (worker and parent are the same executable), so it has no
// version; it is read strictly, and anything short, left over or out of range is an error.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/records.h"

namespace jixiao {

std::string record_to_binary(const DocumentRecord& record);

Result<DocumentRecord> record_from_binary(std::string_view bytes);

}  // namespace jixiao
