// Decoding a text file's bytes to UTF-8 (ICU), the first half of the text reader.
//
// Order of decisions (the first that applies wins):
//   1. a BOM: EF BB BF -> "UTF-8", FF FE -> "UTF-16LE", FE FF -> "UTF-16BE" (the BOM is dropped);
//   2. `forced` (ReadOptions::encoding), any name ICU's ucnv knows ("GB18030", "Big5", "UTF-16LE");
//   3. UTF-16 without BOM, when NUL bytes sit almost all at odd (LE) or even (BE) offsets;
//   4. any other NUL byte, or a text that is mostly control bytes -> ErrorCode::binary;
//   5. UTF-8 when the bytes are UTF-8 (a few malformed sequences among many good ones still count);
//   6. otherwise GB18030 (GBK and GB2312 are subsets of it), or Big5 when ICU's detector
//      (ucsdet) names Big5 and the Big5 reading of the lead/trail bytes is clearly more plausible.
//
// Bytes that do not decode become U+FFFD and one warning names the byte offset of the first
// bad sequence and how many bytes were replaced. Line ends are not touched here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace jixiao {

struct DecodedText {
  std::string utf8;
  std::string encoding;  // canonical name as reported in Document::encoding
  std::vector<std::string> warnings;
};

// `path` is used in error messages only.
Result<DecodedText> decode_text(std::string_view bytes, const std::string& forced, const std::string& path);

}  // namespace jixiao
