// Bounds on what one file may cost besides time (core/deadline.h), for the file this thread is
// processing: figures per report and memory per file (rules/limits.toml). The pipeline sets them
// per file with a FileLimitsScope; the code that does the work checks them as it goes, so a
// megabyte paragraph of figures is stopped while it grows, not after.
//
//   FileLimitsScope scope(limits.max_figures_per_report, limits.max_memory_per_file);
//   ... check_figure_matches(candidates.size()); ...   // throws LimitExceeded past the bound
//   catch (const std::bad_alloc&) { memory_exceeded_message("extraction") }
//
// Memory itself is capped by the process (core/memory_limit.h); here is only its message.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace jixiao {

// A bound of limits.toml was hit; what() names it ("... (max_figures_per_report)").
class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// This thread's bounds for its lifetime; <= 0 means none. The previous ones are restored after.
class FileLimitsScope {
 public:
  FileLimitsScope(int64_t max_figures_per_report, int64_t max_memory_per_file);
  ~FileLimitsScope();
  FileLimitsScope(const FileLimitsScope&) = delete;
  FileLimitsScope& operator=(const FileLimitsScope&) = delete;

 private:
  int64_t saved_figures_, saved_memory_;
};

// Throws LimitExceeded when one paragraph's figure-rule matches (counted before overlapping ones
// are merged) pass max_figures_per_report: that paragraph's report alone would exceed it.
void check_figure_matches(size_t matches);
// Throws LimitExceeded when report `report` (1-based) holds more figures than the bound.
void check_report_figures(int report, size_t figures);

// "memory per file exceeded: more than 1024 MiB (max_memory_per_file), abandoned during
// extraction", for a std::bad_alloc caught while a file is processed.
std::string memory_exceeded_message(const char* stage);
// The same outside a scope, naming `max_memory_per_file` itself.
std::string memory_exceeded_message(const char* stage, int64_t max_memory_per_file);

}  // namespace jixiao
