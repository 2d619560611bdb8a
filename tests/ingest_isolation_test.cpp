// `jixiao ingest` with extraction in worker processes (src/bulk/worker.h): a file that crashes its
// worker or hangs in it costs that file only. The faults are injected with JIXIAO_WORKER_FAULT, the
// worker's test-only hook. Also: the worker path gives the same database as the in-process one,
// every child is reaped, and workers do not outlive a killed parent.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bulk/importer.h"
#include "bulk/walk.h"
#include "bulk/worker.h"
#include "core/binary_form.h"
#include "pipeline/pipeline.h"
#include "sink/json.h"
#include "support/sqlite_rows.h"

namespace {

namespace fs = std::filesystem;
using namespace jixiao;
using Clock = std::chrono::steady_clock;

const fs::path kSource = JIXIAO_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

Pipeline load_pipeline(const fs::path& rules) {
  PipelineOptions options;
  options.rules_dir = rules.string();
  auto p = Pipeline::load(options, nullptr);
  if (!p) {
    ADD_FAILURE() << p.error().describe();
    std::abort();
  }
  return std::move(p).value();
}

const Pipeline& pipeline() {
  static const Pipeline* loaded = new Pipeline(load_pipeline(kSource / "rules"));
  return *loaded;
}

using jixiao::testing::rows;

long long count(const fs::path& db, const std::string& from_where) {
  auto r = rows(db, "SELECT count(*) FROM " + from_where);
  return r.empty() ? -1 : std::stoll(r[0]);
}

// Every column a document puts in the database (ids and timestamps left out), in a stable order.
std::vector<std::string> content(const fs::path& db) {
  std::vector<std::string> out;
  for (const char* sql :
       {"SELECT path, sha256, format, encoding, bytes, status, error_code, error, warnings, rules_version"
        " FROM documents ORDER BY path",
        "SELECT d.path, r.idx, r.year, r.kind, r.title, r.unit, r.project, r.supervisor FROM reports r"
        " JOIN documents d ON d.id = r.document_id ORDER BY d.path, r.idx",
        "SELECT d.path, r.idx, f.field, f.value, f.value_to, f.unit, f.yuan, f.quantity_kind, f.approx,"
        " f.comparator, f.label, f.text, f.span_block, f.span_row, f.span_col, f.span_start, f.span_end,"
        " f.span_end_block, f.rule FROM figures f JOIN reports r ON r.id = f.report_id"
        " JOIN documents d ON d.id = r.document_id ORDER BY d.path, r.idx, f.id",
        "SELECT d.path, r.idx, i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.grp,"
        " i.note, i.weight_text, i.score_text, i.span_block, i.span_row, i.span_col, i.span_start, i.span_end"
        " FROM indicators i JOIN reports r ON r.id = i.report_id JOIN documents d ON d.id = r.document_id"
        " ORDER BY d.path, r.idx, i.id",
        "SELECT d.path, f.report_idx, f.kind, f.severity, f.message, f.expected, f.expected_unit, f.rule,"
        " f.evidence FROM findings f JOIN documents d ON d.id = f.document_id ORDER BY d.path, f.id",
        "SELECT d.path, r.json FROM records r JOIN documents d ON d.id = r.document_id ORDER BY d.path"})
    for (std::string& row : rows(db, sql)) out.push_back(std::move(row));
  return out;
}

// Documents committed so far, or -1 while the database or its schema is not there yet (no failure).
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

// Pids whose parent is `parent` (from /proc), with their state letter ('Z': zombie).
std::map<pid_t, char> children_of(pid_t parent) {
  std::map<pid_t, char> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = slurp(e.path() / "stat");
    size_t paren = stat.rfind(')');  // the command name may hold spaces and parentheses
    if (paren == std::string::npos) continue;
    std::istringstream rest(stat.substr(paren + 1));
    char state = 0;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out[static_cast<pid_t>(std::stol(name))] = state;
  }
  return out;
}

// Alive: not gone and not a zombie.
bool alive(pid_t pid) {
  std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

// The command line with `env` before it (VAR=value ...), its exit status; output discarded.
int run_cli(const std::string& env, const std::string& args) {
  std::string command = env + " " + JIXIAO_BINARY + " " + args + " >/dev/null 2>&1";
  int raw = std::system(command.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string report_path() {
  return (kSource / "corpus/p01_roads_project.docx").string();
}

class IngestIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jixiao_isolation_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    for (const auto& e : fs::directory_iterator(kSource / "corpus")) {
      auto ext = e.path().extension();
      if (ext == ".docx" || ext == ".txt") {
        fs::copy_file(e.path(), dir_ / "in" / e.path().filename());
        ++reports_;
      }
    }
    ASSERT_GE(reports_, 27);
  }
  void TearDown() override {
    // Whatever happened, this process has no worker left, running or unreaped.
    EXPECT_EQ(children_of(::getpid()).size(), 0u) << "a child process was left behind";
    fs::remove_all(dir_);
  }

  // A copy of a corpus report under `name` with a trailing line end more, so a sha256 of its own.
  void add_faulty(const std::string& name) {
    spit(dir_ / "in" / name, slurp(kSource / "corpus/p01_roads_project_utf8.txt") + "\n");
  }

  Result<IngestSummary> ingest(const fs::path& db, const std::string& worker, int jobs = 2) {
    std::vector<Error> errors;
    auto files = collect_inputs({(dir_ / "in").string()}, WalkOptions{}, &errors);
    EXPECT_TRUE(errors.empty());
    IngestOptions options;
    options.db_path = db.string();
    options.jobs = jobs;
    options.worker_executable = worker;
    return run_ingest(pipeline(), files, options);
  }

  fs::path dir_;
  int reports_ = 0;
};

TEST_F(IngestIsolation, ACrashingFileIsRecordedAndEveryOtherFileImported) {
  add_faulty("zz_crash_me.txt");
  fs::path db = dir_ / "crash.sqlite";
  // The CLI runs workers by default: the fault fires, the import goes on, the exit status says so.
  EXPECT_EQ(run_cli("JIXIAO_WORKER_FAULT=crash:crash_me",
                    "ingest " + (dir_ / "in").string() + " --db " + db.string() + " -j 2"),
            2);
  EXPECT_EQ(count(db, "documents WHERE status = 'ok'"), reports_);
  auto crashed = rows(db, "SELECT path, error_code, error FROM documents WHERE status = 'error'");
  ASSERT_EQ(crashed.size(), 1u);
  EXPECT_EQ(crashed[0], (dir_ / "in/zz_crash_me.txt").string() +
                            "|crashed|the worker processing this file was killed by signal 6 (SIGABRT); the "
                            "file was skipped");
  EXPECT_EQ(count(db, "records"), reports_ + 1);

  // The next run (no fault) skips what was imported and retries the crashed file only.
  auto again = ingest(db, JIXIAO_BINARY);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again.value().skipped, static_cast<size_t>(reports_));
  EXPECT_EQ(again.value().read, 1u);
  EXPECT_EQ(again.value().imported, 1u);
  EXPECT_EQ(again.value().failed, 0u);
  EXPECT_EQ(count(db, "documents WHERE status = 'ok'"), reports_ + 1);
  EXPECT_EQ(count(db, "documents"), reports_ + 1) << "the crash record was not replaced";

  // --in-process extracts in threads: the worker's fault hook never runs.
  EXPECT_EQ(run_cli("JIXIAO_WORKER_FAULT=crash:crash_me", "ingest --in-process " + (dir_ / "in").string() +
                                                              " --db " + (dir_ / "threads.sqlite").string()),
            0);
}

// A reply whose record does not read back (here one byte too many) costs that file only: it is
// recorded as an internal error, its worker replaced, and every other file imported.
TEST_F(IngestIsolation, AnUnreadableReplyIsRecordedAndTheImportGoesOn) {
  add_faulty("zz_garble_me.txt");
  fs::path db = dir_ / "garbled.sqlite";
  EXPECT_EQ(run_cli("JIXIAO_WORKER_FAULT=garble:garble_me",
                    "ingest " + (dir_ / "in").string() + " --db " + db.string() + " -j 2"),
            2);
  EXPECT_EQ(count(db, "documents WHERE status = 'ok'"), reports_);
  auto failed = rows(db, "SELECT path, error_code, error FROM documents WHERE status = 'error'");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0], (dir_ / "in/zz_garble_me.txt").string() +
                           "|internal|the worker's reply could not be read: the worker's record cannot be "
                           "read: it has bytes left over");
}

TEST_F(IngestIsolation, AHangingFileIsKilledAfterItsTimeBudget) {
  // A rule directory whose limits.toml gives one second per file.
  fs::path rules = dir_ / "rules";
  fs::copy(kSource / "rules", rules);
  std::string limits = slurp(rules / "limits.toml");
  size_t key = limits.find("\nmax_seconds_per_file = ");
  ASSERT_NE(key, std::string::npos);
  limits.replace(key, limits.find('\n', key + 1) - key, "\nmax_seconds_per_file = 1");
  ASSERT_NE(limits.find("\nmax_seconds_per_file = 1\n"), std::string::npos);
  spit(rules / "limits.toml", limits);
  add_faulty("zz_hang_me.txt");

  fs::path db = dir_ / "hang.sqlite";
  auto started = Clock::now();
  EXPECT_EQ(run_cli("JIXIAO_WORKER_FAULT=hang:hang_me", "ingest " + (dir_ / "in").string() + " --db " +
                                                            db.string() + " -j 2 --rules " + rules.string()),
            2);
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  // Killed at 1 s + 5 s grace; the rest of the corpus goes on in the other worker meanwhile.
  EXPECT_GE(seconds, 6.0);
  EXPECT_LT(seconds, 60.0);
  EXPECT_EQ(count(db, "documents WHERE status = 'ok'"), reports_);
  auto hung = rows(db, "SELECT path, error_code, error FROM documents WHERE status = 'error'");
  ASSERT_EQ(hung.size(), 1u);
  EXPECT_EQ(hung[0],
            (dir_ / "in/zz_hang_me.txt").string() +
                "|limit_exceeded|time per file exceeded: no result after 6 s (max_seconds_per_file = "
                "1, plus 5 s grace); the worker was killed");
}

TEST_F(IngestIsolation, WorkersGiveTheSameDatabaseAsThreads) {
  fs::path threads = dir_ / "threads.sqlite", workers = dir_ / "workers.sqlite";
  auto a = ingest(threads, "");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  auto b = ingest(workers, JIXIAO_BINARY);
  ASSERT_TRUE(b.ok()) << b.error().describe();
  EXPECT_EQ(b.value().imported, static_cast<size_t>(reports_));
  EXPECT_EQ(b.value().figures, a.value().figures);
  auto expected = content(threads);
  ASSERT_GT(expected.size(), static_cast<size_t>(reports_) * 3);
  auto got = content(workers);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]);
  // Unrounded yuan and quantity kinds travel in the record's bytes (jixiao.document/1 leaves them out).
  EXPECT_GT(count(workers, "figures WHERE quantity_kind = 'money'"), 100);
  EXPECT_GT(count(workers, "indicators WHERE weight_text IS NOT NULL"), 100);
}

// A thread keeps two files with its worker. One that kills its worker, or whose reply does not
// read back, costs itself only: the file sent behind it goes to the next worker and is imported
// as itself, not given the failed file's reply.
TEST_F(IngestIsolation, TheFileSentBehindAFailingOneGoesToTheNextWorker) {
  fs::path threads = dir_ / "threads.sqlite", workers = dir_ / "workers.sqlite";
  auto clean = ingest(threads, "");
  ASSERT_TRUE(clean.ok()) << clean.error().describe();
  // First and in the middle of the sorted list, so that each has a file sent behind it.
  add_faulty("a_crash_me.txt");
  spit(dir_ / "in/m_garble_me.txt", slurp(kSource / "corpus/p01_roads_project_utf8.txt") + "\n\n");
  EXPECT_EQ(run_cli("JIXIAO_WORKER_FAULT='crash:crash_me;garble:garble_me'",
                    "ingest " + (dir_ / "in").string() + " --db " + workers.string() + " -j 1"),
            2);
  EXPECT_EQ(rows(workers, "SELECT path, error_code FROM documents WHERE status = 'error' ORDER BY path"),
            (std::vector<std::string>{(dir_ / "in/a_crash_me.txt").string() + "|crashed",
                                      (dir_ / "in/m_garble_me.txt").string() + "|internal"}));
  std::vector<std::string> got;
  for (std::string& row : content(workers))
    if (row.find("_me.txt|") == std::string::npos) got.push_back(std::move(row));
  EXPECT_EQ(got, content(threads));
}

TEST_F(IngestIsolation, AWorkerThatCannotStartFailsTheRun) {
  auto missing = ingest(dir_ / "a.sqlite", (dir_ / "no-such-binary").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot start an ingest worker process"), std::string::npos)
      << missing.error().message;
  // A program that exits at once is not a worker either (and must not be restarted forever).
  auto not_a_worker = ingest(dir_ / "b.sqlite", "/bin/true");
  ASSERT_FALSE(not_a_worker.ok());
  EXPECT_NE(not_a_worker.error().message.find("exited with status 0 before it was ready"), std::string::npos)
      << not_a_worker.error().message;
}

// The record line a worker's reply stands for (the parent writes it from the record's bytes).
std::string line_of(const WorkerOutcome& reply) {
  auto record = record_from_binary(reply.record_binary);
  EXPECT_TRUE(record.ok()) << record.error().describe();
  return record.ok() ? document_record_json(record.value()) : std::string();
}

// The worker processes directly: a reply, a crash, a hang, and a path that cannot be read.
TEST_F(IngestIsolation, WorkerProcessOutcomes) {
  WorkerCommand command;
  command.executable = JIXIAO_BINARY;
  command.rules_dir = (kSource / "rules").string();
  command.rules_version = pipeline().rules_version();
  const std::string report = (kSource / "corpus/p02_farmland_project.docx").string();

  ::setenv("JIXIAO_WORKER_FAULT", "hang:hang_me", 1);  // read by the worker when it starts
  auto started = WorkerProcess::start(command);
  ::unsetenv("JIXIAO_WORKER_FAULT");
  ASSERT_TRUE(started.ok()) << started.error().describe();
  std::unique_ptr<WorkerProcess> worker = std::move(started).value();
  WorkerOutcome ok = worker->process(report, 0);
  ASSERT_EQ(ok.kind, WorkerOutcome::Kind::ok);
  EXPECT_EQ(line_of(ok), document_record_json(pipeline().process_file(report)));
  // The parent's size and hash of the file stand for the worker's own while the size holds (the
  // worker does not hash again); a file whose size changed since is hashed again.
  const FileDigest digest = digest_file(report, ReadLimits{}).value();
  FileDigest taken = digest;
  taken.sha256 = std::string(64, 'a');
  WorkerOutcome trusted = worker->process(report, 0, 0, &taken);
  ASSERT_EQ(trusted.kind, WorkerOutcome::Kind::ok);
  EXPECT_EQ(record_from_binary(trusted.record_binary).value().source.sha256, taken.sha256);
  taken.bytes += 1;
  WorkerOutcome rehashed = worker->process(report, 0, 0, &taken);
  ASSERT_EQ(rehashed.kind, WorkerOutcome::Kind::ok);
  EXPECT_EQ(record_from_binary(rehashed.record_binary).value().source.sha256, digest.sha256);
  WorkerOutcome unreadable = worker->process((dir_ / "missing.docx").string(), 0);
  ASSERT_EQ(unreadable.kind, WorkerOutcome::Kind::ok);
  auto record = record_from_binary(unreadable.record_binary);
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(record.value().error);
  EXPECT_EQ(record.value().error->code, ErrorCode::io);
  // A path with a newline and bytes that are not UTF-8 travels whole (length-prefixed).
  const std::string odd = (dir_ / "in" / "a\nb\xB1.txt").string();
  spit(odd, slurp(kSource / "corpus/p01_roads_project_utf8.txt"));
  WorkerOutcome odd_reply = worker->process(odd, 0);
  ASSERT_EQ(odd_reply.kind, WorkerOutcome::Kind::ok);
  EXPECT_EQ(line_of(odd_reply), document_record_json(pipeline().process_file(odd)));

  // Paths sent ahead are answered in order, each with its own record.
  ASSERT_TRUE(worker->send(report, nullptr));
  ASSERT_TRUE(worker->send(odd, nullptr));
  EXPECT_EQ(worker->unanswered(), 2u);
  WorkerOutcome first = worker->receive(0), second = worker->receive(0);
  EXPECT_EQ(worker->unanswered(), 0u);
  ASSERT_EQ(first.kind, WorkerOutcome::Kind::ok);
  ASSERT_EQ(second.kind, WorkerOutcome::Kind::ok);
  EXPECT_EQ(first.record_binary, ok.record_binary);
  EXPECT_EQ(second.record_binary, odd_reply.record_binary);

  auto hang_started = Clock::now();
  WorkerOutcome hung = worker->process((dir_ / "hang_me.txt").string(), 0.5);
  EXPECT_EQ(hung.kind, WorkerOutcome::Kind::timed_out);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - hang_started).count(), 10.0);
  EXPECT_FALSE(worker->alive());
  EXPECT_EQ(worker->process(report, 0).kind, WorkerOutcome::Kind::lost);

  ::setenv("JIXIAO_WORKER_FAULT", "crash:crash_me", 1);
  started = WorkerProcess::start(command);
  ::unsetenv("JIXIAO_WORKER_FAULT");
  ASSERT_TRUE(started.ok()) << started.error().describe();
  worker = std::move(started).value();
  // A path sent behind one that kills the worker: the crash is the first path's, and the worker
  // is gone with the second unanswered (the caller sends it elsewhere).
  EXPECT_TRUE(worker->send((dir_ / "crash_me.txt").string(), nullptr));
  worker->send(report, nullptr);  // true, or false when the worker died already
  WorkerOutcome crashed = worker->receive(0);
  EXPECT_EQ(crashed.kind, WorkerOutcome::Kind::crashed);
  EXPECT_EQ(crashed.what, "was killed by signal 6 (SIGABRT)");
  EXPECT_FALSE(worker->alive());
  EXPECT_EQ(worker->unanswered(), 0u);
  EXPECT_EQ(worker->receive(0).kind, WorkerOutcome::Kind::lost);

  // Another rules version than the parent's is refused at start.
  const std::string loaded = command.rules_version;
  command.rules_version = "other";
  auto mismatched = WorkerProcess::start(command);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.error().message.find("loaded rules"), std::string::npos) << mismatched.error().message;

  // Spawned ahead (the CLI does so before it loads its own rules), a worker is checked when first
  // used; one never used is killed at once, not waited for.
  auto ahead = WorkerProcess::spawn(command);
  ASSERT_TRUE(ahead.ok()) << ahead.error().describe();
  std::optional<Error> refused = ahead.value()->wait_until_ready("other than " + loaded);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->message.find("loaded rules " + loaded), std::string::npos) << refused->message;
  EXPECT_FALSE(ahead.value()->alive());
  ahead = WorkerProcess::spawn(command);
  ASSERT_TRUE(ahead.ok());
  EXPECT_FALSE(ahead.value()->wait_until_ready(loaded));
  EXPECT_FALSE(ahead.value()->wait_until_ready(loaded)) << "read once, then known";
  EXPECT_EQ(ahead.value()->process(report, 0).kind, WorkerOutcome::Kind::ok);
  auto unused = WorkerProcess::spawn(command);
  ASSERT_TRUE(unused.ok());
  auto stopping = Clock::now();
  unused.value()->stop();
  EXPECT_FALSE(unused.value()->alive());
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - stopping).count(), 2.0);
}

// Workers ask their allocator for 2 MiB pages (bulk/worker.cpp), unless the environment already
// says what it wants.
TEST_F(IngestIsolation, WorkersAskForLargePagesUnlessTheEnvironmentSays) {
  WorkerCommand command;
  command.executable = JIXIAO_BINARY;
  command.rules_dir = (kSource / "rules").string();
  command.rules_version = pipeline().rules_version();
  auto environment_of = [](pid_t pid) {
    std::string raw = slurp("/proc/" + std::to_string(pid) + "/environ");
    std::vector<std::string> vars;
    for (size_t start = 0, end; start < raw.size(); start = end + 1) {
      end = raw.find('\0', start);
      if (end == std::string::npos) end = raw.size();
      vars.push_back(raw.substr(start, end - start));
    }
    return vars;
  };
  auto count = [](const std::vector<std::string>& vars, const std::string& var) {
    return std::count(vars.begin(), vars.end(), var);
  };
  // Read once the worker is ready: the kernel lets posix_spawn return before the new program's
  // environment is in place.
  ::unsetenv("MIMALLOC_LARGE_OS_PAGES");
  auto asked = WorkerProcess::start(command);
  ASSERT_TRUE(asked.ok()) << asked.error().describe();
  EXPECT_EQ(count(environment_of(asked.value()->pid()), "MIMALLOC_LARGE_OS_PAGES=1"), 1);
  ::setenv("MIMALLOC_LARGE_OS_PAGES", "0", 1);
  auto told = WorkerProcess::start(command);
  ::unsetenv("MIMALLOC_LARGE_OS_PAGES");
  ASSERT_TRUE(told.ok()) << told.error().describe();
  const auto vars = environment_of(told.value()->pid());
  EXPECT_EQ(count(vars, "MIMALLOC_LARGE_OS_PAGES=0"), 1);
  EXPECT_EQ(count(vars, "MIMALLOC_LARGE_OS_PAGES=1"), 0);
}

// A worker whose input closes (its parent is gone) exits, with status 0.
TEST_F(IngestIsolation, AWorkerExitsAtTheEndOfItsInput) {
  std::string command =
      std::string(JIXIAO_BINARY) + " __worker --rules " + (kSource / "rules").string() + " >/dev/null";
  FILE* in = ::popen(command.c_str(), "w");
  ASSERT_NE(in, nullptr);
  std::string request = std::to_string(report_path().size()) + "\n" + report_path();
  std::fwrite(request.data(), 1, request.size(), in);
  int status = ::pclose(in);  // closes its input and waits for it
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// The parent killed while a worker is stuck in a file: the kernel kills the worker too
// (PR_SET_PDEATHSIG), since a worker that never reads again would never see EOF.
TEST_F(IngestIsolation, AStuckWorkerDoesNotOutliveAKilledParent) {
  add_faulty("zz_hang_me.txt");
  fs::path db = dir_ / "killed.sqlite";
  pid_t parent = fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    setenv("JIXIAO_WORKER_FAULT", "hang:hang_me", 1);
    std::string in = (dir_ / "in").string(), out = db.string();
    execl(JIXIAO_BINARY, JIXIAO_BINARY, "ingest", in.c_str(), "--db", out.c_str(), "-j", "2",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until every other file is in. The thread that ran out of files has stopped its worker;
  // the other one's worker is stuck in zz_hang_me.txt (its time budget is 120 s).
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline && committed_documents(db) < reports_)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(committed_documents(db), reports_) << "the import did not get that far";
  // The idle worker may still be on its way out (stopped by its thread just now).
  std::map<pid_t, char> workers = children_of(parent);
  while (workers.size() > 1 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    workers = children_of(parent);
  }
  EXPECT_EQ(workers.size(), 1u);
  kill(parent, SIGKILL);
  int status = 0;
  waitpid(parent, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  deadline = Clock::now() + std::chrono::seconds(20);
  for (auto [pid, state] : workers) {
    while (alive(pid) && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(alive(pid)) << "worker " << pid << " outlived its parent";
  }
}

}  // namespace
