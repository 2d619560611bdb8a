// The whole job for one file: read -> normalize -> segment and extract -> check, into one
// DocumentRecord. The CLI, the bulk importer and the tests share it.
//
// A Pipeline holds everything loaded from a rule directory (figure rules, units, table labels,
// check thresholds). It is immutable once loaded and may be shared by threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/records.h"
#include "ingest/read.h"

namespace jixiao {

struct PipelineOptions {
  std::string rules_dir;  // empty: find_rules_dir()
  ReadOptions read;       // its limits are replaced by the rule directory's limits.toml
  bool run_checks = true;
};

class Pipeline {
 public:
  // Loads every rule file; hard errors (a file that does not parse) fail the load, soft ones
  // (one bad rule skipped) are appended to `soft_errors`.
  static Result<Pipeline> load(const PipelineOptions& options, std::vector<Error>* soft_errors);

  // Never throw: an unreadable file becomes a record with `error` set. Each runs under the
  // time budget of limits.max_seconds_per_file and the bounds of max_figures_per_report and
  // max_memory_per_file (a file over one gets a limit_exceeded error naming it; the memory bound
  // needs the process capped, core/memory_limit.h, and shows here as std::bad_alloc).
  // `known`: the file's hash and size taken by the caller (ingest's parent); used when the file
  // read has that size still, instead of hashing it again.
  DocumentRecord process_file(const std::string& path, const FileDigest* known = nullptr) const;
  // `bytes` is the whole file, already read (the bulk importer hashes it first).
  DocumentRecord process_bytes(std::string_view bytes, const std::string& path,
                               std::string_view sha256 = {}) const;
  DocumentRecord process_document(const struct Document& doc) const;

  const ReadOptions& read_options() const;

  const std::string& rules_dir() const;
  const std::string& rules_version() const;
  // The vocabulary (rules/fields.toml) the rule set was loaded with.
  const class Vocabulary& vocabulary() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

// The rule directory to use when none is given: $JIXIAO_RULES, then rules/ next to or one level
// above the executable, then ../share/jixiao/rules, then the source tree's rules/.
std::string find_rules_dir();

}  // namespace jixiao
