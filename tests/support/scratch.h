// Scratch space for the torture tests: a fresh temporary directory per test (removed after it,
// even when a test made parts of it read-only), and a copy of the shipped rules/ with a
// limits.toml of the test's own.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace jixiao::testing {

class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("jixiao_") + (info ? info->test_suite_name() : "t") + "_" +
                       (info ? info->name() : "t") + "_" + std::to_string(::getpid());
    path_ = std::filesystem::temp_directory_path() / name;
    remove();
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { remove(); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

  // Writes `bytes` to `name` under the directory and returns the full path.
  std::string write(const std::string& name, const std::string& bytes) const {
    std::filesystem::path p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  // A copy of the shipped rules/ in `name`, its limits.toml replaced by `limits` when given.
  std::string rules(const std::string& limits = "", const std::string& name = "rules") const {
    namespace fs = std::filesystem;
    fs::path dir = path_ / name;
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(fs::path(JIXIAO_SOURCE_DIR) / "rules"))
      fs::copy(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing);
    if (!limits.empty()) {
      fs::remove(dir / "limits.toml");
      std::ofstream(dir / "limits.toml", std::ios::binary) << limits;
    }
    return dir.string();
  }

 private:
  void remove() {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path_, ec)) return;
    // A test may leave a read-only directory behind: make everything writable first.
    for (auto it = fs::recursive_directory_iterator(path_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_directory(ec) && !it->is_symlink(ec))
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  std::filesystem::path path_;
};

}  // namespace jixiao::testing
