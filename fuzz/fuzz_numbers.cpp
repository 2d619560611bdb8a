// fuzz_numbers: the number parser (units from the rule directory's units.toml, loaded once) on
// arbitrary text, in running text (find_all) and as a table cell under a "（万元）" header.
#include "fuzz_common.h"
#include "numbers/numbers.h"

namespace {
const jixiao::NumberParser* parser = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  parser = new jixiao::NumberParser(
      jixiao::fuzz::loaded(jixiao::NumberParser::load(jixiao::fuzz::rules_dir()), "units"));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  const std::u32string text = fuzz::utf32_text(fuzz::bytes_of(data, size));
  int previous_end = 0;
  for (const Quantity& q : parser->find_all(text)) {  // in order, non-overlapping, inside the text
    FUZZ_CHECK(q.start >= previous_end && q.start < q.end && q.end <= static_cast<int>(text.size()));
    previous_end = q.end;
  }
  if (auto cell = parser->parse_cell(text, NumberContext{"万元"}))
    FUZZ_CHECK(cell->start >= 0 && cell->start < cell->end && cell->end <= static_cast<int>(text.size()));
  return 0;
}
