#include "bulk/path_list.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace jixiao {
namespace {

TEST(PathList, GivesBackEveryPathExactlyAsGiven) {
  const std::vector<std::string> paths = {
      "a.docx",  "/abs/dir/b.txt",           "rel//double/c.doc",  "trailing/", "/",
      "./d.pdf", "dir/with space/报告.docx", "rel//double/c2.doc", "a.docx"};
  PathList list(paths);
  ASSERT_EQ(list.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) EXPECT_EQ(list[i], paths[i]) << i;
  EXPECT_EQ(list.strings(), paths);
}

TEST(PathList, SortsByTheWholePathsBytes) {
  // Names in one directory against a subdirectory's: "d/a-b" < "d/a/x" < "d/a0" in byte order,
  // which a sort by (directory, name) would get wrong.
  PathList list({"keep/first", "d/a0", "d/a/x", "d/a-b", "d/\xe6\x8a\xa5.txt", "d/Z"});
  list.sort_from(1);
  std::vector<std::string> expected = {"d/a0", "d/a/x", "d/a-b", "d/\xe6\x8a\xa5.txt", "d/Z"};
  std::sort(expected.begin(), expected.end());
  expected.insert(expected.begin(), "keep/first");
  EXPECT_EQ(list.strings(), expected);
}

TEST(PathList, RemovesRepeatsKeepingTheFirstAndTheOrder) {
  PathList list({"b/x.txt", "a.docx", "b/x.txt", "c.txt", "a.docx", "b/y.txt"});
  list.remove_repeats();
  EXPECT_EQ(list.strings(), (std::vector<std::string>{"b/x.txt", "a.docx", "c.txt", "b/y.txt"}));
}

TEST(PathList, HoldsManyNamesAcrossItsChunks) {
  // More names than one 64 KiB chunk holds, and one name longer than a chunk.
  PathList list;
  std::vector<std::string> paths;
  for (int i = 0; i < 20000; ++i)
    paths.push_back("corpus/dir" + std::to_string(i % 7) + "/report_" + std::to_string(i) + ".docx");
  paths.push_back("long/" + std::string(70000, 'n') + ".txt");
  for (const std::string& p : paths) list.push_back(p);
  EXPECT_EQ(list.strings(), paths);
}

}  // namespace
}  // namespace jixiao
