// The subcommands behind src/cli/main.cpp; each returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace jixiao::cli {

struct CommonOptions {
  std::string rules_dir;
  std::string encoding;
};

struct DumpOptions {
  std::vector<std::string> files;
  bool raw = false;
};

struct NumbersOptions {
  std::string implied_unit;
};

struct ExtractOptions {
  std::vector<std::string> files;
  bool no_check = false;
};

struct CheckOptions {
  std::vector<std::string> files;
  bool json = false;
  std::string fail_on = "error";
};

int run_dump(const DumpOptions& options, const CommonOptions& common);
int run_numbers(const NumbersOptions& options, const CommonOptions& common);
int run_extract(const ExtractOptions& options, const CommonOptions& common);
int run_check(const CheckOptions& options, const CommonOptions& common, bool terminal);

}  // namespace jixiao::cli
