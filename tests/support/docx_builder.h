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
