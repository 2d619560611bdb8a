// Issue 15, item 2: the HTML review page, rendered by a real browser. `jixiao review` writes the
// page of a seed with findings; Debian's chromium (headless) loads it and dumps its DOM; the test
// reads that DOM and checks that every finding links to a highlighted mark, that the mark sits in
// the cell (table, row, column) the finding's JSON location names, that the cell holds the raw
// grid's text at that place, and that figures carry their Chinese field names. Skipped, saying
// so, where chromium is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/utf.h"
#include "ingest/read.h"
#include "rules/vocabulary.h"
#include "sink/html_review.h"
#include "support/scratch.h"
#include "support/shipped_pipeline.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;
using jixiao::testing::shipped_pipeline;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kShared = kSource.parent_path() / "shared";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

int sh(const std::string& cmd) {
  int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    if (sh(std::string("command -v ") + name + " >/dev/null 2>&1") == 0) return name;
  }
  return {};
}

// A DOM as a browser serializes it: every element closed except the void ones, attribute
// values quoted, text escaped. Enough to walk the tree the browser built.
struct Node {
  std::string tag;
  std::map<std::string, std::string> attrs;
  int parent = -1;
  std::string text;  // all text inside, descendants included
};

std::string unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xC2\xA0"}, {"&amp;", "&"}};
  for (auto [from, to] : kEntities) {
    size_t at = 0;
    while ((at = s.find(from, at)) != std::string::npos) {
      s.replace(at, std::strlen(from), to);
      at += std::strlen(to);
    }
  }
  return s;
}

std::vector<Node> parse_dom(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "br",  "hr",  "img",  "input",
                                              "link", "col", "wbr", "area", "base"};
  std::vector<Node> nodes;
  nodes.push_back(Node{"#root", {}, -1, {}});
  std::vector<int> open{0};
  size_t i = 0;
  auto add_text = [&](const std::string& t) {
    for (int k : open) nodes[k].text += t;
  };
  while (i < html.size()) {
    if (html[i] != '<') {
      size_t next = html.find('<', i);
      if (next == std::string::npos) next = html.size();
      add_text(unescape(html.substr(i, next - i)));
      i = next;
      continue;
    }
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i);
      i = i == std::string::npos ? html.size() : i + 3;
      continue;
    }
    if (html.compare(i, 2, "<!") == 0) {
      i = html.find('>', i) + 1;
      continue;
    }
    if (html.compare(i, 2, "</") == 0) {
      size_t end = html.find('>', i);
      std::string tag = html.substr(i + 2, end - i - 2);
      for (int k = static_cast<int>(open.size()) - 1; k > 0; --k) {
        if (nodes[open[k]].tag == tag) {
          open.resize(k);
          break;
        }
      }
      i = end + 1;
      continue;
    }
    // An opening tag with attributes (values may hold '>' inside quotes).
    size_t j = i + 1;
    while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) && html[j] != '>' &&
           html[j] != '/')
      ++j;
    Node node;
    node.tag = html.substr(i + 1, j - i - 1);
    node.parent = open.back();
    while (j < html.size() && html[j] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[j])) || html[j] == '/') {
        ++j;
        continue;
      }
      size_t k = j;
      while (k < html.size() && html[k] != '=' && html[k] != '>' &&
             !std::isspace(static_cast<unsigned char>(html[k])))
        ++k;
      std::string name = html.substr(j, k - j);
      std::string value;
      if (k < html.size() && html[k] == '=') {
        char quote = html[k + 1];
        size_t close = html.find(quote, k + 2);
        value = unescape(html.substr(k + 2, close - k - 2));
        k = close + 1;
      }
      node.attrs[name] = value;
      j = k;
    }
    i = j + 1;
    nodes.push_back(std::move(node));
    int index = static_cast<int>(nodes.size()) - 1;
    const std::string& tag = nodes[index].tag;
    if (tag == "script" || tag == "style") {  // raw text up to the end tag
      size_t end = html.find("</" + tag + ">", i);
      i = end == std::string::npos ? html.size() : end + tag.size() + 3;
      continue;
    }
    if (!kVoid.count(tag)) open.push_back(index);
  }
  return nodes;
}

int ancestor(const std::vector<Node>& nodes, int i, const std::string& tag) {
  for (int k = nodes[i].parent; k >= 0; k = nodes[k].parent)
    if (nodes[k].tag == tag) return k;
  return -1;
}

bool has_class(const Node& n, const std::string& cls) {
  auto it = n.attrs.find("class");
  if (it == n.attrs.end()) return false;
  std::string padded = " " + it->second + " ";
  return padded.find(" " + cls + " ") != std::string::npos;
}

// The report of `folder` with the most findings in table cells.
fs::path seed_with_findings(const fs::path& folder) {
  fs::path best;
  size_t most = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".docx") continue;
    DocumentRecord r = shipped_pipeline().process_file(entry.path().string());
    size_t n = 0;
    for (const Finding& f : r.findings)
      for (const Evidence& e : f.evidence) n += e.span.location.table > 0;
    if (n > most) {
      most = n;
      best = entry.path();
    }
  }
  return best;
}

void check_page_in_browser(const fs::path& seed, const std::string& chromium);

// The repository's own fixture (a corpus report with an injected error, tests/data/review): runs
// on a fresh clone wherever chromium is installed.
TEST(Review, PageInARealBrowser) {
  std::string chromium = find_chromium();
  if (chromium.empty())
    GTEST_SKIP()
        << "chromium is not installed (apt-get install chromium): the browser test of the review page "
           "is skipped";
  fs::path seed = seed_with_findings(kSource / "tests" / "data" / "review");
  ASSERT_FALSE(seed.empty()) << "no fixture has a finding in a table cell";
  check_page_in_browser(seed, chromium);
}

// The same over the shared seeds (more layouts), where ../shared is there.
TEST(Review, SharedSeedPageInARealBrowser) {
  if (!fs::exists(kShared / "seeds-docx"))
    GTEST_SKIP() << kShared << "/seeds-docx is not there (a checkout without ../shared): skipped";
  std::string chromium = find_chromium();
  if (chromium.empty()) GTEST_SKIP() << "chromium is not installed: skipped";
  fs::path seed = seed_with_findings(kShared / "seeds-docx");
  ASSERT_FALSE(seed.empty()) << "no seed has a finding in a table cell";
  check_page_in_browser(seed, chromium);
}

void check_page_in_browser(const fs::path& seed, const std::string& chromium) {
  testing::ScratchDir scratch;
  const fs::path dir = scratch.path() / "review";
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " review -q " + seed.string() + " --out " + dir.string()), 0);

  auto doc = read_document(seed.string(), shipped_pipeline().read_options());
  ASSERT_TRUE(doc.ok());
  DocumentRecord record = shipped_pipeline().process_document(doc.value());
  fs::path page = dir / review_page_name(seed.string(), record.source.sha256);
  ASSERT_TRUE(fs::exists(page)) << page;
  ASSERT_TRUE(fs::exists(dir / "index.html"));
  std::string html = slurp(page);
  for (const char* remote : {"http://", "https://", "//cdn", "<link "})
    EXPECT_EQ(html.find(remote), std::string::npos) << "the page must not load anything: found " << remote;

  fs::path dom_file = dir / "dom.html";
  std::string cmd = "timeout 180 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                    " --user-data-dir=" +
                    (dir / "profile").string() + " --dump-dom file://" + page.string() + " >" +
                    dom_file.string() + " 2>" + (dir / "chromium.log").string();
  ASSERT_EQ(sh(cmd), 0) << slurp(dir / "chromium.log");
  std::vector<Node> dom = parse_dom(slurp(dom_file));
  ASSERT_GT(dom.size(), 50u) << slurp(dom_file).substr(0, 2000);

  std::map<std::string, int> by_id;
  for (size_t i = 0; i < dom.size(); ++i) {
    auto it = dom[i].attrs.find("id");
    if (it != dom[i].attrs.end()) by_id[it->second] = static_cast<int>(i);
  }
  // The raw grid of each body table, numbered as the page numbers them.
  std::vector<const Table*> tables;
  for (const Block& b : doc.value().blocks)
    if (b.part == BlockPart::body && b.type == BlockType::table) tables.push_back(&b.table);

  // 1. Every evidence of every finding: a link in the findings list, to a highlighted mark in
  //    the cell its JSON location names, holding the source text.
  int links = 0, in_cells = 0;
  for (size_t fi = 0; fi < record.findings.size(); ++fi) {
    const Finding& f = record.findings[fi];
    ASSERT_TRUE(by_id.count("f" + std::to_string(fi + 1))) << "finding " << fi + 1 << " not listed";
    const Node& item = dom[by_id["f" + std::to_string(fi + 1)]];
    EXPECT_TRUE(has_class(item, "sev-" + f.severity)) << f.message;
    EXPECT_NE(item.text.find(f.message), std::string::npos);
    for (size_t ei = 0; ei < f.evidence.size(); ++ei) {
      const Evidence& e = f.evidence[ei];
      std::string id = "f" + std::to_string(fi + 1) + "-e" + std::to_string(ei + 1);
      // the link
      int link = -1;
      for (size_t i = 0; i < dom.size(); ++i)
        if (dom[i].tag == "a" && dom[i].attrs["href"] == "#" + id) link = static_cast<int>(i);
      ASSERT_GE(link, 0) << "no link to " << id;
      EXPECT_TRUE(has_class(dom[link], "ev-link"));
      ++links;
      // its target: a mark of the finding's severity, holding the source text's start
      ASSERT_TRUE(by_id.count(id)) << id << " links nowhere";
      const Node& mark = dom[by_id[id]];
      EXPECT_EQ(mark.tag, "mark");
      EXPECT_TRUE(has_class(mark, "ev")) << id;
      EXPECT_TRUE(has_class(mark, "ev-" + f.severity)) << id;
      EXPECT_EQ(mark.attrs.at("data-finding"), "f" + std::to_string(fi + 1));
      const Location& l = e.span.location;
      if (l.table > 0) {
        int td = ancestor(dom, by_id[id], "td");
        ASSERT_GE(td, 0) << id << " is not in a table cell";
        // The cell's place: the JSON location, also on the link.
        EXPECT_EQ(dom[td].attrs["data-table"], std::to_string(l.table)) << id;
        EXPECT_EQ(dom[link].attrs["data-table"], std::to_string(l.table)) << id;
        EXPECT_EQ(dom[link].attrs["data-row"], std::to_string(l.row)) << id;
        EXPECT_EQ(dom[link].attrs["data-col"], std::to_string(l.col)) << id;
        // The cell's grid place: the evidence's cell, or the top-left cell of the merged region
        // covering it (the one shown, holding the same text).
        const Table& t = *tables.at(l.table - 1);
        std::string grid = dom[td].attrs["data-grid"];
        int row = std::stoi(grid.substr(0, grid.find(','))), col = std::stoi(grid.substr(grid.find(',') + 1));
        int er = e.span.row, ec = e.span.col;
        for (const Merge& m : t.merged)
          if (er >= m.row && er < m.row + m.rows && ec >= m.col && ec < m.col + m.cols)
            er = m.row, ec = m.col;
        EXPECT_EQ(row, er) << id;
        EXPECT_EQ(col, ec) << id;
        if (er == e.span.row && ec == e.span.col) {
          EXPECT_EQ(dom[td].attrs["data-row"], std::to_string(l.row)) << id;
          EXPECT_EQ(dom[td].attrs["data-col"], std::to_string(l.col)) << id;
        }
        // The cell shows the raw grid's text at that place.
        EXPECT_EQ(dom[td].text, t.rows[row][col]) << id;
        EXPECT_NE(dom[td].text.find(e.source_text), std::string::npos) << id;
        ++in_cells;
      } else if (l.paragraph > 0) {
        int p = ancestor(dom, by_id[id], "p");
        ASSERT_GE(p, 0);
        EXPECT_EQ(dom[p].attrs["data-paragraph"], std::to_string(l.paragraph));
      }
    }
  }
  EXPECT_GT(links, 0);
  EXPECT_GT(in_cells, 0);

  // 2. Figures: one highlighted mark per figure, titled with the field's Chinese name.
  const Vocabulary& vocabulary = Vocabulary::builtin();
  std::map<std::string, int> marks_by_field, figures_by_field;
  for (const Node& n : dom) {
    if (n.tag != "mark" || !has_class(n, "fig")) continue;
    std::string field = n.attrs.at("data-field");
    std::string label = vocabulary.label(field);
    ASSERT_FALSE(label.empty()) << field;
    EXPECT_EQ(n.attrs.at("title").rfind(label, 0), 0u) << n.attrs.at("title");
    ++marks_by_field[field];
  }
  for (const Report& r : record.reports)
    for (const Figure& f : r.figures) ++figures_by_field[f.field];
  EXPECT_EQ(marks_by_field, figures_by_field);

  // Indicators: one dotted mark per indicator.
  int indicator_marks = 0;
  size_t indicators = 0;
  for (const Node& n : dom) indicator_marks += n.tag == "mark" && has_class(n, "ind");
  for (const Report& r : record.reports) indicators += r.indicators.size();
  EXPECT_EQ(static_cast<size_t>(indicator_marks), indicators);
  EXPECT_GT(indicators, 0u);

  // 3. Merged cells: the page's cells cover the grid exactly once (rowspan/colspan).
  int body_tables = 0;
  for (size_t ti = 0; ti < tables.size(); ++ti) {
    const Table& t = *tables[ti];
    std::vector<std::vector<int>> covered(t.row_count(), std::vector<int>(t.col_count(), 0));
    for (const Node& n : dom) {
      if (n.tag != "td" || n.attrs.count("data-table") == 0 ||
          n.attrs.at("data-table") != std::to_string(ti + 1))
        continue;
      std::string grid = n.attrs.at("data-grid");
      int r = std::stoi(grid.substr(0, grid.find(','))), c = std::stoi(grid.substr(grid.find(',') + 1));
      int rs = n.attrs.count("rowspan") ? std::stoi(n.attrs.at("rowspan")) : 1;
      int cs = n.attrs.count("colspan") ? std::stoi(n.attrs.at("colspan")) : 1;
      for (int i = r; i < r + rs; ++i)
        for (int j = c; j < c + cs; ++j) ++covered.at(i).at(j);
    }
    for (int i = 0; i < t.row_count(); ++i)
      for (int j = 0; j < t.col_count(); ++j)
        EXPECT_EQ(covered[i][j], 1) << "table " << ti + 1 << " " << i << "," << j;
    ++body_tables;
  }
  EXPECT_GT(body_tables, 0);

  // 4. The summary of what was read, and the Chinese interface.
  ASSERT_TRUE(by_id.count("summary"));
  EXPECT_NE(dom[by_id["summary"]].text.find("资金表"), std::string::npos);
  EXPECT_NE(dom[by_id["findings"]].text.find("发现的问题"), std::string::npos);
}

// Without a browser: a report nothing was read from is said so on its page and in the index.
TEST(Review, UnreadReportIsSaidSo) {
  testing::ScratchDir scratch;
  const fs::path dir = scratch.path();
  std::ofstream(dir / "note.txt") << "关于召开年度工作会议的通知\n请各单位准时参加。\n";
  std::ofstream(dir / "broken.docx", std::ios::binary)
      << std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10);
  // The unreadable file is named on stderr and in the index; the other page is still written.
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " review -q " + (dir / "note.txt").string() + " " +
               (dir / "broken.docx").string() + " --out " + (dir / "out").string() + " 2>/dev/null"),
            2);
  std::string index = slurp(dir / "out" / "index.html");
  EXPECT_NE(index.find("1 个报告未读取"), std::string::npos) << index;
  EXPECT_NE(index.find("无法读取："), std::string::npos) << index;
  EXPECT_NE(index.find("broken.docx"), std::string::npos) << index;
  std::string page;
  for (const auto& e : fs::directory_iterator(dir / "out"))
    if (e.path().filename() != "index.html") page = slurp(e.path());
  EXPECT_NE(page.find("未读到任何内容，未核对"), std::string::npos);
  EXPECT_NE(page.find("data-kind=\"coverage\""), std::string::npos);
}

// From a database: each stored document's file is read again and used only while it is the file
// that was imported; one changed or gone since is named on the index and on stderr, not shown.
TEST(Review, FromADatabaseUsesOnlyUnchangedFiles) {
  testing::ScratchDir scratch;
  const fs::path dir = scratch.path();
  const fs::path kept = dir / "odd.txt", changed = dir / "p01.txt", gone = dir / "p02.txt";
  std::ofstream(kept)
      << "2022年某县农业农村局部门整体支出绩效评价报告\n"
         "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费35元，"
         "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
  fs::copy_file(kSource / "corpus" / "p01_roads_project_utf8.txt", changed);
  fs::copy_file(kSource / "corpus" / "p02_farmland_project_utf8.txt", gone);
  const std::string db = (dir / "r.sqlite").string();
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " ingest -q --in-process " + kept.string() + " " +
               changed.string() + " " + gone.string() + " --db " + db + " >/dev/null 2>&1"),
            0);
  std::ofstream(changed, std::ios::app) << "补充说明。\n";
  fs::remove(gone);

  const fs::path out = dir / "out";
  const std::string err = (dir / "err").string();
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " review -q --db " + db + " --out " + out.string() + " 2>" + err),
            2);
  std::string stderr_text = slurp(err);
  EXPECT_NE(stderr_text.find("jixiao: error: " + changed.string() + ": 文件导入后已改变"), std::string::npos)
      << stderr_text;
  EXPECT_NE(stderr_text.find("jixiao: error: " + gone.string() + ": 文件已不在或无法读取"), std::string::npos)
      << stderr_text;
  std::string index = slurp(out / "index.html");
  EXPECT_NE(index.find("文件导入后已改变"), std::string::npos) << index;
  EXPECT_NE(index.find("文件已不在或无法读取"), std::string::npos) << index;
  // One page: the unchanged file's, named as export --xlsx links to it, with the stored finding.
  std::vector<fs::path> pages;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().filename() != "index.html") pages.push_back(e.path());
  ASSERT_EQ(pages.size(), 1u);
  DocumentRecord record = shipped_pipeline().process_file(kept.string());
  EXPECT_EQ(pages[0].filename().string(), review_page_name(kept.string(), record.source.sha256));
  std::string page = slurp(pages[0]);
  EXPECT_NE(page.find("data-kind=\"unit.magnitude\""), std::string::npos);
  EXPECT_EQ(page.find("补充说明"), std::string::npos);

  // Files or --db, exactly one of them.
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " review --out " + out.string() + " 2>/dev/null"), 2);
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " review " + kept.string() + " --db " + db + " --out " +
               out.string() + " 2>/dev/null"),
            2);
  // Nothing changed: exit 0.
  fs::remove(changed);
  for (const char* f : {"r.sqlite", "r.sqlite-wal", "r.sqlite-shm"}) fs::remove(dir / f);
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " ingest -q --in-process " + kept.string() + " --db " + db +
               " >/dev/null 2>&1"),
            0);
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " review -q --db " + db + " --out " + (dir / "out2").string()),
            0);
}

}  // namespace
}  // namespace jixiao
