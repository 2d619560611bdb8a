// The HTML review page (`jixiao review FILE... --out DIR`): one self-contained page per document
// (inline CSS and JS, nothing fetched from the network) and an index page, in Chinese.
//
// A page shows, from the top: the findings (errors, warnings and notes in their own colours),
// each evidence a link to its highlighted place in the document; what was read of each report
// (meta, fund block, budget figures, indicators, coverage); then the document as read, paragraphs
// and tables with their merged cells, every extracted figure highlighted with its field's Chinese
// name (rules/fields.toml) on hover.
//
// Stable hooks, for people and for tests (tests/review_test.cpp reads them from a browser's DOM):
//   <td id="t3-r15-c4" data-table="3" data-row="15" data-col="4">    a table cell, 1-based grid
//   <p id="p12" data-paragraph="12" data-line="42">                   a paragraph (data-line: text files)
//   <mark class="fig" data-field="budget.initial" title="年初预算数 ..."> a figure
//   <mark class="ev ev-error" id="f1-e2">                             evidence 2 of finding 1
//   <a class="ev-link" href="#f1-e2" data-table data-row data-col>    its link in the findings list
#pragma once

#include <string>
#include <vector>

#include "core/document.h"
#include "core/records.h"
#include "rules/vocabulary.h"

namespace jixiao {

// The page's file name for a document: its file name's stem (unsafe characters replaced) and the
// first 8 hex digits of its sha256, so that `export --xlsx` can link to it from the database.
std::string review_page_name(const std::string& source_path, const std::string& sha256);

// The page of one document. `doc` is the document as read (raw blocks), `record` what the
// pipeline made of it (spans located, src/core/location.h).
std::string review_html(const Document& doc, const DocumentRecord& record, const Vocabulary& vocabulary);

struct ReviewEntry {
  std::string source_path;
  std::string page;   // file name of its page, "" when the file could not be read
  std::string error;  // why it could not be read
  int reports = 0, figures = 0, indicators = 0;
  int errors = 0, warnings = 0, infos = 0;
  int unread = 0;  // reports nothing was read from (coverage findings, not counted above)
};

ReviewEntry review_entry(const DocumentRecord& record, const std::string& page);
std::string review_index_html(const std::vector<ReviewEntry>& entries);

}  // namespace jixiao
