// Text bound for a spreadsheet cell, made inert (CSV now, XLSX later: both call this).
//
// Excel, WPS and LibreOffice read a cell that begins with = + - or @ as a formula, and strip a
// leading tab or carriage return before deciding, so report text such as a unit named
// `=cmd|' /C calc'!A0` or a file named `=HYPERLINK(...).docx` would run when the export is
// opened. Such text gets a leading apostrophe, the spreadsheets' own "this is text" prefix
// (OWASP's advice for CSV injection):
//
//   spreadsheet_safe_text("=SUM(A1)")  -> "'=SUM(A1)"
//   spreadsheet_safe_text("-3.5")      -> "'-3.5"       (text that looks like a number stays text)
//   spreadsheet_safe_text("预算 -3.5") -> "预算 -3.5"    (only the first character matters)
//
// Numbers are not text: a value the database holds as a number (figures.value = -3.5) is written
// as a number by the caller and never passes through here, so it stays numeric in the sheet.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// Whether a spreadsheet could take `text` for a formula: it starts with = + - @ tab or CR.
bool spreadsheet_would_evaluate(std::string_view text);
// `text` with an apostrophe in front when spreadsheet_would_evaluate, else unchanged.
std::string spreadsheet_safe_text(std::string_view text);

}  // namespace jixiao
