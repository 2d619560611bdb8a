// Text reader: detect the encoding (BOM, UTF-8 validity, ICU charset detection for GB18030 /
// Big5 / UTF-16 without BOM), convert to UTF-8, split into paragraph blocks at blank lines /
// line ends, and recover runs of tab-separated lines as table grids.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

Result<Document> read_text(std::string_view bytes, const std::string& path, const ReadOptions& options);

}  // namespace jixiao
