#include "sink/csv.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "sink/spreadsheet_safe.h"

namespace jixiao {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f && f != stdout) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

bool write_all(std::FILE* f, std::string_view s) {
  return std::fwrite(s.data(), 1, s.size(), f) == s.size();
}

// "write error: No space left on device", from errno right after the failed call.
std::string write_error() {
  return std::string("write error: ") + std::strerror(errno != 0 ? errno : EIO);
}

struct StatementCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Query = std::unique_ptr<sqlite3_stmt, StatementCloser>;

Query prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return Query();
  return Query(s);
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(s, i)) : std::string();
}

// A cell as a spreadsheet should see it: numbers as written (-3.5 stays a number), text made
// inert when a spreadsheet would run it as a formula (sink/spreadsheet_safe.h).
std::string column_cell(sqlite3_stmt* s, int i) {
  const int type = sqlite3_column_type(s, i);
  if (type == SQLITE_INTEGER || type == SQLITE_FLOAT || type == SQLITE_NULL) return column_text(s, i);
  return spreadsheet_safe_text(column_text(s, i));
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  line += "\r\n";
  return line;
}

Result<std::vector<CsvExport>> export_csv(SqliteStore& store, const std::string& dir, CsvHeaders headers) {
  namespace fs = std::filesystem;
  if (dir == "-")
    return io_error(dir, "--csv takes a directory for one file per table; '-' (stdout) cannot hold them");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error(dir, "cannot create the directory: " + ec.message());
  static const char* const kTables[] = {"meta",       "documents", "reports",       "figures",
                                        "indicators", "findings",  "findings_view", "budget_vs_executed"};
  std::vector<CsvExport> written;
  for (const char* table : kTables) {
    std::string order = std::string(table) == "meta"                 ? "key"
                        : std::string(table) == "budget_vs_executed" ? "report_id"
                                                                     : "id";
    Query q = prepare(store.handle(), std::string("SELECT * FROM ") + table + " ORDER BY " + order);
    if (!q) return io_error(dir, std::string("cannot read ") + table + ": " + sqlite3_errmsg(store.handle()));
    CsvExport item{table, (fs::path(dir) / (std::string(table) + ".csv")).string(), 0};
    File f(std::fopen(item.path.c_str(), "wb"));
    if (!f) return io_error(item.path, "cannot create the file");
    int columns = sqlite3_column_count(q.get());
    std::vector<std::string> fields(columns);
    for (int i = 0; i < columns; ++i)
      fields[i] = headers == CsvHeaders::zh ? csv_header_zh(table, sqlite3_column_name(q.get(), i))
                                            : sqlite3_column_name(q.get(), i);
    bool ok = write_all(f.get(), kUtf8Bom) && write_all(f.get(), csv_row(fields));
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      for (int i = 0; i < columns; ++i) fields[i] = column_cell(q.get(), i);
      ok = write_all(f.get(), csv_row(fields));
      ++item.rows;
    }
    if (!ok) return io_error(item.path, write_error());
    if (rc != SQLITE_DONE)
      return io_error(dir, std::string("cannot read ") + table + ": " + sqlite3_errmsg(store.handle()));
    if (std::fclose(f.release()) != 0) return io_error(item.path, write_error());
    written.push_back(std::move(item));
  }
  return written;
}

Result<long long> export_jsonl(SqliteStore& store, const std::string& out) {
  Query q =
      prepare(store.handle(),
              "SELECT r.json FROM records r JOIN documents d ON d.id = r.document_id ORDER BY d.path, d.id");
  if (!q) return io_error(out, std::string("cannot read the records: ") + sqlite3_errmsg(store.handle()));
  const std::string name = out == "-" ? "standard output" : out;  // for messages
  File f(out == "-" ? stdout : std::fopen(out.c_str(), "wb"));
  if (!f) return io_error(out, "cannot create the file");
  long long lines = 0;
  int rc = SQLITE_DONE;
  bool ok = true;
  while (ok && (rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    ok = write_all(f.get(), column_text(q.get(), 0)) && write_all(f.get(), "\n");
    ++lines;
  }
  if (!ok) return io_error(name, write_error());
  if (rc != SQLITE_DONE)
    return io_error(out, std::string("cannot read the records: ") + sqlite3_errmsg(store.handle()));
  if (out == "-") {
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) return io_error(name, write_error());
  } else if (std::fclose(f.release()) != 0) {
    return io_error(name, write_error());
  }
  return lines;
}

}  // namespace jixiao
