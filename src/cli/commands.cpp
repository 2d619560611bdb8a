#include "cli/commands.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/stdout_writer.h"
#include "core/deadline.h"
#include "core/display_name.h"
#include "core/location.h"
#include "core/memory_limit.h"
#include "core/utf.h"
#include "core/work_limits.h"
#include "ingest/read.h"
#include "normalize/normalize.h"
#include "numbers/numbers.h"
#include "pipeline/coverage.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"

namespace jixiao::cli {
namespace {

constexpr int kExitFailedFile = 2;

void report_error(const Error& e) {
  spdlog::error("{}", e.describe());
}

// The record's JSON line; when even that does not fit in memory, an error record's.
std::string record_line(DocumentRecord& record, int64_t max_memory_per_file) {
  try {
    return document_record_json(record);
  } catch (const std::bad_alloc&) {
    DocumentRecord failed;
    failed.source = record.source;
    record = DocumentRecord{};  // free it first
    failed.error =
        Error{ErrorCode::limit_exceeded, memory_exceeded_message("writing the record", max_memory_per_file),
              failed.source.path};
    record = failed;
    return document_record_json(record);
  }
}

int severity_rank(const std::string& s) {
  return s == "error" ? 3 : s == "warning" ? 2 : s == "info" ? 1 : 0;
}

}  // namespace

void cap_memory_per_file(int64_t max_memory_per_file) {
  MemoryCap cap = cap_address_space_growth(max_memory_per_file);
  if (cap.applied)
    spdlog::debug("memory per file: address space capped at {} MiB", cap.limit_bytes >> 20);
  else
    spdlog::debug("memory per file not capped: {}", cap.why_not);
}

std::optional<Pipeline> load_pipeline(const CommonOptions& common, bool run_checks, bool one_file_at_a_time) {
  PipelineOptions options;
  options.rules_dir = common.rules_dir;
  options.read.encoding = common.encoding;
  options.read.library_readers_in_child = one_file_at_a_time;
  if (one_file_at_a_time) start_library_reader();  // before the rules make this process large
  options.run_checks = run_checks;
  std::vector<Error> soft;
  auto pipeline = Pipeline::load(options, &soft);
  if (!pipeline) {
    report_error(pipeline.error());
    return std::nullopt;
  }
  for (const Error& e : soft) {
    if (common.lenient)
      spdlog::warn("{} (rule skipped, --lenient)", e.describe());
    else
      report_error(e);
  }
  if (!soft.empty() && !common.lenient) {
    spdlog::error("{} rule error(s) above: fix them, or give --lenient to skip those rules", soft.size());
    return std::nullopt;
  }
  return std::move(pipeline).value();
}

namespace {

// Where a span is, for a person ("表3 第15行 第4列", "第42行"), or the raw span when the record
// has no location (a record read back from an older database).
std::string where(const Span& s) {
  std::string label = location_label(s.location);
  if (!label.empty()) return label;
  std::string out = "block " + std::to_string(s.block);
  if (s.row >= 0) out += ", row " + std::to_string(s.row) + ", col " + std::to_string(s.col);
  return out;
}

// One finding, rg-style: FILE:LOCATION: severity kind [报告 N]: message, then one line per
// evidence with its own location and its text (and the source as written, when normalization
// changed it).
void print_finding(StdoutWriter& out, const std::string& path, const Finding& f, bool color) {
  const char* on = !color                    ? ""
                   : f.severity == "error"   ? "\033[31m"
                   : f.severity == "warning" ? "\033[33m"
                                             : "\033[36m";
  const char* off = color ? "\033[0m" : "";
  const char* dim = color ? "\033[35m" : "";
  // The name and the report's own words (message, evidence) may hold control characters.
  const std::string name = quote_name(path);
  std::string head = name;
  if (!f.evidence.empty()) head += ":" + where(f.evidence.front().span);
  out.format("%s%s%s: %s%s%s %s [报告 %d]: %s\n", dim, head.c_str(), off, on, f.severity.c_str(), off,
             escape_controls(f.kind).c_str(), f.report, escape_controls(f.message).c_str());
  for (const Evidence& e : f.evidence) {
    out.format("    %s%s:%s%s 「%s」", dim, name.c_str(), where(e.span).c_str(), off,
               escape_controls(e.text).c_str());
    // The source as written, when normalization changed it ("３５ 元" read as "35元").
    if (!e.source_text.empty() && e.text.find(e.source_text) == std::string::npos)
      out.format(" 原文「%s」", escape_controls(e.source_text).c_str());
    out.format("\n");
  }
}

}  // namespace

int run_dump(const DumpOptions& options, const CommonOptions& common) {
  auto limits = load_read_limits(common.rules_dir.empty() ? find_rules_dir() : common.rules_dir);
  if (!limits) {
    report_error(limits.error());
    return kExitFailedFile;
  }
  ReadOptions read;
  read.encoding = common.encoding;
  read.library_readers_in_child = true;
  start_library_reader();
  read.limits = limits.value();
  cap_memory_per_file(read.limits.max_memory_per_file);
  int status = 0;
  StdoutWriter out;
  for (const std::string& path : options.files) {
    if (!out.ok()) break;
    // The same time budget per file as extract: reading and normalizing.
    DeadlineScope budget(read.limits.max_seconds_per_file);
    try {
      auto doc = read_document(path, read);
      if (!doc) {
        report_error(doc.error());
        status = kExitFailedFile;
        continue;
      }
      for (const std::string& w : doc.value().warnings)
        spdlog::warn("{}: {}", quote_name(path), escape_controls(w));
      if (options.raw) {
        const auto& blocks = doc.value().blocks;
        for (size_t i = 0; i < blocks.size(); ++i)
          if (!out.line(block_json(path, static_cast<int>(i), blocks[i]))) break;
      } else {
        NormalizedDocument normalized = normalize(doc.value());
        for (const auto& block : normalized.blocks)
          if (!out.line(normalized_block_json(path, block))) break;
      }
    } catch (const DeadlineExceeded& e) {
      report_error(Error{ErrorCode::limit_exceeded, e.what(), path});
      status = kExitFailedFile;
    } catch (const std::bad_alloc&) {
      report_error(Error{ErrorCode::limit_exceeded,
                         memory_exceeded_message("dump", read.limits.max_memory_per_file), path});
      status = kExitFailedFile;
    }
  }
  return out.finish() ? status : kExitFailedFile;
}

int run_numbers(const NumbersOptions& options, const CommonOptions& common) {
  std::optional<NumberParser> parser;
  if (!common.rules_dir.empty()) {
    auto loaded = NumberParser::load(common.rules_dir);
    if (!loaded) {
      report_error(loaded.error());
      return kExitFailedFile;
    }
    parser = std::move(loaded).value();
  } else {
    auto loaded = NumberParser::load(find_rules_dir());
    parser = loaded ? std::move(loaded).value() : NumberParser();
  }
  NumberContext ctx;
  ctx.implied_money_unit = options.implied_unit;
  std::string line;
  int n = 0;
  StdoutWriter out;
  while (out.ok() && std::getline(std::cin, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::u32string text = to_u32(line);
    for (const Quantity& q : parser->find_all(text, ctx))
      if (!out.line(quantity_json(n, text, q))) break;
  }
  return out.finish() ? 0 : kExitFailedFile;
}

int run_extract(const ExtractOptions& options, const CommonOptions& common) {
  auto pipeline = load_pipeline(common, !options.no_check, /*one_file_at_a_time=*/true);
  if (!pipeline) return kExitFailedFile;
  const int64_t max_memory = pipeline->read_options().limits.max_memory_per_file;
  cap_memory_per_file(max_memory);
  int status = 0;
  StdoutWriter out;
  for (const std::string& path : options.files) {
    DocumentRecord record = pipeline->process_file(path);
    std::string line = record_line(record, max_memory);
    if (record.error) {
      report_error(*record.error);
      status = kExitFailedFile;
    }
    if (!out.line(line)) break;
  }
  return out.finish() ? status : kExitFailedFile;
}

int run_check(const CheckOptions& options, const CommonOptions& common, bool color) {
  auto pipeline = load_pipeline(common, true, /*one_file_at_a_time=*/true);
  if (!pipeline) return kExitFailedFile;
  cap_memory_per_file(pipeline->read_options().limits.max_memory_per_file);
  int threshold = severity_rank(options.fail_on);
  bool failed_file = false, over_threshold = false;
  size_t total = 0, unread = 0, unread_files = 0;
  StdoutWriter out;
  for (const std::string& path : options.files) {
    if (!out.ok()) break;
    DocumentRecord record = pipeline->process_file(path);
    if (record.error) {
      report_error(*record.error);
      failed_file = true;
      continue;
    }
    if (int n = count_unread(record)) {
      unread += static_cast<size_t>(n);
      ++unread_files;
    }
    for (const Finding& f : record.findings) {
      if (f.kind != kCoverageKind) ++total;
      if (severity_rank(f.severity) >= threshold) over_threshold = true;
      if (options.quiet) continue;
      if (options.json) {
        out.line(finding_line_json(path, f));
        continue;
      }
      print_finding(out, path, f, color);
    }
  }
  if (!options.json && !options.quiet) {
    // Reports nothing was read from are counted apart: their "0 findings" means "not checked".
    out.format("%zu finding(s) in %zu file(s)", total, options.files.size());
    if (unread > 0) out.format("; %zu report(s) in %zu file(s) not read (coverage)", unread, unread_files);
    out.format("\n");
  }
  if (!out.finish() || failed_file) return kExitFailedFile;
  return over_threshold ? 1 : 0;
}

}  // namespace jixiao::cli
