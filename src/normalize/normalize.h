// Normalization (ICU): the text extraction reads, with a map back to the raw source.
//
// - NFKC: full-width digits, letters and punctuation become half-width ("７７．４６％" ->
//   "77.46%"); Chinese punctuation that NFKC keeps (，。；：、（）“”) is kept as is, and the
//   ASCII forms some offices type instead of it ("," "(" ")" ";" ":" between CJK) are kept
//   consistent with it.
// - whitespace: every kind of space (U+3000, NBSP, tabs inside a paragraph) becomes one
//   ASCII space, runs collapse, and spaces between CJK and a digit or between two CJK are
//   dropped ("165.69 万元" -> "165.69万元", "2024 年" -> "2024年").
// - artifacts: "[bookmark: _GoBack]" and similar converter markers are removed.
// - broken lines: a paragraph that ends mid-sentence (no closing punctuation, the next one
//   starts without a list marker) is joined with the next one ("实际下" + "达 165.69 万元").
//
// Every normalized code point keeps the raw block and code-point offset it came from, so
// that a record found in normalized text can point at the exact place in the source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/records.h"

namespace jixiao {

struct SourcePos {
  int32_t block = 0;   // index into Document::blocks
  int32_t offset = 0;  // code points into that block's raw text (or cell text)
};

struct NormalizedText {
  std::u32string text;
  std::vector<SourcePos> pos;  // text.size() + 1 entries; the last one is the raw end

  // The raw span of normalized [start, end); row/col are filled in for table cells.
  Span span(size_t start, size_t end, int row = -1, int col = -1) const;
};

struct NormalizedBlock {
  BlockType type = BlockType::paragraph;
  BlockPart part = BlockPart::body;
  int source_block = 0;  // first raw block it came from
  NormalizedText text;   // paragraphs
  std::vector<std::vector<NormalizedText>> cells;  // tables: the resolved grid
  std::vector<Merge> merged;
  std::string style;
  int outline_level = -1;
  std::string list_label;
};

struct NormalizedDocument {
  std::vector<NormalizedBlock> blocks;
};

struct NormalizeOptions {
  bool join_broken_lines = true;
};

// Normalizes one piece of raw text; positions point at (block, offset in raw).
NormalizedText normalize_text(std::string_view raw, int block);
NormalizedDocument normalize(const Document& doc, const NormalizeOptions& options = {});

}  // namespace jixiao
