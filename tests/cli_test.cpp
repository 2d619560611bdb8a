// The jixiao executable as a user meets it: exit statuses, one error line per bad file, and
// the good files of the same run still processed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;
  std::string out, err;
};

RunResult run(const std::string& args, const std::string& stdin_text = "") {
  fs::path dir = fs::temp_directory_path() / ("jixiao_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "stdin") << stdin_text;
  std::string cmd = std::string(JIXIAO_BINARY) + " " + args + " <" + (dir / "stdin").string() + " >" +
                    (dir / "out").string() + " 2>" + (dir / "err").string();
  int raw = std::system(cmd.c_str());
  RunResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  return r;
}

class CliBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_bad_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    write("empty.docx", "");
    write("truncated.docx", std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10));
    write("junk.txt", std::string("\x00\x01\x02\xff\xfe\x00\x00\x13\x00\x07", 10) + std::string(200, '\0'));
    write("legacy.doc", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    write("good.txt", "2024年度某县教育局部门整体支出绩效评价报告\n年初预算120万元，实际支出118.5万元。\n");
    fs::create_directories(dir_ / "folder.docx");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(CliBadInput, DumpReportsEachBadFileAndKeepsGoing) {
  RunResult r = run("dump " + path("empty.docx") + " " + path("truncated.docx") + " " + path("junk.txt") +
                    " " + path("legacy.doc") + " " + path("folder.docx") + " " + path("missing.txt") + " " +
                    path("good.txt"));
  EXPECT_EQ(r.status, 2);
  // One error line per bad file, naming it.
  for (const char* name :
       {"empty.docx", "truncated.docx", "junk.txt", "legacy.doc", "folder.docx", "missing.txt"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << " not named in:\n" << r.err;
  }
  EXPECT_NE(r.err.find("not a readable OLE2 compound file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("directory"), std::string::npos) << r.err;
  // The good file after them was still dumped.
  EXPECT_NE(r.out.find("\"file\":\"" + path("good.txt") + "\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("实际支出118.5万元"), std::string::npos) << r.out;
}

TEST_F(CliBadInput, ExtractWritesAnErrorRecordForABadFile) {
  RunResult r = run("extract " + path("truncated.docx") + " " + path("good.txt"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("\"status\":\"error\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"code\":\"corrupt_zip\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"status\":\"ok\""), std::string::npos) << r.out;
}

TEST(Cli, AllGoodFilesExitZero) {
  fs::path corpus = fs::path(JIXIAO_SOURCE_DIR) / "corpus" / "p01_roads_project_utf8.txt";
  RunResult r = run("dump " + corpus.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"type\":\"table\""), std::string::npos);
}

TEST(Cli, NumbersReadsStdinLineByLine) {
  RunResult r = run("numbers", "年初预算165.69万元\n满意度达95%\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("{\"line\":1,\"text\":\"165.69万元\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"yuan\":1656900.0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("{\"line\":2,\"text\":\"95%\""), std::string::npos) << r.out;
}

TEST(Cli, BadRuleDirectoryIsAClearError) {
  RunResult r = run("extract --rules /nonexistent/rules " + std::string(JIXIAO_SOURCE_DIR) +
                    "/corpus/p01_roads_project_utf8.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/rules"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// `check` exit statuses: 0 clean, 1 a finding at or above --fail-on, 2 a file unreadable.
class CliCheck : public CliBadInput {
 protected:
  void SetUp() override {
    CliBadInput::SetUp();
    // Parts 20 + 35 + 10 add up to the 65万元 budget only in 万元: two unit.magnitude errors.
    write("odd_units.txt",
          "2022年某县农业农村局部门整体支出绩效评价报告\n"
          "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费35元，"
          "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n");
  }
};

TEST_F(CliCheck, ExitStatusFollowsTheWorstFinding) {
  std::string clean = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project_utf8.txt";
  RunResult ok = run("check " + clean);
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;

  RunResult bad = run("check " + path("odd_units.txt"));
  EXPECT_EQ(bad.status, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("unit.magnitude"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("35元」"), std::string::npos) << bad.out;  // the evidence text

  RunResult json = run("check --json " + path("odd_units.txt"));
  EXPECT_EQ(json.status, 1);
  EXPECT_NE(json.out.find("\"kind\":\"unit.magnitude\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"file\":\"" + path("odd_units.txt") + "\""), std::string::npos) << json.out;

  RunResult unreadable = run("check " + path("odd_units.txt") + " " + path("truncated.docx"));
  EXPECT_EQ(unreadable.status, 2);  // a file that could not be read wins over findings
  EXPECT_NE(unreadable.err.find("truncated.docx"), std::string::npos);
}

}  // namespace
