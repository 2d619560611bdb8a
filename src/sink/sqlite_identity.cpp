#include "sink/sqlite_identity.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <fstream>

namespace jixiao {
namespace {

Error refusal(const std::string& path, std::string message) {
  Error e;
  e.code = ErrorCode::io;
  e.path = path;
  e.message = std::move(message);
  return e;
}

// Size of the file at `path`, or -1 when it does not exist.
long long file_size(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : -1;
}

bool has_sqlite_header(const std::string& path) {
  char header[16] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(header, sizeof header) &&
         std::string(header, sizeof header) == std::string("SQLite format 3\0", 16);
}

// "file:/a/b%3Fc?immutable=1": a path as an SQLite URI (every byte outside the unreserved set
// percent-encoded, so '?', '#' and '%' in a name stay part of it).
std::string uri(const std::string& path, const char* query) {
  std::string out = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out + "?" + query;
}

sqlite3* open_read_only(const std::string& path, bool immutable, int* rc) {
  configure_sqlite_library();
  sqlite3* db = nullptr;
  *rc = immutable ? sqlite3_open_v2(uri(path, "immutable=1").c_str(), &db,
                                    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr)
                  : sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (*rc != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

// One text value of a one-row query; nothing when there is no row. *rc is the step's result.
std::optional<std::string> scalar(sqlite3* db, const char* sql, int* rc) {
  sqlite3_stmt* s = nullptr;
  *rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
  if (*rc != SQLITE_OK) return std::nullopt;
  std::optional<std::string> out;
  *rc = sqlite3_step(s);
  if (*rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(s, 0);
    out = text ? reinterpret_cast<const char*>(text) : "";
    *rc = SQLITE_OK;
  } else if (*rc == SQLITE_DONE) {
    *rc = SQLITE_OK;
  }
  sqlite3_finalize(s);
  return out;
}

// Nothing when the open database is a jixiao one of `schema_version` (or, with `allow_empty`, one
// with no tables at all); else why not. *rc is set when SQLite itself could not read the file.
std::optional<Error> identify(sqlite3* db, const std::string& path, int schema_version, bool allow_empty,
                              int* rc) {
  auto application_id = scalar(db, "PRAGMA application_id", rc);
  if (*rc != SQLITE_OK) return refusal(path, std::string("cannot read the database: ") + sqlite3_errmsg(db));
  auto tables = scalar(db, "SELECT group_concat(name, ', ') FROM sqlite_master WHERE type = 'table'", rc);
  if (*rc != SQLITE_OK) return refusal(path, std::string("cannot read the database: ") + sqlite3_errmsg(db));
  const bool ours_by_id = application_id == std::to_string(kJixiaoApplicationId);
  auto has_table = [&](const char* name) {
    int ignored = SQLITE_OK;
    std::string sql =
        std::string("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '") + name + "'";
    return scalar(db, sql.c_str(), &ignored).has_value();
  };
  const bool no_tables = !tables || tables->empty();
  if (allow_empty && no_tables && !ours_by_id && application_id == "0") return std::nullopt;
  int ignored = SQLITE_OK;
  std::optional<std::string> version =
      has_table("meta") ? scalar(db, "SELECT value FROM meta WHERE key = 'schema_version'", &ignored)
                        : std::nullopt;
  const bool ours_by_tables =
      application_id == "0" && version && has_table("documents") && has_table("records");
  if (!ours_by_id && !ours_by_tables) {
    std::string listed = tables ? *tables : "";
    if (listed.size() > 200) listed = listed.substr(0, 200) + "...";
    return refusal(path, "not a jixiao database: an SQLite database of another program (tables: " + listed +
                             "); refusing to change it (give --db a new file)");
  }
  // Marked ours but no version yet: another import is creating the schema this moment.
  if (!version && ours_by_id && allow_empty) return std::nullopt;
  if (!version || *version != std::to_string(schema_version))
    return refusal(path, "database schema version " + version.value_or("(none)") +
                             ", this jixiao writes version " + std::to_string(schema_version) +
                             " (use a new --db file)");
  return std::nullopt;
}

bool is_wal_mode(const std::string& path) {
  // Header bytes 18 and 19 (file format write / read version) are 2 in WAL mode.
  char header[20] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(header, sizeof header) && header[18] == 2 && header[19] == 2;
}

Result<sqlite3*> open_for_reading(const std::string& path, int schema_version, bool allow_empty);

}  // namespace

void configure_sqlite_library() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE once initialized: then a no-op
    return true;
  }();
  (void)configured;
}

std::optional<Error> refuse_unless_jixiao(const std::string& path, int schema_version) {
  if (file_size(path) <= 0) return std::nullopt;  // missing or empty: it becomes ours
  if (!has_sqlite_header(path))
    return refusal(
        path, "not an SQLite database: refusing to change it (give --db a new file or a jixiao database)");
  auto db = open_for_reading(path, schema_version, /*allow_empty=*/true);
  if (!db) return db.error();
  sqlite3_close(db.value());
  return std::nullopt;
}

Result<sqlite3*> open_jixiao_for_reading(const std::string& path, int schema_version) {
  return open_for_reading(path, schema_version, /*allow_empty=*/false);
}

namespace {

Result<sqlite3*> open_for_reading(const std::string& path, int schema_version, bool allow_empty) {
  if (file_size(path) < 0) return refusal(path, "no such database file");
  if (!has_sqlite_header(path)) return refusal(path, "not an SQLite database");
  // With no write-ahead log and no hot journal next to it, the main file is the whole database:
  // read it immutable, which needs no lock and no -shm, so nothing is created next to it.
  const bool side_files = file_size(path + "-wal") >= 0 || file_size(path + "-journal") >= 0;
  int rc = SQLITE_OK;
  sqlite3* db = open_read_only(path, !side_files, &rc);
  if (!db) return refusal(path, std::string("cannot open the database: ") + sqlite3_errstr(rc));
  std::optional<Error> refused = identify(db, path, schema_version, allow_empty, &rc);
  if (refused && (rc & 0xFF) == SQLITE_CANTOPEN && is_wal_mode(path)) {
    sqlite3_close(db);
    if (file_size(path + "-wal") > 0)
      return refusal(
          path,
          "a WAL database whose write-ahead log (" + path +
              "-wal) still holds data, in a directory this user cannot write: SQLite needs to create its "
              "index (-shm) there to read it. Export with write access to the directory, or from a copy of "
              "the database and its -wal file");
    db = open_read_only(path, true, &rc);  // an empty log holds nothing: the main file is all
    if (!db) return refusal(path, std::string("cannot open the database: ") + sqlite3_errstr(rc));
    refused = identify(db, path, schema_version, allow_empty, &rc);
  }
  if (refused) {
    sqlite3_close(db);
    return *refused;
  }
  return db;
}

}  // namespace
}  // namespace jixiao
