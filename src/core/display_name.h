// File names and messages made safe to print on a terminal or in a log, the way ls quotes names
// (GNU ls --quoting-style=shell-escape, its default on a terminal):
//
//   quote_name("报告.docx")          -> 报告.docx                       (unchanged: nothing to hide)
//   quote_name("a\njixiao: error: x") -> $'a\njixiao: error: x'          (one line, no forged line)
//   quote_name("\x1b[31mred.txt")     -> $'\x1B[31mred.txt'              (no escape sequence runs)
//   quote_name("gbk-\xd4\xa4.txt")    -> $'gbk-\xD4\xA4.txt'             (bytes that are not UTF-8)
//
// A quoted name is a bash word for the same bytes, so it can be pasted back into a shell.
// Escaped: C0 controls and DEL, C1 controls (U+0080..U+009F, which terminals also obey), the
// bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) that reorder what is
// shown, and bytes that are not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// Whether `text` holds anything quote_name escapes.
bool needs_quoting(std::string_view text);
// `name` unchanged when it needs no quoting, else $'...' with escapes.
std::string quote_name(std::string_view name);
// `text` with the same escapes but no quotes, for a message that is printed inside a line
// (a ZIP part name, a worker's words): never a line break or an escape sequence.
std::string escape_controls(std::string_view text);

}  // namespace jixiao
