// XML helpers for the DOCX reader: bounded parsing of one part and namespace-aware name tests.
//
// Parts are parsed with pugixml after a linear pre-scan that rejects nesting deeper than
// max_xml_depth, so no deep tree ever reaches pugixml or our (recursive, depth-bounded) walks.
// Elements are matched by local name within a namespace family (WordprocessingML Transitional or
// Strict, markup compatibility, OMML), whatever prefix the producer chose.
#pragma once

#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "ingest/read.h"

namespace jixiao::docx {

enum class Ns { other, w, mc, math, rels, content_types, understood };

class XmlPart {
 public:
  // Parses `bytes` (UTF-8, UTF-16 or a declared single-byte encoding). Errors: malformed_xml
  // naming the part, pugixml's description and the offset; limit_exceeded for deep nesting.
  static Result<std::unique_ptr<XmlPart>> parse(std::string bytes, const std::string& part_name,
                                                const std::string& path, const ReadLimits& limits);

  pugi::xml_node root() const { return doc_.document_element(); }
  const std::string& name() const { return name_; }

  // The namespace family of an element or attribute name ("w:p" -> Ns::w when w is bound to
  // a WordprocessingML namespace).
  Ns ns_of(const char* qualified_name) const;
  Ns ns_of_prefix(std::string_view prefix) const;
  // Whether `node` is element `local` in family `ns`.
  bool is(pugi::xml_node node, Ns ns, std::string_view local) const;
  bool is_w(pugi::xml_node node, std::string_view local) const {
    if (!w_prefix_unique_) return is(node, Ns::w, local);
    // The common case: one prefix stands for WordprocessingML, so its names are compared whole.
    if (node.type() != pugi::node_element) return false;
    const char* rest = after_w_prefix(node.name());
    return rest && is_local(rest, local);
  }
  // First child element w:`local`.
  pugi::xml_node child_w(pugi::xml_node node, std::string_view local) const;
  // Attribute by local name, a WordprocessingML one first, then any prefix.
  const char* attr(pugi::xml_node node, std::string_view local) const;
  // w:val of child w:`local`, or nullptr.
  const char* child_val(pugi::xml_node node, std::string_view local) const;

 private:
  XmlPart() = default;
  std::string name_;
  std::string buffer_;
  pugi::xml_document doc_;
  std::vector<std::pair<std::string, Ns>> prefixes_;
  // Set after the declarations are read: whether exactly one prefix means Ns::w, and which.
  bool w_prefix_unique_ = false;
  std::string w_prefix_;

  // `name` past the one WordprocessingML prefix and its colon, or nullptr when it has another
  // (for w_prefix_unique_ only; with an empty prefix, `name` itself).
  const char* after_w_prefix(const char* name) const {
    // Compared in line, byte by byte: the names are a few bytes long, and this runs for every
    // element a reader looks at (a library call to strncmp cost more than the comparing).
    const size_t p = w_prefix_.size();
    for (size_t k = 0; k < p; ++k)
      if (name[k] != w_prefix_[k]) return nullptr;  // a NUL in `name` ends it here too
    if (p == 0) return name;
    return name[p] == ':' ? name + p + 1 : nullptr;
  }
  // Whether the NUL-terminated `name` is `local`, without measuring it first.
  static bool is_local(const char* name, std::string_view local) {
    for (size_t k = 0; k < local.size(); ++k)
      if (name[k] != local[k]) return false;  // a NUL in `name` ends it here too
    return name[local.size()] == '\0';
  }
};

std::string_view local_name(const char* qualified_name);

// A large main part cut at the children of its w:body, so that each piece parses alone and
// the XML tree never holds more than one piece (a 10,000-page document is read in ~1 MiB
// steps). `head` is the prolog, the root start tag and the body start tag (with their namespace
// declarations), `tail` closes them; children are [begin, end) byte ranges of `xml`.
struct BodySlices {
  std::string head, tail;
  std::vector<std::pair<size_t, size_t>> children;
};
// Nothing when the part is not well-formed enough to cut (the caller parses it whole and
// reports the error), or has no body children. `xml` must be UTF-8 (or another ASCII superset).
std::optional<BodySlices> slice_body(std::string_view xml);

// The byte offset of the first element of `doc` nested deeper than `max_depth` (its '<'), or -1.
// pugixml parses without recursion, and this walks the tree without it, so any depth is safe to
// parse and check; the readers that walk the tree recursively run only on parts that passed.
int64_t depth_exceeded_at(const pugi::xml_document& doc, int max_depth);

}  // namespace jixiao::docx
