// fuzz_normalize: the normalizer on arbitrary UTF-8, as one text (normalize_text) and as a
// Document (normalize): one paragraph per line, a run of lines holding tabs one table.
#include "fuzz_common.h"
#include "normalize/normalize.h"

namespace {

// Every normalized code point points into the document: a block that exists, a raw offset
// at or after the text's start.
void check_text(const jixiao::NormalizedText& t, size_t blocks) {
  FUZZ_CHECK(t.pos.size() == t.text.size() + 1);
  for (const jixiao::SourcePos& p : t.pos)
    FUZZ_CHECK(p.block >= 0 && static_cast<size_t>(p.block) < blocks && p.offset >= 0);
}

jixiao::Document document_of(std::string_view text) {
  jixiao::Document doc;
  jixiao::Block* table = nullptr;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find('\t') == std::string_view::npos) {
      table = nullptr;
      doc.blocks.emplace_back().text = line;
      continue;
    }
    if (!table) {
      table = &doc.blocks.emplace_back();
      table->type = jixiao::BlockType::table;
    }
    auto& row = table->table.rows.emplace_back();
    for (size_t cell = 0; cell <= line.size();) {
      size_t tab = std::min(line.find('\t', cell), line.size());
      row.emplace_back(line.substr(cell, tab - cell));
      cell = tab + 1;
    }
  }
  for (jixiao::Block& block : doc.blocks) {  // pad to a grid; a first row of two merges
    jixiao::Table& t = block.table;
    size_t cols = 0;
    for (const auto& row : t.rows) cols = std::max(cols, row.size());
    for (auto& row : t.rows) row.resize(cols);
    if (cols < 2) continue;
    t.rows[0][1] = t.rows[0][0];  // a merged cell's text is repeated at every position it covers
    t.merged.push_back({0, 0, 1, 2});
  }
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  const std::string text = to_utf8(fuzz::utf32_text(fuzz::bytes_of(data, size)));
  check_text(normalize_text(text, 0), 1);

  const Document doc = document_of(text);
  const NormalizedDocument normalized = normalize(doc);
  for (const NormalizedBlock& block : normalized.blocks) {
    FUZZ_CHECK(block.source_block >= 0 && static_cast<size_t>(block.source_block) < doc.blocks.size());
    if (block.type == BlockType::paragraph) check_text(block.text, doc.blocks.size());
    for (const auto& row : block.cells)
      for (const NormalizedText& cell : row) check_text(cell, doc.blocks.size());
  }
  return 0;
}
