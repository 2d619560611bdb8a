// Records and documents as bytes, between two processes of this one binary.
//
// A DocumentRecord, for a worker's reply to the ingest parent. The parent stores the
// record's jixiao.document/1 line as the worker wrote it, and needs the record itself only to fill
// the SQLite tables: reading it from this form costs a small fraction of parsing the JSON line
// back (which was a tenth of all the instructions of an import).
//
// Every field the SQLite writer or the import summary reads is carried, including those
// jixiao.document/1 leaves out (a quantity's kind and unrounded yuan, an indicator's cells as
// written). A report's mentions are not: they are the checker's input, already used in the worker.
//
// A Document (or the Error that came instead), for a reader run in a child process
// (ingest/read_in_child.h): every field of every block, as the reader made it.
//
// The form is private to one binary (both processes run the same executable), so it has no
// version; it is read strictly, and anything short, left over or out of range is an error.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "core/records.h"

namespace jixiao {

std::string record_to_binary(const DocumentRecord& record);

Result<DocumentRecord> record_from_binary(std::string_view bytes);

std::string document_to_binary(const Result<Document>& doc);

// The Document, or the Error it carried; bytes that do not read are an internal error.
Result<Document> document_from_binary(std::string_view bytes);

}  // namespace jixiao
