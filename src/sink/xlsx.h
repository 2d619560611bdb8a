// XLSX for spreadsheets (libxlsxwriter): `jixiao export --db F --xlsx FILE` writes one workbook
// with five sheets, Chinese headers, the header row frozen and filtered, columns sized to their text:
//
//   报告  one row per report: file, year, kind, unit, project, counts, and whether anything was read
//   数值  one row per figure: field and its Chinese name, the value as written (a number) and its
//         unit, the amount in 元 (a number), the text, its location (表3 第15行 第4列 / 第42行)
//   指标  one row per indicator: levels, target, actual, weight and score (numbers), location
//   问题  one row per finding: severity, kind, message, expected, every evidence's location and
//         source text, and a link to the finding on its review page when one was written
//   文件  one row per file: sha256, format, encoding, size, status and error
//
// Every text cell is written with worksheet_write_string, which makes a string cell: text that
// starts with = + - @ is shown as written and never runs as a formula in Excel, WPS or LibreOffice.
#pragma once

#include <string>

#include "core/error.h"
#include "sink/sqlite.h"

namespace jixiao {

struct XlsxOptions {
  // Directory of `jixiao review --out DIR` pages: a finding whose document has a page there gets a
  // link to it (relative to the workbook). Empty: no links.
  std::string review_dir;
};

struct XlsxSummary {
  long long reports = 0, figures = 0, indicators = 0, findings = 0, files = 0, links = 0;
};

Result<XlsxSummary> export_xlsx(SqliteStore& store, const std::string& path, const XlsxOptions& options = {});

}  // namespace jixiao
