// fuzz_pdf: the PDF reader (read_pdf: poppler's text layer, the rendered rules, the grid and
// paragraph rebuilding) on whole files. Poppler itself is not instrumented (a Debian library):
// what this finds is in our code, or a crash of poppler on a file.
#include "fuzz_common.h"
#include "ingest/pdf.h"

// fontconfig (through poppler's renderer) keeps a cache it never frees: not our leak.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig\n";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  // Pages rendered small: the rule finder's code is the same at 25 dpi as at 144, and a
  // million-pixel page costs ASan's allocator a fresh mapping and a tenth of a second per input.
  ReadLimits limits = fuzz::cheap_limits();
  limits.max_render_pixels = 60'000;
  Result<Document> doc = read_pdf(fuzz::bytes_of(data, size), "fuzz.pdf", limits);
  if (doc.ok())
    fuzz::check_document(doc.value());
  else
    fuzz::check_error(doc.error());
  return 0;
}
