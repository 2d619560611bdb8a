#include "ingest/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <memory>

namespace jixiao {
namespace {

constexpr size_t kSampleBytes = 64 * 1024;

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Result of converting with ICU: UTF-8 text and what had to be replaced.
struct Conversion {
  std::string utf8;
  int64_t first_bad = -1;  // byte offset (relative to the converted bytes) of the first bad sequence
  int64_t bad_bytes = 0;
  bool ok = false;  // false: the converter name is unknown
};

void append_utf16_as_utf8(const std::u16string& units, std::string& out) {
  if (units.empty()) return;
  int32_t needed = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &needed, units.data(), static_cast<int32_t>(units.size()), 0xFFFD, nullptr,
                     &status);
  size_t base = out.size();
  out.resize(base + static_cast<size_t>(needed));
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data() + base, needed, &needed, units.data(), static_cast<int32_t>(units.size()),
                     0xFFFD, nullptr, &status);
}

// Converts `bytes` from `charset`; each undecodable sequence becomes one U+FFFD. A STOP callback
// lets us see where each bad sequence is (ucnv_getInvalidChars) instead of replacing blindly.
Conversion convert(std::string_view bytes, const char* charset) {
  Conversion result;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(charset, &status));
  if (U_FAILURE(status) || !cnv) return result;
  result.ok = true;
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);

  std::u16string units;
  units.reserve(bytes.size());
  const char* source = bytes.data();
  const char* const source_end = bytes.data() + bytes.size();
  UChar buffer[16 * 1024];
  while (true) {
    UChar* target = buffer;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, buffer + std::size(buffer), &source, source_end, nullptr, true,
                   &status);
    units.append(buffer, static_cast<size_t>(target - buffer));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) {
      char bad[32];
      int8_t bad_len = sizeof bad;
      UErrorCode info_status = U_ZERO_ERROR;
      ucnv_getInvalidChars(cnv.get(), bad, &bad_len, &info_status);
      if (U_FAILURE(info_status) || bad_len <= 0) bad_len = 1;
      int64_t at = static_cast<int64_t>(source - bytes.data()) - bad_len;
      if (result.first_bad < 0) result.first_bad = std::max<int64_t>(at, 0);
      result.bad_bytes += bad_len;
      units.push_back(0xFFFD);
      if (source >= source_end) break;
      continue;
    }
    break;
  }
  append_utf16_as_utf8(units, result.utf8);
  return result;
}

struct Utf8Stats {
  int64_t multibyte = 0;  // well-formed non-ASCII characters
  int64_t bad = 0;        // malformed sequences
};

Utf8Stats utf8_stats(std::string_view bytes) {
  Utf8Stats stats;
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++stats.bad;
    } else {
      ++stats.multibyte;
    }
  }
  return stats;
}

// UTF-16 without a BOM: ASCII characters (digits, newlines, spaces) put a NUL in every other
// byte, on the odd side for little endian. Returns "UTF-16LE", "UTF-16BE" or "".
const char* sniff_utf16(std::string_view bytes) {
  size_t n = std::min(bytes.size(), kSampleBytes) & ~size_t{1};
  if (n < 4) return "";
  size_t zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    if (bytes[i] == 0) ++zero_even;
    if (bytes[i + 1] == 0) ++zero_odd;
  }
  size_t pairs = n / 2;
  size_t zeros = zero_even + zero_odd;
  if (zeros < std::max<size_t>(2, pairs / 50)) return "";
  // A NUL pair is U+0000, which text never holds; allow a few.
  size_t both = 0;
  for (size_t i = 0; i < n; i += 2)
    if (bytes[i] == 0 && bytes[i + 1] == 0) ++both;
  if (both * 20 > pairs) return "";
  // Not all on one side: CJK characters such as 一 (U+4E00) and 开 (U+5F00) have a zero byte too.
  if (zero_odd * 10 >= zeros * 7) return "UTF-16LE";
  if (zero_even * 10 >= zeros * 7) return "UTF-16BE";
  return "";
}

// Control characters other than tab, line ends, form feed and the DOS end-of-file mark.
bool mostly_control(std::string_view text) {
  size_t n = std::min(text.size(), kSampleBytes);
  if (n == 0) return false;
  size_t control = 0;
  for (size_t i = 0; i < n; ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A) || b == 0x7F) ++control;
  }
  return control * 10 > n;  // more than 10% control bytes: not a report
}

// Share of two-byte characters that land in the common area of each encoding: GB2312's
// symbols and hanzi (lead A1-F7, trail A1-FE) for GB, Big5's symbols and frequent hanzi (lead
// A1-C6) for Big5. Simplified text read as Big5 and traditional text read as GB score low.
double gb_common_share(std::string_view bytes) {
  size_t n = std::min(bytes.size(), kSampleBytes);
  size_t pairs = 0, common = 0;
  for (size_t i = 0; i + 1 < n;) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x81 || lead == 0xFF) {
      ++i;
      continue;
    }
    auto trail = static_cast<unsigned char>(bytes[i + 1]);
    if (trail >= 0x30 && trail <= 0x39 && i + 3 < n) {  // GB18030 four-byte sequence
      ++pairs;
      i += 4;
      continue;
    }
    ++pairs;
    if (lead >= 0xA1 && lead <= 0xF7 && trail >= 0xA1 && trail <= 0xFE) ++common;
    i += 2;
  }
  return pairs ? static_cast<double>(common) / static_cast<double>(pairs) : 0.0;
}

double big5_common_share(std::string_view bytes) {
  size_t n = std::min(bytes.size(), kSampleBytes);
  size_t pairs = 0, common = 0;
  for (size_t i = 0; i + 1 < n;) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x81 || lead == 0xFF) {
      ++i;
      continue;
    }
    auto trail = static_cast<unsigned char>(bytes[i + 1]);
    ++pairs;
    bool trail_ok = (trail >= 0x40 && trail <= 0x7E) || (trail >= 0xA1 && trail <= 0xFE);
    if (lead >= 0xA1 && lead <= 0xC6 && trail_ok) ++common;
    i += 2;
  }
  return pairs ? static_cast<double>(common) / static_cast<double>(pairs) : 0.0;
}

// ICU's charset detector, asked only about the Chinese legacy encodings.
int32_t detector_confidence(std::string_view bytes, const char* wanted) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&status));
  if (U_FAILURE(status)) return 0;
  size_t n = std::min(bytes.size(), kSampleBytes);
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(n), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &count, &status);
  if (U_FAILURE(status)) return 0;
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode s = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &s);
    if (U_SUCCESS(s) && name && std::string_view(name) == wanted) return ucsdet_getConfidence(matches[i], &s);
  }
  return 0;
}

std::string malformed_warning(const std::string& encoding, int64_t offset, int64_t count) {
  return "malformed " + encoding + " at byte " + std::to_string(offset) + " (" + std::to_string(count) +
         (count == 1 ? " byte replaced)" : " bytes replaced)");
}

Result<DecodedText> finish(Conversion conv, std::string encoding, size_t base_offset,
                           const std::string& path) {
  DecodedText out;
  out.utf8 = std::move(conv.utf8);
  out.encoding = std::move(encoding);
  if (conv.bad_bytes > 0)
    out.warnings.push_back(
        malformed_warning(out.encoding, conv.first_bad + static_cast<int64_t>(base_offset), conv.bad_bytes));
  // A stray BOM that the converter kept (forced UTF-8 on a BOM file, say).
  if (out.utf8.compare(0, 3, "\xEF\xBB\xBF") == 0) out.utf8.erase(0, 3);
  if (mostly_control(out.utf8)) {
    return Error{ErrorCode::binary, "binary data, not a text report", path, 0, -1};
  }
  return out;
}

Result<DecodedText> convert_or_error(std::string_view bytes, const std::string& encoding, size_t base_offset,
                                     const std::string& path) {
  Conversion conv = convert(bytes, encoding.c_str());
  if (!conv.ok) return Error{ErrorCode::encoding, "unknown encoding \"" + encoding + "\"", path, 0, -1};
  return finish(std::move(conv), encoding, base_offset, path);
}

}  // namespace

Result<DecodedText> decode_text(std::string_view bytes, const std::string& forced, const std::string& path) {
  // 1. Byte order marks.
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    if (forced.empty()) return convert_or_error(bytes.substr(3), "UTF-8", 3, path);
  }
  if (bytes.size() >= 2 && forced.empty()) {
    auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
    if (b0 == 0xFF && b1 == 0xFE) return convert_or_error(bytes.substr(2), "UTF-16LE", 2, path);
    if (b0 == 0xFE && b1 == 0xFF) return convert_or_error(bytes.substr(2), "UTF-16BE", 2, path);
  }
  // 2. The user knows better.
  if (!forced.empty()) return convert_or_error(bytes, forced, 0, path);

  // 3-4. NUL bytes: UTF-16 or binary.
  if (bytes.find('\0') != std::string_view::npos) {
    const char* utf16 = sniff_utf16(bytes);
    if (*utf16) {
      Conversion conv = convert(bytes, utf16);
      // Unpaired surrogates all over the place: it was not UTF-16 after all.
      if (conv.bad_bytes * 50 <= static_cast<int64_t>(bytes.size()))
        return finish(std::move(conv), utf16, 0, path);
    }
    return Error{ErrorCode::binary, "binary data, not a text report", path, 0,
                 static_cast<int64_t>(bytes.find('\0'))};
  }
  if (mostly_control(bytes)) return Error{ErrorCode::binary, "binary data, not a text report", path, 0, -1};

  // 5. UTF-8, possibly with a few damaged sequences.
  Utf8Stats stats = utf8_stats(bytes);
  if (stats.bad == 0) {
    DecodedText out;
    out.utf8.assign(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  if (stats.multibyte >= 8 * stats.bad) return convert_or_error(bytes, "UTF-8", 0, path);

  // 6. A legacy Chinese encoding.
  std::string encoding = "GB18030";
  // Big5 needs both its share of common characters above GB's and ICU's detector's word; the
  // shares cost a pass over the sample, the detector (all of ICU's ~30 recognisers) twenty, so it
  // is asked only when the shares make Big5 plausible.
  double gb = gb_common_share(bytes), big5 = big5_common_share(bytes);
  if (big5 > gb + 0.15) {
    if (detector_confidence(bytes, "Big5") >= 10) {
      Conversion as_big5 = convert(bytes, "Big5");
      Conversion as_gb = convert(bytes, "GB18030");
      if (as_big5.bad_bytes <= as_gb.bad_bytes) return finish(std::move(as_big5), "Big5", 0, path);
      return finish(std::move(as_gb), encoding, 0, path);
    }
  }
  return convert_or_error(bytes, encoding, 0, path);
}

}  // namespace jixiao
