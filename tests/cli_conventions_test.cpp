// Issue 15, items 4 and 5: the command line behaves like rg and jq (NO_COLOR and --color, '-'
// and -0 for paths on stdin, folders walked by every command, exit 2 for usage errors, --help
// with examples and exit statuses, check -q), and a report nothing was read from says so
// (a `coverage` finding, counted apart in every summary).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "pipeline/coverage.h"
#include "support/shipped_pipeline.h"

namespace {

namespace fs = std::filesystem;
using jixiao::testing::shipped_pipeline;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kShared = kSource.parent_path() / "shared";

struct Outcome {
  int status = -1;
  std::string out, err;
};

Outcome run(const std::string& args, const std::string& stdin_text = "", const std::string& env = "") {
  fs::path dir = fs::temp_directory_path() / ("jixiao_conv_io_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "stdin", std::ios::binary) << stdin_text;
  std::string cmd = env + " " + JIXIAO_BINARY + " " + args + " <" + (dir / "stdin").string() + " >" +
                    (dir / "out").string() + " 2>" + (dir / "err").string();
  int raw = std::system(cmd.c_str());
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  Outcome r{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
  fs::remove_all(dir);
  return r;
}

const char* kOddUnits =
    "2022年某县农业农村局部门整体支出绩效评价报告\n"
    "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费35元，"
    "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";

class Conventions : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_conv_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "folder" / "deeper");
    std::ofstream(dir_ / "folder" / "odd units.txt") << kOddUnits;
    fs::copy_file(kSource / "corpus" / "p01_roads_project_utf8.txt", dir_ / "folder" / "deeper" / "p01.txt");
    std::ofstream(dir_ / "folder" / "notes.md") << "not a report";
    fs::create_directories(dir_ / "empty");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string p(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(Conventions, ColorFollowsNoColorAndTheFlag) {
  std::string file = p("folder/odd units.txt");
  EXPECT_NE(run("check --color always '" + file + "'").out.find("\033["), std::string::npos);
  EXPECT_NE(run("check --color always '" + file + "'", "", "NO_COLOR=1").out.find("\033["), std::string::npos)
      << "--color always wins over NO_COLOR";
  EXPECT_EQ(run("check --color auto '" + file + "'", "", "NO_COLOR=1").out.find("\033["), std::string::npos);
  EXPECT_EQ(run("check --color never '" + file + "'").out.find("\033["), std::string::npos);
  // auto: not a terminal here, so no colour
  EXPECT_EQ(run("check '" + file + "'").out.find("\033["), std::string::npos);
  EXPECT_EQ(run("check --color sometimes '" + file + "'").status, 2);
  // On a terminal (script(1) gives one), auto colours unless NO_COLOR is set.
  if (std::system("command -v script >/dev/null 2>&1") != 0) return;
  auto on_tty = [&](const std::string& env) {
    fs::path out = dir_ / "tty.out";
    // A missing file too: its error line on stderr follows NO_COLOR as well.
    std::string cmd = "script -qec \"" + env + " " + JIXIAO_BINARY + " check '" + file + "' " +
                      (dir_ / "missing.txt").string() + "\" /dev/null >" +
                      out.string() + " 2>&1 </dev/null";
    int raw = std::system(cmd.c_str());
    (void)raw;
    std::ifstream in(out, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  std::string coloured = on_tty("");
  EXPECT_NE(coloured.find("unit.magnitude"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\033[31m"), std::string::npos) << coloured;
  std::string plain = on_tty("NO_COLOR=1");
  EXPECT_NE(plain.find("unit.magnitude"), std::string::npos) << plain;
  EXPECT_NE(plain.find("jixiao: error: "), std::string::npos) << plain;
  EXPECT_EQ(plain.find("\033["), std::string::npos) << plain;
}

TEST_F(Conventions, FoldersAreWalkedByEveryCommand) {
  Outcome check = run("check --color never " + p("folder"));
  EXPECT_EQ(check.status, 1) << check.err;
  EXPECT_NE(check.out.find("odd units.txt:第2行: error unit.magnitude"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("in 2 file(s)"), std::string::npos) << check.out;  // notes.md is not a report
  Outcome extract = run("extract " + p("folder"));
  EXPECT_EQ(extract.status, 0) << extract.err;
  EXPECT_NE(extract.out.find("deeper/p01.txt"), std::string::npos);
  EXPECT_EQ(std::count(extract.out.begin(), extract.out.end(), '\n'), 2);
  Outcome dump = run("dump " + p("folder"));
  EXPECT_NE(dump.out.find("deeper/p01.txt"), std::string::npos);
  Outcome review = run("review -q " + p("folder") + " --out " + p("pages"));
  EXPECT_EQ(review.status, 0) << review.err;
  std::ifstream index(p("pages/index.html"));
  std::string html((std::istreambuf_iterator<char>(index)), {});
  EXPECT_NE(html.find("p01.txt"), std::string::npos);
  EXPECT_NE(html.find("odd units.txt"), std::string::npos);
  // A folder with no report in it is an error, named.
  Outcome empty = run("check " + p("empty"));
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("empty"), std::string::npos) << empty.err;
}

TEST_F(Conventions, DashReadsPathsFromStdin) {
  std::string odd = p("folder/odd units.txt"), p01 = p("folder/deeper/p01.txt");
  Outcome lines = run("extract -", odd + "\n" + p01 + "\n");
  EXPECT_EQ(lines.status, 0) << lines.err;
  EXPECT_EQ(std::count(lines.out.begin(), lines.out.end(), '\n'), 2) << lines.out;
  EXPECT_NE(lines.out.find("odd units.txt"), std::string::npos);
  Outcome nul = run("check -0 -q -", odd + std::string(1, '\0') + p01 + std::string(1, '\0'));
  EXPECT_EQ(nul.status, 1);
  EXPECT_EQ(nul.out, "");  // -q: nothing printed
  Outcome ingest = run("ingest --in-process -q - --db " + p("stdin.sqlite"), odd + "\n" + p01 + "\n");
  EXPECT_EQ(ingest.status, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("files: 2 (2 read"), std::string::npos) << ingest.out;
  Outcome quiet_clean = run("check -q " + p01);
  EXPECT_EQ(quiet_clean.status, 0);
  EXPECT_EQ(quiet_clean.out, "");
}

TEST_F(Conventions, UsageErrorsExitTwoAndHelpSaysWhy) {
  EXPECT_EQ(run("check").status, 2);               // a required argument missing (CLI11: 106)
  EXPECT_EQ(run("check --no-such-flag x").status, 2);  // an unknown option (CLI11: 109)
  EXPECT_EQ(run("frobnicate").status, 2);
  EXPECT_EQ(run("export --db x.sqlite --headers fr --csv d").status, 2);
  Outcome help = run("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("Exit status:"), std::string::npos);
  EXPECT_NE(help.out.find("NO_COLOR"), std::string::npos);
  EXPECT_EQ(run("--version").status, 0);
}

// Item 5: nothing read is said, and counted apart.
TEST_F(Conventions, NothingReadIsACoverageFinding) {
  std::ofstream(p("note.txt")) << "关于召开年度工作会议的通知\n请各单位准时参加。\n";
  Outcome check = run("check --color never " + p("note.txt"));
  EXPECT_EQ(check.status, 0);  // info: below --fail-on error
  EXPECT_NE(check.out.find("info coverage"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("0 finding(s) in 1 file(s); 1 report(s) in 1 file(s) not read (coverage)"),
            std::string::npos)
      << check.out;
  // A project report whose 自评表 was there but not understood: a warning.
  std::ofstream(p("form.txt")) << "2024年度某某项目支出绩效自评表\n项目名称：某某项目\n备注：见附件。\n";
  Outcome form = run("check --color never --fail-on warning " + p("form.txt"));
  EXPECT_EQ(form.status, 1) << form.out;
  EXPECT_NE(form.out.find("warning coverage"), std::string::npos) << form.out;
  // ingest's summary counts them apart from the findings.
  Outcome ingest = run("ingest --in-process " + p("note.txt") + " --db " + p("n.sqlite"));
  EXPECT_NE(ingest.out.find("findings: 0 error, 0 warning, 0 info"), std::string::npos) << ingest.out;
  EXPECT_NE(ingest.out.find("not read: 1 report(s)"), std::string::npos) << ingest.out;
  // A report that was read gets none.
  Outcome read = run("check --color never " + p("folder/odd units.txt"));
  EXPECT_EQ(read.out.find("coverage"), std::string::npos) << read.out;
}

// The corpus, the seeds and the real reports are all read: no coverage finding on any of them.
TEST(Coverage, EveryShippedAndSharedReportIsRead) {
  std::vector<fs::path> files;
  for (const fs::path& dir : {kSource / "corpus", kShared / "seeds", kShared / "seeds-docx", kShared / "real"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".txt" || e.path().extension() == ".docx")
        if (e.path().filename() != "README.md") files.push_back(e.path());
  }
  ASSERT_GT(files.size(), 30u);
  for (const fs::path& f : files) {
    jixiao::DocumentRecord r = shipped_pipeline().process_file(f.string());
    for (const jixiao::Finding& finding : r.findings)
      EXPECT_NE(finding.kind, jixiao::kCoverageKind) << f << ": report " << finding.report << " " << finding.message;
  }
}

}  // namespace
