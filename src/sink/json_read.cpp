// Reading a jixiao.document/1 line back into a DocumentRecord: the inverse of document_record_json
// (src/sink/json.cpp), key for key. `jixiao ingest` needs it when extraction runs in worker
// processes: the worker prints the line, the parent turns it back into the record its SQLite
// writer takes. tests/json_roundtrip_test.cpp holds the two together (write(read(line)) == line).
//
// The reader is strict: a key missing, of the wrong type, or not known here is an error. A key the
// writer gains and this file does not learn would otherwise vanish silently on its way to SQLite.
#include <algorithm>
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

// One JSON object being read. done() checks that every key of the object was taken, so a key
// this reader does not know is refused.
class Object {
 public:
  Object(const Json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) throw BadRecord{name("") + " is not an object"};
  }

  // An optional key: nullptr when absent. Taking a key twice is fine.
  const Json* find(const char* key) {
    auto it = j_.find(key);
    if (it == j_.end()) return nullptr;
    if (std::find(taken_.begin(), taken_.end(), key) == taken_.end()) taken_.push_back(key);
    return &*it;
  }
  const Json& at(const char* key) {
    const Json* v = find(key);
    if (!v) throw BadRecord{name(key) + " is missing"};
    return *v;
  }

  std::string text(const char* key) { return text_of(at(key), key); }
  // An optional string: the writer leaves the key out when the string is empty.
  std::string text_or_empty(const char* key) {
    const Json* v = find(key);
    return v ? text_of(*v, key) : std::string();
  }
  long long int64(const char* key) { return int64_of(at(key), key); }
  int integer(const char* key) { return int_of(at(key), key); }
  std::optional<int> integer_or_null(const char* key) {
    const Json& v = at(key);
    return v.is_null() ? std::nullopt : std::optional<int>(int_of(v, key));
  }
  // A double. The writer prints NaN and infinities as null; they come back as NaN, which it
  // prints as null again.
  double number(const char* key) { return number_of(at(key), key); }
  std::optional<double> number_or_null(const char* key) {
    const Json& v = at(key);
    return v.is_null() ? std::nullopt : std::optional<double>(number_of(v, key));
  }
  const Json& array(const char* key) {
    const Json& v = at(key);
    if (!v.is_array()) throw BadRecord{name(key) + " is not an array"};
    return v;
  }

  // "reports[0].figures" for key "figures".
  std::string child(const char* key) const { return where_.empty() ? key : where_ + "." + key; }
  std::string child(const char* key, size_t i) const { return child(key) + "[" + std::to_string(i) + "]"; }

  void done() const {
    if (taken_.size() == j_.size()) return;
    for (const auto& item : j_.items())
      if (std::find(taken_.begin(), taken_.end(), item.key()) == taken_.end())
        throw BadRecord{name(item.key().c_str()) + " is not a key of jixiao.document/1"};
  }

 private:
  std::string name(const char* key) const {
    if (*key) return child(key);
    return where_.empty() ? std::string("the record") : where_;
  }
  std::string text_of(const Json& v, const char* key) const {
    if (!v.is_string()) throw BadRecord{name(key) + " is not a string"};
    return v.get<std::string>();
  }
  long long int64_of(const Json& v, const char* key) const {
    if (v.is_number_unsigned() && v.get<unsigned long long>() > std::numeric_limits<long long>::max())
      throw BadRecord{name(key) + " is out of range"};
    if (!v.is_number_integer()) throw BadRecord{name(key) + " is not an integer"};
    return v.get<long long>();
  }
  int int_of(const Json& v, const char* key) const {
    long long n = int64_of(v, key);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
      throw BadRecord{name(key) + " is out of range"};
    return static_cast<int>(n);
  }
  double number_of(const Json& v, const char* key) const {
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) throw BadRecord{name(key) + " is not a number"};
    return v.get<double>();
  }

  const Json& j_;
  std::string where_;
  std::vector<std::string_view> taken_;  // the keys (string literals) read so far
};

Span read_span(const Json& j, const std::string& where) {
  Object o(j, where);
  Span s;
  s.block = o.integer("block");
  if (o.find("row")) {
    // The writer prints row and col together, for table cells only.
    s.row = o.integer("row");
    s.col = o.integer("col");
  }
  s.start = o.integer("start");
  s.end = o.integer("end");
  if (o.find("end_block")) s.end_block = o.integer("end_block");
  o.done();
  return s;
}

Figure read_figure(const Json& j, const std::string& where) {
  Object o(j, where);
  Figure f;
  f.field = o.text("field");
  f.quantity.value = o.number("value");
  f.quantity.unit = o.text("unit");
  f.quantity.yuan = o.number_or_null("yuan");
  if (o.find("to")) f.quantity.to = o.number("to");
  f.quantity.approx = o.text_or_empty("approx");
  f.quantity.comparator = o.text_or_empty("comparator");
  f.label = o.text("label");
  f.text = o.text("text");
  f.span = read_span(o.at("span"), o.child("span"));
  f.rule = o.text("rule");
  o.done();
  return f;
}

Indicator read_indicator(const Json& j, const std::string& where) {
  Object o(j, where);
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
  i.span = read_span(o.at("span"), o.child("span"));
  o.done();
  return i;
}

ReportMeta read_meta(const Json& j, const std::string& where) {
  Object o(j, where);
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

Report read_report(const Json& j, const std::string& where) {
  Object o(j, where);
  Report r;
  r.index = o.integer("index");
  r.meta = read_meta(o.at("meta"), o.child("meta"));
  const Json& figures = o.array("figures");
  for (size_t i = 0; i < figures.size(); ++i)
    r.figures.push_back(read_figure(figures[i], o.child("figures", i)));
  const Json& indicators = o.array("indicators");
  for (size_t i = 0; i < indicators.size(); ++i)
    r.indicators.push_back(read_indicator(indicators[i], o.child("indicators", i)));
  o.done();
  return r;
}

Evidence read_evidence(const Json& j, const std::string& where) {
  Object o(j, where);
  Evidence e;
  e.text = o.text("text");
  e.span = read_span(o.at("span"), o.child("span"));
  o.done();
  return e;
}

Finding read_finding(const Json& j, const std::string& where) {
  Object o(j, where);
  Finding f;
  f.kind = o.text("kind");
  f.severity = o.text("severity");
  f.report = o.integer("report");
  f.message = o.text("message");
  const Json& evidence = o.array("evidence");
  for (size_t i = 0; i < evidence.size(); ++i)
    f.evidence.push_back(read_evidence(evidence[i], o.child("evidence", i)));
  f.expected = o.number_or_null("expected");
  f.expected_unit = o.text_or_empty("expected_unit");
  f.rule = o.text("rule");
  o.done();
  return f;
}

// ErrorCode from its to_string name. Walks the enum's values instead of keeping a second list:
// to_string maps values past the last code to "internal", whose real value comes first.
ErrorCode error_code(const std::string& name, const std::string& where) {
  for (int i = 0; i < 256; ++i) {
    auto code = static_cast<ErrorCode>(i);
    if (name == to_string(code)) return code;
  }
  throw BadRecord{where + " is not an error code: \"" + name + "\""};
}

DocumentRecord read_record(const Json& j) {
  Object o(j, "");
  DocumentRecord record;
  if (std::string schema = o.text("schema"); schema != "jixiao.document/1")
    throw BadRecord{"schema is \"" + schema + "\", not jixiao.document/1"};

  Object source(o.at("source"), "source");
  record.source.path = source.text("path");
  record.source.sha256 = source.text("sha256");
  record.source.format = source.text("format");
  record.source.encoding = source.text("encoding");
  record.source.bytes = source.int64("bytes");
  source.done();

  std::string status = o.text("status");
  if (status != "ok" && status != "error") throw BadRecord{"status is \"" + status + "\", not ok or error"};
  const Json* error = o.find("error");
  if ((status == "error") != (error != nullptr))
    throw BadRecord{"status " + status + " does not fit \"error\""};
  if (error) {
    Object e(*error, "error");
    Error err;
    err.code = error_code(e.text("code"), "error.code");
    err.message = e.text("message");
    err.path = record.source.path;  // as Pipeline's error records have it; not on the wire
    e.done();
    record.error = std::move(err);
  }

  const Json& reports = o.array("reports");
  for (size_t i = 0; i < reports.size(); ++i)
    record.reports.push_back(read_report(reports[i], o.child("reports", i)));
  const Json& findings = o.array("findings");
  for (size_t i = 0; i < findings.size(); ++i)
    record.findings.push_back(read_finding(findings[i], o.child("findings", i)));
  if (const Json* warnings = o.find("warnings")) {
    if (!warnings->is_array()) throw BadRecord{"warnings is not an array"};
    for (const Json& w : *warnings) {
      if (!w.is_string()) throw BadRecord{"warnings has an item that is not a string"};
      record.warnings.push_back(w.get<std::string>());
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
