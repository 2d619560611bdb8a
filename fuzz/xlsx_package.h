// The packing of fuzz_xlsx (fuzz/fuzz_xlsx.cpp): SpreadsheetML parts separated by NUL bytes
// (xl/worksheets/sheet1.xml, xl/sharedStrings.xml, xl/styles.xml, xl/worksheets/sheet2.xml; an
// empty one is left out) packed into a stored ZIP with a fixed workbook (sheet2 hidden) and its
// relationships. Shared with tests/fuzz_regressions_test.cpp, which replays what the target found.
#pragma once

#include <zip.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jixiao::fuzz {

inline constexpr std::string_view kRels =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
inline constexpr std::pair<std::string_view, std::string_view> kParts[] = {
    {"xl/worksheets/sheet1.xml", "worksheet"},
    {"xl/sharedStrings.xml", "sharedStrings"},
    {"xl/styles.xml", "styles"},
    {"xl/worksheets/sheet2.xml", "worksheet"},
};

// The packed workbook; empty when libzip fails (never for a valid buffer).
inline std::string xlsx_package(std::string_view input) {
  std::vector<std::pair<std::string, std::string>> files;
  std::string rels =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  size_t start = 0;
  for (size_t i = 0; i < std::size(kParts) && start <= input.size(); ++i) {
    size_t end = std::min(input.find('\0', start), input.size());
    std::string_view content = input.substr(start, end - start);
    start = end + 1;
    if (i > 0 && content.empty()) continue;
    files.emplace_back(kParts[i].first, content);
    rels += "<Relationship Id=\"rId" + std::to_string(i + 1) + "\" Type=\"" + std::string(kRels) +
            std::string(kParts[i].second) + "\" Target=\"" + std::string(kParts[i].first.substr(3)) + "\"/>";
  }
  files.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
  files.emplace_back(
      "_rels/.rels",
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
      "Type=\"" +
          std::string(kRels) + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  files.emplace_back(
      "xl/workbook.xml",
      "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"" +
          std::string(kRels.substr(0, kRels.size() - 1)) +
          "\"><sheets>"
          "<sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/>"
          "<sheet name=\"隐藏\" sheetId=\"2\" state=\"hidden\" r:id=\"rId4\"/>"
          "<sheet name=\"表2\" sheetId=\"3\" r:id=\"rId4\"/></sheets></workbook>");
  files.emplace_back(
      "[Content_Types].xml",
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
      "PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!archive) return "";
  zip_source_keep(buffer);
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) return "";
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  if (zip_close(archive) != 0) return "";
  std::string out;
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) return "";
  out.resize(st.size);
  if (zip_source_read(buffer, out.data(), out.size()) != static_cast<zip_int64_t>(out.size())) out.clear();
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

}  // namespace jixiao::fuzz
