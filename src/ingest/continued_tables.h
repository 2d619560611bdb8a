// A table that goes on in the next table of the body — cut by a page break, by Word, or by a
// converter — read as the one grid it is. The text reader already keeps such a table whole (a
// blank line inside a run of TAB rows does not end it); this gives Word files the same records.
#pragma once

#include "core/document.h"

namespace jixiao {

// Joins each body table into the one before it when nothing but empty paragraphs (at most
// `max_blank_between`) stands between them and both have the same number of columns. The joined
// rows keep where they came from (Document::continued_at), so locations still name the source table.
void join_continued_tables(Document& doc, int max_blank_between = 2);

}  // namespace jixiao
