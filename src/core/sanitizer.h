// Whether this build runs under AddressSanitizer. GCC says so with __SANITIZE_ADDRESS__, clang
// (before 15) only through __has_feature; the CI sanitizer build uses clang, a developer's GCC.
// And JIXIAO_NO_COVERAGE, for loops over pixels: the fuzzer's coverage counters on every pixel
// of a rendered page were most of a PDF's time in fuzz_pdf, and a pixel's value is no input
// branch worth steering by.
#pragma once

#if defined(__clang__)
#define JIXIAO_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define JIXIAO_NO_COVERAGE
#endif

namespace jixiao {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

}  // namespace jixiao
