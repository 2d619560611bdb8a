// A Word table cut in two (a page break, a converter) is read as one grid, as the text reader
// reads its text export; locations still name the table and row of the source.
#include "ingest/continued_tables.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/location.h"

namespace jixiao {
namespace {

Block table(std::vector<std::vector<std::string>> rows, int nesting = 0) {
  Block b;
  b.type = BlockType::table;
  b.table.rows = std::move(rows);
  b.table.nesting = nesting;
  return b;
}

Block paragraph(std::string text, BlockPart part = BlockPart::body) {
  Block b;
  b.text = std::move(text);
  b.part = part;
  return b;
}

Document document(std::vector<Block> blocks) {
  Document doc;
  doc.format = "docx";
  doc.blocks = std::move(blocks);
  return doc;
}

TEST(ContinuedTables, ATableGoingOnAfterBlankParagraphsIsOneGrid) {
  Block first = table({{"三级指标", "分值"}, {"道路里程", "10"}});
  first.table.merged = {{0, 0, 2, 1}};
  Block second = table({{"群众满意度", "10"}, {"总分", "100"}});
  second.table.merged = {{0, 0, 2, 1}};
  Document doc = document({paragraph("自评表"), first, paragraph(""), paragraph("\f", BlockPart::header),
                           paragraph(" \n"), second, paragraph("说明"), table({{"a", "b", "c"}})});
  join_continued_tables(doc);
  ASSERT_EQ(doc.blocks.size(), 7u);
  const Table& t = doc.blocks[1].table;
  ASSERT_EQ(t.row_count(), 4);
  EXPECT_EQ(t.rows[2][0], "群众满意度");
  EXPECT_EQ(doc.continued_at, (std::map<int, std::vector<int>>{{1, {2}}}));
  ASSERT_EQ(t.merged.size(), 2u);
  EXPECT_EQ(t.merged[1], (Merge{2, 0, 2, 1}));  // the second table's merge, moved down with its rows
  EXPECT_EQ(doc.blocks[2].text, "");            // the paragraphs between stay, after the grid
  EXPECT_EQ(doc.blocks[6].type, BlockType::table);

  // Locations name the source's tables: the joined rows are table 2's, the last table is the third.
  auto where = [&](int block, int row) {
    return location_label(locate_span(Span{block, row, 1, 0, 1, -1}, doc));
  };
  EXPECT_EQ(where(1, 1), "表1 第2行 第2列");
  EXPECT_EQ(where(1, 2), "表2 第1行 第2列");
  EXPECT_EQ(where(1, 3), "表2 第2行 第2列");
  EXPECT_EQ(where(6, 0), "表3 第1行 第2列");
}

TEST(ContinuedTables, TablesWithTextBetweenOrOtherColumnsOrTooFarApartStayApart) {
  const auto two = [] { return table({{"a", "b"}}); };
  Document text_between = document({two(), paragraph("二、绩效目标"), two()});
  Document other_width = document({two(), table({{"a", "b", "c"}})});
  Document nested = document({two(), table({{"x", "y"}}, 1), two()});
  Document far = document({two(), paragraph(""), paragraph(""), paragraph(""), two()});
  for (Document* doc : {&text_between, &other_width, &nested, &far}) {
    const size_t before = doc->blocks.size();
    join_continued_tables(*doc);
    EXPECT_EQ(doc->blocks.size(), before);
  }
  // Two blank paragraphs are still a page break's worth.
  Document near = document({two(), paragraph(""), paragraph(""), two()});
  join_continued_tables(near);
  EXPECT_EQ(near.blocks.size(), 3u);
}

}  // namespace
}  // namespace jixiao
