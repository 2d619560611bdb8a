// CSV for spreadsheets: RFC 4180 quoting, CRLF row ends, UTF-8 with a BOM so that Excel and WPS
// show Chinese. `jixiao export --csv DIR` writes one file per table and view of the database.
// Values the database holds as numbers are written as numbers; text that a spreadsheet would
// run as a formula (= + - @ tab CR first) gets a leading apostrophe (sink/spreadsheet_safe.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sink/sqlite.h"

namespace jixiao {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled).
std::string csv_field(std::string_view value);
// Fields joined by commas, ended by CRLF.
std::string csv_row(const std::vector<std::string>& fields);

struct CsvExport {
  std::string table;  // table or view name
  std::string path;   // file written
  long long rows = 0;
};

// The header row: the database's column names (en, the default, what scripts read) or their
// Chinese names (zh, for people: csv_header_zh in src/sink/csv_headers.cpp).
enum class CsvHeaders { en, zh };
// The Chinese name of a column of a table or view; the column name itself when none is known.
std::string csv_header_zh(std::string_view table, std::string_view column);

// The tables (meta, documents, reports, figures, indicators, findings) and the views
// (findings_view, budget_vs_executed) as DIR/<name>.csv; the records table (JSON) is left to
// export_jsonl. DIR is created when missing; "-" is refused (stdout cannot hold several files).
Result<std::vector<CsvExport>> export_csv(SqliteStore& store, const std::string& dir,
                                          CsvHeaders headers = CsvHeaders::en);

// One jixiao.document/1 line per document, as stored at import (ordered by path); `out` is a
// file path or "-" for stdout. Returns the number of lines.
Result<long long> export_jsonl(SqliteStore& store, const std::string& out);

}  // namespace jixiao
