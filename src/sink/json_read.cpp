// Reading a jixiao.document/1 line back into a DocumentRecord: the inverse of document_record_json
// (src/sink/json.cpp), key for key. `jixiao ingest` needs it when extraction runs in worker
// processes: the worker prints the line, the parent turns it back into the record its SQLite
// writer takes. tests/json_roundtrip_test.cpp holds the two together (write(read(line)) == line).
//
// The reader is strict: a key missing, of the wrong type, or not known here is an error. A key the
// writer gains and this file does not learn would otherwise vanish silently on its way to SQLite.
#include <array>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sink/json.h"

namespace jixiao {
namespace {

using Json = nlohmann::json;

// Thrown inside this file only; document_record_from_json turns it into an Error.
struct BadRecord {
  std::string message;
};

// One JSON object being read. Each key is looked up once, and done() checks that every key of the
// object was, so a key this reader does not know is refused. Strings are moved out of the parsed
// tree. The object's place ("reports[0].figures[3].span") is only spelled out for an error.
class Object {
 public:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);

  Object(Json& j, const Object* parent, const char* key, size_t index = kNoIndex)
      : j_(j), parent_(parent), key_(key), index_(index) {
    if (!j_.is_object()) fail("", "is not an object");
  }

  // An optional key: nullptr when absent.
  Json* find(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return nullptr;
    if (taken_count_ == taken_.size()) fail(key, "is one key too many");  // more than any object has
    taken_[taken_count_++] = key;
    return &*it;
  }
  Json& at(const char* key) {
    Json* v = find(key);
    if (!v) fail(key, "is missing");
    return *v;
  }

  std::string text(const char* key) { return text_of(at(key), key); }
  // The writer leaves these keys out when the string is empty.
  std::string text_or_empty(const char* key) {
    Json* v = find(key);
    return v ? text_of(*v, key) : std::string();
  }
  long long int64(const char* key) { return int64_of(at(key), key); }
  int integer(const char* key) { return int_of(at(key), key); }
  std::optional<int> integer_if_present(const char* key) {
    Json* v = find(key);
    return v ? std::optional<int>(int_of(*v, key)) : std::nullopt;
  }
  std::optional<int> integer_or_null(const char* key) {
    Json& v = at(key);
    return v.is_null() ? std::nullopt : std::optional<int>(int_of(v, key));
  }
  // A double. The writer prints NaN and infinities as null; they come back as NaN, which it
  // prints as null again.
  double number(const char* key) { return number_of(at(key), key); }
  std::optional<double> number_if_present(const char* key) {
    Json* v = find(key);
    return v ? std::optional<double>(number_of(*v, key)) : std::nullopt;
  }
  std::optional<double> number_or_null(const char* key) {
    Json& v = at(key);
    return v.is_null() ? std::nullopt : std::optional<double>(number_of(v, key));
  }
  Json& array(const char* key) {
    Json& v = at(key);
    if (!v.is_array()) fail(key, "is not an array");
    return v;
  }

  void done() const {
    if (taken_count_ == j_.size()) return;
    for (const auto& item : j_.items()) {
      bool taken = false;
      for (size_t i = 0; i < taken_count_; ++i) taken = taken || item.key() == taken_[i];
      if (!taken) fail(item.key().c_str(), "is not a key of jixiao.document/1");
    }
  }

  [[noreturn]] void fail(const char* key, const std::string& what) const {
    std::string at = place();
    if (*key) at += at.empty() ? key : std::string(".") + key;
    throw BadRecord{(at.empty() ? std::string("the record") : at) + " " + what};
  }

 private:
  std::string place() const {
    std::string out = parent_ ? parent_->place() : std::string();
    if (key_) out += (out.empty() ? "" : ".") + std::string(key_);
    if (index_ != kNoIndex) out += "[" + std::to_string(index_) + "]";
    return out;
  }
  std::string text_of(Json& v, const char* key) const {
    if (!v.is_string()) fail(key, "is not a string");
    return std::move(v.get_ref<std::string&>());
  }
  long long int64_of(const Json& v, const char* key) const {
    if (v.is_number_unsigned() && v.get<unsigned long long>() > std::numeric_limits<long long>::max())
      fail(key, "is out of range");
    if (!v.is_number_integer()) fail(key, "is not an integer");
    return v.get<long long>();
  }
  int int_of(const Json& v, const char* key) const {
    long long n = int64_of(v, key);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
      fail(key, "is out of range");
    return static_cast<int>(n);
  }
  double number_of(const Json& v, const char* key) const {
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) fail(key, "is not a number");
    return v.get<double>();
  }

  Json& j_;
  const Object* parent_;
  const char* key_;
  size_t index_;
  std::array<const char*, 16> taken_{};  // the keys (string literals) looked up so far
  size_t taken_count_ = 0;
};

Span read_span(Object o) {
  Span s;
  s.block = o.integer("block");
  // The writer prints row and col together, for table cells only.
  if (auto row = o.integer_if_present("row")) {
    s.row = *row;
    s.col = o.integer("col");
  }
  s.start = o.integer("start");
  s.end = o.integer("end");
  s.end_block = o.integer_if_present("end_block").value_or(-1);
  if (Json* loc = o.find("location")) {
    Object l(*loc, &o, "location");
    // The writer prints table, row and col together.
    if (auto table = l.integer_if_present("table")) {
      s.location.table = *table;
      s.location.row = l.integer("row");
      s.location.col = l.integer("col");
    }
    s.location.paragraph = l.integer_if_present("paragraph").value_or(0);
    s.location.line = l.integer_if_present("line").value_or(0);
    l.done();
  }
  o.done();
  return s;
}

Figure read_figure(Object o) {
  Figure f;
  f.field = o.text("field");
  f.quantity.value = o.number("value");
  f.quantity.unit = o.text("unit");
  f.quantity.yuan = o.number_or_null("yuan");
  f.quantity.to = o.number_if_present("to");
  f.quantity.approx = o.text_or_empty("approx");
  f.quantity.comparator = o.text_or_empty("comparator");
  f.label = o.text("label");
  f.text = o.text("text");
  f.span = read_span(Object(o.at("span"), &o, "span"));
  f.rule = o.text("rule");
  o.done();
  return f;
}

Indicator read_indicator(Object o) {
  Indicator i;
  i.level1 = o.text("level1");
  i.level2 = o.text("level2");
  i.name = o.text("name");
  i.target = o.text("target");
  i.actual = o.text("actual");
  i.weight = o.number_or_null("weight");
  i.score = o.number_or_null("score");
  i.note = o.text("note");
  i.group = o.integer("group");
  i.span = read_span(Object(o.at("span"), &o, "span"));
  o.done();
  return i;
}

ReportMeta read_meta(Object o) {
  ReportMeta m;
  m.year = o.integer_or_null("year");
  m.kind = o.text("kind");
  m.title = o.text("title");
  m.unit = o.text("unit");
  m.project = o.text("project");
  m.supervisor = o.text("supervisor");
  o.done();
  return m;
}

Report read_report(Object o) {
  Report r;
  r.index = o.integer("index");
  r.meta = read_meta(Object(o.at("meta"), &o, "meta"));
  Json& figures = o.array("figures");
  r.figures.reserve(figures.size());
  for (size_t i = 0; i < figures.size(); ++i)
    r.figures.push_back(read_figure(Object(figures[i], &o, "figures", i)));
  Json& indicators = o.array("indicators");
  r.indicators.reserve(indicators.size());
  for (size_t i = 0; i < indicators.size(); ++i)
    r.indicators.push_back(read_indicator(Object(indicators[i], &o, "indicators", i)));
  o.done();
  return r;
}

Evidence read_evidence(Object o) {
  Evidence e;
  e.text = o.text("text");
  e.span = read_span(Object(o.at("span"), &o, "span"));
  e.source_text = o.text_or_empty("source_text");
  o.done();
  return e;
}

Finding read_finding(Object o) {
  Finding f;
  f.kind = o.text("kind");
  f.severity = o.text("severity");
  f.report = o.integer("report");
  f.message = o.text("message");
  Json& evidence = o.array("evidence");
  for (size_t i = 0; i < evidence.size(); ++i)
    f.evidence.push_back(read_evidence(Object(evidence[i], &o, "evidence", i)));
  f.expected = o.number_or_null("expected");
  f.expected_unit = o.text_or_empty("expected_unit");
  f.rule = o.text("rule");
  o.done();
  return f;
}

// ErrorCode from its to_string name. Walks the enum's values instead of keeping a second list:
// to_string maps values past the last code to "internal", whose real value comes first.
std::optional<ErrorCode> error_code(const std::string& name) {
  for (int i = 0; i < 256; ++i) {
    auto code = static_cast<ErrorCode>(i);
    if (name == to_string(code)) return code;
  }
  return std::nullopt;
}

DocumentRecord read_record(Json& j) {
  Object o(j, nullptr, nullptr);
  DocumentRecord record;
  if (std::string schema = o.text("schema"); schema != "jixiao.document/1")
    o.fail("schema", "is \"" + schema + "\", not jixiao.document/1");

  Object source(o.at("source"), &o, "source");
  record.source.path = source.text("path");
  record.source.sha256 = source.text("sha256");
  record.source.format = source.text("format");
  record.source.encoding = source.text("encoding");
  record.source.bytes = source.int64("bytes");
  source.done();

  std::string status = o.text("status");
  if (status != "ok" && status != "error") o.fail("status", "is \"" + status + "\", not ok or error");
  Json* error = o.find("error");
  if ((status == "error") != (error != nullptr))
    o.fail("status", "is " + status + ", which does not fit \"error\"");
  if (error) {
    Object e(*error, &o, "error");
    Error err;
    std::string code = e.text("code");
    auto known = error_code(code);
    if (!known) e.fail("code", "is not an error code: \"" + code + "\"");
    err.code = *known;
    err.message = e.text("message");
    err.path = record.source.path;  // as Pipeline's error records have it; not on the wire
    e.done();
    record.error = std::move(err);
  }

  Json& reports = o.array("reports");
  record.reports.reserve(reports.size());
  for (size_t i = 0; i < reports.size(); ++i)
    record.reports.push_back(read_report(Object(reports[i], &o, "reports", i)));
  Json& findings = o.array("findings");
  record.findings.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i)
    record.findings.push_back(read_finding(Object(findings[i], &o, "findings", i)));
  if (Json* warnings = o.find("warnings")) {
    if (!warnings->is_array()) o.fail("warnings", "is not an array");
    for (Json& w : *warnings) {
      if (!w.is_string()) o.fail("warnings", "has an item that is not a string");
      record.warnings.push_back(std::move(w.get_ref<std::string&>()));
    }
  }
  o.done();
  return record;
}

}  // namespace

Result<DocumentRecord> document_record_from_json(std::string_view line) {
  auto fail = [](const std::string& message) {
    Error e;
    e.code = ErrorCode::internal;
    e.message = "not a jixiao.document/1 record: " + message;
    return e;
  };
  Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail("the line is not JSON");
  try {
    return read_record(j);
  } catch (const BadRecord& e) {
    return fail(e.message);
  } catch (const Json::exception& e) {
    return fail(e.what());
  }
}

}  // namespace jixiao
