#include "pipeline/pipeline.h"

#include <unistd.h>

#include <filesystem>
#include <new>

#include "check/check.h"
#include "core/deadline.h"
#include "core/location.h"
#include "core/sha256.h"
#include "core/work_limits.h"
#include "extract/extract.h"
#include "extract/layout_rules.h"
#include "normalize/normalize.h"
#include "normalize/source_quote.h"
#include "numbers/numbers.h"
#include "pipeline/coverage.h"
#include "rules/ruleset.h"
#include "rules/vocabulary.h"

namespace jixiao {

struct Pipeline::Impl {
  PipelineOptions options;
  std::string rules_dir;
  std::string version;
  RuleSet rules;
  NumberParser numbers;
  LayoutRules layout;
  CheckConfig checks;
};

std::string find_rules_dir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("JIXIAO_RULES"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path dir = exe.parent_path();
    for (fs::path candidate :
         {dir / "rules", dir.parent_path() / "rules", dir.parent_path() / "share/jixiao/rules"}) {
      if (fs::exists(candidate / "figures.toml", ec)) return candidate.string();
    }
  }
#ifdef JIXIAO_SOURCE_RULES
  return JIXIAO_SOURCE_RULES;
#else
  return "rules";
#endif
}

Result<Pipeline> Pipeline::load(const PipelineOptions& options, std::vector<Error>* soft_errors) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->rules_dir = options.rules_dir.empty() ? find_rules_dir() : options.rules_dir;
  if (!std::filesystem::is_directory(impl->rules_dir)) {
    Error e;
    e.code = ErrorCode::rules;
    e.path = impl->rules_dir;
    e.message = "rule directory not found (give one with --rules DIR or JIXIAO_RULES)";
    return e;
  }
  // fields.toml once: the figure rules, the layout rules and the checks all name its fields.
  auto vocabulary = Vocabulary::load(impl->rules_dir);
  if (!vocabulary) return vocabulary.error();
  auto rules = RuleSet::load(impl->rules_dir, *vocabulary, soft_errors);
  if (!rules) return rules.error();
  impl->rules = std::move(rules).value();
  auto numbers = NumberParser::load(impl->rules_dir);
  if (!numbers) return numbers.error();
  impl->numbers = std::move(numbers).value();
  auto layout = LayoutRules::load(impl->rules_dir, *vocabulary);
  if (!layout) return layout.error();
  impl->layout = std::move(layout).value();
  auto limits = load_read_limits(impl->rules_dir);
  if (!limits) return limits.error();
  impl->options.read.limits = limits.value();
  auto checks = load_check_config(impl->rules_dir, std::move(vocabulary).value());
  if (!checks) return checks.error();
  impl->checks = std::move(checks).value();
  impl->version = impl->rules.version() + "+" + impl->layout.version;
  Pipeline p;
  p.impl_ = std::move(impl);
  return p;
}

const std::string& Pipeline::rules_dir() const {
  return impl_->rules_dir;
}
const Vocabulary& Pipeline::vocabulary() const {
  return impl_->checks.vocabulary;
}
const std::string& Pipeline::rules_version() const {
  return impl_->version;
}

const ReadOptions& Pipeline::read_options() const {
  return impl_->options.read;
}

namespace {

DocumentRecord error_record(const std::string& path, Error error) {
  DocumentRecord record;
  record.source.path = path;
  if (error.path.empty()) error.path = path;
  record.error = std::move(error);
  return record;
}

}  // namespace

DocumentRecord Pipeline::process_document(const Document& doc) const {
  const ReadLimits& limits = impl_->options.read.limits;
  DeadlineScope budget(limits.max_seconds_per_file);
  FileLimitsScope bounds(limits.max_figures_per_report, limits.max_memory_per_file);
  auto failed = [&](std::string message) {
    DocumentRecord record =
        error_record(doc.path, Error{ErrorCode::limit_exceeded, std::move(message), doc.path});
    record.source = {doc.path, doc.sha256, doc.format, doc.encoding, doc.bytes};
    return record;
  };
  try {
    DocumentRecord record;
    record.source = {doc.path, doc.sha256, doc.format, doc.encoding, doc.bytes};
    record.warnings = doc.warnings;
    NormalizedDocument normalized = normalize(doc);
    ExtractContext ctx{impl_->layout, impl_->rules, impl_->numbers};
    record.reports = extract_reports(normalized, ctx);
    for (const Report& report : record.reports) check_report_figures(report.index, report.figures.size());
    if (impl_->options.run_checks) {
      for (const Report& report : record.reports) {
        check_deadline("checking");
        auto findings = check_report(report, impl_->checks);
        record.findings.insert(record.findings.end(), findings.begin(), findings.end());
      }
      auto unread = coverage_findings(record.reports, normalized);
      record.findings.insert(record.findings.end(), unread.begin(), unread.end());
    }
    locate(record, doc);
    quote_evidence_sources(record, doc);  // each quote as written, not only its span
    return record;
  } catch (const DeadlineExceeded& e) {
    return failed(e.what());
  } catch (const LimitExceeded& e) {
    return failed(e.what());
  } catch (const std::bad_alloc&) {
    // Everything this file allocated is freed by now: the record below fits again.
    return failed(memory_exceeded_message("extraction"));
  }
}

DocumentRecord Pipeline::process_bytes(std::string_view bytes, const std::string& path,
                                       std::string_view sha256) const {
  // One budget for reading and extracting; process_document's inner scope cannot extend it.
  const ReadLimits& limits = impl_->options.read.limits;
  DeadlineScope budget(limits.max_seconds_per_file);
  FileLimitsScope bounds(limits.max_figures_per_report, limits.max_memory_per_file);
  Result<Document> doc = Error{};
  try {
    doc = read_document_bytes(bytes, path, impl_->options.read, sha256);
  } catch (const DeadlineExceeded& e) {
    doc = Error{ErrorCode::limit_exceeded, e.what(), path};
  } catch (const std::bad_alloc&) {
    doc = Error{ErrorCode::limit_exceeded, memory_exceeded_message("reading"), path};
  }
  if (!doc) {
    DocumentRecord record = error_record(path, doc.error());
    record.source.sha256 = sha256.empty() ? sha256_hex(bytes) : std::string(sha256);
    record.source.format = to_string(sniff_format(bytes));
    record.source.bytes = static_cast<int64_t>(bytes.size());
    return record;
  }
  return process_document(doc.value());
}

DocumentRecord Pipeline::process_file(const std::string& path, const FileDigest* known) const {
  const ReadLimits& limits = impl_->options.read.limits;
  Result<std::string> bytes = Error{};
  try {
    bytes = read_file_bytes(path, limits);
  } catch (const std::bad_alloc&) {  // a file larger than max_memory_per_file leaves
    return error_record(path, Error{ErrorCode::limit_exceeded,
                                    memory_exceeded_message("reading", limits.max_memory_per_file), path});
  }
  if (!bytes) return error_record(path, bytes.error());
  // A file that changed size since the caller hashed it is hashed again: the record names the
  // bytes it was read from.
  const bool same = known && known->bytes == static_cast<int64_t>(bytes.value().size());
  return process_bytes(bytes.value(), path, same ? std::string_view(known->sha256) : std::string_view());
}

}  // namespace jixiao
