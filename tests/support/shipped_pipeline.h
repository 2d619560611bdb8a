// The pipeline on the project's own rules/, loaded once per test binary. A rule file that does
// not load throws (the test using it fails with the description); a soft rule error fails the
// test that first asked for the pipeline, since the shipped rules must have none.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace jixiao::testing {

inline const Pipeline& shipped_pipeline() {
  static const Pipeline pipeline = [] {
    PipelineOptions options;
    options.rules_dir = std::string(JIXIAO_SOURCE_DIR) + "/rules";
    std::vector<Error> soft;
    auto loaded = Pipeline::load(options, &soft);
    if (!loaded) throw std::runtime_error(loaded.error().describe());
    for (const Error& e : soft) ADD_FAILURE() << "soft rule error: " << e.describe();
    return std::move(loaded).value();
  }();
  return pipeline;
}

}  // namespace jixiao::testing
