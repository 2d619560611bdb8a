#include "core/error.h"

#include "core/display_name.h"

namespace jixiao {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::io: return "io";
    case ErrorCode::empty: return "empty";
    case ErrorCode::unsupported_format: return "unsupported_format";
    case ErrorCode::corrupt_zip: return "corrupt_zip";
    case ErrorCode::no_document_part: return "no_document_part";
    case ErrorCode::malformed_xml: return "malformed_xml";
    case ErrorCode::limit_exceeded: return "limit_exceeded";
    case ErrorCode::binary: return "binary";
    case ErrorCode::encoding: return "encoding";
    case ErrorCode::rules: return "rules";
    case ErrorCode::internal: return "internal";
    case ErrorCode::crashed: return "crashed";
    case ErrorCode::no_text_layer: return "no_text_layer";
    case ErrorCode::encrypted: return "encrypted";
    case ErrorCode::corrupt_file: return "corrupt_file";
  }
  return "internal";
}

Error rule_file_error(const std::string& path, int line, std::string message) {
  Error e;
  e.code = ErrorCode::rules;
  e.path = path;
  e.line = line;
  e.message = std::move(message);
  return e;
}

std::string Error::describe() const {
  // Names and messages may come from hostile files: quoted and escaped, so that the line stays
  // one line and no escape sequence reaches the terminal.
  std::string out = path.empty() ? std::string("<input>") : quote_name(path);
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  out += escape_controls(message);
  if (offset >= 0) out += " (at byte " + std::to_string(offset) + ")";
  return out;
}

Error file_error(ErrorCode code, const std::string& path, std::string message) {
  Error e;
  e.code = code;
  e.path = path;
  e.message = std::move(message);
  return e;
}

Error io_error(const std::string& path, std::string message) {
  return file_error(ErrorCode::io, path, std::move(message));
}

}  // namespace jixiao
