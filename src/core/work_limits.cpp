#include "core/work_limits.h"

namespace jixiao {
namespace {

thread_local int64_t max_figures = 0;
thread_local int64_t max_memory = 0;

}  // namespace

FileLimitsScope::FileLimitsScope(int64_t max_figures_per_report, int64_t max_memory_per_file)
    : saved_figures_(max_figures), saved_memory_(max_memory) {
  max_figures = max_figures_per_report;
  max_memory = max_memory_per_file;
}

FileLimitsScope::~FileLimitsScope() {
  max_figures = saved_figures_;
  max_memory = saved_memory_;
}

void check_figure_matches(size_t matches) {
  if (max_figures > 0 && static_cast<int64_t>(matches) > max_figures)
    throw LimitExceeded("figures per report exceeded: one paragraph holds more than " +
                        std::to_string(max_figures) +
                        " figure-rule matches (max_figures_per_report), abandoned during extraction");
}

void check_report_figures(int report, size_t figures) {
  if (max_figures > 0 && static_cast<int64_t>(figures) > max_figures)
    throw LimitExceeded("figures per report exceeded: report " + std::to_string(report) + " holds " +
                        std::to_string(figures) + " figures, more than " + std::to_string(max_figures) +
                        " (max_figures_per_report)");
}

std::string memory_exceeded_message(const char* stage) {
  return memory_exceeded_message(stage, max_memory);
}

std::string memory_exceeded_message(const char* stage, int64_t max_memory_per_file) {
  std::string bound = max_memory_per_file > 0 ? "more than " + std::to_string(max_memory_per_file >> 20) +
                                                    " MiB (max_memory_per_file)"
                                              : "out of memory";
  return "memory per file exceeded: " + bound + ", abandoned during " + stage;
}

}  // namespace jixiao
