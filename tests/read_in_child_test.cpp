// Readers run in a child process (ingest/read_in_child.h): the same Document or Error as in
// process, and a child that aborts or never returns costs its file only, in `extract` too.
#include "ingest/read_in_child.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>

#include "core/binary_form.h"
#include "core/deadline.h"
#include "core/sanitizer.h"
#include "ingest/read.h"
#include "support/pdf_bytes.h"
#include "support/run_jixiao.h"
#include "support/scratch.h"

namespace jixiao {
namespace {

std::string fixture(const std::string& name) {
  return std::string(JIXIAO_SOURCE_DIR) + "/tests/data/formats/" + name;
}

TEST(ReadInChild, GivesWhatTheReaderGivesInProcess) {
  std::vector<std::string> files = {fixture("p01_roads_project.pdf"), fixture("p01_roads_project.xls"),
                                    fixture("m02_town_projects.doc"), fixture("p02_farmland_project.pdf")};
  for (const std::string& path : files) {
    ReadOptions here, child;
    child.library_readers_in_child = true;
    Result<Document> a = read_document(path, here), b = read_document(path, child);
    ASSERT_TRUE(a.ok() && b.ok()) << path;
    EXPECT_FALSE(a.value().blocks.empty());
    EXPECT_EQ(document_to_binary(b), document_to_binary(a)) << path;
  }
}

// Fake readers, told what to do by the file's first byte.
Result<Document> fake_reader(int kind, std::string_view bytes, const std::string& path, const ReadLimits&) {
  switch (bytes.empty() ? 'd' : bytes.front()) {
    case 'a':  // what poppler's gmalloc does when an allocation fails
      std::fputs("Out of memory\n", stderr);
      std::abort();
    case 'b': throw std::bad_alloc();
    case 'e': return Error{ErrorCode::corrupt_file, "not a readable PDF", path, 0, 7};
    case 'l':  // a reader that checks the time budget
      for (;;) {
        check_deadline("PDF reading");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    case 'h':  // one that never looks at the clock
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    default: {
      Document doc;
      doc.path = path;
      doc.format = std::to_string(kind);
      doc.blocks.emplace_back().text = std::string(bytes) + " pid " + std::to_string(::getpid());
      return doc;
    }
  }
}

std::string pid_of(const Result<Document>& doc) {
  const std::string& text = doc.value().blocks.front().text;
  return text.substr(text.find(" pid ") + 5);
}

TEST(ReadInChild, OneChildReadsFileAfterFileUntilOneEndsIt) {
  ReaderProcess child(fake_reader);
  Result<Document> first = child.read(3, "d1", "1.pdf", ReadLimits{}, "poppler");
  Result<Document> second = child.read(4, "d2", "2.xls", ReadLimits{}, "libgsf");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.value().format, "3");
  EXPECT_EQ(second.value().blocks.front().text.substr(0, 2), "d2");
  EXPECT_NE(pid_of(first), std::to_string(::getpid()));
  EXPECT_EQ(pid_of(second), pid_of(first)) << "the same child reads the next file";

  Result<Document> broken = child.read(3, "e", "x.pdf", ReadLimits{}, "poppler");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::corrupt_file);
  EXPECT_EQ(broken.error().message, "not a readable PDF");
  EXPECT_EQ(broken.error().offset, 7);

  Result<Document> aborted = child.read(3, "a", "big.pdf", ReadLimits{}, "poppler");
  ASSERT_FALSE(aborted.ok());
  EXPECT_EQ(aborted.error().code, ErrorCode::crashed);
  EXPECT_EQ(aborted.error().path, "big.pdf");
  const std::string& m = aborted.error().message;
  EXPECT_NE(m.find("reading with poppler: its process was killed by signal 6"), std::string::npos) << m;
  EXPECT_NE(m.find("max_memory_per_file"), std::string::npos) << m;
  EXPECT_NE(m.find("it said: Out of memory"), std::string::npos) << m;

  Result<Document> after = child.read(3, "d3", "3.pdf", ReadLimits{}, "poppler");
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_NE(pid_of(after), pid_of(first)) << "a new child after the one that died";
}

TEST(ReadInChild, OurOwnLimitsInTheChildAreTheUsualErrors) {
  ReaderProcess child(fake_reader);
  Result<Document> doc = child.read(4, "b", "a.xls", ReadLimits{}, "libgsf");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(doc.error().message.find("memory per file exceeded"), std::string::npos) << doc.error().message;
  // The time budget goes with each file: a reader that checks it stops there, and the child
  // reads the next file with a budget of its own.
  {
    DeadlineScope budget(0.2);
    doc = child.read(3, "l", "a.pdf", ReadLimits{}, "poppler");
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().code, ErrorCode::limit_exceeded);
    EXPECT_NE(doc.error().message.find("abandoned during PDF reading"), std::string::npos)
        << doc.error().message;
  }
  EXPECT_TRUE(child.read(3, "d", "b.pdf", ReadLimits{}, "poppler").ok());
}

TEST(ReadInChild, AReaderThatNeverReturnsIsStoppedAfterTheBudget) {
  ReaderProcess child(fake_reader);
  DeadlineScope budget(0.2);
  Result<Document> doc = child.read(3, "h", "a.pdf", ReadLimits{}, "poppler");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::limit_exceeded);
  EXPECT_NE(doc.error().message.find("max_seconds_per_file"), std::string::npos) << doc.error().message;
  EXPECT_NE(doc.error().message.find("did not return"), std::string::npos) << doc.error().message;
}

// The commands that read in their own process: the failed file is reported, the next one read,
// and the exit status says a file failed.
TEST(ReadInChild, ExtractAndCheckGoOnAfterALibraryAborts) {
  testing::RunOptions abort_in_child;
  abort_in_child.env = {"JIXIAO_READER_FAULT=abort"};
  const std::string docx = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project.docx";
  for (const char* command : {"extract", "check"}) {
    testing::RunResult r = testing::run_jixiao(
        {command, fixture("p01_roads_project.pdf"), fixture("p01_roads_project.doc"), docx}, abort_in_child);
    EXPECT_EQ(r.status, 2) << command << r.err;  // a file failed
    EXPECT_NE(r.err.find("p01_roads_project.pdf: reading with poppler: its process was killed by signal 6"),
              std::string::npos)
        << command << r.err;
    EXPECT_NE(r.err.find("p01_roads_project.doc: reading with libgsf"), std::string::npos)
        << command << r.err;
    if (std::string(command) == "extract") {
      ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;
      EXPECT_NE(r.out.find("\"code\":\"crashed\""), std::string::npos);
      EXPECT_NE(r.out.rfind("\"status\":\"ok\""), std::string::npos) << "the DOCX after them is read";
    }
  }
  // Without the fault the same files read.
  testing::RunResult ok = testing::run_jixiao({"extract", fixture("p01_roads_project.pdf"), docx});
  EXPECT_EQ(ok.status, 0) << ok.err;
}

// One page of 400,000 one-letter words: poppler's text list of it needs more than a 40 MiB cap
// allows, and poppler aborts when that allocation fails ("Out of memory"). Before the child, that
// ended `extract`; now the PDF fails and the DOCX after it is read. (Where the cap is met first
// depends on how much the process had when it set it: near the reading of the 10 MB file itself,
// that is our own bad_alloc, limit_exceeded; either way the file fails alone.)
std::string pdf_of_many_words() {
  std::string content = "BT /F1 1 Tf\n";
  for (int i = 0; i < 400000; ++i)
    content += "1 0 0 1 " + std::to_string(i % 600) + " " + std::to_string(i / 600 % 800) + " Tm (a) Tj\n";
  content += "ET";
  return testing::pdf_from_objects({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R "
      ">> >> "
      ">>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  });
}

TEST(ReadInChild, APdfThatMakesPopplerAbortPastTheMemoryCapFailsAloneInExtract) {
  if (kAddressSanitizer) GTEST_SKIP() << "AddressSanitizer cannot run under an address-space limit";
  testing::ScratchDir dir;
  const std::string pdf = dir.write("many_words.pdf", pdf_of_many_words());
  const std::string docx = std::string(JIXIAO_SOURCE_DIR) + "/corpus/p01_roads_project.docx";
  testing::RunResult r =
      testing::run_jixiao({"extract", "--rules", dir.rules("max_memory_per_file = 41943040\n"), pdf, docx});
  EXPECT_EQ(r.status, 2) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  const std::string first = r.out.substr(0, r.out.find('\n'));
  if (first.find("\"code\":\"crashed\"") != std::string::npos) {
    EXPECT_NE(r.err.find("many_words.pdf: reading with poppler: its process was killed by signal 6"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("it said: Out of memory"), std::string::npos) << r.err;
  } else {
    EXPECT_NE(first.find("\"code\":\"limit_exceeded\""), std::string::npos) << first;
    EXPECT_NE(r.err.find("max_memory_per_file"), std::string::npos) << r.err;
  }
  EXPECT_NE(r.out.rfind("\"status\":\"ok\""), std::string::npos) << "the DOCX after it is read";
}

// Just under the cap at which that PDF reads, poppler's words come back without their text:
// poppler converts each through iconv, which cannot load its module in a full address space, and
// the PDF was reported as a scan (no_text_layer). The cap at which it reads is found first
// (it depends on the machine's libraries); below it, each cap fails by name or reads, never as
// no_text_layer.
TEST(ReadInChild, APdfWhoseTextPopplerCannotConvertUnderTheCapIsNeverCalledAScan) {
  if (kAddressSanitizer) GTEST_SKIP() << "AddressSanitizer cannot run under an address-space limit";
  testing::ScratchDir dir;
  const std::string pdf = dir.write("many_words.pdf", pdf_of_many_words());
  auto extract_under = [&](int64_t mib) {
    const std::string rules =
        dir.rules("max_memory_per_file = " + std::to_string(mib << 20) + "\n", "rules" + std::to_string(mib));
    return testing::run_jixiao({"extract", "--rules", rules, pdf});
  };
  int64_t reads = 160;  // MiB: the least cap found at which the PDF reads (about 65 here)
  ASSERT_EQ(extract_under(reads).status, 0) << "the PDF reads with room to spare";
  for (int64_t fails = 32; reads - fails > 1;) {
    const int64_t mid = (fails + reads) / 2;
    (extract_under(mid).status == 0 ? reads : fails) = mid;
  }
  for (int64_t below = 1; below <= 4; ++below) {
    testing::RunResult r = extract_under(reads - below);
    EXPECT_EQ(r.out.find("\"code\":\"no_text_layer\""), std::string::npos)
        << reads - below << " MiB: " << r.err;
    if (r.status != 0 && r.out.find("\"code\":\"limit_exceeded\"") != std::string::npos &&
        r.err.find("could not convert their text") != std::string::npos)
      SUCCEED() << reads - below << " MiB: poppler's text was lost, and said so";
  }
}

// A reader that ends on an exception nothing caught (as the XLS reader did on a LABEL record cut
// short, found by fuzz_ole2) is reported as such, not as an allocation past the cap.
TEST(ReadInChild, AnUncaughtExceptionInTheReaderIsNamedAsOne) {
  testing::RunOptions terminate;
  terminate.env = {"JIXIAO_READER_FAULT=terminate"};
  testing::RunResult r = testing::run_jixiao({"extract", fixture("p01_roads_project.xls")}, terminate);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.out.find("\"code\":\"crashed\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("(an exception that nothing caught: a bug, of ours or of the library)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("allocation fails"), std::string::npos) << r.err;
}

TEST(ReadInChild, ExtractStopsALibraryThatHangsAtTheTimeBudget) {
  testing::ScratchDir dir;
  testing::RunOptions hang;
  hang.env = {"JIXIAO_READER_FAULT=hang"};
  testing::RunResult r = testing::run_jixiao(
      {"extract", "--rules", dir.rules("max_seconds_per_file = 0.5\n"), fixture("p01_roads_project.xls")},
      hang);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.out.find("\"code\":\"limit_exceeded\""), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("abandoned during reading with libgsf (it did not return"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace jixiao
