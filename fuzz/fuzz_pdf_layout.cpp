// fuzz_pdf_layout: the PDF geometry (PdfLayout: rules found in the grey page, grids, merged cells,
// lines and paragraphs, tables joined over page breaks) on pages drawn from the input, without
// poppler. fuzz_pdf reaches the same code through whole files, but every input there is parsed and
// rendered by poppler (tens of milliseconds a page under ASan); here an input costs microseconds,
// so the mutations explore our geometry rather than the library's.
//
// The input is a little drawing language:
//   byte 0, 1   page width and height in pixels, 32 + byte (up to 287)
//   byte 2      pixels per point: 0.5, 1, 1.5 or 2 (the low two bits)
//   then commands, the first byte's value modulo 5 naming each:
//     0  horizontal rule: y, x0, x1 (pixels); thickness 1 or 2 (bit 4 of the command byte)
//     1  vertical rule: x, y0, y1; thickness as above
//     2  word: x, y, width, height (pixels; a little left of and above the page allowed), n, then
//        n % 17 bytes of text (undecodable bytes become U+FFFD, as poppler's text is valid UTF-8)
//     3  end of the page, rendered: the next command starts a blank page
//     4  end of the page, with no image (a page poppler failed to render)
// A command cut short by the end of the input is dropped; at most 64 pages.
#include "fuzz_common.h"
#include "ingest/pdf_layout.h"

namespace {

class Bytes {
 public:
  explicit Bytes(std::string_view in) : in_(in) {}
  bool has(size_t n) const { return in_.size() >= n; }
  int next() {
    unsigned char b = static_cast<unsigned char>(in_.front());
    in_.remove_prefix(1);
    return b;
  }
  std::string_view take(size_t n) {
    std::string_view out = in_.substr(0, n);
    in_.remove_prefix(out.size());
    return out;
  }

 private:
  std::string_view in_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  Bytes in(fuzz::bytes_of(data, size));
  if (!in.has(3)) return 0;
  const int width = 32 + in.next(), height = 32 + in.next();
  const double scale = 0.5 * (1 + (in.next() & 3));
  PdfLayout layout("fuzz.pdf", fuzz::cheap_limits());
  std::vector<unsigned char> grey(static_cast<size_t>(width) * height, 255);
  std::vector<PdfWord> words;
  int page = 1;
  auto draw = [&](int x0, int x1, int y0, int y1) {  // a dark rectangle, clipped to the page
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(width, x1); ++x)
        grey[static_cast<size_t>(y) * width + x] = 0;
  };
  auto end_page = [&](bool rendered) {
    PdfPageImage image{grey.data(), width, height, width, scale};
    std::optional<Error> error = layout.add_page(page++, std::move(words), rendered ? &image : nullptr);
    words.clear();
    std::fill(grey.begin(), grey.end(), 255);
    if (error) fuzz::check_error(*error);
    return !error;
  };
  bool ok = true;  // no error ended the file
  while (ok && page <= 64 && in.has(1)) {
    const int command = in.next();
    const int thick = 1 + ((command >> 4) & 1);
    switch (command % 5) {
      case 0:
        if (!in.has(3)) break;
        {
          int y = in.next(), x0 = in.next(), x1 = in.next();
          draw(std::min(x0, x1), std::max(x0, x1) + 1, y, y + thick);
        }
        break;
      case 1:
        if (!in.has(3)) break;
        {
          int x = in.next(), y0 = in.next(), y1 = in.next();
          draw(x, x + thick, std::min(y0, y1), std::max(y0, y1) + 1);
        }
        break;
      case 2: {
        if (!in.has(5)) break;
        double x = in.next() - 8, y = in.next() - 8, w = 1 + in.next(), h = 1 + in.next() / 8;
        size_t n = static_cast<size_t>(in.next() % 17);
        std::string text = to_utf8(fuzz::utf32_text(in.take(n)));
        if (text.empty()) text = "x";
        words.push_back({text, x / scale, y / scale, (x + w) / scale, (y + h) / scale});
        break;
      }
      case 3: ok = end_page(true); break;
      case 4: ok = end_page(false); break;
    }
  }
  if (ok && !words.empty()) ok = end_page(true);
  if (ok) fuzz::check_document(layout.document());
  return 0;
}
