// fuzz_ole2: the legacy binary readers, two ways.
//
// - An input that starts with the OLE2 signature is a whole file (read_ole2: libgsf opens the
//   container, then the XLS or DOC reader).
// - Any other input is the stream itself, handed straight to the BIFF8 record reader
//   (read_xls_workbook) and to the Word reader as WordDocument and table stream
//   (read_doc_streams; the rest also as its Data stream), so that mutations reach our record parsing rather
//   than the container.
#include "fuzz_common.h"
#include "ingest/ole2.h"

namespace {

void check(const jixiao::Result<jixiao::Document>& doc) {
  if (doc.ok())
    jixiao::fuzz::check_document(doc.value());
  else
    jixiao::fuzz::check_error(doc.error());
}

}  // namespace

// libgsf leaks a directory entry (117 bytes) inside gsf_infile_msole_new on some damaged
// directories (found by this target after 22,577 inputs): a bug of the library, not ours. The
// stack LeakSanitizer sees often ends in glib's allocator (no frame pointers below it), hence
// libglib-2.0 too: this target calls no glib allocator of its own but through libgsf.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgsf-1\nleak:libglib-2.0\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  std::string_view bytes = fuzz::bytes_of(data, size);
  if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    check(read_ole2(bytes, "fuzz.doc", fuzz::cheap_limits()));
    return 0;
  }
  check(read_xls_workbook(bytes, "fuzz.xls", fuzz::cheap_limits()));
  size_t cut = bytes.find('\0', bytes.size() / 2);
  std::string_view word = bytes.substr(0, cut == std::string_view::npos ? bytes.size() : cut);
  std::string_view table = cut == std::string_view::npos ? std::string_view() : bytes.substr(cut);
  check(read_doc_streams(word, table, table, table, "fuzz.doc", fuzz::cheap_limits()));
  return 0;
}
