#include "pipeline/coverage.h"

#include <set>

#include "core/utf.h"

namespace jixiao {
namespace {

bool mentions_form(const NormalizedText& t) {
  return t.text.find(U"自评表") != std::u32string::npos;
}

bool has_form(const Report& report, const NormalizedDocument& doc) {
  if (report.meta.title.find("自评表") != std::string::npos) return true;
  int last = std::min<int>(report.last_block, static_cast<int>(doc.blocks.size()));
  for (int i = std::max(report.first_block, 0); i < last; ++i) {
    const NormalizedBlock& b = doc.blocks[i];
    if (b.part != BlockPart::body) continue;
    if (b.type == BlockType::paragraph && mentions_form(b.text)) return true;
    for (const auto& row : b.cells)
      for (const auto& cell : row)
        if (mentions_form(cell)) return true;
  }
  return false;
}

// The report's first body block with some text, as evidence: a place to look at.
std::optional<Evidence> first_text(const Report& report, const NormalizedDocument& doc) {
  int last = std::min<int>(report.last_block, static_cast<int>(doc.blocks.size()));
  for (int i = std::max(report.first_block, 0); i < last; ++i) {
    const NormalizedBlock& b = doc.blocks[i];
    if (b.part != BlockPart::body) continue;
    auto make = [](const NormalizedText& t, int row, int col) {
      size_t n = std::min<size_t>(t.text.size(), 40);
      return Evidence{to_utf8(std::u32string_view(t.text).substr(0, n)), t.span(0, n, row, col), {}};
    };
    if (b.type == BlockType::paragraph && !b.text.text.empty()) return make(b.text, -1, -1);
    for (size_t r = 0; r < b.cells.size(); ++r)
      for (size_t c = 0; c < b.cells[r].size(); ++c)
        if (!b.cells[r][c].text.empty()) return make(b.cells[r][c], static_cast<int>(r), static_cast<int>(c));
  }
  return std::nullopt;
}

}  // namespace

bool report_was_read(const Report& report) {
  // Any figure counts: a score, a rate or a staff count is something the checker could look at
  // (the real reports 20, 23 and 30 state no budget amount at all, and are read).
  return !report.indicators.empty() || !report.figures.empty();
}

std::vector<Finding> coverage_findings(const std::vector<Report>& reports, const NormalizedDocument& doc) {
  std::vector<Finding> out;
  for (const Report& r : reports) {
    if (report_was_read(r)) continue;
    Finding f;
    f.kind = kCoverageKind;
    f.report = r.index;
    bool form = r.meta.kind == "project" && has_form(r, doc);
    f.severity = form ? "warning" : "info";
    // Amounts read in its prose (mentions) are still checked against each other (sums, conflicts):
    // the message says so rather than that nothing was checked.
    const bool prose_checked = !r.mentions.empty();
    if (form && !prose_checked)
      f.message = "未能读取本报告的自评表：资金表、绩效指标和任何数值都没有读到，未做任何核对，请人工查看";
    else if (form)
      f.message = "未能读取本报告的自评表：资金表和绩效指标都没有读到，只核对了文中数值，请人工查看";
    else if (!prose_checked)
      f.message = "本报告未读到资金表、绩效指标或任何数值，未做任何核对（没有问题不等于已核对）";
    else
      f.message =
          "本报告未读到资金表、绩效指标或预算、执行、得分等字段，只核对了文中数值的加总与前后一致"
          "（没有问题不等于已核对）";
    if (auto e = first_text(r, doc)) f.evidence.push_back(std::move(*e));
    f.rule = "coverage.nothing_read";
    out.push_back(std::move(f));
  }
  return out;
}

int count_unread(const DocumentRecord& record) {
  std::set<int> reports;
  for (const Finding& f : record.findings)
    if (f.kind == kCoverageKind) reports.insert(f.report);
  return static_cast<int>(reports.size());
}

}  // namespace jixiao
