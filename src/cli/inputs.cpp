#include "cli/inputs.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <iterator>

#include "bulk/walk.h"
#include "core/display_name.h"

namespace jixiao::cli {

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, bool null_separated,
                                       bool* failed, bool walk_folders) {
  namespace fs = std::filesystem;
  std::vector<std::string> given;
  bool stdin_read = false;
  for (const std::string& arg : args) {
    if (arg != "-") {
      given.push_back(arg);
      continue;
    }
    if (stdin_read) continue;  // stdin holds one list
    stdin_read = true;
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    const char sep = null_separated ? '\0' : '\n';
    size_t start = 0;
    while (start < all.size()) {
      size_t end = all.find(sep, start);
      if (end == std::string::npos) end = all.size();
      std::string path = all.substr(start, end - start);
      if (!null_separated && !path.empty() && path.back() == '\r') path.pop_back();
      if (!path.empty()) given.push_back(std::move(path));
      start = end + 1;
    }
  }
  std::vector<std::string> out;
  WalkOptions walk;
  for (const std::string& path : given) {
    std::error_code ec;
    if (!walk_folders || !fs::is_directory(path, ec)) {
      out.push_back(path);  // a file, or a missing path the reader names
      continue;
    }
    std::vector<Error> errors;
    std::vector<SkippedPath> skipped;
    const PathList found = collect_inputs({path}, walk, &errors, &skipped);
    for (const Error& e : errors) spdlog::error("{}", e.describe());
    // Passed over, never in silence (a FIFO, a socket, a broken link, a link loop): a warning
    // each, as ingest gives; not a failure, since none of them is a report.
    for (const SkippedPath& s : skipped) spdlog::warn("{}: {}", quote_name(s.path), s.reason);
    if (!errors.empty()) *failed = true;
    if (found.empty() && errors.empty()) {
      spdlog::error("{}: a directory with no report files in it (*.docx *.txt *.doc *.wps *.pdf *.xlsx *.xls)",
                    quote_name(path));
      *failed = true;
    }
    for (size_t i = 0; i < found.size(); ++i) out.push_back(found[i]);
  }
  return out;
}

}  // namespace jixiao::cli
