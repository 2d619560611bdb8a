// `jixiao review FILE... --out DIR`: the HTML review pages (src/sink/html_review.h).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/commands.h"
#include "cli/stdout_writer.h"
#include "core/deadline.h"
#include "core/display_name.h"
#include "core/work_limits.h"
#include "pipeline/pipeline.h"
#include "sink/html_review.h"

namespace jixiao::cli {
namespace {

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

int run_review(const ReviewOptions& options, const CommonOptions& common) {
  namespace fs = std::filesystem;
  // The same rules as extract and check: a rule that does not load is an error unless --lenient.
  std::optional<Pipeline> pipeline = load_pipeline(common, /*run_checks=*/true);
  if (!pipeline) return 2;
  const ReadOptions& read = pipeline->read_options();
  std::error_code ec;
  fs::create_directories(options.out, ec);
  if (ec || !fs::is_directory(options.out)) {
    spdlog::error("{}: cannot create the directory{}", quote_name(options.out), ec ? ": " + ec.message() : "");
    return 2;
  }
  // One file at a time from here on, each bounded like extract's (core/memory_limit.h).
  cap_memory_per_file(read.limits.max_memory_per_file);
  int status = 0;
  std::vector<ReviewEntry> entries;
  for (const std::string& path : options.files) {
    Result<Document> doc = Error{};
    DocumentRecord record;
    std::string html;
    try {
      {
        DeadlineScope budget(read.limits.max_seconds_per_file);
        try {
          doc = read_document(path, read);
        } catch (const DeadlineExceeded& e) {
          doc = Error{ErrorCode::limit_exceeded, e.what(), path};
        }
      }
      if (doc) record = pipeline->process_document(doc.value());
      if (doc && !record.error) html = review_html(doc.value(), record, pipeline->vocabulary());
    } catch (const std::bad_alloc&) {  // over max_memory_per_file: this file fails, not the command
      record = DocumentRecord{};
      html.clear();
      doc = Error{ErrorCode::limit_exceeded, memory_exceeded_message("review", read.limits.max_memory_per_file),
                  path};
    }
    if (!doc || record.error) {
      Error e = doc ? *record.error : doc.error();
      if (e.path.empty()) e.path = path;
      spdlog::error("{}", e.describe());
      status = 2;
      ReviewEntry entry;
      entry.source_path = path;
      entry.error = e.message;
      entries.push_back(std::move(entry));
      continue;
    }
    std::string page = review_page_name(path, record.source.sha256);
    if (!write_file(fs::path(options.out) / page, html)) {
      spdlog::error("{}: write error", quote_name((fs::path(options.out) / page).string()));
      return 2;
    }
    entries.push_back(review_entry(record, page));
  }
  fs::path index = fs::path(options.out) / "index.html";
  if (!write_file(index, review_index_html(entries))) {
    spdlog::error("{}: write error", quote_name(index.string()));
    return 2;
  }
  if (options.quiet) return status;
  StdoutWriter out;
  out.line(index.string());
  return out.finish() ? status : 2;
}

}  // namespace jixiao::cli
