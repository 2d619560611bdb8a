// DOCX reader: ZIP (libzip, bounded) -> package relationships -> WordprocessingML parts
// (pugixml) -> Document blocks.
//
// What is read:
// - the main part found through _rels/.rels (officeDocument, Transitional or Strict) or
//   [Content_Types].xml (…document.main+xml, template and macro-enabled variants); word/document.xml
//   only when both say nothing, with a warning. Its relationships give styles, numbering, headers,
//   footers, footnotes, endnotes and comments.
// - paragraphs: w:t, w:tab "\t", w:br / w:cr "\n", w:sym, w:noBreakHyphen "-", inserted and moved-to
//   text (deleted and moved-from text dropped), the displayed result of fields (never their
//   instructions, also when one goes on into the next paragraphs), hyperlinks, smart tags, custom XML,
//   content controls, one branch of each mc:AlternateContent, OMML math text. Style id, outline level
//   (paragraph, style chain or heading style) and the rendered list label (numbering.xml) are kept apart from
//   the text.
// - text boxes (w:txbxContent in drawings or VML) become blocks after the paragraph anchoring them.
// - tables: a resolved grid (gridSpan, gridBefore/After, vMerge, hMerge), merged text repeated over
//   its region and listed in Table::merged; nested tables follow their outer table with nesting+1.
// - headers, footers, footnotes, endnotes and comments after the body blocks, with their part.
//
// Every resource is bounded by ReadLimits (see zip.h and docx_xml.h); an auxiliary part that fails
// to parse is skipped with a warning, a bound that is hit fails the whole document.
#include "ingest/docx.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "core/deadline.h"
#include "core/utf.h"
#include "core/work_limits.h"
#include "ingest/docx_numbering.h"
#include "ingest/docx_xml.h"
#include "ingest/opc.h"
#include "ingest/zip.h"

namespace jixiao {

namespace {

using docx::Ns;
using docx::XmlPart;

constexpr std::string_view kOfficeDocumentTransitional =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
constexpr std::string_view kOfficeDocumentStrict =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";
constexpr int kMaxFieldNesting = 64;
// A field instruction may go on into the paragraphs after its begin; it is followed there only
// when its result or end shows up within this many paragraphs, so that a stray "begin" in a
// broken file hides no more than the rest of its own paragraph.
constexpr int kMaxFieldInstructionParagraphs = 3;
// Main parts above this size are parsed in slices of about kSliceBytes of body markup, so that
// memory follows the text read rather than the size of a pugixml tree of the whole part.
constexpr int64_t kSliceMainPartAbove = 4 << 20;
constexpr size_t kSliceBytes = 1 << 20;
constexpr int kMaxStyleChain = 32;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int to_int(const char* text, int fallback) {
  if (!text || !*text) return fallback;
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (end == text) return fallback;
  return static_cast<int>(std::clamp(value, -1'000'000'000L, 1'000'000'000L));
}

struct Relationship {
  std::string type;
  std::string target;  // resolved part name
};

struct StyleInfo {
  std::string name;
  std::string based_on;
  int outline_level = -1;
  std::string num_id;
  int ilvl = -1;
  // heading_level_from_name of the name and of the id, taken once when the styles are read
  // (every paragraph asks).
  int heading_by_name = -1, heading_by_id = -1;
};

// Heading styles by name ("heading 1", "Heading1", "标题 1") when no outline level is given.
int heading_level_from_name(std::string_view name) {
  std::string lower;
  for (char c : name) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  std::string_view rest;
  if (lower.rfind("heading", 0) == 0)
    rest = std::string_view(lower).substr(7);
  else if (lower.rfind("标题", 0) == 0)
    rest = std::string_view(lower).substr(std::string_view("标题").size());
  else
    return -1;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.size() != 1 || rest[0] < '1' || rest[0] > '9') return -1;
  return rest[0] - '1';
}

class Reader {
 public:
  Reader(ZipReader& zip, const std::string& path, const ReadLimits& limits, Document& doc)
      : zip_(zip), path_(path), limits_(limits), doc_(doc) {}

  std::optional<Error> run();

 private:
  Error error(ErrorCode code, std::string message) const {
    return file_error(code, path_, std::move(message));
  }
  void warn(std::string message) {
    if (doc_.warnings.size() < 200) doc_.warnings.push_back(std::move(message));
  }

  // Reads and parses a part; nullptr with a warning for an auxiliary part that is missing or
  // broken; an Error only for bounds.
  Result<std::unique_ptr<XmlPart>> load(const std::string& name);
  std::unique_ptr<XmlPart> load_auxiliary(const std::string& name, std::optional<Error>& fatal);
  std::vector<Relationship> relationships_of(const std::string& part_name, std::optional<Error>& fatal);
  std::optional<std::string> find_main_part(std::optional<Error>& fatal);

  void load_styles(const XmlPart& part);
  const StyleInfo* style(const std::string& id) const {
    auto it = styles_.find(id);
    return it == styles_.end() ? nullptr : &it->second;
  }

  // Reading the content of one part. `out` receives blocks in reading order.
  void read_blocks(const XmlPart& part, pugi::xml_node container, std::vector<Block>& out, int nesting);
  void read_block_child(const XmlPart& part, pugi::xml_node node, std::vector<Block>& out, int nesting);
  void read_paragraph(const XmlPart& part, pugi::xml_node p, std::vector<Block>& out, int nesting);
  void read_table(const XmlPart& part, pugi::xml_node tbl, std::vector<Block>& out, int nesting);
  pugi::xml_node choose_branch(const XmlPart& part, pugi::xml_node alternate) const;

  struct Inline {
    std::string text;
    std::vector<bool> fields;  // per open field: true once its result (after "separate") shows
    std::vector<pugi::xml_node> text_boxes;
    bool showing() const {
      return std::all_of(fields.begin(), fields.end(), [](bool shown) { return shown; });
    }
  };
  void read_inline(const XmlPart& part, pugi::xml_node node, Inline& state);
  bool field_instruction_ends_ahead(const XmlPart& part, pugi::xml_node p, const Inline& state);
  void find_text_boxes(const XmlPart& part, pugi::xml_node node, Inline& state);
  void read_math(const XmlPart& part, pugi::xml_node node, Inline& state);

  void read_part_blocks(const std::string& name, BlockPart kind, std::optional<Error>& fatal);
  // The body of a large main part, parsed slice by slice; a slice that does not parse sends the
  // whole part through the one-tree parser, so errors read exactly as for a small part.
  std::optional<Error> read_sliced_body(const std::string& name, std::string& bytes,
                                        const docx::BodySlices& slices);

  ZipReader& zip_;
  const std::string& path_;
  const ReadLimits& limits_;
  Document& doc_;
  std::map<std::string, StyleInfo> styles_;
  docx::Numbering numbering_;
  BlockPart current_part_ = BlockPart::body;
  int64_t ordinal_ = 0;               // w:p / w:tbl elements seen in the current part
  std::vector<bool> carried_fields_;  // fields still in their instruction at the end of the last paragraph
  std::optional<Error> fatal_;        // a bound hit deep inside a walk (table grid too large)
};

Result<std::unique_ptr<XmlPart>> Reader::load(const std::string& name) {
  Result<std::string> bytes = zip_.read(name);
  if (!bytes.ok()) return bytes.error();
  return XmlPart::parse(std::move(bytes.value()), name, path_, limits_);
}

std::unique_ptr<XmlPart> Reader::load_auxiliary(const std::string& name, std::optional<Error>& fatal) {
  if (!zip_.contains(name)) {
    warn("missing part " + name + " (named by a relationship) skipped");
    return nullptr;
  }
  Result<std::unique_ptr<XmlPart>> part = load(name);
  if (!part.ok()) {
    if (part.error().code == ErrorCode::limit_exceeded) {
      fatal = part.error();
    } else {
      warn("part skipped: " + part.error().message);
    }
    return nullptr;
  }
  return std::move(part.value());
}

std::vector<Relationship> Reader::relationships_of(const std::string& part_name,
                                                   std::optional<Error>& fatal) {
  std::vector<Relationship> out;
  std::string rels = part_name.empty() ? "_rels/.rels" : opc::rels_name_for(part_name);
  if (!zip_.contains(rels)) return out;
  std::unique_ptr<XmlPart> part = load_auxiliary(rels, fatal);
  if (!part) return out;
  for (pugi::xml_node node = part->root().first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element || docx::local_name(node.name()) != "Relationship") continue;
    std::string_view mode = node.attribute("TargetMode").value();
    if (iequals(mode, "External")) continue;
    const char* target = node.attribute("Target").value();
    if (!*target) continue;
    out.push_back({node.attribute("Type").value(), opc::resolve_target(part_name, target)});
  }
  return out;
}

std::optional<std::string> Reader::find_main_part(std::optional<Error>& fatal) {
  bool had_rels = zip_.contains("_rels/.rels");
  for (const Relationship& rel : relationships_of("", fatal)) {
    if (fatal) return std::nullopt;
    if (rel.type != kOfficeDocumentTransitional && rel.type != kOfficeDocumentStrict) continue;
    if (zip_.contains(rel.target)) return rel.target;
    warn("_rels/.rels names the main part " + rel.target + ", which the ZIP does not hold");
  }
  if (fatal) return std::nullopt;
  bool had_types = zip_.contains("[Content_Types].xml");
  if (had_types) {
    std::unique_ptr<XmlPart> types = load_auxiliary("[Content_Types].xml", fatal);
    if (fatal) return std::nullopt;
    if (types) {
      for (pugi::xml_node node = types->root().first_child(); node; node = node.next_sibling()) {
        if (node.type() != pugi::node_element || docx::local_name(node.name()) != "Override") continue;
        std::string_view type = node.attribute("ContentType").value();
        bool word = type.find("wordprocessingml") != std::string_view::npos ||
                    type.find("ms-word") != std::string_view::npos;
        bool main = ends_with(type, "document.main+xml") || ends_with(type, "template.main+xml") ||
                    ends_with(type, "macroEnabled.main+xml") ||
                    ends_with(type, "macroEnabledTemplate.main+xml");
        if (!word || !main) continue;
        std::string name = opc::resolve_target("", node.attribute("PartName").value());
        if (zip_.contains(name)) {
          if (had_rels) warn("main part " + name + " found through [Content_Types].xml, not _rels/.rels");
          return name;
        }
      }
    }
  }
  if (!had_rels && !had_types && zip_.contains("word/document.xml")) {
    warn("no _rels/.rels and no [Content_Types].xml: read word/document.xml by its conventional name");
    return std::string("word/document.xml");
  }
  return std::nullopt;
}

void Reader::load_styles(const XmlPart& part) {
  for (pugi::xml_node node = part.root().first_child(); node; node = node.next_sibling()) {
    if (!part.is_w(node, "style")) continue;
    const char* id = part.attr(node, "styleId");
    if (!id) continue;
    StyleInfo info;
    if (const char* name = part.child_val(node, "name")) info.name = name;
    if (const char* based = part.child_val(node, "basedOn")) info.based_on = based;
    if (pugi::xml_node ppr = part.child_w(node, "pPr")) {
      if (const char* level = part.child_val(ppr, "outlineLvl")) info.outline_level = to_int(level, 9);
      if (pugi::xml_node numpr = part.child_w(ppr, "numPr")) {
        if (const char* num = part.child_val(numpr, "numId")) info.num_id = num;
        if (const char* ilvl = part.child_val(numpr, "ilvl")) info.ilvl = to_int(ilvl, 0);
      }
    }
    info.heading_by_name = heading_level_from_name(info.name);
    info.heading_by_id = heading_level_from_name(id);
    styles_.emplace(id, std::move(info));
  }
}

pugi::xml_node Reader::choose_branch(const XmlPart& part, pugi::xml_node alternate) const {
  pugi::xml_node first_choice, fallback;
  for (pugi::xml_node node = alternate.first_child(); node; node = node.next_sibling()) {
    if (part.is(node, Ns::mc, "Choice")) {
      if (!first_choice) first_choice = node;
      std::string_view requires_list = node.attribute("Requires").value();
      bool understood = true;
      size_t start = 0;
      while (start < requires_list.size()) {
        size_t end = requires_list.find(' ', start);
        if (end == std::string_view::npos) end = requires_list.size();
        std::string_view prefix = requires_list.substr(start, end - start);
        if (!prefix.empty()) {
          Ns ns = part.ns_of_prefix(prefix);
          if (ns != Ns::understood && ns != Ns::w && ns != Ns::math) understood = false;
        }
        start = end + 1;
      }
      if (understood) return node;
    } else if (part.is(node, Ns::mc, "Fallback")) {
      fallback = node;
    }
  }
  // No understood choice: the fallback; with no fallback either, the first choice rather than nothing.
  return fallback ? fallback : first_choice;
}

void Reader::find_text_boxes(const XmlPart& part, pugi::xml_node node, Inline& state) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (part.is_w(child, "txbxContent")) {
      if (state.text_boxes.size() < 1000) state.text_boxes.push_back(child);
    } else if (part.is(child, Ns::mc, "AlternateContent")) {
      if (pugi::xml_node branch = choose_branch(part, child)) find_text_boxes(part, branch, state);
    } else {
      find_text_boxes(part, child, state);
    }
  }
}

void Reader::read_math(const XmlPart& part, pugi::xml_node node, Inline& state) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (part.is(child, Ns::math, "t") || part.is_w(child, "t")) {
      if (state.showing()) state.text += child.text().get();
    } else if (part.is(child, Ns::mc, "AlternateContent")) {
      if (pugi::xml_node branch = choose_branch(part, child)) read_math(part, branch, state);
    } else if (!part.is_w(child, "rPr") && !part.is(child, Ns::math, "rPr") && !part.is_w(child, "del")) {
      read_math(part, child, state);
    }
  }
}

void Reader::read_inline(const XmlPart& part, pugi::xml_node node, Inline& state) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    const char* qualified = child.name();
    Ns ns = part.ns_of(qualified);
    std::string_view local = docx::local_name(qualified);
    if (ns == Ns::mc) {
      if (local == "AlternateContent")
        if (pugi::xml_node branch = choose_branch(part, child)) read_inline(part, branch, state);
      continue;
    }
    if (ns == Ns::math) {
      read_math(part, child, state);
      continue;
    }
    if (ns != Ns::w) {
      // Foreign wrappers (drawings, VML) may hold text boxes; their other content is not text.
      find_text_boxes(part, child, state);
      continue;
    }
    if (local == "t") {
      if (!state.showing()) continue;
      for (pugi::xml_node text = child.first_child(); text; text = text.next_sibling())
        if (text.type() == pugi::node_pcdata || text.type() == pugi::node_cdata) state.text += text.value();
    } else if (local == "tab" || local == "ptab") {
      if (state.showing()) state.text += '\t';
    } else if (local == "br" || local == "cr") {
      if (state.showing()) state.text += '\n';
    } else if (local == "noBreakHyphen") {
      if (state.showing()) state.text += '-';
    } else if (local == "sym") {
      const char* code = part.attr(child, "char");
      if (!code || !state.showing()) continue;
      char* end = nullptr;
      unsigned long c = std::strtoul(code, &end, 16);
      if (end == code) continue;
      if (c >= 0xF000 && c <= 0xF0FF && c - 0xF000 >= 0x20 && c - 0xF000 != 0x7F) c -= 0xF000;
      if (c >= 0x20 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF))
        append_utf8(state.text, static_cast<char32_t>(c));
    } else if (local == "fldChar") {
      std::string_view type = part.attr(child, "fldCharType") ? part.attr(child, "fldCharType") : "";
      if (type == "begin") {
        if (state.fields.size() < kMaxFieldNesting) state.fields.push_back(false);
      } else if (type == "separate") {
        if (!state.fields.empty()) state.fields.back() = true;
      } else if (type == "end") {
        if (!state.fields.empty()) state.fields.pop_back();
      }
    } else if (local == "del" || local == "moveFrom" || local == "delText" || local == "instrText" ||
               local == "delInstrText" || local == "rPr" || local == "pPr" || local == "sdtPr" ||
               local == "sdtEndPr" || local == "softHyphen" || local == "rt" ||
               local == "footnoteReference" || local == "endnoteReference" || local == "commentReference" ||
               local == "annotationRef" || local == "fldData" || local == "rubyPr" ||
               local == "customXmlPr" || local == "smartTagPr") {
      continue;
    } else if (local == "txbxContent") {
      if (state.text_boxes.size() < 1000) state.text_boxes.push_back(child);
    } else if (local == "drawing" || local == "pict" || local == "object") {
      find_text_boxes(part, child, state);
    } else if (local == "p" || local == "tbl") {
      // Block content where runs belong (broken producers): read its text inline.
      read_inline(part, child, state);
    } else {
      // r, hyperlink, smartTag, customXml, sdt/sdtContent, ins, moveTo, fldSimple, dir, bdo,
      // ruby/rubyBase and anything unknown in the WordprocessingML namespace: descend.
      read_inline(part, child, state);
    }
  }
}

void Reader::read_paragraph(const XmlPart& part, pugi::xml_node p, std::vector<Block>& out, int nesting) {
  Block block;
  block.type = BlockType::paragraph;
  block.part = current_part_;
  block.source_line = ++ordinal_;

  std::string num_id;
  int ilvl = -1;
  int outline = -1;
  bool outline_given = false;
  if (pugi::xml_node ppr = part.child_w(p, "pPr")) {
    // The first of each of the three properties read here, found in one pass over pPr.
    pugi::xml_node pstyle, outline_lvl, numpr;
    for (pugi::xml_node child = ppr.first_child(); child; child = child.next_sibling()) {
      if (!pstyle && part.is_w(child, "pStyle"))
        pstyle = child;
      else if (!outline_lvl && part.is_w(child, "outlineLvl"))
        outline_lvl = child;
      else if (!numpr && part.is_w(child, "numPr"))
        numpr = child;
    }
    if (const char* style_id = pstyle ? part.attr(pstyle, "val") : nullptr) block.style = style_id;
    if (const char* level = outline_lvl ? part.attr(outline_lvl, "val") : nullptr) {
      outline = to_int(level, 9);
      outline_given = true;
    }
    if (numpr) {
      if (const char* num = part.child_val(numpr, "numId")) num_id = num;
      if (const char* level = part.child_val(numpr, "ilvl")) ilvl = to_int(level, 0);
    }
  }
  // Style chain: outline level, numbering, heading names.
  std::string style_id = block.style;
  int heading_by_name = -1;
  for (int step = 0; step < kMaxStyleChain && !style_id.empty(); ++step) {
    const StyleInfo* info = style(style_id);
    if (!info) {
      if (step == 0 && heading_by_name < 0) heading_by_name = heading_level_from_name(style_id);
      break;
    }
    if (!outline_given && info->outline_level >= 0) {
      outline = info->outline_level;
      outline_given = true;
    }
    if (num_id.empty() && !info->num_id.empty()) num_id = info->num_id;
    if (ilvl < 0 && info->ilvl >= 0) ilvl = info->ilvl;
    if (heading_by_name < 0) {
      heading_by_name = info->heading_by_name;
      if (heading_by_name < 0 && step == 0) heading_by_name = info->heading_by_id;
    }
    style_id = info->based_on;
  }
  if (!outline_given) outline = heading_by_name;
  block.outline_level = (outline >= 0 && outline <= 8) ? outline : -1;

  Inline state;
  state.fields = std::exchange(carried_fields_, {});
  read_inline(part, p, state);
  if (!state.showing() && field_instruction_ends_ahead(part, p, state)) carried_fields_ = state.fields;
  block.text = valid_utf8(state.text);
  if (!num_id.empty() && num_id != "0") {
    block.list_label = valid_utf8(numbering_.next_label(num_id, ilvl < 0 ? 0 : ilvl));
  }
  if (!block.text.empty() || !block.list_label.empty()) out.push_back(std::move(block));
  for (pugi::xml_node box : state.text_boxes) read_blocks(part, box, out, nesting);
}

// Whether the sibling paragraphs right after `p` (bookmarks and proofing marks between them
// aside) bring the open fields of `state` to their result or end within
// kMaxFieldInstructionParagraphs; read_blocks follows the instruction into them only then.
bool Reader::field_instruction_ends_ahead(const XmlPart& part, pugi::xml_node p, const Inline& state) {
  Inline ahead;
  ahead.fields = state.fields;
  int paragraphs = 0;
  for (pugi::xml_node next = p.next_sibling(); next && paragraphs < kMaxFieldInstructionParagraphs;
       next = next.next_sibling()) {
    if (next.type() != pugi::node_element) continue;
    if (!part.is_w(next, "p")) {
      std::string_view local = docx::local_name(next.name());
      bool marker = local.starts_with("bookmark") || local == "proofErr" || local.starts_with("perm") ||
                    local.ends_with("RangeStart") || local.ends_with("RangeEnd");
      if (part.ns_of(next.name()) == Ns::w && marker) continue;
      return false;
    }
    ++paragraphs;
    read_inline(part, next, ahead);
    if (ahead.showing()) return true;
    ahead.text.clear();
    ahead.text_boxes.clear();
  }
  return false;
}

void Reader::read_table(const XmlPart& part, pugi::xml_node tbl, std::vector<Block>& out, int nesting) {
  Block block;
  block.type = BlockType::table;
  block.part = current_part_;
  block.source_line = ++ordinal_;
  block.table.nesting = nesting;

  struct Cell {
    int row = 0, col = 0, rows = 1, cols = 1;
    std::string text;
  };
  std::vector<Cell> cells;
  std::vector<std::vector<int>> grid;  // cell index per grid position, -1 when none
  std::vector<Block> after;            // nested tables, in reading order
  int64_t width = 0;
  if (pugi::xml_node tbl_grid = part.child_w(tbl, "tblGrid")) {
    for (pugi::xml_node col = tbl_grid.first_child(); col; col = col.next_sibling())
      if (part.is_w(col, "gridCol")) ++width;
  }
  const int64_t max_cells = std::max<int64_t>(limits_.max_table_cells, 1);
  auto too_large = [&](int64_t rows, int64_t cols) {
    fatal_ = error(ErrorCode::limit_exceeded,
                   "table (element " + std::to_string(block.source_line) + " of " + part.name() +
                       ") has a grid of " + std::to_string(rows) + " x " + std::to_string(cols) +
                       " positions, more than max_table_cells " + std::to_string(limits_.max_table_cells));
  };
  if (width > max_cells) {
    too_large(1, width);
    return;
  }

  // Rows and cells may sit inside content controls or custom XML.
  std::vector<pugi::xml_node> rows;
  auto collect = [&](auto&& self, pugi::xml_node parent, std::string_view want,
                     std::vector<pugi::xml_node>& found) -> void {
    for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
      if (part.is_w(node, want)) {
        found.push_back(node);
      } else if (part.is_w(node, "sdt")) {
        if (pugi::xml_node content = part.child_w(node, "sdtContent")) self(self, content, want, found);
      } else if (part.is_w(node, "customXml") || part.is_w(node, "ins") || part.is_w(node, "moveTo")) {
        self(self, node, want, found);
      } else if (part.is(node, Ns::mc, "AlternateContent")) {
        if (pugi::xml_node branch = choose_branch(part, node)) self(self, branch, want, found);
      }
    }
  };
  collect(collect, tbl, "tr", rows);

  // A frame: one cell holding the report's paragraphs and its tables (Word users lay a page out
  // in a 1 x 1 table). Its content is read as the body's, so that its title and lines are
  // paragraphs and its tables tables of their own.
  if (rows.size() == 1) {
    std::vector<pugi::xml_node> tcs;
    collect(collect, rows.front(), "tc", tcs);
    bool holds_table = false;
    if (tcs.size() == 1) {
      std::vector<pugi::xml_node> inner;
      collect(collect, tcs.front(), "tbl", inner);
      holds_table = !inner.empty();
    }
    if (holds_table) {
      read_blocks(part, tcs.front(), out, nesting);
      return;
    }
  }

  for (pugi::xml_node tr : rows) {
    int64_t col = 0;
    int64_t after_cols = 0;
    if (pugi::xml_node trpr = part.child_w(tr, "trPr")) {
      if (part.child_w(trpr, "del")) continue;  // a row deleted with tracked changes
      col = std::clamp<int64_t>(to_int(part.child_val(trpr, "gridBefore"), 0), 0, max_cells);
      after_cols = std::clamp<int64_t>(to_int(part.child_val(trpr, "gridAfter"), 0), 0, max_cells);
    }
    const int r = static_cast<int>(grid.size());
    grid.emplace_back();
    std::vector<int>& row = grid.back();
    row.assign(static_cast<size_t>(col), -1);
    std::vector<pugi::xml_node> tcs;
    collect(collect, tr, "tc", tcs);
    for (pugi::xml_node tc : tcs) {
      int64_t span = 1;
      std::string vmerge, hmerge;
      bool has_vmerge = false, has_hmerge = false;
      if (pugi::xml_node tcpr = part.child_w(tc, "tcPr")) {
        span = std::clamp<int64_t>(to_int(part.child_val(tcpr, "gridSpan"), 1), 1, max_cells);
        if (pugi::xml_node v = part.child_w(tcpr, "vMerge")) {
          has_vmerge = true;
          const char* val = part.attr(v, "val");
          vmerge = val ? val : "continue";
        }
        if (pugi::xml_node h = part.child_w(tcpr, "hMerge")) {
          has_hmerge = true;
          const char* val = part.attr(h, "val");
          hmerge = val ? val : "continue";
        }
      }
      if (col + span > max_cells ||
          static_cast<int64_t>(grid.size()) * std::max(width, col + span) > max_cells) {
        too_large(static_cast<int64_t>(grid.size()), std::max(width, col + span));
        return;
      }
      // The cell's own content: paragraphs become lines, nested tables follow the outer table.
      std::vector<Block> inner;
      read_blocks(part, tc, inner, nesting + 1);
      if (fatal_) return;
      std::string text;
      bool first_line = true;
      for (Block& b : inner) {
        if (b.type == BlockType::table) {
          after.push_back(std::move(b));
          continue;
        }
        if (!first_line) text += '\n';
        text += b.list_label + b.text;
        first_line = false;
      }

      const int c = static_cast<int>(col);
      int target = -1;
      if (has_vmerge && vmerge != "restart" && r > 0 && c < static_cast<int>(grid[r - 1].size())) {
        int above = grid[r - 1][static_cast<size_t>(c)];
        if (above >= 0 && cells[above].col == c && cells[above].cols == span &&
            cells[above].row + cells[above].rows == r) {
          target = above;
          ++cells[above].rows;
        }
      }
      if (target < 0 && has_hmerge && hmerge != "restart" && c > 0 && !row.empty()) {
        int left = row.back();
        if (left >= 0 && cells[left].row == r && cells[left].rows == 1 &&
            cells[left].col + cells[left].cols == c) {
          target = left;
          cells[left].cols += static_cast<int>(span);
          if (!text.empty() && cells[left].text.empty()) cells[left].text = text;
        }
      }
      if (target < 0) {
        target = static_cast<int>(cells.size());
        cells.push_back({r, c, 1, static_cast<int>(span), text});
      }
      row.insert(row.end(), static_cast<size_t>(span), target);
      col += span;
    }
    col += after_cols;
    row.resize(static_cast<size_t>(std::max<int64_t>(col, static_cast<int64_t>(row.size()))), -1);
    width = std::max(width, static_cast<int64_t>(row.size()));
    if (static_cast<int64_t>(grid.size()) * width > max_cells) {
      too_large(static_cast<int64_t>(grid.size()), width);
      return;
    }
  }

  Table& table = block.table;
  table.rows.reserve(grid.size());
  for (const auto& row : grid) {
    std::vector<std::string> texts(static_cast<size_t>(width));
    for (size_t c = 0; c < row.size(); ++c)
      if (row[c] >= 0) texts[c] = cells[static_cast<size_t>(row[c])].text;
    table.rows.push_back(std::move(texts));
  }
  for (const Cell& cell : cells)
    if (cell.rows * cell.cols > 1) table.merged.push_back({cell.row, cell.col, cell.rows, cell.cols});
  std::sort(table.merged.begin(), table.merged.end(),
            [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  if (!table.rows.empty()) out.push_back(std::move(block));
  for (Block& b : after) out.push_back(std::move(b));
}

void Reader::read_block_child(const XmlPart& part, pugi::xml_node node, std::vector<Block>& out,
                              int nesting) {
  const char* qualified = node.name();
  Ns ns = part.ns_of(qualified);
  std::string_view local = docx::local_name(qualified);
  if (ns == Ns::mc) {
    if (local == "AlternateContent")
      if (pugi::xml_node branch = choose_branch(part, node)) read_blocks(part, branch, out, nesting);
    return;
  }
  if (ns == Ns::math) {  // a display equation between paragraphs
    Inline state;
    read_math(part, node, state);
    if (!state.text.empty()) {
      Block block;
      block.part = current_part_;
      block.source_line = ordinal_;
      block.text = valid_utf8(state.text);
      out.push_back(std::move(block));
    }
    return;
  }
  if (ns != Ns::w) return;
  if (local == "p") {
    read_paragraph(part, node, out, nesting);
  } else if (local == "tbl") {
    read_table(part, node, out, nesting);
  } else if (local == "sdt" || local == "sdtContent" || local == "customXml" || local == "ins" ||
             local == "moveTo" || local == "smartTag" || local == "txbxContent") {
    read_blocks(part, node, out, nesting);
  } else if (local == "altChunk") {
    warn(part.name() + ": an embedded altChunk document is not read");
  }
  // del, moveFrom, sectPr, tcPr, bookmarks, proofing marks, ...: no text.
}

void Reader::read_blocks(const XmlPart& part, pugi::xml_node container, std::vector<Block>& out,
                         int nesting) {
  // A field instruction is followed only into sibling paragraphs: a cell or a text box starts
  // without one, and the paragraphs around it go on with theirs.
  std::vector<bool> outer_fields = std::exchange(carried_fields_, {});
  for (pugi::xml_node node = container.first_child(); node && !fatal_; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    check_deadline("DOCX reading");
    if (part.is_w(node, "sdt")) {
      if (pugi::xml_node content = part.child_w(node, "sdtContent")) read_blocks(part, content, out, nesting);
      continue;
    }
    read_block_child(part, node, out, nesting);
  }
  carried_fields_ = std::move(outer_fields);
}

void Reader::read_part_blocks(const std::string& name, BlockPart kind, std::optional<Error>& fatal) {
  std::unique_ptr<XmlPart> part = load_auxiliary(name, fatal);
  if (!part) return;
  current_part_ = kind;
  ordinal_ = 0;
  pugi::xml_node root = part->root();
  if (kind == BlockPart::footnote || kind == BlockPart::endnote || kind == BlockPart::comment) {
    std::string_view item = kind == BlockPart::footnote  ? "footnote"
                            : kind == BlockPart::endnote ? "endnote"
                                                         : "comment";
    for (pugi::xml_node node = root.first_child(); node && !fatal_; node = node.next_sibling()) {
      if (!part->is_w(node, item)) continue;
      const char* type = part->attr(node, "type");
      if (type && std::string_view(type) != "normal") continue;  // separators, continuation notices
      read_blocks(*part, node, doc_.blocks, 0);
    }
  } else {
    read_blocks(*part, root, doc_.blocks, 0);
  }
  if (fatal_) fatal = fatal_;
}

std::optional<Error> Reader::read_sliced_body(const std::string& name, std::string& bytes,
                                              const docx::BodySlices& slices) {
  const size_t first_block = doc_.blocks.size();
  size_t next = 0;
  while (next < slices.children.size() && !fatal_) {
    // Whole children up to about kSliceBytes of markup per tree.
    size_t last = next;
    const size_t begin = slices.children[next].first;
    while (last + 1 < slices.children.size() && slices.children[last + 1].second - begin <= kSliceBytes)
      ++last;
    const size_t end = slices.children[last].second;
    std::string fragment;
    fragment.reserve(slices.head.size() + (end - begin) + slices.tail.size());
    fragment.append(slices.head).append(bytes, begin, end - begin).append(slices.tail);
    Result<std::unique_ptr<XmlPart>> piece = XmlPart::parse(std::move(fragment), name, path_, limits_);
    if (!piece.ok()) {
      // Parse the whole part instead: it names the error at its offset in the part, not in the
      // slice. Nesting too deep is found by the linear pre-scan before any tree is built.
      Result<std::unique_ptr<XmlPart>> whole = XmlPart::parse(std::move(bytes), name, path_, limits_);
      if (!whole.ok()) return whole.error();
      doc_.blocks.resize(first_block);
      ordinal_ = 0;
      if (pugi::xml_node body = whole.value()->child_w(whole.value()->root(), "body"))
        read_blocks(*whole.value(), body, doc_.blocks, 0);
      return std::nullopt;
    }
    const XmlPart& part = *piece.value();
    if (pugi::xml_node body = part.child_w(part.root(), "body")) read_blocks(part, body, doc_.blocks, 0);
    next = last + 1;
  }
  return std::nullopt;
}

std::optional<Error> Reader::run() {
  std::optional<Error> fatal;
  std::optional<std::string> main = find_main_part(fatal);
  if (fatal) return fatal;
  if (!main) {
    return error(ErrorCode::no_document_part,
                 "the ZIP holds no WordprocessingML main document part (no officeDocument relationship in "
                 "_rels/.rels and no document.main+xml in [Content_Types].xml)");
  }
  // A large main part is parsed one slice of body children at a time (see read_sliced_body);
  // the small ones, and any part that cannot be cut, as one tree.
  Result<std::string> main_bytes = zip_.read(*main);
  if (!main_bytes.ok()) return main_bytes.error();
  std::optional<docx::BodySlices> slices;
  std::unique_ptr<XmlPart> head;
  bool utf16 =
      main_bytes.value().size() >= 2 && (main_bytes.value()[0] == '\0' || main_bytes.value()[1] == '\0' ||
                                         static_cast<unsigned char>(main_bytes.value()[0]) >= 0xFE);
  if (static_cast<int64_t>(main_bytes.value().size()) > kSliceMainPartAbove && !utf16) {
    slices = docx::slice_body(main_bytes.value());
    if (slices) {
      auto parsed = XmlPart::parse(slices->head + slices->tail, *main, path_, limits_);
      if (parsed.ok())
        head = std::move(parsed.value());
      else
        slices.reset();
    }
  }
  std::unique_ptr<XmlPart> whole;
  if (!slices) {
    Result<std::unique_ptr<XmlPart>> loaded =
        XmlPart::parse(std::move(main_bytes.value()), *main, path_, limits_);
    if (!loaded.ok()) return loaded.error();
    whole = std::move(loaded.value());
  }
  const XmlPart& part = whole ? *whole : *head;
  pugi::xml_node root = part.root();
  if (!part.is_w(root, "document")) {
    return error(ErrorCode::no_document_part, "the main part " + *main +
                                                  " is not a WordprocessingML document (root <" +
                                                  std::string(root.name()) + ">)");
  }

  std::vector<Relationship> rels = relationships_of(*main, fatal);
  if (fatal) return fatal;
  auto first_of = [&](std::string_view type_suffix) -> std::optional<std::string> {
    for (const Relationship& rel : rels)
      if (ends_with(rel.type, type_suffix)) return rel.target;
    return std::nullopt;
  };
  if (auto name = first_of("/styles")) {
    if (std::unique_ptr<XmlPart> styles = load_auxiliary(*name, fatal)) load_styles(*styles);
    if (fatal) return fatal;
  }
  if (auto name = first_of("/numbering")) {
    if (std::unique_ptr<XmlPart> numbering = load_auxiliary(*name, fatal)) numbering_.load(*numbering);
    if (fatal) return fatal;
  }

  current_part_ = BlockPart::body;
  ordinal_ = 0;
  if (slices) {
    if (std::optional<Error> failure = read_sliced_body(*main, main_bytes.value(), *slices)) return failure;
  } else if (pugi::xml_node body = part.child_w(root, "body")) {
    read_blocks(part, body, doc_.blocks, 0);
  }
  if (fatal_) return fatal_;

  const std::pair<std::string_view, BlockPart> kinds[] = {
      {"/header", BlockPart::header},      {"/footer", BlockPart::footer},
      {"/footnotes", BlockPart::footnote}, {"/endnotes", BlockPart::endnote},
      {"/comments", BlockPart::comment},
  };
  for (const auto& [suffix, kind] : kinds) {
    std::set<std::string> seen;
    for (const Relationship& rel : rels) {
      if (!ends_with(rel.type, suffix) || !seen.insert(rel.target).second) continue;
      read_part_blocks(rel.target, kind, fatal);
      if (fatal) return fatal;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<Document> read_docx(std::string_view bytes, const std::string& path, const ReadLimits& limits) {
  Result<ZipReader> zip = ZipReader::open(bytes, path, limits);
  if (!zip.ok()) return zip.error();
  Document doc;
  doc.path = path;
  doc.format = "docx";
  doc.encoding = "UTF-8";
  doc.bytes = static_cast<int64_t>(bytes.size());
  try {
    Reader reader(zip.value(), path, limits, doc);
    if (std::optional<Error> failure = reader.run()) return *failure;
  } catch (const std::bad_alloc&) {
    Error e;
    e.code = ErrorCode::limit_exceeded;
    e.path = path;
    e.message = memory_exceeded_message("DOCX reading");
    return e;
  }
  return doc;
}

}  // namespace jixiao
