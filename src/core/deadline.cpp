#include "core/deadline.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace jixiao {
namespace {

using Clock = std::chrono::steady_clock;

struct ThreadDeadline {
  Clock::time_point at;
  double seconds = 0;  // the budget, for the message
  bool active = false;
};

thread_local ThreadDeadline current;

std::string describe(const std::string& stage, double seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g", seconds);
  return "time per file exceeded: more than " + std::string(buffer) +
         " s (max_seconds_per_file), abandoned during " + stage;
}

}  // namespace

DeadlineExceeded::DeadlineExceeded(const std::string& stage, double seconds)
    : std::runtime_error(describe(stage, seconds)), stage_(stage), seconds_(seconds) {}

DeadlineScope::DeadlineScope(double seconds)
    : saved_at_(current.at), saved_seconds_(current.seconds), saved_active_(current.active) {
  if (!(seconds > 0) || !(seconds < kUnlimitedSecondsFrom)) return;
  const auto at =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  if (!current.active || at < current.at) {
    current.at = at;
    current.seconds = seconds;
    current.active = true;
  }
}

DeadlineScope::~DeadlineScope() {
  current.at = saved_at_;
  current.seconds = saved_seconds_;
  current.active = saved_active_;
}

double deadline_budget_seconds() {
  return current.active ? current.seconds : std::numeric_limits<double>::infinity();
}

double deadline_seconds_left() {
  if (!current.active) return std::numeric_limits<double>::infinity();
  return std::max(0.0, std::chrono::duration<double>(current.at - Clock::now()).count());
}

void forget_deadline() {
  current = ThreadDeadline{};
}

void check_deadline(const char* stage) {
  if (!current.active) return;
  // A document checks its budget hundreds of times. The coarse clock (the same monotonic clock as
  // of its last tick, a few milliseconds behind) costs a sixth of a precise read and decides while
  // the deadline is further off than a tick could be; near it, the precise clock does.
  constexpr auto kCoarseLag = std::chrono::milliseconds(50);
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  const Clock::time_point coarse{std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)};
  if (coarse + kCoarseLag < current.at) return;
  if (Clock::now() >= current.at) throw DeadlineExceeded(stage, current.seconds);
}

}  // namespace jixiao
