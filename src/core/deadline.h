// The time budget of one file (ReadLimits::max_seconds_per_file), checked cooperatively.
//
//   DeadlineScope scope(limits.max_seconds_per_file, path);  // one per file, on its thread
//   ... check_deadline("extract"); ...                        // in every loop that can grow
//
// check_deadline() is cheap (one steady_clock read) and throws DeadlineExceeded once the budget
// is spent; Pipeline catches it and turns it into a limit_exceeded error that names the stage,
// so a file that would take minutes is reported and the batch goes on. The budget is per thread,
// so parallel workers each time their own file. Without a scope, check_deadline() does nothing.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace jixiao {

class DeadlineExceeded : public std::runtime_error {
 public:
  DeadlineExceeded(const std::string& stage, double seconds);
  const std::string& stage() const { return stage_; }
  double seconds() const { return seconds_; }

 private:
  std::string stage_;
  double seconds_;
};

// Budgets from this many seconds on (about 31 years, inf included) mean no limit: steady_clock
// counts nanoseconds in 64 bits (about 292 years), so now + 1e10 s would wrap into the past.
inline constexpr double kUnlimitedSecondsFrom = 1e9;

// Sets this thread's deadline for its lifetime; `seconds` <= 0 or >= kUnlimitedSecondsFrom means
// no limit. Scopes nest: the inner one may only shorten the budget, and the outer one is restored
// when it ends.
class DeadlineScope {
 public:
  explicit DeadlineScope(double seconds);
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  std::chrono::steady_clock::time_point saved_at_;
  double saved_seconds_;
  bool saved_active_;
};

// Throws DeadlineExceeded when this thread's budget is spent. `stage` names where ("docx body").
void check_deadline(const char* stage);

// This thread's budget: the seconds it was given and those left (0 when spent); both infinite
// without a scope.
double deadline_budget_seconds();
double deadline_seconds_left();

// For a process forked to serve other files (ingest/read_in_child.h): drops the budget inherited
// from the file its parent was reading, so that each file's own scope sets it afresh.
void forget_deadline();

}  // namespace jixiao
