// Whether this build runs under AddressSanitizer. GCC says so with __SANITIZE_ADDRESS__, clang
// (before 15) only through __has_feature; the CI sanitizer build uses clang, a developer's GCC.
#pragma once

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
