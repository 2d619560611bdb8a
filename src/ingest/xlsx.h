// XLSX reader (libzip + pugixml, the bounds of the DOCX reader). See xlsx.cpp for what is read.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// Whether a ZIP holds a SpreadsheetML workbook rather than a WordprocessingML document: a
// spreadsheet main content type in [Content_Types].xml, or (without one) xl/workbook.xml and no
// word/document.xml. False for anything that does not open as a ZIP (the DOCX reader then says why).
bool is_xlsx_package(std::string_view bytes, const ReadLimits& limits);

// `bytes` is a whole ZIP file. Fills blocks and warnings; path/format/bytes/sha256 are set by the caller.
Result<Document> read_xlsx(std::string_view bytes, const std::string& path, const ReadLimits& limits);

}  // namespace jixiao
