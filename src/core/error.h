// Error and Result<T>: how every stage reports failure without throwing across its boundary.
//
// An Error names what went wrong (a stable code a script can match), the file, and where in it
// (line for rule files, byte offset for binary inputs), with a message a person can act on.
// Result<T> mirrors the C++23 std::expected API we will switch to: ok(), value(), error().
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace jixiao {

enum class ErrorCode {
  io,                  // cannot open or read the path (missing, directory, permission)
  empty,               // the file has no bytes
  unsupported_format,  // recognised but not read (an OLE2 file that is no Word or Excel file)
  corrupt_zip,         // the ZIP container is truncated or damaged
  no_document_part,    // a ZIP without a WordprocessingML main part
  malformed_xml,       // a part that does not parse as XML
  limit_exceeded,      // a resource bound was hit (inflated size, ratio, depth, ...)
  binary,              // not text in any supported encoding
  encoding,            // text that could not be decoded
  rules,               // a rule file that is malformed
  internal,            // a bug: should never reach a user
  crashed,             // the ingest worker process died (signal, exit) while reading the file
  no_text_layer,       // a PDF whose pages hold no text (a scan): nothing to read without OCR
  encrypted,           // a password-protected file (XLS, DOC, OOXML in OLE2, PDF) that cannot be read
  corrupt_file,        // a damaged OLE2 or PDF container (what corrupt_zip is for ZIP)
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  std::string path;
  int line = 0;         // 1-based line in a text/rule file, 0 when not applicable
  int64_t offset = -1;  // byte offset in the file, -1 when not applicable

  // "path:line: message" (or "path: message"), the one line a user sees: the path quoted and the
  // message escaped when they hold control characters (core/display_name.h).
  std::string describe() const;
};

// A rule file's error at a line ("rules/fields.toml:12: unknown kind 'money2'").
Error rule_file_error(const std::string& path, int line, std::string message);

// An error about one file: its code, the file, and what went wrong.
Error file_error(ErrorCode code, const std::string& path, std::string message);
// A file that cannot be opened, read or written ("out.xlsx: cannot create the workbook").
Error io_error(const std::string& path, std::string message);

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace jixiao
