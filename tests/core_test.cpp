#include <gtest/gtest.h>

#include "core/error.h"
#include "core/sha256.h"
#include "core/utf.h"
#include "ingest/read.h"

namespace jixiao {

TEST(Core, Sha256KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the padding spills into a second block.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Core, Sha256GivenPieceByPieceIsTheSameHash) {
  std::string bytes;
  for (int i = 0; i < 5000; ++i) bytes.push_back(static_cast<char>(i * 31 % 251));
  const std::string whole = sha256_hex(bytes);
  for (size_t piece : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{4096}}) {
    Sha256 hash;
    hash.update("");
    for (size_t at = 0; at < bytes.size(); at += piece)
      hash.update(std::string_view(bytes).substr(at, piece));
    EXPECT_EQ(hash.hex_digest(), whole) << piece;
  }
  Sha256 a, b;  // two at once do not share state
  a.update("abc");
  b.update("ab");
  b.update("c");
  EXPECT_EQ(a.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(b.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Core, Utf8RoundTripAndBadBytes) {
  std::string s = "预算165.69万元，𠀀";
  EXPECT_EQ(to_utf8(to_u32(s)), s);
  EXPECT_EQ(to_u32(s).size(), 12u);
  std::u32string bad =
      to_u32(std::string("a\xff"
                         "b\xe4\xb8",
                         5));
  EXPECT_EQ(bad, std::u32string(U"a\uFFFDb\uFFFD"));
}

TEST(Core, Utf8ConversionsKeepTheirOddCases) {
  auto u32 = [](const char* bytes, size_t n) { return to_u32(std::string_view(bytes, n)); };
  EXPECT_EQ(u32("\xC0\x80", 2), std::u32string(1, U'\0'));  // overlong: decoded, not refused
  EXPECT_EQ(u32("\xED\xA0\x80", 3), std::u32string(1, char32_t{0xD800}));
  EXPECT_EQ(u32("\xF4\x90\x80\x80", 4), std::u32string(1, char32_t{0x110000}));
  EXPECT_EQ(u32("\xE4x\x80y", 4), std::u32string(U"\uFFFDx\uFFFDy"));
  EXPECT_EQ(u32("x\xF0\x9F\x98", 4), std::u32string(U"x\uFFFD"));  // cut short at the end: one
  EXPECT_EQ(u32("", 0), std::u32string());
  // to_utf8 writes what append_utf8 does, a surrogate or a value past U+10FFFF as U+FFFD.
  std::u32string all = U"aé中𠀀";
  for (char32_t c :
       {char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800}, char32_t{0xD800}, char32_t{0xDFFF},
        char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}, char32_t{0x110000}})
    all.push_back(c);
  std::string appended;
  for (char32_t c : all) append_utf8(appended, c);
  EXPECT_EQ(to_utf8(all), appended);
  EXPECT_EQ(to_utf8(std::u32string(1, char32_t{0xD800})), "\xEF\xBF\xBD");
  EXPECT_EQ(to_utf8(U""), "");
}

// valid_utf8 returns a strict UTF-8 string as it is and decodes and encodes anything else; the
// two must agree on every short byte string that matters: each lead byte with every second byte.
TEST(Core, StrictUtf8IsExactlyWhatValidUtf8Keeps) {
  size_t strict = 0, changed = 0;
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b)
      for (const std::string tail : {"", "\x80", "\x80\x80", "\xBF\xBF"}) {
        std::string s{static_cast<char>(a), static_cast<char>(b)};
        s += tail;
        const bool kept = to_utf8(to_u32(s)) == s;
        ASSERT_EQ(is_strict_utf8(s), kept) << std::hex << a << " " << b << " +" << tail.size();
        EXPECT_EQ(valid_utf8(s), to_utf8(to_u32(s)));
        (kept ? strict : changed) += 1;
      }
  EXPECT_GT(strict, 10000u);
  EXPECT_GT(changed, 10000u);
  EXPECT_TRUE(is_strict_utf8("预算165.69万元，𠀀"));
  EXPECT_FALSE(is_strict_utf8("\xF4\x90\x80\x80"));
  EXPECT_FALSE(is_strict_utf8("\xE4\xB8"));
}

// UTF-16 as poppler and BIFF8 hand it: pairs joined, any unpaired surrogate one U+FFFD, and the
// text of every BMP character and pair the same as ICU-free UTF-32 gives.
TEST(Core, Utf16ToUtf8JoinsPairsAndReplacesLoneSurrogates) {
  auto convert = [](std::u16string_view units) {
    std::string out;
    Utf16ToUtf8 text(out);
    for (char16_t u : units) text.push(u);
    text.finish();
    return out;
  };
  EXPECT_EQ(convert(u"预算165.69万元，𠀀"), "预算165.69万元，𠀀");
  EXPECT_EQ(convert(std::u16string{0xD840, 0xDC00}), to_utf8(U"\U00020000"));
  EXPECT_EQ(convert(std::u16string{0xD840}), "\uFFFD");                // high at the end
  EXPECT_EQ(convert(std::u16string{0xD840, u'a'}), "\uFFFDa");         // high, no low
  EXPECT_EQ(convert(std::u16string{u'a', 0xDC00, u'b'}), "a\uFFFDb");  // low alone
  EXPECT_EQ(convert(std::u16string{0xD840, 0xD840, 0xDC00}), "\uFFFD" + to_utf8(U"\U00020000"));
  std::u32string all;
  std::u16string units;
  for (char32_t c = 1; c < 0x110000; c += 97) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    all += c;
    if (c < 0x10000) {
      units += static_cast<char16_t>(c);
    } else {
      units += static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
      units += static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
    }
  }
  EXPECT_EQ(convert(units), to_utf8(all));
}

TEST(Core, ErrorDescribeNamesFileLineAndOffset) {
  Error e{ErrorCode::rules, "unknown key 'patern'", "rules/figures.toml", 12, -1};
  EXPECT_EQ(e.describe(), "rules/figures.toml:12: unknown key 'patern'");
  Error z{ErrorCode::corrupt_zip, "truncated", "a.docx", 0, 99};
  EXPECT_EQ(z.describe(), "a.docx: truncated (at byte 99)");
}

TEST(Core, FormatIsSniffedFromBytesNotName) {
  EXPECT_EQ(sniff_format(""), Format::empty);
  EXPECT_EQ(sniff_format(std::string("PK\x03\x04rest", 8)), Format::docx);
  EXPECT_EQ(sniff_format(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10)), Format::ole2);
  EXPECT_EQ(sniff_format("%PDF-1.7\n"), Format::pdf);
  EXPECT_EQ(sniff_format("项目支出绩效自评表"), Format::text);
}

TEST(Core, UnreadablePathsGetOneClearError) {
  auto dir = read_document(JIXIAO_SOURCE_DIR "/tests");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().code, ErrorCode::io);
  EXPECT_NE(dir.error().describe().find("directory"), std::string::npos);
  auto missing = read_document(JIXIAO_SOURCE_DIR "/no/such/file.docx");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().describe().find("no such file"), std::string::npos);
  auto pdf = read_document_bytes("%PDF-1.4 junk", "x.txt");
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, ErrorCode::corrupt_file);  // a PDF poppler cannot open
  EXPECT_NE(pdf.error().describe().find("x.txt"), std::string::npos);
}

}  // namespace jixiao
