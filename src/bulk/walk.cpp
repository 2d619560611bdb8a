#include "bulk/walk.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>

namespace jixiao {
namespace {

namespace fs = std::filesystem;

// "a named pipe (FIFO)", for an entry that is not a regular file or a directory.
std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a named pipe (FIFO)";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    default: return "something other than a file";
  }
}

// Why a symbolic link cannot be followed to a file.
std::string broken_link(const std::error_code& ec) {
  if (ec == std::errc::too_many_symbolic_link_levels) return "a symbolic link loop";
  if (ec == std::errc::no_such_file_or_directory) return "a broken symbolic link";
  return "a symbolic link that cannot be followed: " + ec.message();
}

}  // namespace

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

PathList collect_inputs(const std::vector<std::string>& roots, const WalkOptions& options,
                        std::vector<Error>* errors, std::vector<SkippedPath>* skipped) {
  auto fail = [&](const std::string& path, const std::string& message) {
    Error e;
    e.code = ErrorCode::io;
    e.path = path;
    e.message = message;
    if (errors) errors->push_back(std::move(e));
  };
  auto skip = [&](const fs::path& path, std::string reason) {
    if (skipped) skipped->push_back({path.string(), std::move(reason)});
  };
  PathList out;
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
    // Depth first, one directory at a time: every entry is looked at without following links,
    // and an unreadable directory is an error naming it.
    const size_t first_found = out.size();
    std::vector<fs::path> pending = {fs::path(root)};
    while (!pending.empty()) {
      const fs::path dir = std::move(pending.back());
      pending.pop_back();
      fs::directory_iterator it(dir, ec), end;
      if (ec) {
        fail(dir.string(), "cannot list the directory: " + ec.message());
        continue;
      }
      for (; it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        const std::string name = p.filename().string();
        if (is_skipped_name(name)) continue;
        std::error_code entry_ec;
        const fs::file_status own = it->symlink_status(entry_ec);
        if (entry_ec) {
          skip(p, "cannot be examined: " + entry_ec.message());
          continue;
        }
        if (fs::is_directory(own)) {
          pending.push_back(p);
          continue;
        }
        const bool candidate = glob_matches(options.globs, name, p.lexically_relative(root).generic_string());
        fs::file_status target = own;
        if (fs::is_symlink(own)) {
          target = fs::status(p, entry_ec);
          if (fs::is_directory(target)) {
            skip(p, "a symbolic link to a directory, not followed");
            continue;
          }
          if (entry_ec) {
            if (candidate) skip(p, broken_link(entry_ec));
            continue;
          }
        }
        if (!candidate) continue;
        if (fs::is_regular_file(target))
          out.push_back(p.native());
        else
          skip(p, kind_of(target.type()) + (fs::is_symlink(own) ? " behind a symbolic link" : "") +
                      ", not a regular file");
      }
      if (ec) {
        fail(dir.string(), "cannot list the directory: " + ec.message());
        ec.clear();
      }
    }
    out.sort_from(first_found);
  }
  if (skipped)
    std::sort(skipped->begin(), skipped->end(),
              [](const SkippedPath& a, const SkippedPath& b) { return a.path < b.path; });
  // The same file reached twice (a path and its directory): keep the first.
  out.remove_repeats();
  return out;
}

}  // namespace jixiao
