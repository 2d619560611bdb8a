// fuzz_extract: extraction and checks (Pipeline::process_document, rules loaded once) on a
// Document read from the fuzzed bytes by the text reader, then the record's JSON line.
#include "fuzz_common.h"
#include "ingest/text.h"
#include "sink/json.h"

namespace {

const jixiao::Pipeline* pipeline = nullptr;

// A span points at a block of the document, its start not after its end.
void check_span(const jixiao::Span& span, size_t blocks) {
  FUZZ_CHECK(span.block >= 0 && static_cast<size_t>(span.block) < blocks);
  FUZZ_CHECK(span.end_block < 0 || static_cast<size_t>(span.end_block) < blocks);
  FUZZ_CHECK(span.start >= 0 && (span.end_block >= 0 || span.start <= span.end));
}

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
  const size_t blocks = doc.value().blocks.size();
  for (const Report& report : record.reports) {
    for (const Figure& figure : report.figures) check_span(figure.span, blocks);
    for (const Indicator& indicator : report.indicators) check_span(indicator.span, blocks);
  }
  for (const Finding& finding : record.findings)
    for (const Evidence& evidence : finding.evidence) check_span(evidence.span, blocks);
  FUZZ_CHECK(!document_record_json(record).empty());
  return 0;
}
