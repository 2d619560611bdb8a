// fuzz_xlsx: the XLSX reader (read_xlsx) and the sheet layout on bytes, two ways.
//
// - An input that starts with "PK" is a whole file: the ZIP container is fuzzed.
// - Any other input is SpreadsheetML parts separated by NUL bytes (xl/worksheets/sheet1.xml,
//   xl/sharedStrings.xml, xl/styles.xml, xl/worksheets/sheet2.xml; an empty one is left out),
//   packed here into a stored ZIP with a fixed workbook (sheet2 hidden) and its relationships, so
//   that mutations reach the XML and the cell reader instead of failing a ZIP CRC.
#include "fuzz_common.h"
#include "ingest/xlsx.h"
#include "xlsx_package.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  std::string_view bytes = fuzz::bytes_of(data, size);
  std::string packed;
  if (!bytes.starts_with("PK")) {
    packed = fuzz::xlsx_package(bytes);
    FUZZ_CHECK(!packed.empty());
    bytes = packed;
  }
  Result<Document> doc = read_xlsx(bytes, "fuzz.xlsx", ReadLimits{});
  if (doc.ok())
    fuzz::check_document(doc.value());
  else
    fuzz::check_error(doc.error());
  return 0;
}
