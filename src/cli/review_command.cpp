// `jixiao review FILE... --out DIR`: the HTML review pages (src/sink/html_review.h).
// `jixiao review --db r.sqlite --out DIR`: the same for every document of an ingest database, its
// file read again from the stored path (relative paths from the current directory) and used only
// when its sha256 is still the stored one; the page shows the stored record.
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "cli/commands.h"
#include "cli/stdout_writer.h"
#include "core/deadline.h"
#include "core/display_name.h"
#include "core/work_limits.h"
#include "core/sha256.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"
#include "sink/html_review.h"
#include "sink/json.h"
#include "sink/sqlite.h"

namespace jixiao::cli {
namespace {

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

// A document of an ingest database: what it was when imported (its record is read when its
// turn comes, so that the review never holds more than one record).
struct Stored {
  long long id = 0;
  std::string sha256, status, error;
};

// One input of the review: a file named on the command line, or a document of the database.
struct Source {
  std::string path;
  std::optional<Stored> stored;
};

std::string column(sqlite3_stmt* q, int i) {
  const unsigned char* t = sqlite3_column_text(q, i);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(q, i)) : std::string();
}

Result<std::vector<Source>> stored_sources(SqliteStore& store, const std::string& db_path) {
  sqlite3* db = store.handle();
  sqlite3_stmt* q = nullptr;
  const char* sql =
      "select id, path, coalesce(sha256, ''), status, coalesce(error, '') from documents order by path, id";
  if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) != SQLITE_OK)
    return Error{ErrorCode::io, std::string("cannot read the documents: ") + sqlite3_errmsg(db), db_path};
  std::vector<Source> out;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW)
    out.push_back(Source{column(q, 1), Stored{sqlite3_column_int64(q, 0), column(q, 2), column(q, 3), column(q, 4)}});
  sqlite3_finalize(q);
  if (rc != SQLITE_DONE)
    return Error{ErrorCode::io, std::string("cannot read the documents: ") + sqlite3_errmsg(db), db_path};
  return out;
}

// The stored jixiao.document/1 line of a document, "" when there is none.
std::string stored_record_json(SqliteStore& store, long long document_id) {
  sqlite3_stmt* q = nullptr;
  std::string json;
  if (sqlite3_prepare_v2(store.handle(), "select json from records where document_id = ?", -1, &q, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_int64(q, 1, document_id);
    if (sqlite3_step(q) == SQLITE_ROW) json = column(q, 0);
  }
  sqlite3_finalize(q);
  return json;
}

// The file of a stored document read again, if it is still the file that was imported: a file
// gone, unreadable or changed since (another sha256) is an error said on the index page, never
// shown beside findings that were made from other content.
Result<Document> read_stored(const Stored& stored, const std::string& path, const ReadOptions& read) {
  if (stored.status != "ok")
    return Error{ErrorCode::io, "导入时未能读取，数据库中没有它的记录：" + stored.error, path};
  auto bytes = read_file_bytes(path, read.limits);
  if (!bytes)
    return Error{ErrorCode::io, "文件已不在或无法读取（" + bytes.error().message + "），无法对照数据库中的记录", path};
  const std::string now = sha256_hex(bytes.value());
  if (now != stored.sha256)
    return Error{ErrorCode::io,
                 "文件导入后已改变（sha256 现为 " + now.substr(0, 12) + "…，数据库中为 " + stored.sha256.substr(0, 12) +
                     "…），未使用；请重新 jixiao ingest",
                 path};
  return read_document_bytes(bytes.value(), path, read);
}

}  // namespace

int run_review(const ReviewOptions& options, const CommonOptions& common) {
  namespace fs = std::filesystem;
  // The same rules as extract and check: a rule that does not load is an error unless --lenient.
  std::optional<Pipeline> pipeline = load_pipeline(common, /*run_checks=*/true, /*one_file_at_a_time=*/true);
  if (!pipeline) return 2;
  const ReadOptions& read = pipeline->read_options();
  std::vector<Source> sources;
  std::optional<SqliteStore> store;
  if (!options.db.empty()) {
    auto opened = SqliteStore::open_read_only(options.db);
    if (!opened) {
      spdlog::error("{}", opened.error().describe());
      return 2;
    }
    store.emplace(std::move(opened).value());
    auto stored = stored_sources(*store, options.db);
    if (!stored) {
      spdlog::error("{}", stored.error().describe());
      return 2;
    }
    sources = std::move(stored).value();
  } else {
    for (const std::string& path : options.files) sources.push_back(Source{path, std::nullopt});
  }
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
  for (const Source& source : sources) {
    const std::string& path = source.path;
    Result<Document> doc = Error{};
    DocumentRecord record;
    std::string html;
    try {
      {
        DeadlineScope budget(read.limits.max_seconds_per_file);
        try {
          doc = source.stored ? read_stored(*source.stored, path, read) : read_document(path, read);
        } catch (const DeadlineExceeded& e) {
          doc = Error{ErrorCode::limit_exceeded, e.what(), path};
        }
      }
      if (doc && source.stored) {
        // The record the database holds (its findings are the ones export --xlsx links to).
        auto parsed = document_record_from_json(stored_record_json(*store, source.stored->id));
        if (parsed)
          record = std::move(parsed).value();
        else
          record = pipeline->process_document(doc.value());
      } else if (doc) {
        record = pipeline->process_document(doc.value());
      }
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
