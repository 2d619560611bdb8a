// OLE2 compound files (libgsf): the streams that tell what the file is, and the readers of the
// legacy binary formats in it.
//
//   Workbook stream             -> Excel 97-2003 workbook (BIFF8): read_xls
//   WordDocument stream         -> Word 97-2003 document (also WPS Writer's .wps): read_doc
//   EncryptionInfo + EncryptedPackage -> a password-protected .docx / .xlsx: encrypted
//   Book stream                 -> Excel 5.0/95 (BIFF5): unsupported_format
//   anything else (PowerPoint, Outlook .msg, ...)                  : unsupported_format
// A container libgsf cannot open is corrupt_file. A stream is read only up to max_part_bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// `bytes` is a whole OLE2 file. Sets doc.format to "xls" or "doc".
Result<Document> read_ole2(std::string_view bytes, const std::string& path, const ReadLimits& limits);

// The two readers on their streams (tests and fuzzers call them directly; the DOC reader takes
// the 0Table and 1Table streams, of which the FIB names one, and the Data stream; a missing stream
// is empty).
Result<Document> read_xls_workbook(std::string_view workbook, const std::string& path,
                                   const ReadLimits& limits);
Result<Document> read_doc_streams(std::string_view word_document, std::string_view table0,
                                  std::string_view table1, std::string_view data, const std::string& path,
                                  const ReadLimits& limits);

}  // namespace jixiao
