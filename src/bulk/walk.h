// Which files a bulk import reads: the paths given, and every file under the directories given,
// recursively, in a stable (sorted) order.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace jixiao {

struct WalkOptions {
  // Shell patterns (fnmatch, case-insensitive) matched against a file's name, or against its
  // path below the walked directory when the pattern holds a '/'. A file found in a directory
  // is taken when any pattern matches. Files named on the command line are always taken.
  std::vector<std::string> globs = {"*.docx", "*.txt", "*.doc", "*.wps", "*.pdf"};
};

// Hidden files and directories (".x"), office lock and temporary files ("~$x.docx", "~x.tmp",
// ".~lock.x#") are skipped: they are never reports.
bool is_skipped_name(const std::string& name);
bool glob_matches(const std::vector<std::string>& globs, const std::string& name,
                  const std::string& relative);

// Paths that cannot be walked (missing, unreadable directory) are appended to `errors` and the
// rest is still collected. Duplicates (the same path reached twice) are removed.
std::vector<std::string> collect_inputs(const std::vector<std::string>& roots, const WalkOptions& options,
                                        std::vector<Error>* errors);

}  // namespace jixiao
