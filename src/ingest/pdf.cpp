// PDF reader: poppler-cpp gives the words of each page with their boxes, and renders each page
// that has text in grey (its Splash renderer, no anti-aliasing, at most 144 dpi and
// max_render_pixels); ingest/pdf_layout.cpp rebuilds paragraphs and ruled tables from both.
//
// - A PDF with pages but no text on any of them is a scan: no_text_layer, never an empty document.
// - An encrypted PDF is read when it opens without a user password and allows copying text.
// Not read: text in images (no OCR), rotated pages; see pdf_layout.cpp for the layouts.
#include "ingest/pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>

#include "core/deadline.h"
#include "core/utf.h"
#include "ingest/pdf_layout.h"

namespace jixiao {

namespace {

constexpr double kMaxScale = 2.0;  // 144 dpi; a larger page at fewer (max_render_pixels)

void quiet(const std::string&, void*) {}

}  // namespace

Result<Document> read_pdf(std::string_view bytes, const std::string& path, const ReadLimits& limits) {
  poppler::set_debug_error_function(quiet, nullptr);
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return file_error(ErrorCode::limit_exceeded, path, "PDF larger than 2 GiB");
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf)
    return file_error(ErrorCode::corrupt_file, path,
                      "not a readable PDF (damaged, truncated, or password-protected)");
  if (pdf->is_locked())
    return file_error(ErrorCode::encrypted, path, "password-protected PDF: it needs a password to open");
  if (pdf->is_encrypted() && !pdf->has_permission(poppler::perm_copy))
    return file_error(ErrorCode::encrypted, path, "encrypted PDF whose permissions forbid copying its text");
  PdfLayout layout(path, limits);
  int pages = pdf->pages();
  int64_t text_bytes = 0, textless_words = 0;
  bool any_text = false;
  for (int i = 0; i < pages; ++i) {
    check_deadline("PDF reading");
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    std::vector<PdfWord> words;
    for (const poppler::text_box& box : page->text_list()) {
      // poppler makes every word's UTF-16 through iconv, which returns nothing when it cannot load
      // its module (an address space at max_memory_per_file): a word is never empty otherwise.
      if (box.text().empty()) {
        ++textless_words;
        continue;
      }
      // Our own conversion to UTF-8, not ustring::to_utf8, which opens iconv again for every word.
      std::string text;
      Utf16ToUtf8 utf8(text);
      for (const unsigned short unit : box.text()) utf8.push(static_cast<char16_t>(unit));
      utf8.finish();
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
      poppler::rectf r = box.bbox();
      // A box with no finite place (a damaged text matrix) cannot be put in a line or a cell, and
      // a NaN would break the ordering the line and grid sorts need.
      const double x1 = r.x() + r.width(), y1 = r.y() + r.height();
      if (!std::isfinite(r.x()) || !std::isfinite(r.y()) || !std::isfinite(x1) || !std::isfinite(y1))
        continue;
      text_bytes += static_cast<int64_t>(text.size());
      if (text_bytes > limits.max_text_bytes)
        return file_error(
            ErrorCode::limit_exceeded, path,
            "PDF text above " + std::to_string(limits.max_text_bytes) + " bytes (max_text_bytes)");
      words.push_back({std::move(text), r.x(), r.y(), x1, y1});
    }
    if (words.empty()) continue;
    any_text = true;
    // Rendered only now: a page without text has no table to find.
    poppler::rectf box = page->page_rect();
    const double scale =
        render_scale(box.width(), box.height(), static_cast<double>(limits.max_render_pixels), kMaxScale);
    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_gray8);
    renderer.set_render_hints(0);
    const poppler::image image =
        scale > 0 ? renderer.render_page(page.get(), 72.0 * scale, 72.0 * scale) : poppler::image();
    PdfPageImage grey;
    const bool rendered = image.is_valid() && image.format() == poppler::image::format_gray8;
    if (rendered)
      grey = {reinterpret_cast<const unsigned char*>(image.const_data()), image.width(), image.height(),
              image.bytes_per_row(), scale};
    if (auto error = layout.add_page(i + 1, std::move(words), rendered ? &grey : nullptr)) return *error;
  }
  if (!any_text && textless_words > 0)
    return file_error(
        limits.max_memory_per_file > 0 ? ErrorCode::limit_exceeded : ErrorCode::internal, path,
        "poppler found " + std::to_string(textless_words) +
            " word(s) but could not convert their text (iconv failed, as it does when the process "
            "is at max_memory_per_file): not read, rather than taken for a scan");
  if (pages > 0 && !any_text)
    return file_error(ErrorCode::no_text_layer, path,
                      "the PDF has no text layer (" + std::to_string(pages) +
                          " page(s) of images only, a scan?): nothing to read without OCR");
  if (pages == 0) return file_error(ErrorCode::corrupt_file, path, "the PDF has no pages");
  Document& doc = layout.document();
  if (textless_words > 0)
    doc.warnings.push_back(std::to_string(textless_words) +
                           " word(s) came from poppler without their text (iconv failed) and are not read");
  return std::move(doc);
}

}  // namespace jixiao
