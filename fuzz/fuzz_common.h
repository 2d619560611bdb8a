// Shared by the libFuzzer targets in fuzz/ (built with -DJIXIAO_FUZZ=ON, run by tools/fuzz).
//
// Besides crashes, leaks and timeouts (the sanitizers' job), a target stops on a broken promise
// of the API it calls: FUZZ_CHECK aborts, so libFuzzer saves the input as a crash file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "core/document.h"
#include "core/error.h"
#include "core/utf.h"
#include "ingest/read.h"
#include "pipeline/pipeline.h"

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : ::jixiao::fuzz::fail(#cond, __FILE__, __LINE__))

namespace jixiao::fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", file, line, what);
  std::abort();
}

inline std::string_view bytes_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The rule directory the targets load once: $JIXIAO_RULES, rules/ above the build directory,
// then the source tree's (find_rules_dir).
inline std::string rules_dir() {
  return find_rules_dir();
}

// What a target loads at startup must load: a fuzzer without its rules tests nothing.
template <class T>
T loaded(Result<T> result, const char* what) {
  if (!result.ok()) {
    std::fprintf(stderr, "fuzz: cannot load %s: %s\n", what, result.error().describe().c_str());
    std::exit(1);
  }
  return std::move(result).value();
}

// The bounds the binary-format targets read with: the shipped ones, but for two that set how much
// work one small input may ask for. A 14 KB workbook whose merged area spans a million cells, or a
// PDF page the size of a wall rendered at 8 million pixels, costs a second under ASan: the corpus
// fills with such inputs and the run slows to a hundred executions a second. Tighter, they still
// take the same paths (a grid cut at its limit, a page rendered at fewer dpi; the PDF fixtures
// read the same at 1,000,000 pixels), a hundred times cheaper.
inline ReadLimits cheap_limits() {
  ReadLimits limits;
  limits.max_table_cells = 20'000;
  limits.max_render_pixels = 1'000'000;
  return limits;
}

// Arbitrary bytes as the UTF-8 the readers hand on: undecodable bytes, surrogates and code
// points above U+10FFFF become U+FFFD.
inline std::u32string utf32_text(std::string_view bytes) {
  std::u32string text = to_u32(bytes);
  for (char32_t& c : text)
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
  return text;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    char32_t c = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto cb = static_cast<unsigned char>(s[i + k]);
      if ((cb >> 6) != 0x2) return false;
      c = (c << 6) | (cb & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kMin[len] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return false;
    i += len;
  }
  return true;
}

// A failure is an Error a user can read, never an internal one.
inline void check_error(const Error& error) {
  FUZZ_CHECK(error.code != ErrorCode::internal);
  FUZZ_CHECK(!error.message.empty());
}

// What core/document.h promises of every reader's output: UTF-8 text, rectangular table grids,
// merges inside their grid.
inline void check_document(const Document& doc) {
  for (const Block& block : doc.blocks) {
    FUZZ_CHECK(valid_utf8(block.text));
    FUZZ_CHECK(valid_utf8(block.list_label));
    const Table& table = block.table;
    for (const auto& row : table.rows) {
      FUZZ_CHECK(static_cast<int>(row.size()) == table.col_count());
      for (const std::string& cell : row) FUZZ_CHECK(valid_utf8(cell));
    }
    for (const Merge& m : table.merged) {
      FUZZ_CHECK(m.row >= 0 && m.col >= 0 && m.rows >= 1 && m.cols >= 1);
      FUZZ_CHECK(m.row + m.rows <= table.row_count() && m.col + m.cols <= table.col_count());
    }
  }
}

}  // namespace jixiao::fuzz
