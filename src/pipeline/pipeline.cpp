#include "pipeline/pipeline.h"

#include <unistd.h>

#include <filesystem>

#include "check/check.h"
#include "extract/extract.h"
#include "extract/layout_rules.h"
#include "normalize/normalize.h"
#include "numbers/numbers.h"
#include "rules/ruleset.h"

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
  auto rules = RuleSet::load(impl->rules_dir, soft_errors);
  if (!rules) return rules.error();
  impl->rules = std::move(rules).value();
  auto numbers = NumberParser::load(impl->rules_dir);
  if (!numbers) return numbers.error();
  impl->numbers = std::move(numbers).value();
  auto layout = LayoutRules::load(impl->rules_dir);
  if (!layout) return layout.error();
  impl->layout = std::move(layout).value();
  auto checks = load_check_config(impl->rules_dir);
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
const std::string& Pipeline::rules_version() const {
  return impl_->version;
}

DocumentRecord Pipeline::process_document(const Document& doc) const {
  DocumentRecord record;
  record.source = {doc.path, doc.sha256, doc.format, doc.encoding, doc.bytes};
  record.warnings = doc.warnings;
  NormalizedDocument normalized = normalize(doc);
  ExtractContext ctx{impl_->layout, impl_->rules, impl_->numbers};
  record.reports = extract_reports(normalized, ctx);
  if (impl_->options.run_checks) {
    for (const Report& report : record.reports) {
      auto findings = check_report(report, impl_->checks);
      record.findings.insert(record.findings.end(), findings.begin(), findings.end());
    }
  }
  return record;
}

DocumentRecord Pipeline::process_file(const std::string& path) const {
  auto doc = read_document(path, impl_->options.read);
  if (!doc) {
    DocumentRecord record;
    record.source.path = path;
    record.error = doc.error();
    return record;
  }
  return process_document(doc.value());
}

}  // namespace jixiao
