// Torture, issue 14 item 10: what a folder walk cannot take (FIFOs, sockets, broken links, link
// loops, links to directories) is counted and named, never skipped in silence, and a FIFO never
// blocks the walk.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bulk/walk.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using testing::run_jixiao;
using testing::ScratchDir;

// A folder holding one report and every kind of entry a walk must not read, most of them with
// names the default patterns match.
class WalkFolder {
 public:
  explicit WalkFolder(const ScratchDir& scratch) : root_(scratch.path() / "reports") {
    fs::create_directories(root_ / "sub");
    fs::copy_file(fs::path(JIXIAO_SOURCE_DIR) / "corpus" / "p01_roads_project_utf8.txt", root_ / "good.txt");
    fs::create_symlink("good.txt", root_ / "linked.txt");  // a link to a report is read
    EXPECT_EQ(::mkfifo((root_ / "pipe.txt").c_str(), 0644), 0);
    EXPECT_EQ(::mkfifo((root_ / "sub" / "other.fifo").c_str(), 0644), 0);  // matches no pattern
    fs::create_symlink("loop.docx", root_ / "loop.docx");                  // ELOOP
    fs::create_symlink("missing.docx", root_ / "dangling.docx");
    fs::create_symlink("..", root_ / "sub" / "up");  // a directory link: a loop if followed
    socket_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string socket_path = (root_ / "sub" / "sock.txt").string();
    EXPECT_LT(socket_path.size(), sizeof address.sun_path);
    socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
    EXPECT_EQ(::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  }
  ~WalkFolder() { ::close(socket_); }
  const fs::path& root() const { return root_; }
  std::string operator/(const std::string& name) const { return (root_ / name).string(); }

 private:
  fs::path root_;
  int socket_ = -1;
};

TEST(TortureWalk, EverySkippedPathIsNamedWithItsReason) {
  ScratchDir scratch;
  WalkFolder folder(scratch);
  std::vector<Error> errors;
  std::vector<SkippedPath> skipped;
  const auto files = collect_inputs({folder.root().string()}, WalkOptions{}, &errors, &skipped);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(files.strings(), (std::vector<std::string>{folder / "good.txt", folder / "linked.txt"}));
  std::map<std::string, std::string> why;
  for (const SkippedPath& s : skipped) why[s.path] = s.reason;
  EXPECT_EQ(why.size(), 5u);
  EXPECT_EQ(why[folder / "pipe.txt"], "a named pipe (FIFO), not a regular file");
  EXPECT_EQ(why[folder / "sub/sock.txt"], "a socket, not a regular file");
  EXPECT_EQ(why[folder / "loop.docx"], "a symbolic link loop");
  EXPECT_EQ(why[folder / "dangling.docx"], "a broken symbolic link");
  EXPECT_EQ(why[folder / "sub/up"], "a symbolic link to a directory, not followed");
}

TEST(TortureWalk, IngestSummaryCountsAndNamesTheSkippedPaths) {
  ScratchDir scratch;
  WalkFolder folder(scratch);
  auto r = run_jixiao({"ingest", "-q", folder.root().string(), "--db", scratch / "db.sqlite"});
  EXPECT_EQ(r.status, 0) << r.err;  // skipping what is not a report is no failure
  EXPECT_NE(r.out.find("skipped while walking folders: 5\n"), std::string::npos) << r.out;
  for (const char* name : {"pipe.txt", "sub/sock.txt", "loop.docx", "dangling.docx", "sub/up"}) {
    EXPECT_NE(r.out.find("  " + (folder / name) + ": a "), std::string::npos) << name << "\n" << r.out;
    EXPECT_NE(r.err.find("jixiao: warning: " + (folder / name) + ": a "), std::string::npos) << name << r.err;
  }
  EXPECT_NE(r.out.find("imported: 1 documents"), std::string::npos)
      << r.out;  // good.txt; linked.txt is its duplicate
}

// The commands that walk folders themselves (src/cli/inputs.h) warn for the same paths, each
// name quoted, and still read the report.
TEST(TortureWalk, CheckExtractDumpAndReviewWarnForEachSkippedPath) {
  ScratchDir scratch;
  WalkFolder folder(scratch);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"check", folder.root().string()},
           {"extract", folder.root().string()},
           {"dump", folder.root().string()},
           {"review", folder.root().string(), "--out", scratch / "review"}}) {
    auto r = run_jixiao(args);
    EXPECT_EQ(r.status, 0) << args[0] << "\n" << r.err;  // skipping what is not a report is no failure
    for (const char* name : {"pipe.txt", "sub/sock.txt", "loop.docx", "dangling.docx", "sub/up"})
      EXPECT_NE(r.err.find("jixiao: warning: " + (folder / name) + ": a "), std::string::npos)
          << args[0] << " " << name << "\n" << r.err;
  }
  // A name with a line break in it stays on its one warning line.
  const fs::path odd = folder.root() / "forged\njixiao: error: x.txt";
  ASSERT_EQ(::mkfifo(odd.c_str(), 0644), 0);
  auto r = run_jixiao({"check", folder.root().string()});
  EXPECT_NE(r.err.find("jixiao: warning: $'" + (folder / "forged\\njixiao: error: x.txt") + "': a named pipe"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("\njixiao: error: x.txt"), std::string::npos) << r.err;
}

TEST(TortureWalk, AnUnreadableDirectoryIsNamedAsAnError) {
  ScratchDir scratch;
  const fs::path root = scratch.path() / "reports", locked = root / "locked";
  fs::create_directories(locked);
  fs::copy_file(fs::path(JIXIAO_SOURCE_DIR) / "corpus" / "p01_roads_project_utf8.txt", root / "good.txt");
  fs::copy_file(root / "good.txt", locked / "hidden-from-us.txt");
  fs::permissions(locked, fs::perms::none);
  const fs::path db_dir = scratch.path() / "db";
  fs::create_directories(db_dir);
  fs::permissions(db_dir, fs::perms::all);
  testing::RunOptions unprivileged;  // root would read it anyway
  unprivileged.as_nobody = true;
  auto r = run_jixiao({"ingest", "-q", root.string(), "--db", (db_dir / "db.sqlite").string()}, unprivileged);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(
      r.err.find("jixiao: error: " + locked.string() + ": cannot list the directory: Permission denied"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("imported: 1 documents"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace jixiao
