// fuzz_docx: the DOCX reader (read_docx) on bytes, two ways.
//
// - An input that starts with "PK" is a whole file: the ZIP container is fuzzed.
// - Any other input is WordprocessingML parts separated by NUL bytes (document.xml, styles.xml,
//   numbering.xml, footnotes.xml, header1.xml; an empty one is left out), packed here into a
//   stored ZIP with the package relationships, so that mutations reach the XML reader instead of
//   failing a ZIP CRC.
#include <zip.h>

#include <memory>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "ingest/docx.h"

namespace {

constexpr std::string_view kRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr std::pair<std::string_view, std::string_view> kParts[] = {
    {"word/document.xml", "officeDocument"}, {"word/styles.xml", "styles"},
    {"word/numbering.xml", "numbering"},     {"word/footnotes.xml", "footnotes"},
    {"word/header1.xml", "header"},
};

std::string relationships(const std::vector<std::pair<std::string, std::string_view>>& targets) {
  std::string xml =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  int id = 0;
  for (const auto& [target, type] : targets)
    xml += "<Relationship Id=\"rId" + std::to_string(++id) + "\" Type=\"" + std::string(kRels) +
           std::string(type) + "\" Target=\"" + target + "\"/>";
  return xml + "</Relationships>";
}

// The parts in `input` (split at NUL) as a DOCX file, every entry stored (not deflated).
std::string package(std::string_view input) {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::pair<std::string, std::string_view>> word_rels;
  size_t start = 0;
  for (size_t i = 0; i < std::size(kParts) && start <= input.size(); ++i) {
    size_t end = std::min(input.find('\0', start), input.size());
    std::string_view content = input.substr(start, end - start);
    start = end + 1;
    if (i > 0 && content.empty()) continue;  // an empty part is left out
    files.emplace_back(kParts[i].first, content);
    if (i > 0) word_rels.emplace_back(kParts[i].first.substr(5), kParts[i].second);
  }
  files.emplace_back("_rels/.rels", relationships({{"word/document.xml", kParts[0].second}}));
  files.emplace_back("word/_rels/document.xml.rels", relationships(word_rels));

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  FUZZ_CHECK(archive != nullptr);
  zip_source_keep(buffer);
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    FUZZ_CHECK(index >= 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  FUZZ_CHECK(zip_close(archive) == 0);  // writes into `buffer`; `files` must outlive this
  std::string out;
  zip_stat_t st;
  FUZZ_CHECK(zip_source_stat(buffer, &st) == 0 && zip_source_open(buffer) == 0);
  out.resize(st.size);
  FUZZ_CHECK(zip_source_read(buffer, out.data(), out.size()) == static_cast<zip_int64_t>(out.size()));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  std::string_view bytes = fuzz::bytes_of(data, size);
  std::string packed;
  if (!bytes.starts_with("PK")) bytes = packed = package(bytes);
  Result<Document> doc = read_docx(bytes, "fuzz.docx", ReadLimits{});
  if (doc.ok())
    fuzz::check_document(doc.value());
  else
    fuzz::check_error(doc.error());
  return 0;
}
