// PDF reader (poppler-cpp): the text layer, rebuilt into paragraphs and ruled table grids.
// See pdf.cpp for how.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// `bytes` is a whole PDF file. Errors: corrupt_file (poppler cannot open it), encrypted (a user
// password is needed, or the permissions forbid copying text), no_text_layer (no page holds any
// text: a scan), limit_exceeded.
Result<Document> read_pdf(std::string_view bytes, const std::string& path, const ReadLimits& limits);

}  // namespace jixiao
