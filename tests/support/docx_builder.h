// Builds DOCX (ZIP) bytes in memory with libzip, so tests can state the exact shape they read.
//
//   DocxBuilder docx;
//   docx.body("<w:p><w:r><w:t>一、概况</w:t></w:r></w:p>");   // word/document.xml with namespaces
//   docx.part("word/numbering.xml", numbering_xml).rel("numbering", "numbering.xml");
//   std::string bytes = docx.build();
//
// Default parts: [Content_Types].xml, _rels/.rels (officeDocument -> word/document.xml) and
// word/_rels/document.xml.rels built from rel() calls. Any part can be replaced or removed.
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace jixiao::testing {

inline constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr const char* kWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";

// The namespace declarations a Word 2010+ document carries.
inline std::string word_namespaces(const std::string& w_uri = kW) {
  return std::string("xmlns:w=\"") + w_uri +
         "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
         " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""
         " xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\""
         " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""
         " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
         " xmlns:v=\"urn:schemas-microsoft-com:vml\""
         " xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""
         " xmlns:x99=\"urn:example:unknown\"";
}

// A document part whose body is `body_xml`.
inline std::string document_xml(const std::string& body_xml, const std::string& w_uri = kW) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " +
         word_namespaces(w_uri) + "><w:body>" + body_xml + "</w:body></w:document>";
}

// A paragraph with one run of text.
inline std::string para(const std::string& text, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + "<w:r><w:t xml:space=\"preserve\">" +
         text + "</w:t></w:r></w:p>";
}

class DocxBuilder {
 public:
  struct Entry {
    std::string data;
    bool stored = false;  // no compression
  };

  DocxBuilder() {
    parts_["[Content_Types].xml"].data =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
        "</Types>";
    main_part("word/document.xml");
    body("");
  }

  // Where _rels/.rels points (and the document-level relationships live).
  DocxBuilder& main_part(
      const std::string& name,
      const std::string& type =
          "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument") {
    main_ = name;
    parts_["_rels/.rels"].data =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" +
        type + "\" Target=\"" + name + "\"/></Relationships>";
    return *this;
  }
  DocxBuilder& body(const std::string& body_xml, const std::string& w_uri = kW) {
    return part(main_, document_xml(body_xml, w_uri));
  }
  DocxBuilder& part(const std::string& name, std::string data, bool stored = false) {
    parts_[name] = Entry{std::move(data), stored};
    return *this;
  }
  DocxBuilder& remove(const std::string& name) {
    parts_.erase(name);
    return *this;
  }
  // A relationship of the main part, e.g. rel("numbering", "numbering.xml").
  DocxBuilder& rel(
      const std::string& type_tail, const std::string& target,
      const std::string& base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/") {
    rels_.push_back({base + type_tail, target});
    return *this;
  }
  // A part streamed from a generator (for large parts): `size` bytes from `fill(offset, buf, n)`.
  DocxBuilder& generated(const std::string& name, uint64_t size,
                         std::function<void(uint64_t, char*, uint64_t)> fill) {
    generated_.push_back({name, size, std::move(fill)});
    return *this;
  }

  std::string build() const {
    std::map<std::string, Entry> parts = parts_;
    if (!rels_.empty()) {
      std::string rels =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
          "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
      int id = 100;
      for (const auto& [type, target] : rels_)
        rels += "<Relationship Id=\"rId" + std::to_string(id++) + "\" Type=\"" + type + "\" Target=\"" +
                target + "\"/>";
      rels += "</Relationships>";
      size_t slash = main_.rfind('/');
      std::string dir = slash == std::string::npos ? "" : main_.substr(0, slash + 1);
      std::string file = slash == std::string::npos ? main_ : main_.substr(slash + 1);
      parts[dir + "_rels/" + file + ".rels"].data = rels;
    }

    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) throw std::runtime_error("zip_source_buffer_create failed");
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) throw std::runtime_error("zip_open_from_source failed");
    zip_source_keep(buffer);
    for (const auto& [name, entry] : parts) {
      zip_source_t* data = zip_source_buffer(archive, entry.data.data(), entry.data.size(), 0);
      zip_int64_t index = zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
      if (index < 0) throw std::runtime_error("zip_file_add failed: " + name);
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                               entry.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, entry.stored ? 0 : 6);
    }
    std::vector<std::unique_ptr<Generated>> states;
    for (const auto& gen : generated_) {
      states.push_back(std::make_unique<Generated>(gen));
      zip_source_t* data = zip_source_function(archive, &Generated::callback, states.back().get());
      zip_int64_t index = zip_file_add(archive, gen.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
      if (index < 0) throw std::runtime_error("zip_file_add failed: " + gen.name);
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 1);
    }
    if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");

    std::string out;
    zip_source_open(buffer);
    zip_source_seek(buffer, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    out.resize(static_cast<size_t>(size));
    zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    return out;
  }

 private:
  struct GeneratedSpec {
    std::string name;
    uint64_t size;
    std::function<void(uint64_t, char*, uint64_t)> fill;
  };
  struct Generated {
    explicit Generated(const GeneratedSpec& s) : spec(s) {}
    GeneratedSpec spec;
    uint64_t offset = 0;
    static zip_int64_t callback(void* userdata, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
      auto* self = static_cast<Generated*>(userdata);
      switch (cmd) {
        case ZIP_SOURCE_OPEN: self->offset = 0; return 0;
        case ZIP_SOURCE_READ: {
          uint64_t n = std::min<uint64_t>(len, self->spec.size - self->offset);
          self->spec.fill(self->offset, static_cast<char*>(data), n);
          self->offset += n;
          return static_cast<zip_int64_t>(n);
        }
        case ZIP_SOURCE_CLOSE: return 0;
        case ZIP_SOURCE_STAT: {
          auto* st = static_cast<zip_stat_t*>(data);
          zip_stat_init(st);
          st->size = self->spec.size;
          st->valid |= ZIP_STAT_SIZE;
          return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR: std::memset(data, 0, 2 * sizeof(int)); return 2 * sizeof(int);
        case ZIP_SOURCE_FREE: return 0;
        case ZIP_SOURCE_SUPPORTS:
          return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default: return -1;
      }
    }
  };

  std::string main_;
  std::map<std::string, Entry> parts_;
  std::vector<std::pair<std::string, std::string>> rels_;
  std::vector<GeneratedSpec> generated_;
};

}  // namespace jixiao::testing

// ---------------------------------------------------------------- ZIP shapes libzip does not write
//
// libzip (DocxBuilder::build) always writes classic ZIPs with the sizes in the local headers.
// Streaming writers and ZIP64 writers make other, equally valid shapes; these helpers take the
// entries of a built archive (compressed data, CRC and sizes as libzip made them) and write them
// again in such a shape:
//
//   auto entries = testing::zip_entries(DocxBuilder().body(...).build());
//   std::string bytes = testing::write_zip(entries, {.zip64 = true, .descriptor = ...});

namespace jixiao::testing {

// One entry as the central directory describes it, with the bytes stored in the archive.
struct ZipEntryBytes {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint32_t crc = 0;
  uint64_t size = 0;  // uncompressed
  std::string data;   // as stored (deflated when method is 8)
};

namespace zip_detail {
inline uint64_t get(const std::string& b, size_t at, int bytes) {
  if (at + static_cast<size_t>(bytes) > b.size()) throw std::runtime_error("zip_entries: truncated");
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(i)]);
  return v;
}
inline void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
}  // namespace zip_detail

// The entries of a classic archive without a comment (what DocxBuilder::build() writes), in
// central directory order.
inline std::vector<ZipEntryBytes> zip_entries(const std::string& zip) {
  using zip_detail::get;
  if (zip.size() < 22 || get(zip, zip.size() - 22, 4) != 0x06054b50)
    throw std::runtime_error("zip_entries: no end of central directory record at the end");
  const size_t eocd = zip.size() - 22;
  const uint64_t count = get(zip, eocd + 10, 2);
  size_t at = static_cast<size_t>(get(zip, eocd + 16, 4));
  std::vector<ZipEntryBytes> out;
  for (uint64_t i = 0; i < count; ++i) {
    if (get(zip, at, 4) != 0x02014b50) throw std::runtime_error("zip_entries: bad central header");
    ZipEntryBytes e;
    e.method = static_cast<uint16_t>(get(zip, at + 10, 2));
    e.crc = static_cast<uint32_t>(get(zip, at + 16, 4));
    const uint64_t compressed = get(zip, at + 20, 4);
    e.size = get(zip, at + 24, 4);
    const size_t name_len = get(zip, at + 28, 2), extra_len = get(zip, at + 30, 2),
                 comment_len = get(zip, at + 32, 2);
    const size_t local = static_cast<size_t>(get(zip, at + 42, 4));
    e.name = zip.substr(at + 46, name_len);
    const size_t data = local + 30 + get(zip, local + 26, 2) + get(zip, local + 28, 2);
    if (data + compressed > zip.size()) throw std::runtime_error("zip_entries: truncated data");
    e.data = zip.substr(data, static_cast<size_t>(compressed));
    out.push_back(std::move(e));
    at += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

enum class DataDescriptor { none, with_signature, without_signature };

struct ZipShape {
  // Version needed 4.5; a ZIP64 extended information extra field (0x0001) in every local header
  // (both sizes) and central header (size, compressed size, local header offset) whose 32-bit
  // fields say 0xFFFFFFFF; then the ZIP64 end of central directory record, its locator and a
  // classic end record whose counts, size and offset are all 0xFFFF / 0xFFFFFFFF.
  bool zip64 = false;
  // General-purpose bit 3: CRC and sizes zero in the local header (with zip64: 0xFFFFFFFF sizes
  // and a ZIP64 extra field of zeros), the real values in a data descriptor after the data
  // (8-byte sizes with zip64), with or without its optional PK\7\8 signature.
  DataDescriptor descriptor = DataDescriptor::none;
};

inline std::string write_zip(const std::vector<ZipEntryBytes>& entries, const ZipShape& shape) {
  using zip_detail::put;
  const bool streamed = shape.descriptor != DataDescriptor::none;
  const uint16_t version = shape.zip64 ? 45 : 20;
  auto is_utf8 = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  };
  std::string out, central;
  for (const ZipEntryBytes& e : entries) {
    const uint64_t offset = out.size();
    const uint16_t flags = static_cast<uint16_t>((streamed ? 0x0008 : 0) | (is_utf8(e.name) ? 0x0800 : 0));
    // Local header.
    put(out, 0x04034b50, 4);
    put(out, version, 2);
    put(out, flags, 2);
    put(out, e.method, 2);
    put(out, 0, 2);       // time
    put(out, 0x0021, 2);  // date: 1980-01-01
    put(out, streamed ? 0 : e.crc, 4);
    if (shape.zip64) {
      put(out, 0xFFFFFFFF, 4);
      put(out, 0xFFFFFFFF, 4);
    } else {
      put(out, streamed ? 0 : e.data.size(), 4);
      put(out, streamed ? 0 : e.size, 4);
    }
    put(out, e.name.size(), 2);
    put(out, shape.zip64 ? 20 : 0, 2);
    out += e.name;
    if (shape.zip64) {
      put(out, 0x0001, 2);
      put(out, 16, 2);
      put(out, streamed ? 0 : e.size, 8);
      put(out, streamed ? 0 : e.data.size(), 8);
    }
    out += e.data;
    if (streamed) {
      if (shape.descriptor == DataDescriptor::with_signature) put(out, 0x08074b50, 4);
      put(out, e.crc, 4);
      put(out, e.data.size(), shape.zip64 ? 8 : 4);
      put(out, e.size, shape.zip64 ? 8 : 4);
    }
    // Central header.
    put(central, 0x02014b50, 4);
    put(central, 0x0300 | version, 2);  // made by: Unix
    put(central, version, 2);
    put(central, flags, 2);
    put(central, e.method, 2);
    put(central, 0, 2);
    put(central, 0x0021, 2);
    put(central, e.crc, 4);
    put(central, shape.zip64 ? 0xFFFFFFFF : e.data.size(), 4);
    put(central, shape.zip64 ? 0xFFFFFFFF : e.size, 4);
    put(central, e.name.size(), 2);
    put(central, shape.zip64 ? 28 : 0, 2);
    put(central, 0, 2);               // comment
    put(central, 0, 2);               // disk
    put(central, 0, 2);               // internal attributes
    put(central, 0100644u << 16, 4);  // external attributes: a regular file
    put(central, shape.zip64 ? 0xFFFFFFFF : offset, 4);
    central += e.name;
    if (shape.zip64) {
      put(central, 0x0001, 2);
      put(central, 24, 2);
      put(central, e.size, 8);
      put(central, e.data.size(), 8);
      put(central, offset, 8);
    }
  }
  const uint64_t central_offset = out.size();
  out += central;
  if (shape.zip64) {
    const uint64_t record = out.size();
    put(out, 0x06064b50, 4);
    put(out, 44, 8);  // size of the rest of the record
    put(out, 0x0300 | version, 2);
    put(out, version, 2);
    put(out, 0, 4);  // this disk
    put(out, 0, 4);  // disk with the central directory
    put(out, entries.size(), 8);
    put(out, entries.size(), 8);
    put(out, central.size(), 8);
    put(out, central_offset, 8);
    put(out, 0x07064b50, 4);  // locator
    put(out, 0, 4);
    put(out, record, 8);
    put(out, 1, 4);  // total disks
  }
  put(out, 0x06054b50, 4);
  put(out, shape.zip64 ? 0xFFFF : 0, 2);
  put(out, shape.zip64 ? 0xFFFF : 0, 2);
  put(out, shape.zip64 ? 0xFFFF : entries.size(), 2);
  put(out, shape.zip64 ? 0xFFFF : entries.size(), 2);
  put(out, shape.zip64 ? 0xFFFFFFFF : central.size(), 4);
  put(out, shape.zip64 ? 0xFFFFFFFF : central_offset, 4);
  put(out, 0, 2);  // comment
  return out;
}

}  // namespace jixiao::testing

namespace jixiao::testing {

// The same archive again, each entry stored when `store(name)` says so and deflated otherwise
// (libzip; entry order kept by name, as DocxBuilder writes it).
inline std::string rezip(const std::string& zip, const std::function<bool(const std::string&)>& store) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  if (!source) throw std::runtime_error("rezip: zip_source_buffer_create failed");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    throw std::runtime_error("rezip: not a ZIP");
  }
  DocxBuilder out;
  out.remove("[Content_Types].xml").remove("_rels/.rels").remove("word/document.xml");
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    std::string name = zip_get_name(archive, index, ZIP_FL_ENC_RAW);
    zip_file_t* file = zip_fopen_index(archive, index, 0);
    if (!file) throw std::runtime_error("rezip: cannot open " + name);
    std::string data;
    char buffer[1 << 14];
    for (zip_int64_t n; (n = zip_fread(file, buffer, sizeof buffer)) > 0;)
      data.append(buffer, static_cast<size_t>(n));
    zip_fclose(file);
    out.part(name, std::move(data), store(name));
  }
  zip_discard(archive);
  return out.build();
}

}  // namespace jixiao::testing
