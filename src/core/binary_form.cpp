// Each struct's fields are listed once, in `fields`, and the same list drives the writer and the
// reader, so the two cannot drift apart. Numbers are written as their bytes (both processes run
// the same binary on the same machine); strings, optionals and vectors carry a length or a flag.
#include "core/binary_form.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>
#include <vector>

namespace jixiao {
namespace {

template <class V>
void fields(V& v, Location& x) {
  v(x.table, x.row, x.col, x.paragraph, x.line);
}
template <class V>
void fields(V& v, Span& x) {
  v(x.block, x.row, x.col, x.start, x.end, x.end_block, x.location);
}
template <class V>
void fields(V& v, Quantity& x) {
  v(x.kind, x.start, x.end, x.value, x.to, x.unit, x.yuan, x.approx, x.comparator, x.unit_implied);
}
template <class V>
void fields(V& v, Figure& x) {
  v(x.field, x.quantity, x.label, x.text, x.span, x.rule);
}
template <class V>
void fields(V& v, Indicator& x) {
  v(x.level1, x.level2, x.name, x.target, x.actual, x.note, x.weight, x.score, x.group, x.span);
  v(x.weight_text, x.score_text, x.weight_span, x.score_span, x.target_quantity, x.actual_quantity);
}
template <class V>
void fields(V& v, ReportMeta& x) {
  v(x.year, x.kind, x.title, x.unit, x.project, x.supervisor);
}
template <class V>
void fields(V& v, Report& x) {
  v(x.index, x.meta, x.figures, x.indicators, x.first_block, x.last_block);  // not the mentions
}
template <class V>
void fields(V& v, Evidence& x) {
  v(x.text, x.span, x.source_text);
}
template <class V>
void fields(V& v, Finding& x) {
  v(x.kind, x.severity, x.report, x.message, x.evidence, x.expected, x.expected_unit, x.rule);
}
template <class V>
void fields(V& v, SourceInfo& x) {
  v(x.path, x.sha256, x.format, x.encoding, x.bytes);
}
template <class V>
void fields(V& v, Error& x) {
  v(x.code, x.message, x.path, x.line, x.offset);
}
template <class V>
void fields(V& v, DocumentRecord& x) {
  v(x.source, x.error, x.reports, x.findings, x.warnings);
}
template <class V>
void fields(V& v, Merge& x) {
  v(x.row, x.col, x.rows, x.cols);
}
template <class V>
void fields(V& v, Table& x) {
  v(x.rows, x.merged, x.nesting, x.lines);
}
template <class V>
void fields(V& v, Block& x) {
  v(x.type, x.part, x.text, x.style, x.outline_level, x.list_label, x.table, x.source_line);
}
template <class V>
void fields(V& v, Document& x) {
  v(x.path, x.format, x.encoding, x.bytes, x.sha256, x.blocks, x.warnings);
}

// The largest value of each enum the records hold: a byte above it is refused.
constexpr uint8_t largest(ErrorCode) {
  return static_cast<uint8_t>(ErrorCode::corrupt_file);
}
constexpr uint8_t largest(QuantityKind) {
  return static_cast<uint8_t>(QuantityKind::range);
}
constexpr uint8_t largest(BlockType) {
  return static_cast<uint8_t>(BlockType::table);
}
constexpr uint8_t largest(BlockPart) {
  return static_cast<uint8_t>(BlockPart::comment);
}

template <class T>
constexpr bool is_number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <class... T>
  void operator()(T&... values) {
    (put(values), ...);
  }

 private:
  template <class T>
  void put(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(value ? 1 : 0);
    } else if constexpr (std::is_enum_v<T>) {
      out_.push_back(static_cast<char>(value));
    } else if constexpr (is_number<T>) {
      out_.append(reinterpret_cast<const char*>(&value), sizeof value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      put_size(value.size());
      out_ += value;
    } else if constexpr (requires { value.has_value(); }) {
      out_.push_back(value ? 1 : 0);
      if (value) put(*value);
    } else if constexpr (requires { value.data(); }) {  // a vector
      put_size(value.size());
      for (auto& item : value) put(item);
    } else {
      fields(*this, value);
    }
  }
  void put_size(size_t n) {
    uint64_t v = n;
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }

  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  template <class... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  // Whatever went wrong first, bytes left over once everything was read included, or empty.
  std::string problem() const {
    if (problem_.empty() && !in_.empty()) return "it has bytes left over";
    return problem_;
  }

 private:
  template <class T>
  void get(T& value) {
    if (!problem_.empty()) return;
    if constexpr (std::is_same_v<T, bool>) {
      uint8_t b = byte();
      if (b > 1) fail("a flag is neither 0 nor 1");
      value = b == 1;
    } else if constexpr (std::is_enum_v<T>) {
      uint8_t b = byte();
      if (b > largest(T{})) fail("an enum value is out of range");
      value = static_cast<T>(b);
    } else if constexpr (is_number<T>) {
      take(&value, sizeof value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      size_t n = size(1);
      value.assign(in_.data(), n);
      in_.remove_prefix(n);
    } else if constexpr (requires { value.has_value(); }) {
      bool present = false;
      get(present);
      if (present) get(value.emplace());
    } else if constexpr (requires { value.data(); }) {
      // Every item takes at least a byte: a count above the bytes left is refused before any
      // allocation, whatever the count says.
      size_t n = size(1);
      value.resize(n);
      for (auto& item : value) get(item);
    } else {
      fields(*this, value);
    }
  }
  uint8_t byte() {
    uint8_t b = 0;
    take(&b, 1);
    return b;
  }
  void take(void* to, size_t n) {
    if (in_.size() < n) return fail("it ends early");
    std::memcpy(to, in_.data(), n);
    in_.remove_prefix(n);
  }
  // A length or count, at most the bytes left divided by the least bytes an item takes.
  size_t size(size_t least_item_bytes) {
    uint64_t n = 0;
    take(&n, sizeof n);
    if (!problem_.empty()) return 0;
    if (n > in_.size() / least_item_bytes) {
      fail("a length is longer than what is left");
      return 0;
    }
    return static_cast<size_t>(n);
  }
  void fail(const char* why) {
    if (problem_.empty()) problem_ = why;
  }

  std::string_view in_;
  std::string problem_;
};

}  // namespace

std::string record_to_binary(const DocumentRecord& record) {
  std::string out;
  Writer write(out);
  // The writer only reads: `fields` takes non-const references so that one list serves both.
  write(const_cast<DocumentRecord&>(record));
  return out;
}

Result<DocumentRecord> record_from_binary(std::string_view bytes) {
  DocumentRecord record;
  Reader read(bytes);
  read(record);
  if (std::string problem = read.problem(); !problem.empty())
    return file_error(ErrorCode::internal, "", "the worker's record cannot be read: " + problem);
  return record;
}

std::string document_to_binary(const Result<Document>& doc) {
  std::string out;
  Writer write(out);
  bool ok = doc.ok();
  write(ok);
  if (ok)
    write(const_cast<Document&>(doc.value()));
  else
    write(const_cast<Error&>(doc.error()));
  return out;
}

Result<Document> document_from_binary(std::string_view bytes) {
  Reader read(bytes);
  bool ok = false;
  read(ok);
  Document doc;
  Error error;
  if (ok)
    read(doc);
  else
    read(error);
  if (std::string problem = read.problem(); !problem.empty())
    return file_error(ErrorCode::internal, "", "the reading process's document cannot be read: " + problem);
  if (!ok) return error;
  return doc;
}

}  // namespace jixiao
