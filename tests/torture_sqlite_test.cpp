// Torture, issue 14 items 6 and 8: databases that are not ours, and ours where it cannot be
// written. `ingest --db` must refuse any existing file that is not a jixiao database and leave it
// byte for byte as it was (no tables added, no switch to WAL, no -wal or -shm left behind);
// `export` must read a WAL database in a read-only directory, or say what is wrong.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "sink/sqlite.h"
#include "support/csv_reader.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace {

namespace fs = std::filesystem;
using jixiao::testing::run_jixiao;
using jixiao::testing::RunOptions;
using jixiao::testing::ScratchDir;

const std::string kReport = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project_utf8.txt";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// Runs `sql` on the database at `path` (created when missing), as another program would.
void sql(const std::string& path, const std::string& statements) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, statements.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

// `jixiao ingest` into `db` fails, says `says`, and leaves the directory and the file as they were.
void expect_refused_untouched(const ScratchDir& scratch, const std::string& db, const std::string& says) {
  const std::string before = slurp(db);
  const std::set<std::string> files_before = names_in(scratch.path());
  auto r = run_jixiao({"ingest", "-q", kReport, "--db", db});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
  EXPECT_TRUE(slurp(db) == before) << db << " was modified";
  EXPECT_EQ(names_in(scratch.path()), files_before) << "files were added next to " << db;
  // The library says the same.
  auto opened = jixiao::SqliteStore::open(db);
  EXPECT_FALSE(opened.ok());
  EXPECT_TRUE(slurp(db) == before) << db << " was modified by SqliteStore::open";
}

TEST(TortureSqlite, ForeignDatabasesAreRefusedAndLeftByteIdentical) {
  ScratchDir scratch;
  // Another program's database, rollback journal (SQLite's default).
  const std::string shop = scratch / "shop.db";
  sql(shop,
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
      "INSERT INTO customers (name) VALUES ('张三'), ('李四');");
  expect_refused_untouched(scratch, shop, "not a jixiao database");

  // One with a meta table and even a schema_version key, as many programs have.
  const std::string app = scratch / "app.db";
  sql(app,
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
      "INSERT INTO meta VALUES ('schema_version', '1');"
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);");
  expect_refused_untouched(scratch, app, "not a jixiao database");

  // One in WAL mode already.
  const std::string wal = scratch / "wal.db";
  sql(wal, "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  expect_refused_untouched(scratch, wal, "not a jixiao database");

  // A file that is not a database at all.
  const std::string text = scratch.write("notes.sqlite", std::string(4096, 'x'));
  expect_refused_untouched(scratch, text, "not an SQLite database");
}

TEST(TortureSqlite, AFutureSchemaIsRefusedBeforeAnythingIsWritten) {
  ScratchDir scratch;
  const std::string db = scratch / "future.sqlite";
  ASSERT_EQ(run_jixiao({"ingest", "-q", kReport, "--db", db}).status, 0);
  // As a later jixiao would leave it; in rollback mode, so that a switch to WAL would show.
  sql(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'; PRAGMA journal_mode = DELETE;");
  expect_refused_untouched(scratch, db, "schema version 99");
}

TEST(TortureSqlite, NewAndEmptyFilesBecomeJixiaoDatabases) {
  ScratchDir scratch;
  const std::string empty = scratch.write("empty.sqlite", "");  // `touch` before the first import
  EXPECT_EQ(run_jixiao({"ingest", "-q", kReport, "--db", empty}).status, 0);
  const std::string fresh = scratch / "fresh.sqlite";
  EXPECT_EQ(run_jixiao({"ingest", "-q", kReport, "--db", fresh}).status, 0);
  // And a jixiao database is taken again (the second run skips the file).
  auto again = run_jixiao({"ingest", kReport, "--db", fresh});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("1 skipped: already imported"), std::string::npos) << again.out;
}

// Item 8: export from a WAL database in a directory the user cannot write.
TEST(TortureSqlite, ExportReadsAWalDatabaseInAReadOnlyDirectory) {
  ScratchDir scratch;
  const fs::path dir = scratch.path() / "archive";
  fs::create_directories(dir);
  const std::string db = (dir / "reports.sqlite").string();
  ASSERT_EQ(run_jixiao({"ingest", "-q", kReport, "--db", db}).status, 0);
  ASSERT_FALSE(fs::exists(db + "-wal"));  // a clean close checkpoints and removes it
  const fs::path out = scratch.path() / "out";
  fs::create_directories(out);
  fs::permissions(out, fs::perms::all);  // writable for the unprivileged user below
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const std::string before = slurp(db);

  RunOptions unprivileged;
  unprivileged.as_nobody = true;
  auto r = run_jixiao({"export", "--db", db, "--csv", (out / "csv").string()}, unprivileged);
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(r.status, 0) << r.err;
  auto documents = jixiao::testing::parse_csv(slurp(out / "csv" / "documents.csv").substr(3));
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[1][1], kReport);
  EXPECT_TRUE(slurp(db) == before);
  EXPECT_EQ(names_in(dir), std::set<std::string>{"reports.sqlite"});

  // A write-ahead log that still holds data (left by a writer that crashed) cannot be read without
  // its index (-shm), which SQLite cannot create here; reading the main file alone (immutable)
  // would silently miss the log. The export says what is wrong instead.
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
  {
    sqlite3* writer = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &writer), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(writer,
                           "PRAGMA wal_autocheckpoint = 0; UPDATE documents SET path = 'changed in the log'",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    fs::copy_file(db + "-wal", scratch.path() / "saved-wal");  // the log as a crash would leave it
    sqlite3_close(writer);                                     // checkpoints and removes the log
  }
  std::ofstream(db, std::ios::binary | std::ios::trunc) << before;  // the main file before the update
  fs::copy_file(scratch.path() / "saved-wal", db + "-wal");
  fs::permissions(dir, fs::perms::owner_write, fs::perm_options::remove);
  r = run_jixiao({"export", "--db", db, "--csv", (out / "csv2").string()}, unprivileged);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err.find("not a jixiao database"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("write-ahead log (" + db + "-wal) still holds data"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "csv2" / "documents.csv"));
  // With write access the same files export, the log's change included.
  r = run_jixiao({"export", "--db", db, "--csv", (out / "csv3").string()});
  ASSERT_EQ(r.status, 0) << r.err;
  documents = jixiao::testing::parse_csv(slurp(out / "csv3" / "documents.csv").substr(3));
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[1][1], "changed in the log");
}

}  // namespace
