// SHA-256 of a byte string, as lowercase hex: the content identity of an input file (the
// bulk import skips files whose hash it has seen).
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

std::string sha256_hex(std::string_view bytes);

}  // namespace jixiao
