// The jixiao executable run the way a user runs it, without a shell in between: argv as given
// (file names with newlines or escape sequences need no quoting), stdin from a string, stdout
// and stderr captured, or stdout sent to a path such as /dev/full, and optionally an
// address-space limit (`ulimit -v`) on the child.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace jixiao::testing {

struct RunOptions {
  std::string stdin_text;
  std::string stdout_path;            // empty: captured in RunResult::out
  long long address_space_bytes = 0;  // > 0: RLIMIT_AS of the child
  std::vector<std::string> env;       // extra NAME=value entries
  std::string cwd;                    // empty: the test's own
  bool as_nobody = false;             // when root: run as uid/gid 65534, so permissions apply
};

struct RunResult {
  int status = -1;  // exit status, -1 when killed by a signal
  int signal = 0;   // the signal that ended it, 0 when it exited
  std::string out, err;
  double seconds = 0;
  long max_rss_kib = 0;  // peak resident memory of the process (and of children it waited for)
};

inline RunResult run_jixiao(const std::vector<std::string>& args, const RunOptions& options = {}) {
  namespace fs = std::filesystem;
  static int serial = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("jixiao_run_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
  fs::create_directories(dir);
  std::ofstream(dir / "stdin", std::ios::binary) << options.stdin_text;
  const std::string out_path = options.stdout_path.empty() ? (dir / "out").string() : options.stdout_path;
  const std::string err_path = (dir / "err").string(), in_path = (dir / "stdin").string();

  std::vector<std::string> argv_storage = {JIXIAO_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  auto started = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open(in_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    for (const std::string& e : options.env) ::putenv(const_cast<char*>(e.c_str()));
    if (options.as_nobody && ::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(126);
    if (options.address_space_bytes > 0) {
      rlimit limit{static_cast<rlim_t>(options.address_space_bytes),
                   static_cast<rlim_t>(options.address_space_bytes)};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  RunResult r;
  int raw = 0;
  rusage usage{};
  while (::wait4(pid, &raw, 0, &usage) < 0) {
  }
  r.max_rss_kib = usage.ru_maxrss;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
  if (WIFSIGNALED(raw)) r.signal = WTERMSIG(raw);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  if (options.stdout_path.empty()) r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return r;
}

}  // namespace jixiao::testing
