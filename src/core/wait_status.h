// A child process's end, as waitpid reports it, in words for an error message.
#pragma once

#include <string>

namespace jixiao {

// "was killed by signal 11 (SIGSEGV)", "exited with status 1".
std::string describe_wait_status(int status);

}  // namespace jixiao
