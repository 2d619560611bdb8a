// Issue 15, item 3: `jixiao export --xlsx`, read back from the workbook's own XML (libzip +
// pugixml): five sheets with Chinese headers, numbers stored as numbers, frozen and filtered
// header rows, column widths, findings with their location and quoted evidence and a link to
// their review page, and text that looks like a formula stored as a string, never a formula.
// Also `export --csv DIR --headers zh` and `--csv -`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSource = JIXIAO_SOURCE_DIR;

int sh(const std::string& cmd) {
  int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::map<std::string, std::string> unzip(const fs::path& p) {
  std::map<std::string, std::string> parts;
  int err = 0;
  zip_t* z = zip_open(p.c_str(), ZIP_RDONLY, &err);
  if (!z) return parts;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    zip_file_t* f = zip_fopen_index(z, i, 0);
    std::string data(st.size, '\0');
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    parts[st.name] = data;
  }
  zip_close(z);
  return parts;
}

struct Cell {
  std::string type;  // "s" shared string, "" number, "str", "inlineStr"
  std::string value;  // the string, or the number as written
  bool formula = false;
};

struct Sheet {
  std::string xml;
  std::map<std::string, Cell> cells;  // "A1" -> cell
  std::vector<std::vector<std::string>> rows;
};

class Workbook {
 public:
  explicit Workbook(const fs::path& p) : parts_(unzip(p)) {
    pugi::xml_document strings;
    strings.load_string(parts_["xl/sharedStrings.xml"].c_str());
    for (pugi::xml_node si : strings.child("sst").children("si")) {
      std::string s;
      for (pugi::xpath_node t : si.select_nodes(".//t")) s += t.node().text().get();
      shared_.push_back(s);
    }
    pugi::xml_document book;
    book.load_string(parts_["xl/workbook.xml"].c_str());
    for (pugi::xml_node s : book.child("workbook").child("sheets").children("sheet"))
      names_.push_back(s.attribute("name").value());
  }
  bool ok() const { return !parts_.empty(); }
  const std::vector<std::string>& names() const { return names_; }
  const std::map<std::string, std::string>& parts() const { return parts_; }

  Sheet sheet(const std::string& name) {
    Sheet out;
    for (size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) out.xml = parts_["xl/worksheets/sheet" + std::to_string(i + 1) + ".xml"];
    pugi::xml_document doc;
    doc.load_string(out.xml.c_str());
    for (pugi::xml_node row : doc.child("worksheet").child("sheetData").children("row")) {
      std::vector<std::string> values;
      for (pugi::xml_node c : row.children("c")) {
        Cell cell;
        cell.type = c.attribute("t").value();
        cell.formula = static_cast<bool>(c.child("f"));
        std::string v = c.child("v").text().get();
        cell.value = cell.type == "s" ? shared_.at(std::stoul(v)) : v;
        std::string ref = c.attribute("r").value();
        out.cells[ref] = cell;
        std::string col = ref.substr(0, ref.find_first_of("0123456789"));
        size_t index = 0;
        for (char ch : col) index = index * 26 + (ch - 'A' + 1);
        if (values.size() < index) values.resize(index);
        values[index - 1] = cell.value;
      }
      out.rows.push_back(values);
    }
    return out;
  }

 private:
  std::map<std::string, std::string> parts_;
  std::vector<std::string> shared_;
  std::vector<std::string> names_;
};

int column_of(const Sheet& s, const std::string& header) {
  for (size_t i = 0; i < s.rows.at(0).size(); ++i)
    if (s.rows[0][i] == header) return static_cast<int>(i);
  return -1;
}
std::string ref(int col, size_t row) {
  return std::string(1, static_cast<char>('A' + col)) + std::to_string(row + 1);
}

class Export : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_xlsx_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    // A file whose name a spreadsheet would run as a formula, with a unit.magnitude finding.
    std::ofstream(dir_ / "in" / "=SUM(1,2).txt")
        << "2022年某县农业农村局部门整体支出绩效评价报告\n"
           "年初预算65万元，支出64.19万元。①农技推广经费20万元，已用于培训19.19万元；②农机补贴经费３５元，"
           "已全部发放；③土壤检测经费10元，已全部支付第三方机构。\n";
    fs::copy_file(kSource / "corpus" / "p01_roads_project.docx", dir_ / "in" / "p01.docx");
    // Relative names, so that the stored path starts with '='.
    ASSERT_EQ(sh("cd " + dir_.string() + "/in && " + JIXIAO_BINARY + " ingest -q --in-process '=SUM(1,2).txt' p01.docx --db ../r.sqlite >/dev/null 2>&1"), 0);
    ASSERT_EQ(sh("cd " + dir_.string() + "/in && " + JIXIAO_BINARY + " review -q '=SUM(1,2).txt' p01.docx --out ../review 2>/dev/null"), 0);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(Export, XlsxSheetsNumbersLinksAndNoFormulas) {
  fs::path book_path = dir_ / "r.xlsx";
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " export --db " + (dir_ / "r.sqlite").string() + " --xlsx " +
               book_path.string() + " --review " + (dir_ / "review").string()),
            0);
  Workbook book(book_path);
  ASSERT_TRUE(book.ok());
  EXPECT_EQ(book.names(), (std::vector<std::string>{"报告", "数值", "指标", "问题", "文件"}));

  // No formula anywhere; the file name starting with '=' is a string cell as written.
  bool seen_formula_text = false;
  for (const std::string& name : book.names()) {
    Sheet s = book.sheet(name);
    ASSERT_FALSE(s.rows.empty()) << name;
    EXPECT_EQ(s.xml.find("<f>"), std::string::npos) << name << " holds a formula";
    EXPECT_NE(s.xml.find("state=\"frozen\""), std::string::npos) << name << ": header row not frozen";
    EXPECT_NE(s.xml.find("<autoFilter ref=\"A1:"), std::string::npos) << name << ": no autofilter";
    EXPECT_NE(s.xml.find("<col "), std::string::npos) << name << ": no column widths";
    for (const auto& [r, cell] : s.cells) {
      EXPECT_FALSE(cell.formula) << name << "!" << r;
      if (cell.value == "=SUM(1,2).txt") {
        EXPECT_EQ(cell.type, "s") << name << "!" << r;
        seen_formula_text = true;
      }
    }
  }
  EXPECT_TRUE(seen_formula_text);

  // 数值: numbers as numbers, the amount in 元 beside the value as written.
  Sheet figures = book.sheet("数值");
  EXPECT_EQ(figures.rows[0][0], "文件");
  int value = column_of(figures, "数值（原文）"), yuan = column_of(figures, "金额（元）"), unit = column_of(figures, "单位"),
      place = column_of(figures, "位置"), label = column_of(figures, "字段名称");
  ASSERT_GE(value, 0);
  ASSERT_GE(yuan, 0);
  bool wan = false;
  for (size_t r = 1; r < figures.rows.size(); ++r) {
    const Cell& v = figures.cells[ref(value, r)];
    EXPECT_EQ(v.type, "") << "数值 row " << r << " is not a number";
    if (figures.rows[r][unit] == "万元" && figures.cells.count(ref(yuan, r))) {
      const Cell& y = figures.cells[ref(yuan, r)];
      EXPECT_EQ(y.type, "");
      EXPECT_NEAR(std::stod(y.value), std::stod(v.value) * 10000, 0.01);
      wan = true;
    }
    EXPECT_FALSE(figures.rows[r][place].empty()) << "数值 row " << r << " has no location";
    EXPECT_FALSE(figures.rows[r][label].empty());
  }
  EXPECT_TRUE(wan);

  // 问题: location and quoted evidence as written; a link to the finding on its review page.
  Sheet findings = book.sheet("问题");
  int where = column_of(findings, "位置"), quote = column_of(findings, "原文"), read = column_of(findings, "证据"),
      kind = column_of(findings, "类型"), severity = column_of(findings, "严重程度");
  bool magnitude = false;
  for (size_t r = 1; r < findings.rows.size(); ++r) {
    if (findings.rows[r][kind] != "unit.magnitude" || findings.rows[r][quote].find("３５元") == std::string::npos)
      continue;
    magnitude = true;
    EXPECT_EQ(findings.rows[r][severity], "错误");
    EXPECT_NE(findings.rows[r][where].find("第2行"), std::string::npos) << findings.rows[r][where];
    EXPECT_NE(findings.rows[r][read].find("35元」"), std::string::npos);
  }
  EXPECT_TRUE(magnitude);
  EXPECT_NE(findings.xml.find("<hyperlink "), std::string::npos);
  std::string rels;
  for (const auto& [name, data] : book.parts())
    if (name.find("worksheets/_rels/sheet4.xml.rels") != std::string::npos) rels = data;
  // The file with findings links to its own page, at the finding's anchor.
  bool linked = false;
  for (const auto& e : fs::directory_iterator(dir_ / "review")) {
    std::string name = e.path().filename().string();
    if (name.rfind("=SUM(1,2)-", 0) == 0) linked = rels.find("review\\" + name + "\"") != std::string::npos;
  }
  EXPECT_TRUE(linked) << rels;  // libxlsxwriter writes relative links with backslashes, as Excel does
  EXPECT_NE(findings.xml.find("location=\"f1\""), std::string::npos) << "no link to the finding's anchor";

  // 报告 and 指标 have their Chinese headers; 指标 numbers are numbers.
  Sheet indicators = book.sheet("指标");
  int weight = column_of(indicators, "分值");
  ASSERT_GE(weight, 0);
  ASSERT_GT(indicators.rows.size(), 1u);
  EXPECT_EQ(indicators.cells[ref(weight, 1)].type, "");
  EXPECT_EQ(book.sheet("报告").rows[0][2], "年度");
}

TEST_F(Export, CsvHeadersZhAndDashRefused) {
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " export --db " + (dir_ / "r.sqlite").string() + " --csv " +
               (dir_ / "zh").string() + " --headers zh"),
            0);
  std::string figures = slurp(dir_ / "zh" / "figures.csv");
  EXPECT_EQ(figures.rfind("\xEF\xBB\xBF编号,报告编号,字段,数值,", 0), 0u) << figures.substr(0, 80);
  ASSERT_EQ(sh(std::string(JIXIAO_BINARY) + " export --db " + (dir_ / "r.sqlite").string() + " --csv " +
               (dir_ / "en").string()),
            0);
  EXPECT_EQ(slurp(dir_ / "en" / "figures.csv").rfind("\xEF\xBB\xBFid,report_id,field,value,", 0), 0u);
  // Formula-looking text in the CSV is made inert.
  EXPECT_NE(slurp(dir_ / "en" / "documents.csv").find(",\"'=SUM(1,2).txt\","), std::string::npos);

  EXPECT_EQ(sh("cd " + dir_.string() + " && " + JIXIAO_BINARY + " export --db r.sqlite --csv - 2>/dev/null"), 2);
  EXPECT_FALSE(fs::exists(dir_ / "-")) << "a folder named '-' was made";
  EXPECT_EQ(sh("cd " + dir_.string() + " && " + JIXIAO_BINARY + " export --db r.sqlite --xlsx - 2>/dev/null"), 2);
  EXPECT_EQ(sh(std::string(JIXIAO_BINARY) + " export --db " + (dir_ / "r.sqlite").string() + " --csv x --headers fr 2>/dev/null"), 2);
}

}  // namespace
