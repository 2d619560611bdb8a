#include "sink/sqlite.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "rules/vocabulary.h"
#include "sink/json.h"
#include "sink/sqlite_identity.h"

namespace jixiao {
namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT UNIQUE,
  format TEXT,
  encoding TEXT,
  bytes INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error_code TEXT,
  error TEXT,
  warnings TEXT,
  rules_version TEXT,
  imported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  year INTEGER,
  kind TEXT,
  title TEXT,
  unit TEXT,
  project TEXT,
  supervisor TEXT,
  UNIQUE (document_id, idx)
);
CREATE TABLE IF NOT EXISTS figures (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value REAL,
  value_to REAL,
  unit TEXT,
  yuan REAL,
  quantity_kind TEXT,
  approx TEXT,
  comparator TEXT,
  label TEXT,
  text TEXT,
  span_block INTEGER, span_row INTEGER, span_col INTEGER, span_start INTEGER, span_end INTEGER,
  span_end_block INTEGER,
  rule TEXT
);
CREATE TABLE IF NOT EXISTS indicators (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  level1 TEXT, level2 TEXT, name TEXT, target TEXT, actual TEXT,
  weight REAL, score REAL, grp INTEGER, note TEXT,
  weight_text TEXT, score_text TEXT,
  span_block INTEGER, span_row INTEGER, span_col INTEGER, span_start INTEGER, span_end INTEGER
);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  report_idx INTEGER,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT,
  expected REAL,
  expected_unit TEXT,
  rule TEXT,
  evidence TEXT
);
CREATE TABLE IF NOT EXISTS records (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id);
CREATE INDEX IF NOT EXISTS reports_unit_year ON reports(unit, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS figures_report ON figures(report_id);
CREATE INDEX IF NOT EXISTS figures_field ON figures(field);
CREATE INDEX IF NOT EXISTS indicators_report ON indicators(report_id);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id, report_idx);
CREATE INDEX IF NOT EXISTS findings_kind ON findings(kind);
CREATE INDEX IF NOT EXISTS findings_severity ON findings(severity);
-- The vocabulary the documents were read with (rules/fields.toml): each field's kind and Chinese
-- name, for views and for people reading the figures.
CREATE TABLE IF NOT EXISTS fields (name TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL);
CREATE VIEW IF NOT EXISTS figures_named AS
  SELECT f.*, fl.label AS field_label, fl.kind AS field_kind
  FROM figures f LEFT JOIN fields fl ON fl.name = f.field;
CREATE VIEW IF NOT EXISTS findings_view AS
  SELECT f.id, d.path, r.unit, r.year, r.project, r.kind AS report_kind, f.report_idx,
         f.kind, f.severity, f.message, f.expected, f.expected_unit, f.rule, f.evidence
  FROM findings f
  JOIN documents d ON d.id = f.document_id
  LEFT JOIN reports r ON r.document_id = f.document_id AND r.idx = f.report_idx;
CREATE VIEW IF NOT EXISTS budget_vs_executed AS
  SELECT report_id, path, year, unit, project, budget_initial_yuan, budget_full_year_yuan,
         executed_yuan, stated_rate,
         CASE WHEN COALESCE(budget_full_year_yuan, budget_initial_yuan) > 0 AND executed_yuan IS NOT NULL
              THEN ROUND(100.0 * executed_yuan / COALESCE(budget_full_year_yuan, budget_initial_yuan), 2)
         END AS computed_rate
  FROM (
    SELECT r.id AS report_id, d.path, r.year, r.unit, r.project,
      (SELECT yuan FROM figures WHERE report_id = r.id AND field = 'budget.initial' ORDER BY id LIMIT 1)
        AS budget_initial_yuan,
      (SELECT yuan FROM figures WHERE report_id = r.id AND field = 'budget.full_year' ORDER BY id LIMIT 1)
        AS budget_full_year_yuan,
      (SELECT yuan FROM figures WHERE report_id = r.id AND field = 'funds.executed' ORDER BY id LIMIT 1)
        AS executed_yuan,
      (SELECT value FROM figures WHERE report_id = r.id AND field = 'rate.execution' ORDER BY id LIMIT 1)
        AS stated_rate
    FROM reports r JOIN documents d ON d.id = r.document_id
  );
)SQL";

Error sql_error(sqlite3* db, const std::string& path, const std::string& what) {
  Error e;
  e.code = ErrorCode::io;
  e.path = path;
  e.message = what + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
  return e;
}

// A prepared statement with positional binding; reset after each step().
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  bool prepare(sqlite3* db, const char* sql) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK;
  }
  Statement& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Empty strings are stored as NULL where "not stated" is meant.
  Statement& bind_or_null(int i, const std::string& s) {
    if (s.empty()) return null(i);
    return bind(i, s);
  }
  Statement& bind(int i, long long v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
  Statement& bind(int i, const std::optional<double>& v) {
    if (!v) return null(i);
    sqlite3_bind_double(stmt_, i, *v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  // -1 in a span means "not in a table": NULL.
  Statement& bind_index(int i, int v) {
    if (v < 0) return null(i);
    return bind(i, v);
  }
  Statement& null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Runs to completion; returns the sqlite3 result code (SQLITE_DONE on success).
  int run() {
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc;
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

struct SqliteStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  Statement delete_by_sha, delete_by_path, insert_document, insert_report, insert_figure, insert_indicator,
      insert_finding, insert_record;

  // close_v2 waits for the statements (members, finalized after this body) before closing.
  ~Impl() { sqlite3_close_v2(db); }

  Result<bool> exec(const char* sql, const std::string& what) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      Error e;
      e.code = ErrorCode::io;
      e.path = path;
      e.message = what + ": " + (message ? message : "unknown error");
      sqlite3_free(message);
      return e;
    }
    return true;
  }

  Result<bool> prepare_writes() {
    struct {
      Statement* statement;
      const char* sql;
    } all[] = {
        {&delete_by_sha, "DELETE FROM documents WHERE sha256 = ?1"},
        {&delete_by_path, "DELETE FROM documents WHERE sha256 IS NULL AND path = ?1"},
        {&insert_document,
         "INSERT INTO documents (path, sha256, format, encoding, bytes, status, error_code, error, warnings,"
         " rules_version, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
        {&insert_report,
         "INSERT INTO reports (document_id, idx, year, kind, title, unit, project, supervisor)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
        {&insert_figure,
         "INSERT INTO figures (report_id, field, value, value_to, unit, yuan, quantity_kind, approx, "
         "comparator,"
         " label, text, span_block, span_row, span_col, span_start, span_end, span_end_block, rule)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"},
        {&insert_indicator,
         "INSERT INTO indicators (report_id, level1, level2, name, target, actual, weight, score, grp, note,"
         " weight_text, score_text, span_block, span_row, span_col, span_start, span_end)"
         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"},
        {&insert_finding,
         "INSERT INTO findings (document_id, report_idx, kind, severity, message, expected, expected_unit, "
         "rule,"
         " evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
        {&insert_record, "INSERT INTO records (document_id, json) VALUES (?1, ?2)"},
    };
    for (auto& s : all)
      if (!s.statement->prepare(db, s.sql)) return sql_error(db, path, "cannot prepare a statement");
    return true;
  }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::SqliteStore(SqliteStore&&) noexcept = default;
SqliteStore& SqliteStore::operator=(SqliteStore&&) noexcept = default;
SqliteStore::~SqliteStore() = default;
sqlite3* SqliteStore::handle() const {
  return impl_->db;
}

static Result<std::unique_ptr<SqliteStore::Impl>> open_connection(const std::string& path, int flags) {
  configure_sqlite_library();
  auto impl = std::make_unique<SqliteStore::Impl>();
  impl->path = path;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK)
    return sql_error(impl->db, path, "cannot open the database");
  sqlite3_busy_timeout(impl->db, 10000);
  sqlite3_extended_result_codes(impl->db, 1);
  return impl;
}

Result<SqliteStore> SqliteStore::open(const std::string& path) {
  // An existing file is inspected read-only first: nothing is written to one that is not ours
  // (another program's database, a future schema, not SQLite at all).
  if (std::optional<Error> refused = refuse_unless_jixiao(path, kSqliteSchemaVersion)) return *refused;
  // One thread at a time uses a store (the importer's writer; before and after it, the caller),
  // so the connection needs no mutex of its own: SQLite's locking of every call was 7% of
  // write_document's instructions (callgrind, 300 DOCX written in process).
  auto opened = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  if (!opened) return opened.error();
  auto impl = std::move(opened).value();
  // WAL: readers (sqlite3, export) are not blocked by the import; NORMAL sync is durable at each
  // checkpoint and never corrupts, which is the trade-off a bulk import wants.
  const std::string application_id = "PRAGMA application_id = " + std::to_string(kJixiaoApplicationId);
  for (auto [sql, what] : {std::pair{"PRAGMA journal_mode = WAL", "cannot switch to WAL mode"},
                           std::pair{"PRAGMA synchronous = NORMAL", "cannot set synchronous"},
                           std::pair{"PRAGMA foreign_keys = ON", "cannot enable foreign keys"},
                           std::pair{application_id.c_str(), "cannot mark the database as jixiao's"}}) {
    auto r = impl->exec(sql, what);
    if (!r) return r.error();
  }
  std::string version;
  {
    Statement s;
    if (s.prepare(impl->db, "SELECT value FROM meta WHERE key = 'schema_version'") &&
        sqlite3_step(s.get()) == SQLITE_ROW)
      version = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
  }
  if (!version.empty() && version != std::to_string(kSqliteSchemaVersion)) {
    // Another jixiao changed it since the check above.
    Error e;
    e.code = ErrorCode::io;
    e.path = path;
    e.message = "database schema version " + version + ", this jixiao writes version " +
                std::to_string(kSqliteSchemaVersion) + " (use a new --db file)";
    return e;
  }
  auto created = impl->exec(kSchema, "cannot create the schema");
  if (!created) return created.error();
  if (version.empty()) {
    auto r = impl->exec(("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '" +
                         std::to_string(kSqliteSchemaVersion) + "')")
                            .c_str(),
                        "cannot write the schema version");
    if (!r) return r.error();
  }
  auto prepared = impl->prepare_writes();
  if (!prepared) return prepared.error();
  return SqliteStore(std::move(impl));
}

Result<SqliteStore> SqliteStore::open_read_only(const std::string& path) {
  auto db = open_jixiao_for_reading(path, kSqliteSchemaVersion);
  if (!db) return db.error();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = db.value();
  return SqliteStore(std::move(impl));
}

Result<DigestSet> SqliteStore::imported_hashes() {
  DigestSet out;
  Statement s;
  if (!s.prepare(impl_->db, "SELECT sha256 FROM documents WHERE sha256 IS NOT NULL AND status = 'ok'"))
    return sql_error(impl_->db, impl_->path, "cannot read the documents");
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW)
    out.insert(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
  if (rc != SQLITE_DONE) return sql_error(impl_->db, impl_->path, "cannot read the documents");
  return out;
}

Result<bool> SqliteStore::set_meta(const std::string& key, const std::string& value) {
  Statement s;
  if (!s.prepare(impl_->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"))
    return sql_error(impl_->db, impl_->path, "cannot write meta");
  if (s.bind(1, key).bind(2, value).run() != SQLITE_DONE)
    return sql_error(impl_->db, impl_->path, "cannot write meta");
  return true;
}

Result<bool> SqliteStore::write_vocabulary(const Vocabulary& vocabulary) {
  if (auto r = impl_->exec("DELETE FROM fields", "cannot write the fields table"); !r) return r;
  Statement s;
  if (!s.prepare(impl_->db, "INSERT INTO fields (name, kind, label) VALUES (?1, ?2, ?3)"))
    return sql_error(impl_->db, impl_->path, "cannot write the fields table");
  for (const FieldInfo& field : vocabulary.fields()) {
    if (s.bind(1, field.name).bind(2, field.kind).bind(3, field.label).run() != SQLITE_DONE)
      return sql_error(impl_->db, impl_->path, "cannot write the fields table");
  }
  return true;
}

std::string SqliteStore::meta(const std::string& key) {
  Statement s;
  if (!s.prepare(impl_->db, "SELECT value FROM meta WHERE key = ?1")) return {};
  s.bind(1, key);
  if (sqlite3_step(s.get()) != SQLITE_ROW || sqlite3_column_type(s.get(), 0) == SQLITE_NULL) return {};
  return reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
}

Result<bool> SqliteStore::begin() {
  return impl_->exec("BEGIN IMMEDIATE", "cannot begin a transaction");
}
Result<bool> SqliteStore::commit() {
  return impl_->exec("COMMIT", "cannot commit");
}
void SqliteStore::rollback() {
  sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<bool> SqliteStore::write_document(const DocumentRecord& record, const std::string& record_json,
                                         const std::string& rules_version, const std::string& imported_at) {
  Impl& m = *impl_;
  auto fail = [&](const std::string& what) {
    Error e = sql_error(m.db, m.path, what);
    e.message += " (" + record.source.path + ")";
    return Result<bool>(std::move(e));
  };
  const SourceInfo& src = record.source;
  int rc = src.sha256.empty() ? m.delete_by_path.bind(1, src.path).run()
                              : m.delete_by_sha.bind(1, src.sha256).run();
  if (rc != SQLITE_DONE) return fail("cannot replace the previous import");

  nlohmann::json warnings = record.warnings;
  Statement& doc = m.insert_document;
  doc.bind(1, src.path).bind_or_null(2, src.sha256).bind_or_null(3, src.format).bind_or_null(4, src.encoding);
  doc.bind(5, src.bytes).bind(6, std::string(record.error ? "error" : "ok"));
  if (record.error) {
    doc.bind(7, std::string(to_string(record.error->code))).bind(8, record.error->message);
  } else {
    doc.null(7).null(8);
  }
  if (record.warnings.empty())
    doc.null(9);
  else
    doc.bind(9, warnings.dump());
  doc.bind(10, rules_version).bind(11, imported_at);
  if (doc.run() != SQLITE_DONE) return fail("cannot insert the document");
  long long document_id = sqlite3_last_insert_rowid(m.db);

  for (const Report& report : record.reports) {
    const ReportMeta& meta = report.meta;
    Statement& r = m.insert_report;
    r.bind(1, document_id).bind(2, report.index);
    if (meta.year)
      r.bind(3, *meta.year);
    else
      r.null(3);
    r.bind(4, meta.kind).bind_or_null(5, meta.title).bind_or_null(6, meta.unit).bind_or_null(7, meta.project);
    r.bind_or_null(8, meta.supervisor);
    if (r.run() != SQLITE_DONE) return fail("cannot insert a report");
    long long report_id = sqlite3_last_insert_rowid(m.db);

    for (const Figure& f : report.figures) {
      const Quantity& q = f.quantity;
      Statement& s = m.insert_figure;
      s.bind(1, report_id)
          .bind(2, f.field)
          .bind(3, q.value)
          .bind(4, q.to)
          .bind_or_null(5, q.unit)
          .bind(6, q.yuan);
      s.bind(7, std::string(to_string(q.kind))).bind_or_null(8, q.approx).bind_or_null(9, q.comparator);
      s.bind_or_null(10, f.label).bind_or_null(11, f.text);
      s.bind_index(12, f.span.block).bind_index(13, f.span.row).bind_index(14, f.span.col);
      s.bind(15, f.span.start).bind(16, f.span.end).bind_index(17, f.span.end_block).bind_or_null(18, f.rule);
      if (s.run() != SQLITE_DONE) return fail("cannot insert a figure");
    }
    for (const Indicator& i : report.indicators) {
      Statement& s = m.insert_indicator;
      s.bind(1, report_id).bind_or_null(2, i.level1).bind_or_null(3, i.level2).bind_or_null(4, i.name);
      s.bind_or_null(5, i.target)
          .bind_or_null(6, i.actual)
          .bind(7, i.weight)
          .bind(8, i.score)
          .bind(9, i.group);
      s.bind_or_null(10, i.note).bind_or_null(11, i.weight_text).bind_or_null(12, i.score_text);
      s.bind_index(13, i.span.block).bind_index(14, i.span.row).bind_index(15, i.span.col);
      s.bind(16, i.span.start).bind(17, i.span.end);
      if (s.run() != SQLITE_DONE) return fail("cannot insert an indicator");
    }
  }

  for (const Finding& f : record.findings) {
    Statement& s = m.insert_finding;
    s.bind(1, document_id).bind(2, f.report).bind(3, f.kind).bind(4, f.severity).bind_or_null(5, f.message);
    s.bind(6, f.expected)
        .bind_or_null(7, f.expected_unit)
        .bind_or_null(8, f.rule)
        .bind(9, evidence_json(f.evidence));
    if (s.run() != SQLITE_DONE) return fail("cannot insert a finding");
  }

  if (m.insert_record.bind(1, document_id).bind(2, record_json).run() != SQLITE_DONE)
    return fail("cannot insert the record");
  return true;
}

std::string utc_timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace jixiao
