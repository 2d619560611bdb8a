#include "sink/html_review.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/location.h"
#include "core/utf.h"

namespace jixiao {
namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number_text(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

const char* severity_zh(const std::string& s) {
  return s == "error" ? "错误" : s == "warning" ? "警告" : "提示";
}

const char* kind_zh(const std::string& k) {
  return k == "project" ? "项目支出" : k == "department" ? "部门整体支出" : "未识别";
}

// One highlight over [start, end) of a text (code points).
struct Mark {
  int start = 0, end = 0;
  std::string cls, id, title, field, finding;
};

using Place = std::tuple<int, int, int>;  // block, row, col (-1, -1 for paragraphs)

class Marks {
 public:
  explicit Marks(const Document& doc) : doc_(doc) {}

  // Adds a mark for a span: on its cell (the merged region's top-left cell, which is the one
  // shown) or paragraph, and on the start of the last block of a rejoined sentence.
  void add(const Span& span, Mark mark) {
    if (span.block < 0 || span.block >= static_cast<int>(doc_.blocks.size())) return;
    const Block& b = doc_.blocks[span.block];
    int row = span.row, col = span.col;
    if (b.type == BlockType::table) {
      if (row < 0 || row >= b.table.row_count() || col < 0 || col >= b.table.col_count()) return;
      for (const Merge& m : b.table.merged)
        if (row >= m.row && row < m.row + m.rows && col >= m.col && col < m.col + m.cols) {
          row = m.row;
          col = m.col;
        }
    } else {
      row = col = -1;
    }
    bool crosses = span.end_block >= 0 && span.end_block != span.block;
    mark.start = span.start;
    mark.end = crosses ? (1 << 30) : span.end;
    by_place_[{span.block, row, col}].push_back(mark);
    if (crosses && span.end_block < static_cast<int>(doc_.blocks.size())) {
      Mark tail = mark;
      tail.id.clear();
      tail.start = 0;
      tail.end = span.end;
      by_place_[{span.end_block, -1, -1}].push_back(std::move(tail));
    }
  }

  // The text of one paragraph or cell, HTML-escaped, with its marks nested per piece.
  std::string render(const std::string& text, Place place) const {
    auto it = by_place_.find(place);
    if (it == by_place_.end()) return esc(text);
    std::u32string t = to_u32(text);
    const int n = static_cast<int>(t.size());
    std::vector<Mark> marks = it->second;
    for (Mark& m : marks) {
      m.start = std::clamp(m.start, 0, n);
      m.end = std::clamp(m.end, m.start, n);
    }
    std::set<int> cuts{0, n};
    for (const Mark& m : marks) {
      cuts.insert(m.start);
      cuts.insert(m.end);
    }
    std::string out;
    std::vector<int> points(cuts.begin(), cuts.end());
    std::vector<bool> opened(marks.size(), false);
    for (size_t k = 0; k < points.size(); ++k) {
      int a = points[k];
      int b = k + 1 < points.size() ? points[k + 1] : a;
      // empty marks at this point (a span of no characters): an anchor still
      for (size_t i = 0; i < marks.size(); ++i)
        if (marks[i].start == a && marks[i].end == a && !opened[i]) {
          out += open_tag(marks[i], true) + "</mark>";
          opened[i] = true;
        }
      if (b <= a) continue;
      std::string close;
      for (size_t i = 0; i < marks.size(); ++i) {
        if (marks[i].start <= a && marks[i].end >= b) {
          out += open_tag(marks[i], !opened[i]);
          opened[i] = true;
          close += "</mark>";
        }
      }
      out += esc(to_utf8(std::u32string_view(t).substr(a, b - a)));
      out += close;
    }
    return out;
  }

 private:
  static std::string open_tag(const Mark& m, bool first) {
    std::string tag = "<mark class=\"" + m.cls + "\"";
    if (first && !m.id.empty()) tag += " id=\"" + esc(m.id) + "\"";
    if (!m.field.empty()) tag += " data-field=\"" + esc(m.field) + "\"";
    if (!m.finding.empty()) tag += " data-finding=\"" + esc(m.finding) + "\"";
    if (!m.title.empty()) tag += " title=\"" + esc(m.title) + "\"";
    return tag + ">";
  }

  const Document& doc_;
  std::map<Place, std::vector<Mark>> by_place_;
};

std::string location_attrs(const Location& l) {
  std::string out;
  if (l.table > 0)
    out += " data-table=\"" + std::to_string(l.table) + "\" data-row=\"" + std::to_string(l.row) +
           "\" data-col=\"" + std::to_string(l.col) + "\"";
  if (l.paragraph > 0) out += " data-paragraph=\"" + std::to_string(l.paragraph) + "\"";
  if (l.line > 0) out += " data-line=\"" + std::to_string(l.line) + "\"";
  return out;
}

const char* kStyle = R"CSS(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;background:#fafafa;line-height:1.6}
header,section{max-width:1200px;margin:0 auto;padding:8px 24px}
header{background:#fff;border-bottom:1px solid #ddd}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-left:4px solid #36c;padding-left:8px}
.src{color:#666;font-size:13px;word-break:break-all}
.counts span{display:inline-block;margin-right:12px;padding:2px 8px;border-radius:4px;font-size:14px}
.c-error{background:#fde2e2;color:#a00}.c-warning{background:#fff0d0;color:#8a5300}.c-info{background:#e0efff;color:#1d4f91}.c-unread{background:#eee;color:#444}
ol.findings{padding-left:28px}
li.finding{margin:6px 0;padding:6px 10px;border-radius:4px;background:#fff;border-left:5px solid #999}
li.sev-error{border-color:#d22}li.sev-warning{border-color:#e90}li.sev-info{border-color:#39f}
.sev{font-weight:bold;margin-right:6px}.sev-error .sev{color:#c00}.sev-warning .sev{color:#b36b00}.sev-info .sev{color:#1d64c8}
.kind{font-family:monospace;color:#666;font-size:12px;margin-right:6px}
ul.evidence{margin:2px 0;padding-left:18px;font-size:14px}
.quote{color:#333}.norm{color:#888;font-size:12px}
table.summary,table.grid,table.index{border-collapse:collapse;background:#fff;margin:8px 0;font-size:14px}
table.summary td,table.summary th,table.index td,table.index th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}
.missing{color:#b00;font-weight:bold}.ok{color:#070}
table.grid td,table.grid th{border:1px solid #999;padding:2px 6px;vertical-align:top;white-space:pre-wrap}
table.grid th.n{background:#eee;color:#777;font-weight:normal;font-size:11px}
table.grid caption{text-align:left;font-weight:bold;color:#36c}
p.para{margin:4px 0;white-space:pre-wrap}p.para .n{color:#aaa;font-size:11px;margin-right:6px;user-select:none}
p.heading{font-weight:bold}
mark{background:none;color:inherit;padding:0}
mark.fig{background:#e6f4d8;border-bottom:2px solid #5a3;cursor:help}
mark.fig:hover{background:#c9ebb0}
mark.ind{border-bottom:2px dotted #36c;cursor:help}
mark.ev{outline:2px solid #999;outline-offset:1px}
mark.ev-error{background:#ffd6d6;outline-color:#d22}mark.ev-warning{background:#ffeec2;outline-color:#e90}mark.ev-info{background:#dbeaff;outline-color:#39f}
.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%{box-shadow:0 0 0 6px #fc3}100%{box-shadow:0 0 0 0 #fc3}}
footer{max-width:1200px;margin:16px auto;padding:0 24px;color:#999;font-size:12px}
)CSS";

const char* kScript = R"JS(
(function(){
  function flash(id){var e=document.getElementById(id);if(!e)return;e.classList.remove('flash');void e.offsetWidth;e.classList.add('flash');}
  document.querySelectorAll('a.ev-link').forEach(function(a){a.addEventListener('click',function(){flash(a.getAttribute('href').slice(1));});});
  document.querySelectorAll('mark.ev').forEach(function(m){m.addEventListener('click',function(){var f=m.getAttribute('data-finding');if(f){location.hash=f;flash(f);}});});
  if(location.hash)flash(location.hash.slice(1));
})();
)JS";

std::string page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         esc(title) + "</title><style>" + kStyle + "</style></head><body>\n";
}

std::string file_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string figure_value(const Figure& f) {
  std::string v = f.quantity.comparator + number_text(f.quantity.value);
  if (f.quantity.to) v += "-" + number_text(*f.quantity.to);
  return v + f.quantity.unit + f.quantity.approx;
}

std::string cell_or_missing(const std::string& value) {
  return value.empty() ? std::string("<span class=\"missing\">未读到</span>") : esc(value);
}

std::string report_summary(const Report& r, const DocumentRecord& record, const Vocabulary& vocabulary) {
  int fund_rows = 0, money = 0, budget = 0;
  std::string budget_text;
  for (const Figure& f : r.figures) {
    if (f.rule.rfind("table.funds", 0) == 0) ++fund_rows;
    if (f.quantity.yuan) ++money;
    if (f.field.rfind("budget.", 0) == 0) {
      ++budget;
      if (budget <= 3) {
        std::string label = vocabulary.label(f.field);
        budget_text += (budget_text.empty() ? "" : "；") + (label.empty() ? f.field : label) + " " + figure_value(f);
      }
    }
  }
  int scored = 0;
  for (const Indicator& i : r.indicators)
    if (i.score) ++scored;
  bool unread = false;
  for (const Finding& f : record.findings)
    if (f.kind == "coverage" && f.report == r.index) unread = true;
  std::string out = "<tr" + std::string(unread ? " class=\"unread\"" : "") + "><td>报告" + std::to_string(r.index) +
                    "</td><td>" + (r.meta.year ? std::to_string(*r.meta.year) : cell_or_missing("")) + "</td><td>" +
                    kind_zh(r.meta.kind) + "</td><td>" + cell_or_missing(r.meta.unit) + "</td><td>" +
                    cell_or_missing(r.meta.project) + "</td><td>" + cell_or_missing(r.meta.supervisor) + "</td><td>";
  out += fund_rows ? "<span class=\"ok\">已读 " + std::to_string(fund_rows) + " 项</span>"
                   : std::string("<span class=\"missing\">未读到</span>");
  out += "</td><td>" + (budget ? esc(budget_text) + (budget > 3 ? " 等" : "") : cell_or_missing("")) + "</td><td>";
  out += r.indicators.empty() ? std::string("<span class=\"missing\">未读到</span>")
                              : std::to_string(r.indicators.size()) + " 项（" + std::to_string(scored) + " 项有得分）";
  out += "</td><td>" + std::to_string(r.figures.size()) + " 个（金额 " + std::to_string(money) + "）</td><td>";
  out += unread ? "<span class=\"missing\">未读到任何内容，未核对</span>" : std::string("<span class=\"ok\">已读取</span>");
  return out + "</td></tr>\n";
}

}  // namespace

std::string review_page_name(const std::string& source_path, const std::string& sha256) {
  std::string stem = file_name(source_path);
  size_t dot = stem.find_last_of('.');
  if (dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  std::string safe;
  for (unsigned char c : stem) {
    bool bad = c < 0x20 || c == 0x7f || std::string_view("/\\:*?\"<>|#%&").find(static_cast<char>(c)) !=
                                            std::string_view::npos;
    safe += bad ? '_' : static_cast<char>(c);
  }
  if (safe.size() > 120) safe.resize(120);  // bytes; a cut UTF-8 sequence is replaced below
  safe = to_utf8(to_u32(safe));
  if (safe.empty() || safe[0] == '.') safe = "_" + safe;
  return safe + "-" + sha256.substr(0, 8) + ".html";
}

std::string review_html(const Document& doc, const DocumentRecord& record, const Vocabulary& vocabulary) {
  const std::string name = file_name(record.source.path);
  Marks marks(doc);
  for (const Report& r : record.reports) {
    for (const Figure& f : r.figures) {
      std::string label = vocabulary.label(f.field);
      Mark m;
      m.cls = "fig";
      m.field = f.field;
      m.title = (label.empty() ? f.field : label) + "（" + f.field + "）：" + figure_value(f);
      if (f.quantity.yuan && f.quantity.unit != "元") m.title += " = " + number_text(std::round(*f.quantity.yuan * 100) / 100) + "元";
      if (!f.label.empty()) m.title += "；依据「" + f.label + "」";
      marks.add(f.span, std::move(m));
    }
  }
  for (const Report& r : record.reports) {
    for (const Indicator& ind : r.indicators) {
      Mark m;
      m.cls = "ind";
      m.title = "绩效指标（报告" + std::to_string(r.index) + "）：" + (ind.level1.empty() ? "" : ind.level1 + " / ") +
                (ind.level2.empty() ? "" : ind.level2 + " / ") + ind.name;
      if (ind.weight) m.title += "；分值 " + number_text(*ind.weight);
      if (ind.score) m.title += "；得分 " + number_text(*ind.score);
      marks.add(ind.span, std::move(m));
    }
  }
  for (size_t i = 0; i < record.findings.size(); ++i) {
    const Finding& f = record.findings[i];
    for (size_t j = 0; j < f.evidence.size(); ++j) {
      Mark m;
      m.cls = "ev ev-" + f.severity;
      m.id = "f" + std::to_string(i + 1) + "-e" + std::to_string(j + 1);
      m.finding = "f" + std::to_string(i + 1);
      m.title = std::string(severity_zh(f.severity)) + "：" + f.message;
      marks.add(f.evidence[j].span, std::move(m));
    }
  }

  int counts[3] = {0, 0, 0};
  int unread = 0;
  for (const Finding& f : record.findings) {
    if (f.kind == "coverage") ++unread;
    else ++counts[f.severity == "error" ? 0 : f.severity == "warning" ? 1 : 2];
  }

  std::string out = page_head("审阅：" + name);
  out += "<header><p><a href=\"index.html\">← 全部文件</a></p><h1>" + esc(name) + "</h1><p class=\"src\">" +
         esc(record.source.path) + " · " + esc(record.source.format == "docx" ? "Word 文档" : "文本文件") + " · " +
         esc(record.source.encoding) + " · " + std::to_string(record.source.bytes) + " 字节 · sha256 " +
         esc(record.source.sha256) + "</p><p class=\"counts\"><span class=\"c-error\">错误 " +
         std::to_string(counts[0]) + "</span><span class=\"c-warning\">警告 " + std::to_string(counts[1]) +
         "</span><span class=\"c-info\">提示 " + std::to_string(counts[2]) + "</span>";
  if (unread) out += "<span class=\"c-unread\">未读取的报告 " + std::to_string(unread) + "</span>";
  out += "</p></header>\n";

  // Findings, errors first; each evidence links to its mark in the document.
  out += "<section id=\"findings\"><h2>发现的问题（" + std::to_string(record.findings.size()) + "）</h2>\n";
  if (record.findings.empty()) out += "<p>未发现问题。</p>\n";
  out += "<ol class=\"findings\">\n";
  for (const char* severity : {"error", "warning", "info"}) {
    for (size_t i = 0; i < record.findings.size(); ++i) {
      const Finding& f = record.findings[i];
      if (f.severity != severity) continue;
      std::string fid = "f" + std::to_string(i + 1);
      out += "<li class=\"finding sev-" + esc(f.severity) + "\" id=\"" + fid + "\" data-kind=\"" + esc(f.kind) +
             "\"><span class=\"sev\">" + severity_zh(f.severity) + "</span><span class=\"kind\">" + esc(f.kind) +
             "</span>报告" + std::to_string(f.report) + "：" + esc(f.message);
      if (f.expected) out += "（应为 " + number_text(*f.expected) + esc(f.expected_unit) + "）";
      out += "<ul class=\"evidence\">";
      for (size_t j = 0; j < f.evidence.size(); ++j) {
        const Evidence& e = f.evidence[j];
        std::string where = location_label(e.span.location);
        if (where.empty()) where = "位置未知";
        out += "<li><a class=\"ev-link\" href=\"#" + fid + "-e" + std::to_string(j + 1) + "\"" +
               location_attrs(e.span.location) + ">" + esc(where) + "</a> <span class=\"quote\">「" + esc(e.text) +
               "」</span>";
        if (!e.source_text.empty() && e.text.find(e.source_text) == std::string::npos)
          out += " <span class=\"norm\">原文「" + esc(e.source_text) + "」</span>";
        out += "</li>";
      }
      out += "</ul></li>\n";
    }
  }
  out += "</ol></section>\n";

  // What was read.
  out += "<section id=\"summary\"><h2>读取情况</h2>\n";
  if (record.reports.empty()) out += "<p class=\"missing\">没有读到任何报告。</p>\n";
  else {
    out += "<table class=\"summary\"><tr><th>报告</th><th>年度</th><th>类别</th><th>单位</th><th>项目</th>"
           "<th>主管部门</th><th>资金表</th><th>预算数</th><th>绩效指标</th><th>数值</th><th>读取</th></tr>\n";
    for (const Report& r : record.reports) out += report_summary(r, record, vocabulary);
    out += "</table>\n";
  }
  for (const std::string& w : record.warnings) out += "<p class=\"src\">读取提示：" + esc(w) + "</p>\n";
  out += "<p class=\"src\">绿色底纹为读到的数值，悬停可见字段名称；蓝色虚线为读到的绩效指标；红、橙、蓝框为错误、警告、"
         "提示所指的原文。表格的行号、列号与问题中的“表N 第R行 第C列”一致。</p></section>\n";

  // The document as read.
  out += "<section id=\"document\"><h2>文档内容</h2>\n";
  std::vector<int> numbers = block_numbers(doc);
  bool text = doc.format == "text";
  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& b = doc.blocks[bi];
    if (b.part != BlockPart::body) continue;
    int block = static_cast<int>(bi);
    if (b.type == BlockType::paragraph) {
      Location loc;
      if (text) loc.line = static_cast<int>(b.source_line);
      else loc.paragraph = numbers[bi];
      std::string n = text ? std::to_string(loc.line) : std::to_string(loc.paragraph);
      out += "<p class=\"para" + std::string(b.outline_level >= 0 ? " heading" : "") + "\" id=\"b" +
             std::to_string(block) + "\"" + location_attrs(loc) + "><span class=\"n\">" + n + "</span>";
      if (!b.list_label.empty()) out += esc(b.list_label) + " ";
      out += marks.render(b.text, {block, -1, -1}) + "</p>\n";
      continue;
    }
    const Table& t = b.table;
    int tn = numbers[bi];
    // Which grid positions a merged region hides (all but its top-left cell).
    std::vector<std::vector<const Merge*>> top(t.row_count(), std::vector<const Merge*>(t.col_count(), nullptr));
    std::vector<std::vector<bool>> hidden(t.row_count(), std::vector<bool>(t.col_count(), false));
    for (const Merge& m : t.merged) {
      if (m.row < 0 || m.col < 0 || m.row >= t.row_count() || m.col >= t.col_count()) continue;
      top[m.row][m.col] = &m;
      for (int r = m.row; r < std::min(m.row + m.rows, t.row_count()); ++r)
        for (int c = m.col; c < std::min(m.col + m.cols, t.col_count()); ++c)
          if (r != m.row || c != m.col) hidden[r][c] = true;
    }
    out += "<table class=\"grid\" id=\"t" + std::to_string(tn) + "\" data-table=\"" + std::to_string(tn) + "\"" +
           (t.nesting > 0 ? " data-nesting=\"" + std::to_string(t.nesting) + "\"" : std::string()) +
           "><caption>表" + std::to_string(tn) + (t.nesting > 0 ? "（嵌于上一表格内）" : "") +
           "</caption>\n<tr><th class=\"n\"></th>";
    for (int c = 0; c < t.col_count(); ++c) out += "<th class=\"n\">" + std::to_string(c + 1) + "</th>";
    out += "</tr>\n";
    for (int r = 0; r < t.row_count(); ++r) {
      out += "<tr><th class=\"n\">" + std::to_string(r + 1) + "</th>";
      for (int c = 0; c < t.col_count(); ++c) {
        if (hidden[r][c]) continue;
        Location loc;
        loc.table = tn;
        loc.row = r + 1;
        loc.col = c + 1;
        if (r < static_cast<int>(t.lines.size()) && c < static_cast<int>(t.lines[r].size())) loc.line = t.lines[r][c];
        out += "<td id=\"t" + std::to_string(tn) + "-r" + std::to_string(loc.row) + "-c" + std::to_string(loc.col) +
               "\"" + location_attrs(loc) + " data-grid=\"" + std::to_string(r) + "," + std::to_string(c) +
               "\" title=\"" + location_label(loc) + "\"";
        if (const Merge* m = top[r][c]) {
          if (m->rows > 1) out += " rowspan=\"" + std::to_string(m->rows) + "\"";
          if (m->cols > 1) out += " colspan=\"" + std::to_string(m->cols) + "\"";
        }
        out += ">" + marks.render(t.rows[r][c], {block, r, c}) + "</td>";
      }
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  out += "</section>\n<footer>jixiao " JIXIAO_VERSION " · 本页离线可用，不加载任何外部资源</footer>\n<script>";
  out += kScript;
  out += "</script>\n</body></html>\n";
  return out;
}

ReviewEntry review_entry(const DocumentRecord& record, const std::string& page) {
  ReviewEntry e;
  e.source_path = record.source.path;
  e.page = page;
  if (record.error) e.error = record.error->message;
  e.reports = static_cast<int>(record.reports.size());
  for (const Report& r : record.reports) {
    e.figures += static_cast<int>(r.figures.size());
    e.indicators += static_cast<int>(r.indicators.size());
  }
  std::set<int> unread;
  for (const Finding& f : record.findings) {
    if (f.kind == "coverage") unread.insert(f.report);
    else if (f.severity == "error") ++e.errors;
    else if (f.severity == "warning") ++e.warnings;
    else ++e.infos;
  }
  e.unread = static_cast<int>(unread.size());
  return e;
}

std::string review_index_html(const std::vector<ReviewEntry>& entries) {
  int errors = 0, warnings = 0, infos = 0, unread = 0, failed = 0;
  for (const ReviewEntry& e : entries) {
    errors += e.errors;
    warnings += e.warnings;
    infos += e.infos;
    unread += e.unread;
    if (!e.error.empty()) ++failed;
  }
  std::string out = page_head("审阅目录");
  out += "<header><h1>审阅目录</h1><p class=\"counts\"><span>" + std::to_string(entries.size()) +
         " 个文件</span><span class=\"c-error\">错误 " + std::to_string(errors) +
         "</span><span class=\"c-warning\">警告 " + std::to_string(warnings) + "</span><span class=\"c-info\">提示 " +
         std::to_string(infos) + "</span><span class=\"c-unread\">未读取的报告 " + std::to_string(unread) +
         "</span>";
  if (failed) out += "<span class=\"c-error\">无法读取的文件 " + std::to_string(failed) + "</span>";
  out += "</p><p class=\"src\">“未读取的报告”既没有读到资金表，也没有读到绩效指标或金额：它们没有问题，只是因为没有核对。</p>"
         "</header>\n<section><table class=\"index\"><tr><th>文件</th><th>报告</th><th>数值</th><th>指标</th>"
         "<th>错误</th><th>警告</th><th>提示</th><th>读取</th></tr>\n";
  for (const ReviewEntry& e : entries) {
    out += "<tr><td>";
    if (e.page.empty()) out += esc(e.source_path);
    else out += "<a href=\"" + esc(e.page) + "\">" + esc(e.source_path) + "</a>";
    out += "</td>";
    if (!e.error.empty()) {
      out += "<td colspan=\"7\" class=\"missing\">无法读取：" + esc(e.error) + "</td></tr>\n";
      continue;
    }
    out += "<td>" + std::to_string(e.reports) + "</td><td>" + std::to_string(e.figures) + "</td><td>" +
           std::to_string(e.indicators) + "</td><td class=\"" + (e.errors ? "c-error" : "") + "\">" +
           std::to_string(e.errors) + "</td><td class=\"" + (e.warnings ? "c-warning" : "") + "\">" +
           std::to_string(e.warnings) + "</td><td>" + std::to_string(e.infos) + "</td><td>" +
           (e.unread ? "<span class=\"missing\">" + std::to_string(e.unread) + " 个报告未读取</span>"
                     : std::string("<span class=\"ok\">已读取</span>")) +
           "</td></tr>\n";
  }
  out += "</table></section>\n</body></html>\n";
  return out;
}

}  // namespace jixiao
