#include "sink/json.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/utf.h"

namespace jixiao {
namespace {

using Json = nlohmann::ordered_json;

// Money in 元 is exact to the 分; rounding removes binary noise such as 1656899.9999999998.
double round_cents(double v) {
  return std::round(v * 100.0) / 100.0;
}

Json number_or_null(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json merged_json(const std::vector<Merge>& merged) {
  Json out = Json::array();
  for (const Merge& m : merged) out.push_back(Json::array({m.row, m.col, m.rows, m.cols}));
  return out;
}

Json span_json(const Span& s) {
  Json j;
  j["block"] = s.block;
  if (s.row >= 0) {
    j["row"] = s.row;
    j["col"] = s.col;
  }
  j["start"] = s.start;
  j["end"] = s.end;
  if (s.end_block >= 0 && s.end_block != s.block) j["end_block"] = s.end_block;
  if (!s.location.empty()) {
    const Location& l = s.location;
    Json loc;
    if (l.table > 0) {
      loc["table"] = l.table;
      loc["row"] = l.row;
      loc["col"] = l.col;
    }
    if (l.paragraph > 0) loc["paragraph"] = l.paragraph;
    if (l.line > 0) loc["line"] = l.line;
    j["location"] = std::move(loc);
  }
  return j;
}

Json quantity_fields(const Quantity& q, Json j) {
  j["value"] = q.value;
  j["unit"] = q.unit;
  j["yuan"] = q.yuan ? Json(round_cents(*q.yuan)) : Json(nullptr);
  return j;
}

Json evidence_array(const std::vector<Evidence>& evidence) {
  Json out = Json::array();
  for (const Evidence& e : evidence) {
    Json j{{"text", e.text}, {"span", span_json(e.span)}};
    if (!e.source_text.empty()) j["source_text"] = e.source_text;
    out.push_back(std::move(j));
  }
  return out;
}

Json finding_json(const Finding& f) {
  Json j;
  j["kind"] = f.kind;
  j["severity"] = f.severity;
  j["report"] = f.report;
  j["message"] = f.message;
  j["evidence"] = evidence_array(f.evidence);
  j["expected"] = number_or_null(f.expected);
  if (!f.expected_unit.empty()) j["expected_unit"] = f.expected_unit;
  j["rule"] = f.rule;
  return j;
}

// ---------------------------------------------------------------------------------------------
// The document record written straight into a string, without a JSON tree: the bytes are exactly
// those of the ordered_json dump it replaces (same key order, nlohmann's number formatting and
// string escaping; a string that is not valid UTF-8 goes through nlohmann itself, whose
// error handler replaces the bad bytes).

// Well-formed UTF-8 (Unicode table 3-7: no overlongs, surrogates or code points past U+10FFFF),
// the sequences nlohmann's decoder accepts.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = b(i);
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return b(k) >= lo && b(k) <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(i + 1) && cont(i + 2) ? 3 : 0;
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

void put_string(std::string& out, std::string_view s) {
  const size_t mark = out.size();
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence(s, i);
      if (n == 0) {  // not UTF-8: nlohmann's own replacement of the bad bytes
        out.resize(mark);
        out += dump(Json(std::string(s)));
        return;
      }
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c <= 0x1F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

void put_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  std::array<char, 64> buf{};
  char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), end);
}

void put_int(std::string& out, long long v) {
  out += std::to_string(v);
}

void put_double_or_null(std::string& out, const std::optional<double>& v) {
  if (v)
    put_double(out, *v);
  else
    out += "null";
}

// ,"key": (the comma unless the object has just been opened)
void put_key(std::string& out, const char* key) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void put_span(std::string& out, const Span& s) {
  out += '{';
  put_key(out, "block");
  put_int(out, s.block);
  if (s.row >= 0) {
    put_key(out, "row");
    put_int(out, s.row);
    put_key(out, "col");
    put_int(out, s.col);
  }
  put_key(out, "start");
  put_int(out, s.start);
  put_key(out, "end");
  put_int(out, s.end);
  if (s.end_block >= 0 && s.end_block != s.block) {
    put_key(out, "end_block");
    put_int(out, s.end_block);
  }
  if (!s.location.empty()) {
    const Location& l = s.location;
    put_key(out, "location");
    out += '{';
    if (l.table > 0) {
      put_key(out, "table");
      put_int(out, l.table);
      put_key(out, "row");
      put_int(out, l.row);
      put_key(out, "col");
      put_int(out, l.col);
    }
    if (l.paragraph > 0) {
      put_key(out, "paragraph");
      put_int(out, l.paragraph);
    }
    if (l.line > 0) {
      put_key(out, "line");
      put_int(out, l.line);
    }
    // An empty ordered_json assigned as a value dumps as null, not {}.
    if (out.back() == '{') {
      out.pop_back();
      out += "null";
    } else {
      out += '}';
    }
  }
  out += '}';
}

void put_figure(std::string& out, const Figure& f) {
  out += '{';
  put_key(out, "field");
  put_string(out, f.field);
  put_key(out, "value");
  put_double(out, f.quantity.value);
  put_key(out, "unit");
  put_string(out, f.quantity.unit);
  put_key(out, "yuan");
  if (f.quantity.yuan)
    put_double(out, round_cents(*f.quantity.yuan));
  else
    out += "null";
  if (f.quantity.to) {
    put_key(out, "to");
    put_double(out, *f.quantity.to);
  }
  if (!f.quantity.approx.empty()) {
    put_key(out, "approx");
    put_string(out, f.quantity.approx);
  }
  if (!f.quantity.comparator.empty()) {
    put_key(out, "comparator");
    put_string(out, f.quantity.comparator);
  }
  put_key(out, "label");
  put_string(out, f.label);
  put_key(out, "text");
  put_string(out, f.text);
  put_key(out, "span");
  put_span(out, f.span);
  put_key(out, "rule");
  put_string(out, f.rule);
  out += '}';
}

void put_indicator(std::string& out, const Indicator& i) {
  out += '{';
  put_key(out, "level1");
  put_string(out, i.level1);
  put_key(out, "level2");
  put_string(out, i.level2);
  put_key(out, "name");
  put_string(out, i.name);
  put_key(out, "target");
  put_string(out, i.target);
  put_key(out, "actual");
  put_string(out, i.actual);
  put_key(out, "weight");
  put_double_or_null(out, i.weight);
  put_key(out, "score");
  put_double_or_null(out, i.score);
  put_key(out, "note");
  put_string(out, i.note);
  put_key(out, "group");
  put_int(out, i.group);
  put_key(out, "span");
  put_span(out, i.span);
  out += '}';
}

void put_meta(std::string& out, const ReportMeta& m) {
  out += '{';
  put_key(out, "year");
  if (m.year)
    put_int(out, *m.year);
  else
    out += "null";
  put_key(out, "kind");
  put_string(out, m.kind);
  put_key(out, "title");
  put_string(out, m.title);
  put_key(out, "unit");
  put_string(out, m.unit);
  put_key(out, "project");
  put_string(out, m.project);
  put_key(out, "supervisor");
  put_string(out, m.supervisor);
  out += '}';
}

void put_evidence(std::string& out, const std::vector<Evidence>& evidence) {
  out += '[';
  for (size_t k = 0; k < evidence.size(); ++k) {
    const Evidence& e = evidence[k];
    if (k > 0) out += ',';
    out += '{';
    put_key(out, "text");
    put_string(out, e.text);
    put_key(out, "span");
    put_span(out, e.span);
    if (!e.source_text.empty()) {
      put_key(out, "source_text");
      put_string(out, e.source_text);
    }
    out += '}';
  }
  out += ']';
}

void put_finding(std::string& out, const Finding& f) {
  out += '{';
  put_key(out, "kind");
  put_string(out, f.kind);
  put_key(out, "severity");
  put_string(out, f.severity);
  put_key(out, "report");
  put_int(out, f.report);
  put_key(out, "message");
  put_string(out, f.message);
  put_key(out, "evidence");
  put_evidence(out, f.evidence);
  put_key(out, "expected");
  put_double_or_null(out, f.expected);
  if (!f.expected_unit.empty()) {
    put_key(out, "expected_unit");
    put_string(out, f.expected_unit);
  }
  put_key(out, "rule");
  put_string(out, f.rule);
  out += '}';
}

}  // namespace

std::string block_json(const std::string& file, int index, const Block& block) {
  Json j;
  j["file"] = file;
  j["block"] = index;
  j["type"] = to_string(block.type);
  if (block.part != BlockPart::body) j["part"] = to_string(block.part);
  if (block.type == BlockType::paragraph) {
    if (!block.list_label.empty()) j["list_label"] = block.list_label;
    j["text"] = block.text;
    if (!block.style.empty()) j["style"] = block.style;
    if (block.outline_level >= 0) j["outline_level"] = block.outline_level;
  } else {
    j["rows"] = block.table.rows;
    j["merged"] = merged_json(block.table.merged);
    if (block.table.nesting > 0) j["nesting"] = block.table.nesting;
  }
  return dump(j);
}

std::string normalized_block_json(const std::string& file, const NormalizedBlock& block) {
  Json j;
  j["file"] = file;
  j["block"] = block.source_block;
  j["type"] = to_string(block.type);
  if (block.part != BlockPart::body) j["part"] = to_string(block.part);
  if (block.type == BlockType::paragraph) {
    if (!block.list_label.empty()) j["list_label"] = block.list_label;
    j["text"] = to_utf8(block.text.text);
    if (!block.style.empty()) j["style"] = block.style;
    if (block.outline_level >= 0) j["outline_level"] = block.outline_level;
    int last = block.text.pos.empty() ? block.source_block : block.text.pos.back().block;
    if (last != block.source_block) j["joined_blocks"] = Json::array({block.source_block, last});
  } else {
    Json rows = Json::array();
    for (const auto& row : block.cells) {
      Json r = Json::array();
      for (const auto& cell : row) r.push_back(to_utf8(cell.text));
      rows.push_back(std::move(r));
    }
    j["rows"] = std::move(rows);
    j["merged"] = merged_json(block.merged);
  }
  return dump(j);
}

// Written straight into the string (put_* above), as the ordered_json tree it replaces would
// dump: no tree per record, and a 10,000-page report holds nothing but its output.
std::string document_record_json(const DocumentRecord& record) {
  std::string out;
  out.reserve(4096);
  out += '{';
  put_key(out, "schema");
  put_string(out, "jixiao.document/1");
  put_key(out, "source");
  out += '{';
  put_key(out, "path");
  put_string(out, record.source.path);
  put_key(out, "sha256");
  put_string(out, record.source.sha256);
  put_key(out, "format");
  put_string(out, record.source.format);
  put_key(out, "encoding");
  put_string(out, record.source.encoding);
  put_key(out, "bytes");
  put_int(out, record.source.bytes);
  out += '}';
  put_key(out, "status");
  put_string(out, record.error ? "error" : "ok");
  if (record.error) {
    put_key(out, "error");
    out += '{';
    put_key(out, "code");
    put_string(out, to_string(record.error->code));
    put_key(out, "message");
    put_string(out, record.error->message);
    out += '}';
  }
  put_key(out, "reports");
  out += '[';
  for (size_t k = 0; k < record.reports.size(); ++k) {
    const Report& r = record.reports[k];
    if (k > 0) out += ',';
    out += '{';
    put_key(out, "index");
    put_int(out, r.index);
    put_key(out, "meta");
    put_meta(out, r.meta);
    put_key(out, "figures");
    out += '[';
    for (size_t i = 0; i < r.figures.size(); ++i) {
      if (i > 0) out += ',';
      put_figure(out, r.figures[i]);
    }
    out += ']';
    put_key(out, "indicators");
    out += '[';
    for (size_t i = 0; i < r.indicators.size(); ++i) {
      if (i > 0) out += ',';
      put_indicator(out, r.indicators[i]);
    }
    out += ']';
    out += '}';
  }
  out += ']';
  put_key(out, "findings");
  out += '[';
  for (size_t i = 0; i < record.findings.size(); ++i) {
    if (i > 0) out += ',';
    put_finding(out, record.findings[i]);
  }
  out += ']';
  if (!record.warnings.empty()) {
    put_key(out, "warnings");
    out += '[';
    for (size_t i = 0; i < record.warnings.size(); ++i) {
      if (i > 0) out += ',';
      put_string(out, record.warnings[i]);
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string evidence_json(const std::vector<Evidence>& evidence) {
  // Written directly, as in the record line (a tree per finding cost the SQLite writer more than
  // its inserts): byte for byte what dump(evidence_array(...)) gave.
  std::string out;
  put_evidence(out, evidence);
  return out;
}

std::string finding_line_json(const std::string& file, const Finding& finding) {
  Json j;
  j["file"] = file;
  Json body = finding_json(finding);  // must outlive the loop: items() only refers to it
  for (auto& [k, v] : body.items()) j[k] = v;
  return dump(j);
}

std::string quantity_json(int line, std::u32string_view input, const Quantity& q) {
  Json j;
  j["line"] = line;
  size_t start = std::min<size_t>(q.start, input.size());
  size_t end = std::min<size_t>(std::max(q.start, q.end), input.size());
  j["text"] = to_utf8(input.substr(start, end - start));
  j["start"] = q.start;
  j["end"] = q.end;
  j["kind"] = to_string(q.kind);
  j = quantity_fields(q, std::move(j));
  j["approx"] = q.approx.empty() ? Json(nullptr) : Json(q.approx);
  j["comparator"] = q.comparator.empty() ? Json(nullptr) : Json(q.comparator);
  j["to"] = number_or_null(q.to);
  return dump(j);
}

}  // namespace jixiao
