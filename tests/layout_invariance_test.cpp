// Layout invariance: a report laid out the ways real 自评表 forms differ means the same thing, so
// jixiao must read the same records from it. tools/relayout writes the variants of every report of
// corpus/ and of ../shared/real/ (decorated labels and headers, permuted value columns, a header
// split over two rows, the unit moved into the cells or a note line, merged label and title cells,
// DOCX exported as text and text written as DOCX; `tools/relayout --list`), the built `jixiao
// extract` reads originals and variants in one run, and each variant's records are compared with
// its original's:
//   - per report: meta (year, kind, title, unit, project, supervisor);
//   - figures as field + amount in 元 for money (field + value + unit otherwise);
//   - indicators as name + weight + score;
//   - findings as kind + severity;
//   - the document's status and number of reports.
// Each variant that reads differently is one failure naming the original, the variant kind and
// what is only in the original / only in the variant. Set JIXIAO_KEEP_RELAYOUT=1 to keep the
// variants and the JSON Lines (the failure messages name the directory).
//
// Every variant kind that applies to a report is run (about 530 files for corpus/ and ../shared/real/
// together, a few seconds); relayout's manifest says why a kind was skipped for a report.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = JIXIAO_SOURCE_DIR;
const fs::path kShared = kSource.parent_path() / "shared";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run(const std::string& command) {
  int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> reports_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".docx" || ext == ".txt")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A number as the comparison prints it: up to six decimals, trailing zeros dropped.
std::string num(const json& v) {
  if (v.is_null()) return "null";
  if (!v.is_number()) return v.dump();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v.get<double>());
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// obj[key], or null when obj is no object or lacks the key (records may hold nulls anywhere).
const json& get(const json& obj, const char* key) {
  static const json null;
  if (!obj.is_object()) return null;
  auto it = obj.find(key);
  return it == obj.end() ? null : *it;
}

std::string text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
}

// What a reader of the records sees, one line per item.
std::multiset<std::string> summary(const json& record) {
  std::multiset<std::string> out;
  if (text(get(record, "status")) != "ok") {
    out.insert("status " + text(get(record, "status")) + " " + text(get(record, "error")));
    return out;
  }
  const json& reports = get(record, "reports");
  out.insert("reports: " + std::to_string(reports.size()));
  for (const json& r : reports) {
    std::string at = "#" + num(get(r, "index")) + " ";
    const json& meta = get(r, "meta");
    for (const char* key : {"year", "kind", "title", "unit", "project", "supervisor"})
      out.insert(at + "meta." + key + " = " + (get(meta, key).is_number() ? num(get(meta, key)) : text(get(meta, key))));
    for (const json& f : get(r, "figures")) {
      const json& yuan = get(f, "yuan");
      out.insert(at + "figure " + text(get(f, "field")) + " " +
                 (yuan.is_number() ? num(yuan) + " 元" : num(get(f, "value")) + " " + text(get(f, "unit"))));
    }
    for (const json& i : get(r, "indicators"))
      out.insert(at + "indicator '" + text(get(i, "name")) + "' weight " + num(get(i, "weight")) +
                 " score " + num(get(i, "score")));
  }
  for (const json& f : get(record, "findings"))
    out.insert("#" + num(get(f, "report")) + " finding " + text(get(f, "kind")) + " (" +
               text(get(f, "severity")) + ")");
  return out;
}

std::string difference(const std::multiset<std::string>& original, const std::multiset<std::string>& variant) {
  std::vector<std::string> only_original, only_variant;
  std::set_difference(original.begin(), original.end(), variant.begin(), variant.end(),
                      std::back_inserter(only_original));
  std::set_difference(variant.begin(), variant.end(), original.begin(), original.end(),
                      std::back_inserter(only_variant));
  std::ostringstream out;
  auto list = [&](const char* what, const std::vector<std::string>& items) {
    const size_t shown = 8;
    for (size_t k = 0; k < items.size() && k < shown; ++k) out << "\n    " << what << items[k];
    if (items.size() > shown) out << "\n    " << what << "... and " << items.size() - shown << " more";
  };
  list("only in the original: ", only_original);
  list("only in the variant:  ", only_variant);
  return out.str();
}

struct Variant {
  std::string source, kind, output, note;
};

class LayoutInvariance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run("python3 -c 'import sys' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 is not installed: skipped";
    dir_ = fs::temp_directory_path() / ("jixiao_relayout_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "variants");
    keep_ = std::getenv("JIXIAO_KEEP_RELAYOUT") != nullptr;
  }
  void TearDown() override {
    if (!dir_.empty() && !keep_) fs::remove_all(dir_);
  }

  // Writes the variants of `reports` and returns relayout's manifest.
  std::vector<Variant> relayout(const std::vector<fs::path>& reports) {
    std::string command = "python3 " + quote((kSource / "tools" / "relayout").string()) + " --quiet --out " +
                          quote((dir_ / "variants").string()) + " --manifest " + quote((dir_ / "manifest.tsv").string());
    for (const fs::path& p : reports) command += " " + quote(p.string());
    command += " 2>" + quote((dir_ / "relayout.err").string());
    int status = run(command);
    EXPECT_EQ(status, 0) << "tools/relayout failed:\n" << slurp(dir_ / "relayout.err");
    std::vector<Variant> out;
    std::istringstream in(slurp(dir_ / "manifest.tsv"));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, '\t')) cells.push_back(cell);
      cells.resize(4);
      out.push_back({cells[0], cells[1], cells[2], cells[3]});
    }
    return out;
  }

  // The records of `files` from one `jixiao extract` run, by source path.
  std::map<std::string, json> extract(const std::vector<std::string>& files) {
    std::string command = quote(JIXIAO_BINARY) + " extract";
    for (const std::string& f : files) command += " " + quote(f);
    command += " >" + quote((dir_ / "records.jsonl").string()) + " 2>" + quote((dir_ / "extract.err").string());
    int status = run(command);
    EXPECT_TRUE(status == 0 || status == 2) << "jixiao extract exited with " << status << ":\n"
                                            << slurp(dir_ / "extract.err");
    std::map<std::string, json> out;
    std::istringstream in(slurp(dir_ / "records.jsonl"));
    std::string line;
    while (std::getline(in, line)) {
      json record = json::parse(line, nullptr, false);
      if (record.is_discarded()) {
        ADD_FAILURE() << "not JSON: " << line.substr(0, 200);
        continue;
      }
      std::string path = text(get(get(record, "source"), "path"));
      out[path] = std::move(record);
    }
    return out;
  }

  void expect_invariant(const std::vector<fs::path>& reports, const fs::path& base) {
    ASSERT_FALSE(reports.empty());
    std::vector<Variant> variants = relayout(reports);
    std::vector<std::string> files;
    for (const fs::path& p : reports) files.push_back(p.string());
    for (const Variant& v : variants)
      if (!v.output.empty()) files.push_back(v.output);
    std::map<std::string, json> records = extract(files);

    for (const fs::path& p : reports) {
      auto it = records.find(p.string());
      ASSERT_NE(it, records.end()) << "no record for " << p;
      EXPECT_EQ(text(get(it->second, "status")), "ok") << p << ": " << text(get(it->second, "error"));
    }
    std::map<std::string, std::pair<int, int>> per_kind;  // kind -> (compared, differing)
    std::set<std::string> kinds_written;
    for (const Variant& v : variants) {
      if (v.output.empty()) continue;
      kinds_written.insert(v.kind);
      auto original = records.find(v.source);
      auto variant = records.find(v.output);
      std::string name = fs::relative(v.source, base).string();
      if (original == records.end() || variant == records.end()) {
        ADD_FAILURE() << name << " [" << v.kind << "]: no record for " << v.output;
        continue;
      }
      auto& counts = per_kind[v.kind];
      ++counts.first;
      auto a = summary(original->second), b = summary(variant->second);
      if (a == b) continue;
      ++counts.second;
      ADD_FAILURE() << name << " [" << v.kind << "] reads differently from the original:" << difference(a, b)
                    << (keep_ ? "\n    variant: " + v.output : std::string());
    }
    std::ostringstream table;
    table << "layout invariance over " << reports.size() << " reports of " << base.string()
          << " (variant kind: variants compared, variants reading differently):";
    int compared = 0, differing = 0;
    for (const auto& [kind, counts] : per_kind) {
      table << "\n  " << kind << ": " << counts.first << ", " << counts.second;
      compared += counts.first;
      differing += counts.second;
    }
    table << "\n  all: " << compared << ", " << differing;
    if (keep_) table << "\n  variants, manifest and records kept in " << dir_.string();
    std::cout << table.str() << std::endl;
    RecordProperty("variants_compared", compared);
    RecordProperty("variants_differing", differing);
    EXPECT_GE(kinds_written.size(), 8u) << "relayout wrote too few kinds of variant: its block finder broke?";
  }

  fs::path dir_;
  bool keep_ = false;
};

TEST_F(LayoutInvariance, CorpusReports) {
  fs::path corpus = fs::weakly_canonical(kSource / "corpus");
  expect_invariant(reports_in(corpus), corpus);
}

TEST_F(LayoutInvariance, RealReports) {
  fs::path real = kShared / "real";
  if (!fs::is_directory(real))
    GTEST_SKIP() << real.string() << " is absent (a checkout without ../shared): the real reports are not checked";
  real = fs::weakly_canonical(real);
  expect_invariant(reports_in(real), real);
}

// The generator itself: every kind applies to the project's national-form report in one of its
// formats, and a second run writes the same bytes.
TEST_F(LayoutInvariance, RelayoutWritesEveryKindDeterministically) {
  fs::path corpus = fs::weakly_canonical(kSource / "corpus");
  std::vector<fs::path> reports = {corpus / "p01_roads_project.docx", corpus / "p01_roads_project_utf8.txt",
                                   corpus / "t01_water_transfer_payment_utf8.txt"};
  std::vector<Variant> first = relayout(reports);
  std::map<std::string, std::string> bytes;
  std::set<std::string> kinds;
  for (const Variant& v : first)
    if (!v.output.empty()) {
      kinds.insert(v.kind);
      bytes[v.output] = slurp(v.output);
    }
  std::string list_out = (dir_ / "kinds.txt").string();
  ASSERT_EQ(run("python3 " + quote((kSource / "tools" / "relayout").string()) + " --list >" + quote(list_out)), 0);
  std::istringstream listed(slurp(list_out));
  std::string kind;
  while (std::getline(listed, kind))
    EXPECT_TRUE(kinds.count(kind)) << kind << " was written for none of p01 (DOCX, text) and t01 (text)";
  fs::remove_all(dir_ / "variants");
  fs::create_directories(dir_ / "variants");
  relayout(reports);
  for (const auto& [path, content] : bytes) EXPECT_EQ(slurp(path), content) << path << " differs on a second run";
}

}  // namespace
