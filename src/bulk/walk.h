// Which files a bulk import reads: the paths given, and every file under the directories given,
// recursively, in a stable (sorted) order.
//
// A walk never passes anything over in silence. What it cannot take is reported with a reason:
// a FIFO, socket or device whose name matches a pattern (never opened, so a FIFO cannot block
// the import), a broken symbolic link or a link loop that matches, and every symbolic link to a
// directory (not followed, so a link back up cannot loop). Hidden and office temporary files
// and names no pattern matches are not candidates and are not reported.
#pragma once

#include <string>
#include <vector>

#include "bulk/path_list.h"
#include "core/error.h"

namespace jixiao {

struct WalkOptions {
  // Shell patterns (fnmatch, case-insensitive) matched against a file's name, or against its
  // path below the walked directory when the pattern holds a '/'. A file found in a directory
  // is taken when any pattern matches. Files named on the command line are always taken.
  std::vector<std::string> globs = {"*.docx", "*.txt", "*.doc", "*.wps", "*.pdf", "*.xlsx", "*.xls"};
};

// A path the walk found and did not take, and why ("a named pipe (FIFO), not a regular file").
struct SkippedPath {
  std::string path;
  std::string reason;
};

// Hidden files and directories (".x"), office lock and temporary files ("~$x.docx", "~x.tmp",
// ".~lock.x#") are skipped: they are never reports.
bool is_skipped_name(const std::string& name);
bool glob_matches(const std::vector<std::string>& globs, const std::string& name,
                  const std::string& relative);

// Paths that cannot be walked (missing, unreadable directory) are appended to `errors` and the
// rest is still collected; what the walk passes over is appended to `skipped`. Duplicates (the
// same path reached twice) are removed.
PathList collect_inputs(const std::vector<std::string>& roots, const WalkOptions& options,
                        std::vector<Error>* errors, std::vector<SkippedPath>* skipped = nullptr);

}  // namespace jixiao
