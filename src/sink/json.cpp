#include "sink/json.h"

#include <cmath>
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

Json figure_json(const Figure& f) {
  Json j;
  j["field"] = f.field;
  j = quantity_fields(f.quantity, std::move(j));
  if (f.quantity.to) j["to"] = *f.quantity.to;
  if (!f.quantity.approx.empty()) j["approx"] = f.quantity.approx;
  if (!f.quantity.comparator.empty()) j["comparator"] = f.quantity.comparator;
  j["label"] = f.label;
  j["text"] = f.text;
  j["span"] = span_json(f.span);
  j["rule"] = f.rule;
  return j;
}

Json indicator_json(const Indicator& i) {
  Json j;
  j["level1"] = i.level1;
  j["level2"] = i.level2;
  j["name"] = i.name;
  j["target"] = i.target;
  j["actual"] = i.actual;
  j["weight"] = number_or_null(i.weight);
  j["score"] = number_or_null(i.score);
  j["note"] = i.note;
  j["group"] = i.group;
  j["span"] = span_json(i.span);
  return j;
}

Json meta_json(const ReportMeta& m) {
  Json j;
  j["year"] = m.year ? Json(*m.year) : Json(nullptr);
  j["kind"] = m.kind;
  j["title"] = m.title;
  j["unit"] = m.unit;
  j["project"] = m.project;
  j["supervisor"] = m.supervisor;
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

// Written piece by piece (each figure, indicator and finding dumped alone and appended) rather
// than as one JSON tree: the bytes are those of the tree's dump, but a 10,000-page report no
// longer holds a tree several times the size of its output.
std::string document_record_json(const DocumentRecord& record) {
  Json head;
  head["schema"] = "jixiao.document/1";
  head["source"] = Json{{"path", record.source.path},
                        {"sha256", record.source.sha256},
                        {"format", record.source.format},
                        {"encoding", record.source.encoding},
                        {"bytes", record.source.bytes}};
  head["status"] = record.error ? "error" : "ok";
  if (record.error)
    head["error"] = Json{{"code", to_string(record.error->code)}, {"message", record.error->message}};
  std::string out = dump(head);
  out.pop_back();  // reopen the object: the arrays follow
  auto append_array = [&out](const char* key, const auto& items, auto to_json) {
    out += ",\"";
    out += key;
    out += "\":[";
    bool first = true;
    for (const auto& item : items) {
      if (!first) out += ',';
      first = false;
      out += dump(to_json(item));
    }
    out += ']';
  };
  out += ",\"reports\":[";
  for (size_t k = 0; k < record.reports.size(); ++k) {
    const Report& r = record.reports[k];
    if (k > 0) out += ',';
    out += "{\"index\":" + dump(Json(r.index)) + ",\"meta\":" + dump(meta_json(r.meta));
    append_array("figures", r.figures, figure_json);
    append_array("indicators", r.indicators, indicator_json);
    out += '}';
  }
  out += ']';
  append_array("findings", record.findings, finding_json);
  if (!record.warnings.empty()) out += ",\"warnings\":" + dump(Json(record.warnings));
  out += '}';
  return out;
}

std::string evidence_json(const std::vector<Evidence>& evidence) {
  return dump(evidence_array(evidence));
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
