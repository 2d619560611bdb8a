// The file arguments of every command, expanded the way rg and find | xargs users expect:
//   -        read more paths from stdin, one per line (or NUL-separated with -0 / --null)
//   FOLDER   every report file under it, recursively, sorted (src/bulk/walk.h: *.docx *.txt ...)
//   FILE     taken as given, whatever its name
// A folder with no report file in it, or one that cannot be walked, is an error line (the other
// inputs go on) and sets `*failed`.
#pragma once

#include <string>
#include <vector>

namespace jixiao::cli {

// `walk` false leaves folders as they are (ingest walks them itself, with its --glob).
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, bool null_separated,
                                       bool* failed, bool walk = true);

}  // namespace jixiao::cli
