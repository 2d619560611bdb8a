// `jixiao review FILE... --out DIR`: the HTML review pages (src/sink/html_review.h).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "core/deadline.h"
#include "pipeline/pipeline.h"
#include "rules/vocabulary.h"
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
  PipelineOptions pipeline_options;
  pipeline_options.rules_dir = common.rules_dir;
  pipeline_options.read.encoding = common.encoding;
  std::vector<Error> soft;
  auto pipeline = Pipeline::load(pipeline_options, &soft);
  for (const Error& e : soft) spdlog::warn("{} (rule skipped)", e.describe());
  if (!pipeline) {
    spdlog::error("{}", pipeline.error().describe());
    return 2;
  }
  auto vocabulary = Vocabulary::load(pipeline.value().rules_dir());
  if (!vocabulary) {
    spdlog::error("{}", vocabulary.error().describe());
    return 2;
  }
  std::error_code ec;
  fs::create_directories(options.out, ec);
  if (ec || !fs::is_directory(options.out)) {
    spdlog::error("{}: cannot create the directory{}", options.out, ec ? ": " + ec.message() : "");
    return 2;
  }
  int status = 0;
  std::vector<ReviewEntry> entries;
  for (const std::string& path : options.files) {
    Result<Document> doc = Error{};
    DocumentRecord record;
    {
      DeadlineScope budget(pipeline.value().read_options().limits.max_seconds_per_file);
      try {
        doc = read_document(path, pipeline.value().read_options());
      } catch (const DeadlineExceeded& e) {
        doc = Error{ErrorCode::limit_exceeded, e.what(), path};
      }
    }
    if (doc) record = pipeline.value().process_document(doc.value());
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
    if (!write_file(fs::path(options.out) / page, review_html(doc.value(), record, vocabulary.value()))) {
      spdlog::error("{}: write error", (fs::path(options.out) / page).string());
      return 2;
    }
    entries.push_back(review_entry(record, page));
  }
  fs::path index = fs::path(options.out) / "index.html";
  if (!write_file(index, review_index_html(entries))) {
    spdlog::error("{}: write error", index.string());
    return 2;
  }
  if (!options.quiet) std::printf("%s\n", index.string().c_str());
  return status;
}

}  // namespace jixiao::cli
