#include "ingest/ole2.h"

namespace jixiao {

Result<Document> read_doc_streams(std::string_view, std::string_view, std::string_view, const std::string& path,
                                  const ReadLimits&) {
  Error e;
  e.code = ErrorCode::unsupported_format;
  e.path = path;
  e.message = "Word 97-2003 document (.doc / .wps): not supported yet";
  return e;
}

}  // namespace jixiao
