// A read-only ZIP archive opened from memory (libzip), with every read bounded by ReadLimits.
//
//   auto zip = ZipReader::open(bytes, "in.docx", limits);   // corrupt_zip / limit_exceeded
//   if (auto part = zip.value().read("word/document.xml"); part.ok()) use(part.value());
//
// Bounds: the number of entries (max_entries), one part's inflated size (max_part_bytes, both
// the size the directory declares and the bytes the stream really yields), the inflated bytes
// of all parts read through one reader (max_inflated_total) and the inflated/compressed ratio of
// a part above 1 MiB (max_ratio). OPC part names are case-insensitive, so lookups are too; entry
// names are matched percent-decoded ("word/a%20b.xml" is found as "word/a b.xml").
// The reader borrows `bytes`: they must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "ingest/read.h"

namespace jixiao {

class ZipReader {
 public:
  static Result<ZipReader> open(std::string_view bytes, const std::string& path, const ReadLimits& limits);

  ZipReader(ZipReader&&) noexcept;
  ZipReader& operator=(ZipReader&&) noexcept;
  ~ZipReader();

  // Whether an entry of that name exists (case-insensitive, leading '/' ignored).
  bool contains(std::string_view name) const;
  // Inflates one entry. Missing entry: corrupt_zip with "no part NAME" (callers check contains()).
  Result<std::string> read(std::string_view name);
  std::vector<std::string> names() const;
  int64_t inflated_so_far() const { return inflated_total_; }

 private:
  ZipReader() = default;
  std::optional<int64_t> locate(std::string_view name) const;
  static std::string key(std::string_view name);
  Error error(ErrorCode code, std::string message) const;

  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::string path_;
  ReadLimits limits_;
  int64_t inflated_total_ = 0;
  std::vector<std::pair<std::string, int64_t>> index_;  // key(name) -> entry, sorted by key
};

}  // namespace jixiao
