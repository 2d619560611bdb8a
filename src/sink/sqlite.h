// The embedded SQLite database of `jixiao ingest` / `jixiao export`.
//
// Schema version 1 (tables, one row per record of jixiao.document/1):
//   meta(key, value)                 schema_version, rules_version, jixiao_version
//   documents(id, path, sha256 UNIQUE, format, encoding, bytes, status 'ok'|'error', error_code,
//             error, warnings (JSON array), rules_version, imported_at)
//   reports(id, document_id, idx, year, kind, title, unit, project, supervisor)
//   figures(id, report_id, field, value, value_to, unit, yuan, quantity_kind, approx, comparator,
//           label, text, span_block, span_row, span_col, span_start, span_end, span_end_block, rule)
//   indicators(id, report_id, level1, level2, name, target, actual, weight, score, grp, note,
//              weight_text, score_text, span_block, span_row, span_col, span_start, span_end)
//   findings(id, document_id, report_idx, kind, severity, message, expected, expected_unit, rule,
//            evidence (JSON array of {text, span}))
//   records(document_id, json)       the document's jixiao.document/1 line, as `extract` prints it
// Views: findings_view (findings with path, unit, year, project), budget_vs_executed (per report).
//
// Every child row is deleted with its document (ON DELETE CASCADE), so replacing a document is one
// DELETE and the inserts, inside the caller's transaction.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "core/digest_set.h"
#include "core/error.h"
#include "core/records.h"

namespace jixiao {

inline constexpr int kSqliteSchemaVersion = 1;

class SqliteStore {
 public:
  // Opens (creating if needed) the database and its schema; WAL mode, a busy timeout, foreign
  // keys on. Refuses, without writing a byte, an existing file that is not a jixiao database
  // of this schema version (sink/sqlite_identity.h); an empty file is taken as a new one.
  static Result<SqliteStore> open(const std::string& path);
  // Opens an existing jixiao database for reading only (export), also in a directory this user
  // cannot write.
  static Result<SqliteStore> open_read_only(const std::string& path);

  SqliteStore(SqliteStore&&) noexcept;
  SqliteStore& operator=(SqliteStore&&) noexcept;
  ~SqliteStore();

  // The sha256 of every document imported without error (those with one are tried again).
  Result<DigestSet> imported_hashes();
  Result<bool> set_meta(const std::string& key, const std::string& value);
  std::string meta(const std::string& key);

  // The vocabulary's fields (name, kind, Chinese name) into the `fields` table, replacing it; the
  // view `figures_named` joins them to the figures. Call between begin() and commit().
  Result<bool> write_vocabulary(const class Vocabulary& vocabulary);

  Result<bool> begin();
  Result<bool> commit();
  void rollback();

  // Writes one document and all its rows; an existing document with the same sha256 (or, for a
  // file that could not be read at all, the same path and no hash) is replaced. `record_json` is
  // the record's jixiao.document/1 line. Call between begin() and commit().
  Result<bool> write_document(const DocumentRecord& record, const std::string& record_json,
                              const std::string& rules_version, const std::string& imported_at);

  sqlite3* handle() const;

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Current UTC time as ISO 8601 ("2025-01-31T08:00:00Z").
std::string utc_timestamp();

}  // namespace jixiao
