// The records of `jixiao.document/1` (see ../shared/DESIGN.md and src/sink/json.h for the
// wire format): quantities read by the number parser, figures and indicators extracted from a
// report, findings raised by the checker. Every record carries a Span back to the source.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace jixiao {

// Where a record came from, for a person: 1-based, 0 where it does not apply. A DOCX gives the
// table (counted over the document's body tables), row and column over the printed grid, or
// the paragraph (counted over the body's paragraphs outside tables); a text file gives the line,
// and for a table cell also the table, row and column, numbered as in the DOCX it was exported
// from. Filled in by locate() (src/core/location.h) once the records are made.
struct Location {
  int table = 0, row = 0, col = 0;
  int paragraph = 0;
  int line = 0;
  bool empty() const { return table == 0 && paragraph == 0 && line == 0; }
  bool operator==(const Location&) const = default;
};

// Where a record came from: the raw block (index into Document::blocks), the cell for tables,
// and code-point offsets into the raw text of that paragraph or cell. `end_block` differs from
// `block` only when a sentence cut by a page break was rejoined across two blocks.
struct Span {
  int block = -1;
  int row = -1;  // table row, -1 for paragraphs
  int col = -1;  // table column, -1 for paragraphs
  int start = 0;
  int end = 0;
  int end_block = -1;  // -1: same as block
  Location location;   // the same place, as a person finds it
  bool operator==(const Span&) const = default;
};

enum class QuantityKind { money, percent, count, score, number, range };
const char* to_string(QuantityKind kind);

// One quantity found in text: "165.69万元", "3000余件", "≥90%", "10-20万元".
struct Quantity {
  QuantityKind kind = QuantityKind::number;
  int start = 0;  // code points into the text that was parsed
  int end = 0;
  double value = 0;            // the number as written, in `unit` (165.69 for 165.69万元)
  std::optional<double> to;    // upper bound of a range
  std::string unit;            // "万元", "元", "%", "分", "人", "" ...
  std::optional<double> yuan;  // money only: value in 元
  std::string approx;          // "余", "多", "约", "近", "以上", "左右" ... or ""
  std::string comparator;      // "≥", "≤", ">", "<" or ""
  bool unit_implied = false;   // unit taken from context (a table header), not the text
};

struct Figure {
  std::string field;  // budget.initial, funds.executed, ... (DESIGN.md)
  Quantity quantity;
  std::string label;  // the words that made it this field ("年初预算", "全年执行数")
  std::string text;   // the source characters of the figure (normalized)
  Span span;
  std::string rule;  // id of the rule (or table reader) that made it
};

struct Indicator {
  std::string level1, level2, name, target, actual, note;
  std::optional<double> weight;
  std::optional<double> score;
  int group = 0;  // indicators sharing one merged 分值/得分 cell share a group number
  Span span;      // the row's 三级指标 cell
  std::string weight_text, score_text;  // the cells as written (for findings)
  Span weight_span, score_span;
  // The target and actual values as the number parser reads them ("≥95%", "98%"), when they are
  // one quantity each; for the checker, not part of the wire format.
  std::optional<Quantity> target_quantity, actual_quantity;
};

struct ReportMeta {
  std::optional<int> year;
  std::string kind = "unknown";  // project | department | unknown
  std::string title, unit, project, supervisor;
};

// Any quantity seen in the report's text, with the words before it; the checker compares
// quantities that no field rule names (two values for one indicator, parts of a sum).
struct Mention {
  Quantity quantity;
  std::string subject;  // the label-like words right before the number (normalized)
  std::string text;     // the characters of the quantity (normalized)
  Span span;
  int sentence = 0;   // mentions with the same sentence number share a sentence
  int clause = 0;     // ... and a clause (between ，；：)
  int year = 0;       // a year written in its clause before it, 0 if none
  int opening_year = 0;  // else the year its sentence opens with ("2022年…预算72万元，执行68.4万元")
  int year_dated() const { return year != 0 ? year : opening_year; }
  std::string lead;   // a short clause ending in a colon right before this one ("拟用于："), or ""
  std::string trail;  // the few characters after the quantity in its clause ("等" of "…98万元等。")
};

// A grade the report states ("评价等级为优", "自评等级 | 良"): the checker holds it to the total.
struct StatedGrade {
  std::string grade;  // the grade word as written ("优", "良好")
  Span span;
};

// A key-value label whose value cell was left blank ("自评得分 |  |"), for a field whose blank the
// checker reports (a required cell).
struct BlankValue {
  std::string field, label;
  Span span;  // the label's
};

// The report's year as one place states it on its own: the title, the form's "（2022年度）" line, or
// a 评价年度 cell that holds a year and nothing else (R14: they must agree).
struct StatedYear {
  int year = 0;
  std::string text;
  Span span;
};

struct Report {
  int index = 1;  // 1-based, reading order
  ReportMeta meta;
  std::vector<Figure> figures;
  std::vector<Indicator> indicators;
  std::vector<Mention> mentions;        // not part of the wire format
  std::vector<StatedGrade> grades;      // nor these
  std::vector<BlankValue> blanks;       // nor these
  std::vector<StatedYear> stated_years;  // nor these
  int first_block = 0, last_block = 0;  // normalized block range [first, last)
};

struct Evidence {
  std::string text;  // normalized, as the checker read it
  Span span;
  // The quote as written in the source: `text` mapped back through normalization when it stands
  // there as one run, else the span's characters (normalize/source_quote.h; the pipeline fills it).
  std::string source_text = {};
};

struct Finding {
  std::string kind;      // unit.magnitude, sum.mismatch, ...
  std::string severity;  // error | warning | info
  int report = 1;
  std::string message;  // Chinese, for the reviewer
  std::vector<Evidence> evidence;
  std::optional<double> expected;
  std::string expected_unit;
  std::string rule;  // id of the check rule
};

struct SourceInfo {
  std::string path, sha256, format, encoding;
  long long bytes = 0;
};

// One input file's result: what `extract` prints as one JSON line.
struct DocumentRecord {
  SourceInfo source;
  std::optional<Error> error;  // set when the file could not be read
  std::vector<Report> reports;
  std::vector<Finding> findings;
  std::vector<std::string> warnings;
};

}  // namespace jixiao
