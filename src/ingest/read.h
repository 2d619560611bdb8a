// Reading a file into a Document: sniff the format from the bytes (never the name), then hand
// the bytes to its reader.
//
//   ZIP ("PK\3\4", or an empty-archive "PK\5\6")  -> XLSX reader when the package holds a
//                                                   SpreadsheetML workbook (is_xlsx_package),
//                                                   else the DOCX reader
//   OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1)   -> read_ole2: .xls (BIFF8), .doc / .wps, or an
//                                                   encrypted .docx / .xlsx (error encrypted)
//   PDF ("%PDF-" in the first KiB)                  -> PDF reader (poppler; no_text_layer for a scan)
//   anything else                                   -> text reader (encoding detected)
//
// Every limit below bounds what one hostile file can cost; hitting one is an Error of code
// limit_exceeded that names the limit and its value. rules/limits.toml sets them at run time
// (load_read_limits); the values here are the defaults a missing file or key keeps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/error.h"

namespace jixiao {

struct ReadLimits {
  int64_t max_file_bytes = 256ll << 20;      // any input file
  int64_t max_text_bytes = 64ll << 20;       // a text file
  int64_t max_inflated_total = 256ll << 20;  // sum of inflated ZIP parts we read
  int64_t max_part_bytes = 64ll << 20;       // one inflated ZIP part (pugixml needs ~4x in memory)
  double max_ratio = 200.0;                  // inflated / compressed, per part (bomb guard)
  int64_t max_entries = 10000;               // ZIP entries
  int max_xml_depth = 256;                   // element nesting depth
  int64_t max_table_cells = 1'000'000;       // rows x columns of one table grid
  int64_t max_render_pixels = 8'000'000;     // a PDF page rendered to find rules: fewer dpi above it
  int64_t max_figures_per_report = 50'000;   // figures of one report (and rule matches in one paragraph)
  int64_t max_memory_per_file = 1ll << 30;   // address space one file may add to a process; 0: none
  double max_seconds_per_file = 120;         // read + extract + check of one file; <= 0 or >= 1e9: none
};

// Reads `rules_dir`/limits.toml into limits (keys as in ReadLimits; a missing file keeps the
// defaults). An unknown key, a wrong type or a value out of range is an Error of code rules
// naming the file and line.
Result<ReadLimits> load_read_limits(const std::string& rules_dir);

struct ReadOptions {
  ReadLimits limits;
  std::string encoding;  // force a text encoding ("GB18030"); empty: detect
  // PDF and OLE2 files read in a child process (ingest/read_in_child.h), so that poppler's or
  // glib's abort() ends that file, not the process: for a single-threaded process reading one
  // file after another (extract, check, dump, review), never for ingest's workers or threads.
  bool library_readers_in_child = false;
};

// Starts the child process that reads PDF and OLE2 files for library_readers_in_child, now rather
// than at the first such file: called before the rules are loaded, the child is a copy of a small
// process (ingest/read_in_child.h).
void start_library_reader();

enum class Format { docx, text, ole2, pdf, empty };
const char* to_string(Format format);
Format sniff_format(std::string_view bytes);

// The bytes of a regular file, refusing directories, missing paths and files above
// limits.max_file_bytes (also one that grows past it while being read).
Result<std::string> read_file_bytes(const std::string& path, const ReadLimits& limits);

// What the bulk importer needs to know of a file before extraction, read in chunks and never
// held whole: its sha256, its size, and its first bytes (enough for sniff_format). The same
// refusals as read_file_bytes.
struct FileDigest {
  std::string sha256;
  int64_t bytes = 0;
  std::string head;  // the first kSniffBytes bytes
};
inline constexpr size_t kSniffBytes = 1024;
Result<FileDigest> digest_file(const std::string& path, const ReadLimits& limits);
// Reads and converts a file; the error names the path and the reason.
Result<Document> read_document(const std::string& path, const ReadOptions& options = {});
// The same for bytes already in memory (tests, fuzzers); `path` is only used in messages.
// `sha256`: the bytes' hash when the caller has it already (ingest hashes every file before it
// hands it to a worker), else computed here.
Result<Document> read_document_bytes(std::string_view bytes, const std::string& path,
                                     const ReadOptions& options = {}, std::string_view sha256 = {});

}  // namespace jixiao
