#include "ingest/docx_xml.h"

#include <cstring>
#include <memory>
#include <string>

#include "core/utf.h"

namespace jixiao::docx {

namespace {

Ns classify_uri(std::string_view uri) {
  if (uri == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
      uri == "http://purl.oclc.org/ooxml/wordprocessingml/main")
    return Ns::w;
  if (uri == "http://schemas.openxmlformats.org/markup-compatibility/2006") return Ns::mc;
  if (uri == "http://schemas.openxmlformats.org/officeDocument/2006/math" ||
      uri == "http://purl.oclc.org/ooxml/officeDocument/math")
    return Ns::math;
  if (uri == "http://schemas.openxmlformats.org/package/2006/relationships") return Ns::rels;
  if (uri == "http://schemas.openxmlformats.org/package/2006/content-types") return Ns::content_types;
  // Namespaces an mc:Choice may require whose content we read the same way as the fallback.
  static constexpr std::string_view kUnderstood[] = {
      "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
      "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
      "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
      "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
      "http://schemas.microsoft.com/office/word/2010/wordml",
      "http://schemas.microsoft.com/office/word/2012/wordml",
      "http://schemas.microsoft.com/office/drawing/2010/main",
      "http://schemas.openxmlformats.org/drawingml/2006/main",
      "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "urn:schemas-microsoft-com:vml",
      "urn:schemas-microsoft-com:office:office",
  };
  for (std::string_view known : kUnderstood)
    if (uri == known) return Ns::understood;
  return Ns::other;
}

// Parts are UTF-8 in practice; a UTF-16 one is converted first so the byte scan sees ASCII markup.
bool looks_utf16(const std::string& b, bool* little_endian) {
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) {
    *little_endian = true;
    return true;
  }
  if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF) {
    *little_endian = false;
    return true;
  }
  if (b.size() >= 4 && b[0] == '<' && b[1] == 0 && b[2] != 0 && b[3] == 0) {
    *little_endian = true;
    return true;
  }
  if (b.size() >= 4 && b[0] == 0 && b[1] == '<' && b[2] == 0 && b[3] != 0) {
    *little_endian = false;
    return true;
  }
  return false;
}

std::string utf16_to_utf8(const std::string& b, bool little_endian) {
  std::string out;
  out.reserve(b.size());
  size_t i = 0;
  if (b.size() >= 2 &&
      ((static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) ||
       (static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF)))
    i = 2;
  auto unit = [&](size_t at) -> char32_t {
    auto lo = static_cast<unsigned char>(b[at]), hi = static_cast<unsigned char>(b[at + 1]);
    return little_endian ? (char32_t(hi) << 8 | lo) : (char32_t(lo) << 8 | hi);
  };
  for (; i + 1 < b.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < b.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    append_utf8(out, c);
  }
  return out;
}

}  // namespace

std::string_view local_name(const char* qualified_name) {
  std::string_view name(qualified_name);
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

int64_t depth_exceeded_at(const pugi::xml_document& doc, int max_depth) {
  // pugixml's own walk (one virtual call a node) costs a third of a walk through its public
  // accessors (four library calls a node); the order, and so the first node found, is the same.
  struct DepthWalker : pugi::xml_tree_walker {
    int max_depth;
    int64_t found = -1;
    explicit DepthWalker(int max) : max_depth(max) {}
    bool for_each(pugi::xml_node& node) override {
      if (depth() + 1 <= max_depth || node.type() != pugi::node_element) return true;
      const ptrdiff_t name_at = node.offset_debug();  // the name, just after its '<'
      found = name_at > 0 ? name_at - 1 : 0;
      return false;
    }
  };
  DepthWalker walker(max_depth);
  const_cast<pugi::xml_document&>(doc).traverse(walker);
  return walker.found;
}

namespace {

// One markup item of a linear scan: a start, end or empty-element tag, or something skipped.
struct Tag {
  enum Kind { start_tag, end_tag, empty_tag, skipped, eof } kind;
  size_t begin, end;       // [begin, end) in the scanned text, '<' to '>'
  std::string_view qname;  // element name for start / end / empty
};

// The next tag at or after `i`, skipping comments, CDATA, PIs and DOCTYPE.
Tag next_tag(std::string_view xml, size_t i) {
  const size_t n = xml.size();
  size_t lt = xml.find('<', i);
  if (lt == std::string_view::npos || lt + 1 >= n) return {Tag::eof, n, n, {}};
  size_t j = lt + 1;
  auto past = [&](std::string_view end) -> Tag {
    size_t at = xml.find(end, j);
    return at == std::string_view::npos ? Tag{Tag::eof, n, n, {}}
                                        : Tag{Tag::skipped, lt, at + end.size(), {}};
  };
  char c = xml[j];
  if (c == '?') return past("?>");
  if (c == '!') {
    if (xml.substr(j, 3) == "!--") return past("-->");
    if (xml.substr(j, 8) == "![CDATA[") return past("]]>");
    int brackets = 0;
    while (j < n) {
      char d = xml[j++];
      if (d == '[')
        ++brackets;
      else if (d == ']')
        --brackets;
      else if (d == '>' && brackets <= 0)
        return {Tag::skipped, lt, j, {}};
    }
    return {Tag::eof, n, n, {}};
  }
  const bool closing = c == '/';
  const size_t name_begin = closing ? j + 1 : j;
  size_t name_end = name_begin;
  while (name_end < n && xml[name_end] != '>' && xml[name_end] != '/' && xml[name_end] != ' ' &&
         xml[name_end] != '\t' && xml[name_end] != '\r' && xml[name_end] != '\n')
    ++name_end;
  char quote = 0, last = 0;
  j = name_end;
  while (j < n) {
    char d = xml[j++];
    if (quote) {
      if (d == quote) quote = 0;
    } else if (d == '"' || d == '\'') {
      quote = d;
    } else if (d == '>') {
      Tag::Kind kind = closing ? Tag::end_tag : last == '/' ? Tag::empty_tag : Tag::start_tag;
      return {kind, lt, j, xml.substr(name_begin, name_end - name_begin)};
    } else if (d != ' ' && d != '\t' && d != '\r' && d != '\n') {
      last = d;
    }
  }
  return {Tag::eof, n, n, {}};
}

}  // namespace

std::optional<BodySlices> slice_body(std::string_view xml) {
  BodySlices out;
  Tag root{Tag::eof, 0, 0, {}}, body = root;
  size_t i = 0;
  // The root start tag, then the body start tag among its children.
  for (;;) {
    Tag t = next_tag(xml, i);
    if (t.kind == Tag::eof || t.kind == Tag::end_tag || t.kind == Tag::empty_tag) return std::nullopt;
    i = t.end;
    if (t.kind == Tag::start_tag) {
      root = t;
      break;
    }
  }
  int depth = 1;
  for (;;) {
    Tag t = next_tag(xml, i);
    if (t.kind == Tag::eof) return std::nullopt;
    i = t.end;
    if (t.kind == Tag::start_tag) {
      if (depth == 1 && local_name(std::string(t.qname).c_str()) == "body") {
        body = t;
        break;
      }
      ++depth;
    } else if (t.kind == Tag::end_tag) {
      if (--depth == 0) return std::nullopt;  // the root closed without a body
    }
  }
  // The children of the body, each up to its matching end tag.
  depth = 0;
  size_t child_begin = 0;
  for (;;) {
    Tag t = next_tag(xml, i);
    if (t.kind == Tag::eof) return std::nullopt;
    i = t.end;
    if (t.kind == Tag::start_tag) {
      if (depth++ == 0) child_begin = t.begin;
    } else if (t.kind == Tag::empty_tag) {
      if (depth == 0) out.children.emplace_back(t.begin, t.end);
    } else if (t.kind == Tag::end_tag) {
      if (depth == 0) {
        if (t.qname != body.qname) return std::nullopt;
        break;
      }
      if (--depth == 0) out.children.emplace_back(child_begin, t.end);
    }
  }
  if (out.children.empty()) return std::nullopt;
  // Everything before the root's end (prolog, DOCTYPE) is kept: it may declare the encoding.
  out.head = std::string(xml.substr(0, root.end));
  out.head += xml.substr(body.begin, body.end - body.begin);
  out.tail = "</" + std::string(body.qname) + "></" + std::string(root.qname) + ">";
  return out;
}

Result<std::unique_ptr<XmlPart>> XmlPart::parse(std::string bytes, const std::string& part_name,
                                                const std::string& path, const ReadLimits& limits) {
  auto part = std::unique_ptr<XmlPart>(new XmlPart());
  part->name_ = part_name;
  bool little_endian = true;
  pugi::xml_encoding encoding = pugi::encoding_auto;
  if (looks_utf16(bytes, &little_endian)) {
    part->buffer_ = utf16_to_utf8(bytes, little_endian);
    encoding = pugi::encoding_utf8;  // the declaration still says UTF-16; we converted already
  } else {
    part->buffer_ = std::move(bytes);
  }
  // Namespace declarations in the text, counted before the parse rewrites it (below).
  size_t declarations_left = 0;
  {
    const std::string_view text = part->buffer_;
    for (size_t at = text.find("xmlns"); at != std::string_view::npos; at = text.find("xmlns", at + 5))
      ++declarations_left;
  }
  // parse_ws_pcdata_single keeps a space-only <w:t xml:space="preserve"> </w:t>.
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
  pugi::xml_parse_result parsed =
      part->doc_.load_buffer_inplace(part->buffer_.data(), part->buffer_.size(), options, encoding);
  if (!parsed) {
    Error e;
    e.code = ErrorCode::malformed_xml;
    e.path = path;
    e.message = part_name + ": XML parse error: " + parsed.description() + " at byte " +
                std::to_string(parsed.offset) + " of the part";
    return e;
  }
  if (int64_t at = depth_exceeded_at(part->doc_, limits.max_xml_depth); at >= 0) {
    Error e;
    e.code = ErrorCode::limit_exceeded;
    e.path = path;
    e.message = part_name + ": XML nesting deeper than " + std::to_string(limits.max_xml_depth) +
                " elements (max_xml_depth) at byte " + std::to_string(at) + " of the part";
    return e;
  }
  if (!part->doc_.document_element()) {
    Error e;
    e.code = ErrorCode::malformed_xml;
    e.path = path;
    e.message = part_name + ": XML parse error: no root element";
    return e;
  }
  // Collect every namespace declaration (they sit on the root in practice; a later declaration of
  // an already bound prefix is ignored, which only matters for pathological parts). Each one is an
  // attribute whose name holds "xmlns" in the text, so the walk ends once it has seen as many as
  // the text holds: after the root element, for nearly every part, instead of every element's
  // every attribute.
  pugi::xml_node root = part->doc_.document_element();
  pugi::xml_node node = root;
  while (node && declarations_left > 0) {
    for (pugi::xml_attribute a : node.attributes()) {
      const char* raw = a.name();
      if (raw[0] != 'x') continue;
      std::string_view name(raw);
      if (name == "xmlns" || name.rfind("xmlns:", 0) == 0) {
        --declarations_left;
        std::string prefix(name == "xmlns" ? std::string_view() : name.substr(6));
        bool bound = false;
        for (const auto& [p, ns] : part->prefixes_) bound = bound || p == prefix;
        if (!bound) part->prefixes_.emplace_back(prefix, classify_uri(a.value()));
      }
    }
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && node != root && !node.next_sibling()) node = node.parent();
    if (!node || node == root) break;
    node = node.next_sibling();
  }
  // The prefixes that mean WordprocessingML, as ns_of_prefix decides: the declared ones, and an
  // undeclared "w" by convention.
  int w_prefixes = 0;
  bool w_declared = false;
  for (const auto& [prefix, ns] : part->prefixes_) {
    w_declared = w_declared || prefix == "w";
    if (ns == Ns::w) {
      ++w_prefixes;
      part->w_prefix_ = prefix;
    }
  }
  if (!w_declared) {
    ++w_prefixes;
    part->w_prefix_ = "w";
  }
  part->w_prefix_unique_ = w_prefixes == 1;
  return part;
}

Ns XmlPart::ns_of_prefix(std::string_view prefix) const {
  for (const auto& [p, ns] : prefixes_)
    if (p == prefix) return ns;
  // Undeclared prefixes (broken producers): the conventional ones.
  if (prefix == "w") return Ns::w;
  if (prefix == "mc") return Ns::mc;
  if (prefix == "m") return Ns::math;
  return Ns::other;
}

Ns XmlPart::ns_of(const char* qualified_name) const {
  if (w_prefix_unique_ && !w_prefix_.empty() && after_w_prefix(qualified_name))
    return Ns::w;  // the one WordprocessingML prefix: no search for the colon, no lookup
  std::string_view name(qualified_name);
  size_t colon = name.find(':');
  return ns_of_prefix(colon == std::string_view::npos ? std::string_view() : name.substr(0, colon));
}

bool XmlPart::is(pugi::xml_node node, Ns ns, std::string_view local) const {
  if (node.type() != pugi::node_element) return false;
  const char* name = node.name();
  return local_name(name) == local && ns_of(name) == ns;
}

pugi::xml_node XmlPart::child_w(pugi::xml_node node, std::string_view local) const {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (is_w(child, local)) return child;
  return {};
}

const char* XmlPart::attr(pugi::xml_node node, std::string_view local) const {
  if (w_prefix_unique_ && !w_prefix_.empty()) {
    // The first attribute in the one WordprocessingML prefix is what the walk below returns.
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
      if (const char* rest = after_w_prefix(a.name()); rest && is_local(rest, local)) return a.value();
  }
  const char* fallback = nullptr;
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const char* name = a.name();
    if (local_name(name) != local) continue;
    std::string_view qualified(name);
    if (qualified.find(':') == std::string_view::npos) {
      if (!fallback) fallback = a.value();
    } else if (ns_of(name) == Ns::w) {
      return a.value();
    } else if (!fallback && qualified.rfind("xmlns", 0) != 0) {
      fallback = a.value();
    }
  }
  return fallback;
}

const char* XmlPart::child_val(pugi::xml_node node, std::string_view local) const {
  pugi::xml_node child = child_w(node, local);
  return child ? attr(child, "val") : nullptr;
}

}  // namespace jixiao::docx
