// Chinese header names for `jixiao export --csv DIR --headers zh` (src/sink/csv.h).
#include <map>
#include <string>
#include <string_view>

#include "sink/csv.h"

namespace jixiao {

std::string csv_header_zh(std::string_view table, std::string_view column) {
  // Names that depend on the table first, then the common ones.
  static const std::map<std::string, std::string, std::less<>> kByTable = {
      {"meta.key", "键"},
      {"meta.value", "值"},
      {"documents.path", "文件"},
      {"documents.error", "错误"},
      {"reports.idx", "报告"},
      {"reports.kind", "类别"},
      {"findings.kind", "问题类型"},
      {"findings_view.kind", "问题类型"},
      {"findings_view.report_kind", "报告类别"},
      {"figures.text", "原文"},
      {"figures.label", "依据"},
      {"indicators.name", "三级指标"},
  };
  static const std::map<std::string, std::string, std::less<>> kCommon = {
      {"id", "编号"},
      {"document_id", "文件编号"},
      {"report_id", "报告编号"},
      {"report_idx", "报告"},
      {"path", "文件"},
      {"sha256", "sha256"},
      {"format", "格式"},
      {"encoding", "编码"},
      {"bytes", "字节"},
      {"status", "状态"},
      {"error_code", "错误代码"},
      {"error", "错误"},
      {"warnings", "读取提示"},
      {"rules_version", "规则版本"},
      {"imported_at", "导入时间"},
      {"idx", "序号"},
      {"year", "年度"},
      {"kind", "类别"},
      {"title", "标题"},
      {"unit", "单位"},
      {"project", "项目"},
      {"supervisor", "主管部门"},
      {"field", "字段"},
      {"value", "数值"},
      {"value_to", "上限"},
      {"yuan", "金额（元）"},
      {"quantity_kind", "数量类别"},
      {"approx", "约数"},
      {"comparator", "比较"},
      {"label", "依据"},
      {"text", "原文"},
      {"span_block", "块"},
      {"span_row", "行（从0起）"},
      {"span_col", "列（从0起）"},
      {"span_start", "起"},
      {"span_end", "止"},
      {"span_end_block", "止于块"},
      {"rule", "规则"},
      {"level1", "一级指标"},
      {"level2", "二级指标"},
      {"name", "名称"},
      {"target", "年度指标值"},
      {"actual", "实际完成值"},
      {"weight", "分值"},
      {"score", "得分"},
      {"grp", "分组"},
      {"note", "偏差原因"},
      {"weight_text", "分值原文"},
      {"score_text", "得分原文"},
      {"severity", "严重程度"},
      {"message", "问题"},
      {"expected", "应为"},
      {"expected_unit", "应为单位"},
      {"evidence", "证据"},
      {"budget_initial_yuan", "年初预算数（元）"},
      {"budget_full_year_yuan", "全年预算数（元）"},
      {"executed_yuan", "执行数（元）"},
      {"stated_rate", "填报执行率"},
      {"computed_rate", "计算执行率"},
  };
  std::string key = std::string(table) + "." + std::string(column);
  if (auto it = kByTable.find(key); it != kByTable.end()) return it->second;
  if (auto it = kCommon.find(column); it != kCommon.end()) return it->second;
  return std::string(column);
}

}  // namespace jixiao
