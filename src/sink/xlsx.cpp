#include "sink/xlsx.h"

#include <sqlite3.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <set>
#include <vector>

#include "core/location.h"
#include "core/utf.h"
#include "rules/vocabulary.h"
#include "sink/html_review.h"
#include "sink/json.h"

namespace jixiao {
namespace {

constexpr size_t kMaxCellBytes = 32000;  // Excel holds 32,767 characters in a cell
constexpr int kMaxLinks = 65000;         // and 65,530 hyperlinks in a sheet
constexpr double kMaxWidth = 60;

// Display width of text: CJK and full-width characters count two.
double text_width(std::string_view s) {
  double w = 0;
  for (char32_t c : to_u32(s))
    w += (c >= 0x1100 && (is_cjk(c) || (c >= 0x3000 && c <= 0x30FF) || (c >= 0xFF00 && c <= 0xFFEF))) ? 2 : 1;
  return w;
}

// One sheet: a header row, then rows; remembers each column's width for the end.
class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, std::vector<std::string> headers, lxw_format* header_format)
      : sheet_(workbook_add_worksheet(book, name)), headers_(std::move(headers)) {
    widths_.assign(headers_.size(), 6);
    for (size_t c = 0; c < headers_.size(); ++c) {
      worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), headers_[c].c_str(), header_format);
      widths_[c] = std::max(widths_[c], text_width(headers_[c]) + 2);
    }
  }

  void next_row() { ++row_; }
  lxw_row_t row() const { return row_; }

  void text(size_t col, std::string_view value) {
    if (value.empty()) return;
    std::string s(value.substr(0, kMaxCellBytes));
    if (s.size() < value.size()) s = to_utf8(to_u32(s)) + "…";  // a cut UTF-8 sequence is replaced
    worksheet_write_string(sheet_, row_, static_cast<lxw_col_t>(col), s.c_str(), nullptr);
    widen(col, text_width(s));
  }
  void number(size_t col, std::optional<double> value, lxw_format* format = nullptr) {
    if (!value || std::isnan(*value) || std::isinf(*value)) return;
    worksheet_write_number(sheet_, row_, static_cast<lxw_col_t>(col), *value, format);
    widen(col, 12);
  }
  bool link(size_t col, const std::string& url, const std::string& shown, const std::string& tip) {
    if (links_ >= kMaxLinks || url.size() > 2000) return false;
    if (worksheet_write_url_opt(sheet_, row_, static_cast<lxw_col_t>(col), url.c_str(), nullptr,
                                shown.c_str(), tip.c_str()) != LXW_NO_ERROR)
      return false;
    ++links_;
    widen(col, text_width(shown));
    return true;
  }

  void finish() {
    worksheet_freeze_panes(sheet_, 1, 0);
    worksheet_autofilter(sheet_, 0, 0, row_, static_cast<lxw_col_t>(headers_.size() - 1));
    for (size_t c = 0; c < widths_.size(); ++c)
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::min(widths_[c] + 1, kMaxWidth), nullptr);
  }

 private:
  void widen(size_t col, double w) { widths_[col] = std::max(widths_[col], w); }

  lxw_worksheet* sheet_;
  std::vector<std::string> headers_;
  std::vector<double> widths_;
  lxw_row_t row_ = 0;
  int links_ = 0;
};

struct BookCloser {
  void operator()(lxw_workbook* b) const {
    if (b) workbook_close(b);
  }
};

struct StatementCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(s, i)) : std::string();
}

const char* severity_zh(const std::string& s) {
  return s == "error" ? "错误" : s == "warning" ? "警告" : s == "info" ? "提示" : "";
}
const char* kind_zh(const std::string& k) {
  return k == "project" ? "项目支出" : k == "department" ? "部门整体支出" : "未识别";
}

std::string where(const Span& s) {
  return location_label(s.location);
}

// The link from the workbook to a review page, relative to the workbook's folder.
std::string page_link(const std::filesystem::path& workbook, const std::filesystem::path& page) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = fs::absolute(workbook, ec).parent_path();
  fs::path target = fs::absolute(page, ec);
  fs::path rel = target.lexically_relative(base);
  return (rel.empty() ? target : rel).generic_string();
}

}  // namespace

Result<XlsxSummary> export_xlsx(SqliteStore& store, const std::string& path, const XlsxOptions& options) {
  namespace fs = std::filesystem;
  if (path == "-") return io_error(path, "an XLSX workbook cannot be written to stdout: give a file name");
  std::error_code ec;
  if (fs::is_directory(path, ec)) return io_error(path, "is a directory: give a file name for the workbook");
  if (!fs::is_directory(fs::absolute(path, ec).parent_path(), ec))
    return io_error(path, "cannot create the workbook: its folder does not exist");
  sqlite3_stmt* raw = nullptr;
  const char* sql =
      "SELECT d.path, d.sha256, d.format, d.encoding, d.bytes, d.status, d.error_code, d.error, d.warnings,"
      " r.json FROM documents d LEFT JOIN records r ON r.document_id = d.id ORDER BY d.path, d.id";
  if (sqlite3_prepare_v2(store.handle(), sql, -1, &raw, nullptr) != SQLITE_OK)
    return io_error(path, std::string("cannot read the database: ") + sqlite3_errmsg(store.handle()));
  std::unique_ptr<sqlite3_stmt, StatementCloser> q(raw);

  lxw_workbook_options book_options{};
  book_options.constant_memory = LXW_FALSE;  // rows of one sheet are written while others grow
  book_options.tmpdir = nullptr;
  std::unique_ptr<lxw_workbook, BookCloser> book(workbook_new_opt(path.c_str(), &book_options));
  if (!book) return io_error(path, "cannot create the workbook");
  lxw_format* header = workbook_add_format(book.get());
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* money = workbook_add_format(book.get());
  format_set_num_format(money, "#,##0.00");

  Sheet reports(book.get(), "报告",
                {"文件", "报告", "年度", "类别", "单位", "项目", "主管部门", "标题", "数值", "指标", "错误",
                 "警告", "提示", "读取情况"},
                header);
  Sheet figures(book.get(), "数值",
                {"文件", "报告", "字段", "字段名称", "数值（原文）", "单位", "金额（元）", "上限", "约数",
                 "比较", "依据", "原文", "位置", "规则"},
                header);
  Sheet indicators(book.get(), "指标",
                   {"文件", "报告", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                    "得分", "偏差原因", "分组", "位置"},
                   header);
  Sheet findings(book.get(), "问题",
                 {"文件", "报告", "严重程度", "类型", "类型名称", "问题", "应为", "应为单位", "位置", "证据",
                  "原文", "审阅页", "规则"},
                 header);
  Sheet files(book.get(), "文件",
              {"文件", "sha256", "格式", "编码", "字节", "状态", "错误代码", "错误", "读取提示"}, header);

  const Vocabulary& vocabulary = Vocabulary::builtin();
  XlsxSummary summary;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    std::string file = column_text(q.get(), 0);
    std::string sha = column_text(q.get(), 1);
    files.next_row();
    ++summary.files;
    files.text(0, file);
    files.text(1, sha);
    files.text(2, column_text(q.get(), 2));
    files.text(3, column_text(q.get(), 3));
    if (sqlite3_column_type(q.get(), 4) != SQLITE_NULL) files.number(4, sqlite3_column_double(q.get(), 4));
    std::string status = column_text(q.get(), 5);
    files.text(5, status == "ok" ? "已读取" : status == "error" ? "无法读取" : status);
    files.text(6, column_text(q.get(), 6));
    files.text(7, column_text(q.get(), 7));
    std::string warnings = column_text(q.get(), 8);
    if (warnings != "[]") files.text(8, warnings);
    if (sqlite3_column_type(q.get(), 9) == SQLITE_NULL) continue;
    auto parsed = document_record_from_json(column_text(q.get(), 9));
    if (!parsed) continue;
    const DocumentRecord& record = parsed.value();

    std::string link;
    if (!options.review_dir.empty() && !sha.empty()) {
      fs::path page = fs::path(options.review_dir) / review_page_name(file, sha);
      if (fs::exists(page, ec)) link = "external:" + page_link(path, page);
    }

    for (const Report& r : record.reports) {
      ++summary.reports;
      int counts[3] = {0, 0, 0};
      bool unread = false;
      for (const Finding& f : record.findings) {
        if (f.report != r.index) continue;
        if (f.kind == "coverage")
          unread = true;
        else
          ++counts[f.severity == "error" ? 0 : f.severity == "warning" ? 1 : 2];
      }
      reports.next_row();
      reports.text(0, file);
      reports.number(1, r.index);
      if (r.meta.year) reports.number(2, *r.meta.year);
      reports.text(3, kind_zh(r.meta.kind));
      reports.text(4, r.meta.unit);
      reports.text(5, r.meta.project);
      reports.text(6, r.meta.supervisor);
      reports.text(7, r.meta.title);
      reports.number(8, static_cast<double>(r.figures.size()));
      reports.number(9, static_cast<double>(r.indicators.size()));
      reports.number(10, counts[0]);
      reports.number(11, counts[1]);
      reports.number(12, counts[2]);
      reports.text(13, unread ? "未读到资金表、指标或金额（未核对）" : "已读取");

      for (const Figure& f : r.figures) {
        ++summary.figures;
        figures.next_row();
        figures.text(0, file);
        figures.number(1, r.index);
        figures.text(2, f.field);
        figures.text(3, vocabulary.label(f.field));
        figures.number(4, f.quantity.value);
        figures.text(5, f.quantity.unit);
        figures.number(6, f.quantity.yuan, money);
        figures.number(7, f.quantity.to);
        figures.text(8, f.quantity.approx);
        figures.text(9, f.quantity.comparator);
        figures.text(10, f.label);
        figures.text(11, f.text);
        figures.text(12, where(f.span));
        figures.text(13, f.rule);
      }
      for (const Indicator& i : r.indicators) {
        ++summary.indicators;
        indicators.next_row();
        indicators.text(0, file);
        indicators.number(1, r.index);
        indicators.text(2, i.level1);
        indicators.text(3, i.level2);
        indicators.text(4, i.name);
        indicators.text(5, i.target);
        indicators.text(6, i.actual);
        indicators.number(7, i.weight);
        indicators.number(8, i.score);
        indicators.text(9, i.note);
        indicators.number(10, i.group);
        indicators.text(11, where(i.span));
      }
    }
    for (size_t k = 0; k < record.findings.size(); ++k) {
      const Finding& f = record.findings[k];
      ++summary.findings;
      findings.next_row();
      findings.text(0, file);
      findings.number(1, f.report);
      findings.text(2, severity_zh(f.severity));
      findings.text(3, f.kind);
      if (auto name = options.kind_names.find(f.kind); name != options.kind_names.end())
        findings.text(4, name->second);
      findings.text(5, f.message);
      findings.number(6, f.expected);
      findings.text(7, f.expected_unit);
      // Per evidence: where, the checker's text, and the characters as written in the source.
      std::string places, texts, sources;
      for (const Evidence& e : f.evidence) {
        places += (places.empty() ? "" : "；") + (where(e.span).empty() ? std::string("?") : where(e.span));
        texts += "「" + e.text + "」";
        sources += "「" + (e.source_text.empty() ? e.text : e.source_text) + "」";
      }
      findings.text(8, places);
      findings.text(9, texts);
      findings.text(10, sources);
      if (!link.empty() &&
          findings.link(11, link + "#f" + std::to_string(k + 1), "审阅页", "在审阅页中查看这一问题及其原文"))
        ++summary.links;
      findings.text(12, f.rule);
    }
  }
  if (rc != SQLITE_DONE)
    return io_error(path, std::string("cannot read the database: ") + sqlite3_errmsg(store.handle()));
  for (Sheet* s : {&reports, &figures, &indicators, &findings, &files}) s->finish();
  lxw_error err = workbook_close(book.release());
  if (err != LXW_NO_ERROR)
    return io_error(path, std::string("cannot write the workbook: ") + lxw_strerror(err));
  return summary;
}

}  // namespace jixiao
