// Bulk import into SQLite (src/bulk, src/sink/sqlite, src/sink/csv) and the `ingest` / `export`
// commands: row counts against the pipeline run file by file, idempotence, --force, broken files,
// a SIGKILL in the middle of an import, and the CSV / JSONL exports.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bulk/importer.h"
#include "bulk/walk.h"
#include "pipeline/pipeline.h"
#include "rules/vocabulary.h"
#include "sink/csv.h"
#include "sink/json.h"
#include "sink/sqlite.h"
#include "support/csv_reader.h"
#include "support/shipped_pipeline.h"
#include "support/sqlite_rows.h"

namespace {

namespace fs = std::filesystem;
using namespace jixiao;

const fs::path kCorpus = fs::path(JIXIAO_SOURCE_DIR) / "corpus";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

using jixiao::testing::shipped_pipeline;

using jixiao::testing::rows;

long long count(const fs::path& db, const std::string& table) {
  auto r = rows(db, "SELECT count(*) FROM " + table);
  return r.empty() ? -1 : std::stoll(r[0]);
}

// Documents committed so far, or -1 while the database or its schema is not there yet.
long long committed_documents(const fs::path& db_path) {
  sqlite3* db = nullptr;
  long long n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM documents", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

int run_binary(const std::string& args) {
  int raw = std::system((std::string(JIXIAO_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

class Ingest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_ingest_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<IngestSummary> ingest(const std::vector<std::string>& roots, const fs::path& db, bool force = false,
                               int jobs = 2) {
    std::vector<Error> errors;
    auto files = collect_inputs(roots, WalkOptions{}, &errors);
    EXPECT_TRUE(errors.empty());
    IngestOptions options;
    options.db_path = db.string();
    options.force = force;
    options.jobs = jobs;
    return run_ingest(shipped_pipeline(), files, options);
  }

  fs::path dir_;
};

// The report files of corpus/: what the default globs take (README.md and the .tsv are not reports).
std::vector<std::string> corpus_reports() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kCorpus)) {
    auto ext = e.path().extension();
    if (ext == ".docx" || ext == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(IngestWalk, TakesReportsRecursivelyAndSkipsHiddenAndOfficeTempFiles) {
  fs::path dir = fs::temp_directory_path() / ("jixiao_walk_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "2023" / "deep");
  fs::create_directories(dir / ".git");
  for (const char* name : {"a.docx", "2023/b.TXT", "2023/deep/c.doc", "~$a.docx", ".hidden.txt", ".git/x.txt",
                           "notes.md", "2023/~WRL0001.tmp"})
    spit(dir / name, "x");
  std::vector<Error> errors;
  auto files = collect_inputs({dir.string(), (dir / "missing").string()}, WalkOptions{}, &errors);
  std::vector<std::string> expected = {(dir / "2023/b.TXT").string(), (dir / "2023/deep/c.doc").string(),
                                       (dir / "a.docx").string()};
  EXPECT_EQ(files.strings(), expected);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, (dir / "missing").string());

  WalkOptions md;
  md.globs = {"*.md", "2023/*.txt"};
  files = collect_inputs({dir.string(), (dir / "a.docx").string()}, md, nullptr);
  expected = {(dir / "2023/b.TXT").string(), (dir / "notes.md").string(), (dir / "a.docx").string()};
  EXPECT_EQ(files.strings(), expected);
  fs::remove_all(dir);
}

TEST_F(Ingest, CorpusRowCountsMatchThePipelineFileByFile) {
  auto files = corpus_reports();
  ASSERT_GE(files.size(), 9u) << "corpus/ has no reports";
  size_t reports = 0, figures = 0, indicators = 0, findings = 0, failed = 0;
  for (const std::string& f : files) {
    DocumentRecord r = shipped_pipeline().process_file(f);
    failed += r.error ? 1 : 0;
    reports += r.reports.size();
    findings += r.findings.size();
    for (const Report& rep : r.reports) {
      figures += rep.figures.size();
      indicators += rep.indicators.size();
    }
  }
  fs::path db = dir_ / "reports.sqlite";
  auto result = ingest({kCorpus.string()}, db);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  const IngestSummary& s = result.value();
  EXPECT_EQ(s.files, files.size());
  EXPECT_EQ(s.read, files.size());
  EXPECT_EQ(s.failed, failed);
  EXPECT_EQ(s.reports, reports);
  EXPECT_GT(reports, 0u);
  EXPECT_EQ(count(db, "documents"), static_cast<long long>(files.size()));
  EXPECT_EQ(count(db, "records"), static_cast<long long>(files.size()));
  EXPECT_EQ(count(db, "reports"), static_cast<long long>(reports));
  EXPECT_EQ(count(db, "figures"), static_cast<long long>(figures));
  EXPECT_EQ(count(db, "indicators"), static_cast<long long>(indicators));
  EXPECT_EQ(count(db, "findings"), static_cast<long long>(findings));
  EXPECT_EQ(rows(db, "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::vector<std::string>{std::to_string(kSqliteSchemaVersion)});
  EXPECT_EQ(rows(db, "SELECT value FROM meta WHERE key = 'rules_version'"),
            std::vector<std::string>{shipped_pipeline().rules_version()});
  // Every path is stored with the hash of its bytes.
  for (const std::string& f : files) {
    auto got = rows(db, "SELECT sha256 FROM documents WHERE path = '" + f + "'");
    ASSERT_EQ(got.size(), 1u) << f;
    EXPECT_EQ(got[0], shipped_pipeline().process_file(f).source.sha256) << f;
  }
  // The views answer: one budget_vs_executed row per report, findings_view one per finding.
  EXPECT_EQ(count(db, "budget_vs_executed"), static_cast<long long>(reports));
  EXPECT_EQ(count(db, "findings_view"), static_cast<long long>(findings));
  // The vocabulary is stored with them: every field of fields.toml, and each figure named by it.
  EXPECT_EQ(count(db, "fields"), static_cast<long long>(shipped_pipeline().vocabulary().fields().size()));
  EXPECT_EQ(rows(db, "SELECT label FROM fields WHERE name = 'funds.executed'"),
            std::vector<std::string>{"执行数"});
  EXPECT_EQ(count(db, "figures_named"), static_cast<long long>(figures));
  EXPECT_EQ(count(db, "figures_named WHERE field_label IS NULL"), 0);
}

TEST_F(Ingest, SecondRunSkipsEverythingAndForceReplacesWithoutDuplicates) {
  fs::path db = dir_ / "reports.sqlite";
  auto first = ingest({kCorpus.string()}, db);
  ASSERT_TRUE(first.ok()) << first.error().describe();
  const std::string content_query =
      "SELECT d.path, r.idx, f.field, f.value, f.unit, f.yuan, f.span_block, f.span_row, f.span_col, "
      "f.span_start"
      " FROM figures f JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id"
      " ORDER BY d.path, r.idx, f.id";
  auto figures_before = rows(db, content_query);
  auto ids_before = rows(db, "SELECT id FROM documents ORDER BY path");
  size_t ok_documents = first.value().imported;

  auto second = ingest({kCorpus.string()}, db);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().skipped, ok_documents);
  EXPECT_EQ(second.value().read, first.value().failed);  // only failures are tried again
  EXPECT_EQ(rows(db, content_query), figures_before);
  EXPECT_EQ(rows(db, "SELECT id FROM documents ORDER BY path"), ids_before);

  auto forced = ingest({kCorpus.string()}, db, /*force=*/true);
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced.value().skipped, 0u);
  EXPECT_EQ(forced.value().read, first.value().files);
  EXPECT_EQ(rows(db, content_query), figures_before);
  EXPECT_EQ(count(db, "documents"), static_cast<long long>(first.value().files));
  EXPECT_EQ(count(db, "reports"), static_cast<long long>(first.value().reports));
  EXPECT_NE(rows(db, "SELECT id FROM documents ORDER BY path"), ids_before) << "--force did not rewrite rows";
  // No orphans left by the replacement.
  EXPECT_EQ(count(db, "reports WHERE document_id NOT IN (SELECT id FROM documents)"), 0);
  EXPECT_EQ(count(db, "figures WHERE report_id NOT IN (SELECT id FROM reports)"), 0);
}

TEST_F(Ingest, BrokenFilesAreRecordedAndTheOthersImported) {
  fs::copy_file(kCorpus / "p01_roads_project_utf8.txt", dir_ / "good.txt");
  fs::copy_file(kCorpus / "p02_farmland_project.docx", dir_ / "good.docx");
  spit(dir_ / "empty.docx", "");
  spit(dir_ / "truncated.docx", slurp(kCorpus / "p02_farmland_project.docx").substr(0, 700));
  spit(dir_ / "legacy.doc", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
  fs::path db = dir_ / "reports.sqlite";
  auto result = ingest({dir_.string()}, db);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result.value().failed, 3u);
  EXPECT_EQ(result.value().imported, 2u);
  ASSERT_EQ(result.value().failures.size(), 3u);
  auto errors = rows(
      db, "SELECT path, error_code, error IS NOT NULL FROM documents WHERE status = 'error' ORDER BY path");
  std::vector<std::string> expected = {(dir_ / "empty.docx").string() + "|empty|1",
                                       (dir_ / "legacy.doc").string() + "|corrupt_file|1",
                                       (dir_ / "truncated.docx").string() + "|corrupt_zip|1"};
  EXPECT_EQ(errors, expected);
  EXPECT_GT(count(db, "reports"), 0);
  EXPECT_EQ(count(db, "reports r JOIN documents d ON d.id = r.document_id WHERE d.status = 'error'"), 0);

  // The command line: exit status 2 when a file failed, 0 when all went in.
  fs::path db2 = dir_ / "cli.sqlite";
  EXPECT_EQ(run_binary("ingest " + dir_.string() + " --db " + db2.string()), 2);
  EXPECT_EQ(count(db2, "documents WHERE status = 'ok'"), 2);
  fs::path clean = dir_ / "clean";
  fs::create_directories(clean);
  fs::copy_file(kCorpus / "p03_health_project.docx", clean / "p03.docx");
  EXPECT_EQ(run_binary("ingest " + clean.string() + " --db " + (dir_ / "clean.sqlite").string()), 0);
}

// A copy of a corpus file with different bytes (so a different sha256) and the same reports.
std::string distinct_copy(const fs::path& source, int n, const fs::path& target) {
  std::string bytes = slurp(source);
  if (source.extension() == ".docx") {
    spit(target, bytes);
    int err = 0;
    zip_t* z = zip_open(target.c_str(), 0, &err);
    if (!z) return "zip_open failed";
    std::string comment = "copy " + std::to_string(n);
    zip_set_archive_comment(z, comment.data(), static_cast<zip_uint16_t>(comment.size()));
    if (zip_close(z) != 0) return "zip_close failed";
    return "";
  }
  // Text: one more trailing line end per copy number does not change what is read.
  spit(target, bytes + std::string(static_cast<size_t>(n % 50 + 1), '\n') + std::string(n / 50, ' '));
  return "";
}

// Everything a document imported, by path (ids and timestamps left out).
std::map<std::string, std::vector<std::string>> content_by_path(const fs::path& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto add = [&](const std::string& sql) {
    for (const std::string& row : rows(db, sql)) out[row.substr(0, row.find('|'))].push_back(row);
  };
  add("SELECT path, sha256, format, encoding, bytes, status, error_code, error, warnings, rules_version"
      " FROM documents ORDER BY path");
  add("SELECT d.path, r.idx, r.year, r.kind, r.title, r.unit, r.project, r.supervisor FROM reports r"
      " JOIN documents d ON d.id = r.document_id ORDER BY d.path, r.idx");
  add("SELECT d.path, r.idx, f.field, f.value, f.value_to, f.unit, f.yuan, f.label, f.text, f.span_block,"
      " f.span_row, f.span_col, f.span_start, f.span_end, f.rule FROM figures f JOIN reports r ON r.id = "
      "f.report_id"
      " JOIN documents d ON d.id = r.document_id ORDER BY d.path, r.idx, f.id");
  add("SELECT d.path, r.idx, i.name, i.weight, i.score, i.grp FROM indicators i JOIN reports r ON r.id = "
      "i.report_id"
      " JOIN documents d ON d.id = r.document_id ORDER BY d.path, r.idx, i.id");
  add("SELECT d.path, f.report_idx, f.kind, f.severity, f.expected, f.evidence FROM findings f"
      " JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.id");
  add("SELECT d.path, length(r.json) FROM records r JOIN documents d ON d.id = r.document_id ORDER BY "
      "d.path");
  return out;
}

TEST_F(Ingest, KilledMidRunThenResumedGivesTheSameDatabase) {
  fs::path inputs = dir_ / "inputs";
  fs::create_directories(inputs);
  auto files = corpus_reports();
  ASSERT_FALSE(files.empty());
  constexpr int kCopies = 300;
  for (int n = 0; n < kCopies; ++n) {
    fs::path source = files[n % files.size()];
    fs::path target = inputs / (std::to_string(n) + "_" + source.filename().string());
    ASSERT_EQ(distinct_copy(source, n, target), "") << target;
  }
  fs::path whole = dir_ / "whole.sqlite";
  ASSERT_EQ(run_binary("ingest " + inputs.string() + " --db " + whole.string() + " --batch 8"), 0);
  auto expected = content_by_path(whole);
  ASSERT_EQ(expected.size(), static_cast<size_t>(kCopies)) << "copies that are not distinct";

  fs::path resumed = dir_ / "resumed.sqlite";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::string in = inputs.string(), db = resumed.string();
    execl(JIXIAO_BINARY, JIXIAO_BINARY, "ingest", in.c_str(), "--db", db.c_str(), "--batch", "8",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it as soon as some batches are committed, well before the end.
  long long committed = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if ((committed = committed_documents(resumed)) >= 16) break;
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import ended before it was killed (" << committed << " documents)";
  ASSERT_LT(committed, kCopies);

  // What survived the kill is whole: every document has exactly the rows of the full run.
  auto partial = content_by_path(resumed);
  EXPECT_GT(partial.size(), 0u);
  EXPECT_LT(partial.size(), static_cast<size_t>(kCopies));
  for (const auto& [path, content] : partial) EXPECT_EQ(content, expected[path]) << path;

  ASSERT_EQ(run_binary("ingest " + inputs.string() + " --db " + resumed.string()), 0);
  EXPECT_EQ(content_by_path(resumed), expected);
}

using jixiao::testing::parse_csv;

TEST(IngestCsv, QuotesFieldsWithCommasQuotesAndLineBreaks) {
  EXPECT_EQ(csv_field("plain 年初预算"), "plain 年初预算");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("说\"好\""), "\"说\"\"好\"\"\"");
  EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_row({"a", "", "b,c"}), "a,,\"b,c\"\r\n");
}

TEST_F(Ingest, ExportWritesCsvWithBomAndQuotingAndTheStoredJsonLines) {
  // File names with a comma, quotes and a line break travel into every CSV that shows paths.
  const std::string odd_name = "县,\"教育\"\n局.txt";
  fs::copy_file(kCorpus / "d01_education_department_utf8.txt", dir_ / odd_name);
  fs::copy_file(kCorpus / "m01_culture_projects.docx", dir_ / "m01.docx");
  fs::path db = dir_ / "reports.sqlite";
  auto result = ingest({dir_.string()}, db);
  ASSERT_TRUE(result.ok()) << result.error().describe();

  fs::path out = dir_ / "csv";
  ASSERT_EQ(run_binary("export --db " + db.string() + " --csv " + out.string() + " --jsonl " +
                       (dir_ / "all.jsonl").string()),
            0);
  for (const char* table : {"meta", "documents", "reports", "figures", "indicators", "findings",
                            "findings_view", "budget_vs_executed"}) {
    std::string text = slurp(out / (std::string(table) + ".csv"));
    ASSERT_EQ(text.substr(0, 3), std::string(kUtf8Bom)) << table;
    auto table_rows = parse_csv(text.substr(3));
    ASSERT_FALSE(table_rows.empty()) << table;
    EXPECT_EQ(static_cast<long long>(table_rows.size()) - 1, count(db, table)) << table;
    for (const auto& row : table_rows) EXPECT_EQ(row.size(), table_rows[0].size()) << table;
  }
  auto documents = parse_csv(slurp(out / "documents.csv").substr(3));
  ASSERT_EQ(documents.size(), 3u);
  EXPECT_EQ(documents[0][1], "path");
  std::set<std::string> paths = {documents[1][1], documents[2][1]};
  EXPECT_TRUE(paths.count((dir_ / odd_name).string())) << "the quoted path did not read back";

  // JSONL: the stored records, byte for byte what `extract` prints for the same files.
  std::string jsonl = slurp(dir_ / "all.jsonl");
  std::string expected;
  std::vector<std::string> sorted = {(dir_ / "m01.docx").string(), (dir_ / odd_name).string()};
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& p : sorted)
    expected += document_record_json(shipped_pipeline().process_file(p)) + "\n";
  EXPECT_EQ(jsonl, expected);
}

TEST_F(Ingest, RefusesAFileThatIsNotAJixiaoDatabase) {
  spit(dir_ / "not.sqlite", "this is a text file, not a database, and it is long enough to look like one...");
  auto result = ingest({(kCorpus / "p01_roads_project.docx").string()}, dir_ / "not.sqlite");
  EXPECT_FALSE(result.ok());
  EXPECT_NE(
      run_binary("export --db " + (dir_ / "missing.sqlite").string() + " --csv " + (dir_ / "x").string()), 0);
}

}  // namespace
