// PdfLayout on pages drawn in memory: rules into a grey image, words with their boxes, as poppler
// would hand them over. What the PDF fixtures test through poppler, here shape by shape.
#include "ingest/pdf_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

namespace jixiao {
namespace {

// A page at one pixel per point.
class Page {
 public:
  Page(int width, int height)
      : width_(width), height_(height), grey_(static_cast<size_t>(width) * height, 255) {}
  void hrule(int y, int x0, int x1) { fill(x0, x1 + 1, y, y + 1); }
  void vrule(int x, int y0, int y1) { fill(x, x + 1, y0, y1 + 1); }
  void word(double x, double y, const std::string& text, double w = 30, double h = 10) {
    words_.push_back({text, x, y, x + w, y + h});
    fill(static_cast<int>(x) + 1, static_cast<int>(x + w) - 1, static_cast<int>(y) + 2,
         static_cast<int>(y + h) - 2);  // the glyphs: dark inside the box, blanked by the reader
  }
  std::optional<Error> add_to(PdfLayout& layout, int number) {
    PdfPageImage image{grey_.data(), width_, height_, width_, 1.0};
    return layout.add_page(number, words_, &image);
  }

 private:
  void fill(int x0, int x1, int y0, int y1) {
    for (int y = std::max(0, y0); y < std::min(height_, y1); ++y)
      for (int x = std::max(0, x0); x < std::min(width_, x1); ++x)
        grey_[static_cast<size_t>(y) * width_ + x] = 0;
  }
  int width_, height_;
  std::vector<unsigned char> grey_;
  std::vector<PdfWord> words_;
};

// Three rows under one merged heading row; the columns' rule stops at the heading.
void draw_funds_table(Page& page, int top) {
  for (int y : {top, top + 30, top + 60, top + 90}) page.hrule(y, 10, 290);
  page.vrule(10, top, top + 90);
  page.vrule(290, top, top + 90);
  page.vrule(150, top + 30, top + 90);
  page.word(20, top + 10, "项目资金（万元）", 100);
  page.word(20, top + 40, "全年预算数", 60);
  page.word(160, top + 40, "286.4");
  page.word(20, top + 70, "执行率", 40);
  page.word(160, top + 66, "93.", 20, 9);  // a value wrapped in its cell
  page.word(160, top + 76, "47%", 20, 9);
}

std::vector<const Block*> tables(const Document& doc) {
  std::vector<const Block*> out;
  for (const Block& b : doc.blocks)
    if (b.type == BlockType::table) out.push_back(&b);
  return out;
}

// The render scale keeps the image, each side rounded up, within the pixel budget, however a page
// is shaped: an A4 page at the 144 dpi cap or below it, and a fuzzed MediaBox 5.95e15 points wide
// by 842 high, which scaling by its area made one pixel high and 6.5e8 wide (650 MB of grey).
TEST(PdfLayout, TheRenderScaleKeepsEveryPageShapeWithinThePixelBudget) {
  EXPECT_DOUBLE_EQ(render_scale(595.3, 841.9, 8e6, 2.0), 2.0);
  for (auto [w, h, budget] :
       {std::tuple{595.3, 841.9, 60000.0}, std::tuple{5.954303937007874e15, 841.9, 60000.0},
        std::tuple{841.9, 5.954303937007874e15, 8e6}, std::tuple{1e-3, 1e-3, 60000.0},
        std::tuple{14400.0, 14400.0, 8e6}}) {
    const double s = render_scale(w, h, budget, 2.0);
    EXPECT_GT(s, 0) << w << " x " << h;
    EXPECT_LE(std::ceil(w * s) * std::ceil(h * s), budget) << w << " x " << h;
  }
  // A budget the page gets most of when it is not capped.
  const double a4 = render_scale(595.3, 841.9, 60000.0, 2.0);
  EXPECT_GT(std::ceil(595.3 * a4) * std::ceil(841.9 * a4), 0.95 * 60000);
  EXPECT_EQ(render_scale(595.3, 841.9, 1.0, 2.0), 0);
}

TEST(PdfLayout, RulesMakeAGridWithItsMergedCellsAndWrappedValues) {
  PdfLayout layout("drawn.pdf", ReadLimits{});
  Page page(300, 200);
  page.word(10, 5, "一、项目概况", 80);
  draw_funds_table(page, 40);
  ASSERT_FALSE(page.add_to(layout, 1));
  const Document& doc = layout.document();
  ASSERT_EQ(tables(doc).size(), 1u);
  const Table& t = tables(doc)[0]->table;
  ASSERT_EQ(t.row_count(), 3);
  ASSERT_EQ(t.col_count(), 2);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"项目资金（万元）", "项目资金（万元）"}));
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"全年预算数", "286.4"}));
  EXPECT_EQ(t.rows[2], (std::vector<std::string>{"执行率", "93.47%"}));
  EXPECT_EQ(t.merged, (std::vector<Merge>{{0, 0, 1, 2}}));
  // The heading above the table is a paragraph before it, and the page is the source line.
  ASSERT_EQ(doc.blocks.front().type, BlockType::paragraph);
  EXPECT_EQ(doc.blocks.front().text, "一、项目概况");
  EXPECT_EQ(tables(doc)[0]->source_line, 1);
}

TEST(PdfLayout, ATableGoingOnOverAPageBreakIsOneBlock) {
  PdfLayout layout("drawn.pdf", ReadLimits{});
  Page first(300, 200), second(300, 200);
  draw_funds_table(first, 100);
  for (int y : {10, 40}) second.hrule(y, 10, 290);
  for (int x : {10, 150, 290}) second.vrule(x, 10, 40);
  second.word(20, 20, "得分", 40);
  second.word(160, 20, "9.35");
  ASSERT_FALSE(first.add_to(layout, 1));
  ASSERT_FALSE(second.add_to(layout, 2));
  ASSERT_EQ(tables(layout.document()).size(), 1u);
  const Table& t = tables(layout.document())[0]->table;
  ASSERT_EQ(t.row_count(), 4);
  EXPECT_EQ(t.rows[3], (std::vector<std::string>{"得分", "9.35"}));
}

TEST(PdfLayout, WithoutAnImageTheWordsAreLinesAndWrappedLinesJoin) {
  PdfLayout layout("drawn.pdf", ReadLimits{});
  std::vector<PdfWord> words = {
      {"本年度预算", 10, 10, 150, 20},
      {"安排286.4万元，", 160, 10, 290, 20},  // reaches the right edge
      {"执行267.71万元。", 10, 22, 120, 32},  // so this goes on
      {"二、绩效目标", 30, 50, 120, 60},      // indented: a new one
  };
  ASSERT_FALSE(layout.add_page(1, words, nullptr));
  const Document& doc = layout.document();
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "本年度预算 安排286.4万元，执行267.71万元。");
  EXPECT_EQ(doc.blocks[1].text, "二、绩效目标");
}

TEST(PdfLayout, AGridPastMaxTableCellsIsAnError) {
  ReadLimits small;
  small.max_table_cells = 4;
  PdfLayout layout("drawn.pdf", small);
  Page page(300, 200);
  draw_funds_table(page, 40);
  page.vrule(80, 40, 130);  // 3 rows x 3 columns
  std::optional<Error> error = page.add_to(layout, 1);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, ErrorCode::limit_exceeded);
  EXPECT_NE(error->message.find("max_table_cells"), std::string::npos);
  EXPECT_EQ(error->path, "drawn.pdf");
}

}  // namespace
}  // namespace jixiao
