#include "bulk/walk.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace jixiao {

bool is_skipped_name(const std::string& name) {
  if (name.empty()) return true;
  if (name[0] == '.') return true;  // hidden, and LibreOffice's .~lock.x#
  if (name[0] == '~') return true;  // Word's ~$x.docx owner files and ~WRL0001.tmp
  return false;
}

bool glob_matches(const std::vector<std::string>& globs, const std::string& name,
                  const std::string& relative) {
  for (const std::string& g : globs) {
    bool with_dir = g.find('/') != std::string::npos;
    if (fnmatch(g.c_str(), with_dir ? relative.c_str() : name.c_str(), FNM_CASEFOLD) == 0) return true;
  }
  return false;
}

std::vector<std::string> collect_inputs(const std::vector<std::string>& roots, const WalkOptions& options,
                                        std::vector<Error>* errors) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& path, const std::string& message) {
    Error e;
    e.code = ErrorCode::io;
    e.path = path;
    e.message = message;
    if (errors) errors->push_back(std::move(e));
  };
  std::vector<std::string> out;
  for (const std::string& root : roots) {
    std::error_code ec;
    fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      fail(root, "no such file or directory");
      continue;
    }
    if (!fs::is_directory(status)) {
      out.push_back(root);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      fail(root, "cannot list the directory: " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        fail(it->path().string(), "cannot list: " + ec.message());
        ec.clear();
        continue;
      }
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (is_skipped_name(name)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      std::string relative = p.lexically_relative(root).generic_string();
      if (glob_matches(options.globs, name, relative)) found.push_back(p.string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  // The same file reached twice (a path and its directory): keep the first.
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  unique.reserve(out.size());
  for (std::string& p : out)
    if (seen.insert(p).second) unique.push_back(std::move(p));
  return unique;
}

}  // namespace jixiao
