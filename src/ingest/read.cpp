#include "ingest/read.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include "core/sha256.h"
#include "ingest/continued_tables.h"
#include "ingest/docx.h"
#include "ingest/ole2.h"
#include "ingest/pdf.h"
#include "ingest/read_in_child.h"
#include "ingest/text.h"
#include "ingest/xlsx.h"

namespace jixiao {

const char* to_string(Format format) {
  switch (format) {
    case Format::docx: return "docx";
    case Format::text: return "text";
    case Format::ole2: return "ole2";
    case Format::pdf: return "pdf";
    case Format::empty: return "empty";
  }
  return "text";
}

Format sniff_format(std::string_view bytes) {
  if (bytes.empty()) return Format::empty;
  auto starts = [&](std::string_view magic) { return bytes.substr(0, magic.size()) == magic; };
  if (starts(std::string_view("PK\x03\x04", 4)) || starts(std::string_view("PK\x05\x06", 4)) ||
      starts(std::string_view("PK\x07\x08", 4)))
    return Format::docx;
  if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) return Format::ole2;
  // PDF allows up to 1 KiB of junk before the header.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::pdf;
  return Format::text;
}

namespace {

// The readers of the formats whose libraries abort (ReadOptions::library_readers_in_child).
Result<Document> read_library_format(int format, std::string_view bytes, const std::string& path,
                                     const ReadLimits& limits) {
  return static_cast<Format>(format) == Format::pdf ? read_pdf(bytes, path, limits)
                                                    : read_ole2(bytes, path, limits);
}

// One per process, started at its first file and kept for the next ones.
ReaderProcess& library_reader() {
  static ReaderProcess process(read_library_format);
  return process;
}

}  // namespace

void start_library_reader() {
  library_reader().start();
}

Result<Document> read_document_bytes(std::string_view bytes, const std::string& path,
                                     const ReadOptions& options, std::string_view sha256) {
  auto fail = [&](ErrorCode code, std::string message) {
    return Result<Document>(file_error(code, path, std::move(message)));
  };
  Format format = sniff_format(bytes);
  Result<Document> result = Error{};
  const char* kind = to_string(format);
  switch (format) {
    case Format::empty: return fail(ErrorCode::empty, "empty file (0 bytes)");
    case Format::ole2:  // .xls, .doc / .wps, or an encrypted .docx / .xlsx
      result = options.library_readers_in_child
                   ? library_reader().read(static_cast<int>(format), bytes, path, options.limits, "libgsf")
                   : read_ole2(bytes, path, options.limits);
      if (result.ok()) kind = result.value().format == "xls" ? "xls" : "doc";
      break;
    case Format::pdf:
      result = options.library_readers_in_child
                   ? library_reader().read(static_cast<int>(format), bytes, path, options.limits, "poppler")
                   : read_pdf(bytes, path, options.limits);
      break;
    case Format::docx:  // any ZIP: a SpreadsheetML workbook, else WordprocessingML
      if (is_xlsx_package(bytes, options.limits)) {
        result = read_xlsx(bytes, path, options.limits);
        kind = "xlsx";
      } else {
        result = read_docx(bytes, path, options.limits);
      }
      break;
    case Format::text: result = read_text(bytes, path, options); break;
  }
  if (!result.ok()) {
    Error e = result.error();
    if (e.path.empty()) e.path = path;
    return e;
  }
  Document& doc = result.value();
  // Word's tables cut in two (a page break, a converter) are one grid again, as text files read
  // them; a workbook's sheets and a PDF's pages are joined by their own readers or not at all.
  if (std::string_view(kind) == "docx" || std::string_view(kind) == "doc") join_continued_tables(doc);
  doc.path = path;
  doc.format = kind;
  if (doc.encoding.empty()) doc.encoding = "UTF-8";
  doc.bytes = static_cast<int64_t>(bytes.size());
  doc.sha256 = sha256.empty() ? sha256_hex(bytes) : std::string(sha256);
  return result;
}

namespace {

// Reads a regular file in chunks, handing each to `chunk`; the refusals of read_file_bytes.
// One open, one fstat and the reads (a worker reads thousands of files, and each system call
// costs microseconds in a virtual machine); the path is looked at again only to say why it
// could not be opened.
template <class Chunk>
std::optional<Error> read_chunks(const std::string& path, const ReadLimits& limits, Chunk chunk) {
  auto fail = [&](ErrorCode code, std::string message) {
    Error e;
    e.code = code;
    e.path = path;
    e.message = std::move(message);
    return e;
  };
  auto not_a_file = [&](mode_t mode) {
    return fail(ErrorCode::io, S_ISDIR(mode) ? "is a directory, not a report file" : "not a regular file");
  };
  // O_NONBLOCK: opening a FIFO for reading would wait for a writer; it is refused below instead.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return fail(ErrorCode::io, "no such file");
    if (!S_ISREG(st.st_mode)) return not_a_file(st.st_mode);
    return fail(ErrorCode::io, "cannot open (permission denied?)");
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0)
    return fail(ErrorCode::io, std::string("cannot read size: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return not_a_file(st.st_mode);
  const auto size = static_cast<int64_t>(st.st_size);
  auto over_limit = [&](const std::string& what) {
    return fail(ErrorCode::limit_exceeded,
                what + ", above the limit of " + std::to_string(limits.max_file_bytes) + " (max_file_bytes)");
  };
  if (size > limits.max_file_bytes) return over_limit("file is " + std::to_string(size) + " bytes");
  char buffer[1 << 16];
  int64_t total = 0;
  // Read to the end rather than trusting the size: a file may grow while it is read.
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::io, "read error");
    if (n == 0) break;
    total += n;
    if (total > limits.max_file_bytes)
      return over_limit("file grew past " + std::to_string(limits.max_file_bytes) + " bytes while read");
    chunk(std::string_view(buffer, static_cast<size_t>(n)), size);
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> read_file_bytes(const std::string& path, const ReadLimits& limits) {
  std::string bytes;
  auto failed = read_chunks(path, limits, [&](std::string_view chunk, int64_t size) {
    if (bytes.empty()) bytes.reserve(static_cast<size_t>(size));
    bytes.append(chunk);
  });
  if (failed) return *failed;
  return bytes;
}

Result<FileDigest> digest_file(const std::string& path, const ReadLimits& limits) {
  FileDigest digest;
  Sha256 hash;
  auto failed = read_chunks(path, limits, [&](std::string_view chunk, int64_t) {
    hash.update(chunk);
    digest.bytes += static_cast<int64_t>(chunk.size());
    if (digest.head.size() < kSniffBytes)
      digest.head.append(chunk.substr(0, kSniffBytes - digest.head.size()));
  });
  if (failed) return *failed;
  digest.sha256 = hash.hex_digest();
  return digest;
}

Result<Document> read_document(const std::string& path, const ReadOptions& options) {
  auto bytes = read_file_bytes(path, options.limits);
  if (!bytes) return bytes.error();
  return read_document_bytes(bytes.value(), path, options);
}

}  // namespace jixiao
