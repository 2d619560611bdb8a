// fuzz_extract: extraction and checks (Pipeline::process_document, rules loaded once) on a
// Document read from the fuzzed bytes by the text reader, then the record's JSON line.
#include "fuzz_common.h"
#include "ingest/text.h"
#include "sink/json.h"
#include "support/record_spans.h"  // tests/support: the span promise the tests check too

namespace {

const jixiao::Pipeline* pipeline = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  jixiao::PipelineOptions options;
  options.rules_dir = jixiao::fuzz::rules_dir();
  std::vector<jixiao::Error> soft;
  pipeline = new jixiao::Pipeline(jixiao::fuzz::loaded(jixiao::Pipeline::load(options, &soft), "rules"));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jixiao;
  Result<Document> doc = read_text(fuzz::bytes_of(data, size), "fuzz.txt", ReadOptions{});
  if (!doc.ok()) return 0;
  const DocumentRecord record = pipeline->process_document(doc.value());
  FUZZ_CHECK(testing::misplaced_span(record, doc.value().blocks.size()).empty());
  FUZZ_CHECK(!document_record_json(record).empty());
  return 0;
}
