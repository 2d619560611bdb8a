// The floors of the benchmark (tools/bench): only what every reader must do. For each file named
// on stdin (one path a line):
//   *.docx  open the ZIP (libzip), inflate word/document.xml, parse it (pugixml) and concatenate
//           the text of its w:t elements;
//   *.txt   decode it (UTF-8 when it is valid UTF-8, else GB18030, with ICU's converter) and NFKC
//           normalize it (ICU's Normalizer2), the least a reader of Chinese text files must do.
// Prints files, bytes read, characters.
// Built by tools/bench: g++ -O2 -std=c++20 bench-floor.cpp -lzip -lpugixml -licuuc
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <pugixml.hpp>
#include <string>
#include <vector>

namespace {

struct TextWalker : pugi::xml_tree_walker {
  std::string text;
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_pcdata && std::string_view(node.parent().name()) == "w:t") text += node.value();
    return true;
  }
};

// Decode + NFKC of one text file; returns the UTF-16 length of the normalized text (0: failed).
long long text_floor(const std::string& data) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(data);
  std::string back;
  text.toUTF8String(back);
  if (back != data) {  // not valid UTF-8: GB18030
    text = icu::UnicodeString(data.data(), static_cast<int32_t>(data.size()), "GB18030");
  }
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return 0;
  icu::UnicodeString out = nfkc->normalize(text, status);
  return U_SUCCESS(status) ? out.length() : 0;
}

}  // namespace

int main() {
  std::string path;
  long long files = 0, failed = 0, bytes = 0, chars = 0;
  std::vector<char> xml;
  while (std::getline(std::cin, path)) {
    std::ifstream in(path, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), {});
    bytes += static_cast<long long>(data.size());
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".txt") == 0) {
      long long n = text_floor(data);
      if (n > 0 || data.empty()) {
        chars += n;
        ++files;
      } else {
        ++failed;
      }
      continue;
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(data.data(), data.size(), 0, &error);
    zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    zip_stat_t st;
    zip_file_t* part = nullptr;
    if (archive && zip_stat(archive, "word/document.xml", 0, &st) == 0 &&
        (part = zip_fopen(archive, "word/document.xml", 0))) {
      xml.resize(st.size);
      zip_fread(part, xml.data(), st.size);
      zip_fclose(part);
      pugi::xml_document doc;
      if (doc.load_buffer_inplace(xml.data(), xml.size())) {
        TextWalker walker;
        doc.traverse(walker);
        chars += static_cast<long long>(walker.text.size());
        ++files;
      } else {
        ++failed;
      }
    } else {
      ++failed;
    }
    if (archive)
      zip_discard(archive);
    else if (source)
      zip_source_free(source);
    zip_error_fini(&error);
  }
  std::printf("%lld files, %lld failed, %lld bytes, %lld text bytes\n", files, failed, bytes, chars);
  return failed ? 1 : 0;
}
