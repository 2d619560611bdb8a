// A PDF's pages, as poppler gives them (the words with their boxes, the page rendered in grey),
// rebuilt into a Document of paragraphs and ruled table grids. Kept apart from poppler so that the
// geometry can be tested and fuzzed on pages made up in memory (fuzz/fuzz_pdf_layout.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

// A word of a page's text layer and its box, in points from the top left.
struct PdfWord {
  std::string text;  // UTF-8
  double x0, y0, x1, y1;
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
  double h() const { return y1 - y0; }
};

// The pixels per point to render a page of `width` × `height` points at: at most `max_scale`, and
// such that the image, each side rounded up to whole pixels, holds at most `max_pixels`. Scaling by
// the area alone lets an absurd page (a MediaBox 10¹⁵ points wide, 842 high) come out one pixel
// high and hundreds of millions wide.
double render_scale(double width, double height, double max_pixels, double max_scale);

// A page rendered in grey, one byte a pixel (below 160 is dark), `stride` bytes a row, at `scale`
// pixels per point.
struct PdfPageImage {
  const unsigned char* grey = nullptr;
  int width = 0, height = 0, stride = 0;
  double scale = 1;
};

class PdfLayout {
 public:
  PdfLayout(std::string path, const ReadLimits& limits);
  // Page `number` (1-based; pages in order): its words (finite boxes) and its image, when it could
  // be rendered (without one, its words are read as lines). A page without words adds nothing. An
  // error (a grid past max_table_cells) ends the file.
  std::optional<Error> add_page(int number, std::vector<PdfWord> words, const PdfPageImage* image);
  Document& document() { return doc_; }

 private:
  std::string path_;
  ReadLimits limits_;
  Document doc_;
  bool last_is_table_at_page_end_ = false;
  std::vector<double> last_edges_;  // column edges of the last table block
};

}  // namespace jixiao
