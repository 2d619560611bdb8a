// fuzz_text: the text reader (read_text: encoding detection with decode_text, paragraphs, tab
// tables) on arbitrary bytes.
#include "fuzz_common.h"
#include "ingest/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  Result<Document> doc = read_text(fuzz::bytes_of(data, size), "fuzz.txt", ReadOptions{});
  if (doc.ok()) {
    FUZZ_CHECK(!doc.value().encoding.empty());
    fuzz::check_document(doc.value());
  } else {
    fuzz::check_error(doc.error());
  }
  return 0;
}
