// DOCX reader (libzip + pugixml). See the implementation file for what is read and why.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// `bytes` is a whole ZIP file. Fills blocks; path/format/bytes/sha256 are set by the caller.
Result<Document> read_docx(std::string_view bytes, const std::string& path, const ReadLimits& limits);

}  // namespace jixiao
