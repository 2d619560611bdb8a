// XLSX reader: ZIP (libzip, bounded) -> workbook -> worksheets (pugixml) -> sheet::append_sheet.
//
// What is read:
// - the workbook found through _rels/.rels (officeDocument, Transitional or Strict) or
//   [Content_Types].xml (…sheet.main+xml, template and macro-enabled variants), else xl/workbook.xml;
//   its sheets in workbook order, each through its relationship;
// - cells: shared strings (rich-text runs joined, phonetic runs dropped), inline strings, formula
//   string results, booleans, error values, and numbers as displayed under their number format
//   (styles.xml cellXfs -> numFmts or the built-in ids: 0.00, 0.00%, #,##0.00, dates, ...). A
//   formula cell gives its cached value, never the formula; one without a cached value is empty
//   and said in a warning. _xHHHH_ escapes are decoded.
// - merged ranges (mergeCells), resolved as the DOCX reader resolves table merges.
// What is skipped and said in a warning: hidden and very hidden sheets, hidden rows and columns
// that hold text, chart sheets and dialog sheets.
// Bounds: the ZIP bounds of zip.h, max_xml_depth for every part, max_table_cells for the cells
// of a sheet and each grid (sheet.h), and shared strings count against max_table_cells too.
#include "ingest/xlsx.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

#include "core/deadline.h"
#include "ingest/docx_xml.h"
#include "ingest/opc.h"
#include "ingest/sheet.h"
#include "ingest/zip.h"

namespace jixiao {

namespace {

using docx::local_name;
using docx::XmlPart;

constexpr std::string_view kRelsNs[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/",
};

// The relationship type's last segment ("officeDocument", "worksheet"), for either namespace.
std::string_view rel_kind(std::string_view type) {
  for (std::string_view ns : kRelsNs)
    if (type.starts_with(ns)) return type.substr(ns.size());
  return {};
}

bool is_spreadsheet_main_type(std::string_view type) {
  return type.find("spreadsheetml.sheet.main+xml") != std::string_view::npos ||
         type.find("spreadsheetml.template.main+xml") != std::string_view::npos ||
         type.find("ms-excel.sheet.macroEnabled.main+xml") != std::string_view::npos ||
         type.find("ms-excel.template.macroEnabled.main+xml") != std::string_view::npos;
}

// ST_Xstring: "_x000D_" is U+000D; "_x005F_" escapes an underscore.
std::string decode_xstring(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      char* end = nullptr;
      std::string hex(s.substr(i + 2, 4));
      long cp = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 4 && hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
        if (cp == 0x0D) {
          // a carriage return: the line break follows as \n, or stands alone
        } else if (cp >= 0x20 || cp == 0x09 || cp == 0x0A) {
          char32_t c = static_cast<char32_t>(cp);
          if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
          if (c < 0x80) {
            out += static_cast<char>(c);
          } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
          }
        }
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Text of a string item (si / is): t, or the t of its runs; phonetic runs (rPh) dropped.
void string_item_text(pugi::xml_node node, std::string& out, int depth = 0) {
  if (depth > 8) return;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = local_name(child.name());
    if (name == "t")
      out += decode_xstring(child.text().get());
    else if (name == "r")
      string_item_text(child, out, depth + 1);
  }
}

pugi::xml_node child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c.name()) == local) return c;
  return {};
}

// r:id and friends: the attribute whose local name is `local`, any prefix.
const char* attr_local(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if (colon != std::string_view::npos && name.substr(colon + 1) == local && !name.starts_with("xmlns"))
      return a.value();
  }
  return "";
}

bool truthy(const char* v) {
  std::string_view s = v;
  return s == "1" || s == "true";
}

class XlsxReader {
 public:
  XlsxReader(ZipReader& zip, const std::string& path, const ReadLimits& limits, Document& doc)
      : zip_(zip), path_(path), limits_(limits), doc_(doc) {}
  std::optional<Error> run();

 private:
  Error error(ErrorCode code, std::string message) const {
    return file_error(code, path_, std::move(message));
  }
  Result<std::unique_ptr<XmlPart>> load(const std::string& name) {
    Result<std::string> bytes = zip_.read(name);
    if (!bytes.ok()) return bytes.error();
    return XmlPart::parse(std::move(bytes.value()), name, path_, limits_);
  }
  struct Rel {
    std::string id, kind, target;
  };
  Result<std::vector<Rel>> rels_of(const std::string& part);
  std::optional<std::string> find_workbook(std::optional<Error>& fatal);
  std::optional<Error> load_styles(const std::string& name);
  std::optional<Error> load_shared_strings(const std::string& name);
  std::optional<Error> read_sheet(const std::string& name, const std::string& part);
  std::string number_text(const char* value, int style);

  ZipReader& zip_;
  const std::string& path_;
  const ReadLimits& limits_;
  Document& doc_;
  std::vector<std::string> shared_;
  std::vector<std::string> xf_formats_;  // cellXfs index -> format code
  bool date1904_ = false;
};

Result<std::vector<XlsxReader::Rel>> XlsxReader::rels_of(const std::string& part) {
  std::vector<Rel> out;
  std::string name = part.empty() ? "_rels/.rels" : opc::rels_name_for(part);
  if (!zip_.contains(name)) return out;
  auto xml = load(name);
  if (!xml.ok()) return xml.error();
  for (pugi::xml_node node = xml.value()->root().first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element || local_name(node.name()) != "Relationship") continue;
    std::string_view mode = node.attribute("TargetMode").value();
    if (mode == "External" || mode == "external") continue;
    const char* target = node.attribute("Target").value();
    if (!*target) continue;
    out.push_back({node.attribute("Id").value(), std::string(rel_kind(node.attribute("Type").value())),
                   opc::resolve_target(part, target)});
  }
  return out;
}

std::optional<std::string> XlsxReader::find_workbook(std::optional<Error>& fatal) {
  auto rels = rels_of("");
  if (!rels.ok()) {
    fatal = rels.error();
    return std::nullopt;
  }
  for (const Rel& rel : rels.value())
    if (rel.kind == "officeDocument" && zip_.contains(rel.target)) return rel.target;
  if (zip_.contains("[Content_Types].xml")) {
    auto types = load("[Content_Types].xml");
    if (!types.ok()) {
      fatal = types.error();
      return std::nullopt;
    }
    for (pugi::xml_node node = types.value()->root().first_child(); node; node = node.next_sibling()) {
      if (node.type() != pugi::node_element || local_name(node.name()) != "Override") continue;
      if (!is_spreadsheet_main_type(node.attribute("ContentType").value())) continue;
      std::string name = opc::resolve_target("", node.attribute("PartName").value());
      if (zip_.contains(name)) return name;
    }
  }
  if (zip_.contains("xl/workbook.xml")) return std::string("xl/workbook.xml");
  return std::nullopt;
}

std::optional<Error> XlsxReader::load_styles(const std::string& name) {
  auto xml = load(name);
  if (!xml.ok()) return xml.error();
  pugi::xml_node root = xml.value()->root();
  std::map<int, std::string> custom;
  if (pugi::xml_node fmts = child(root, "numFmts"))
    for (pugi::xml_node f = fmts.first_child(); f; f = f.next_sibling())
      if (f.type() == pugi::node_element && local_name(f.name()) == "numFmt")
        custom[f.attribute("numFmtId").as_int(-1)] = f.attribute("formatCode").value();
  if (pugi::xml_node xfs = child(root, "cellXfs")) {
    for (pugi::xml_node xf = xfs.first_child(); xf; xf = xf.next_sibling()) {
      if (xf.type() != pugi::node_element || local_name(xf.name()) != "xf") continue;
      if (static_cast<int64_t>(xf_formats_.size()) >= limits_.max_table_cells) break;
      int id = xf.attribute("numFmtId").as_int(0);
      auto it = custom.find(id);
      xf_formats_.push_back(it != custom.end() ? it->second : sheet::builtin_format(id));
    }
  }
  return std::nullopt;
}

std::optional<Error> XlsxReader::load_shared_strings(const std::string& name) {
  auto xml = load(name);
  if (!xml.ok()) return xml.error();
  for (pugi::xml_node si = xml.value()->root().first_child(); si; si = si.next_sibling()) {
    if (si.type() != pugi::node_element || local_name(si.name()) != "si") continue;
    if (static_cast<int64_t>(shared_.size()) >= limits_.max_table_cells)
      return error(ErrorCode::limit_exceeded, "the shared string table has more than max_table_cells " +
                                                  std::to_string(limits_.max_table_cells) + " strings");
    std::string text;
    string_item_text(si, text);
    shared_.push_back(std::move(text));
  }
  return std::nullopt;
}

std::string XlsxReader::number_text(const char* value, int style) {
  std::string_view v = value;
  if (v.empty()) return {};
  char* end = nullptr;
  double d = std::strtod(value, &end);
  if (end == value) return std::string(v);  // not a number: shown as written
  std::string_view format =
      style >= 0 && style < static_cast<int>(xf_formats_.size()) ? std::string_view(xf_formats_[style]) : "";
  return sheet::format_number(d, format, date1904_);
}

std::optional<Error> XlsxReader::read_sheet(const std::string& name, const std::string& part) {
  auto xml = load(part);
  if (!xml.ok()) return xml.error();
  pugi::xml_node root = xml.value()->root();
  sheet::SheetData data;
  data.name = name;
  if (pugi::xml_node cols = child(root, "cols"))
    for (pugi::xml_node col = cols.first_child(); col; col = col.next_sibling()) {
      if (col.type() != pugi::node_element || local_name(col.name()) != "col") continue;
      if (!truthy(col.attribute("hidden").value())) continue;
      check_deadline("XLSX reading");  // each <col> may name every column again
      int lo = std::max(1, col.attribute("min").as_int(0)),
          hi = std::min(sheet::kMaxCols, col.attribute("max").as_int(0));
      for (int c = lo; c <= hi; ++c) data.hidden_cols.insert(c - 1);
    }
  int formulas_without_value = 0;
  int64_t filled = 0;
  if (pugi::xml_node rows = child(root, "sheetData")) {
    int next_row = 0;
    for (pugi::xml_node row = rows.first_child(); row; row = row.next_sibling()) {
      if (row.type() != pugi::node_element || local_name(row.name()) != "row") continue;
      if ((next_row & 255) == 0) check_deadline("XLSX reading");
      int r = row.attribute("r").as_int(next_row + 1) - 1;
      if (r < 0 || r >= sheet::kMaxRows)
        return error(ErrorCode::malformed_xml, part + ": row number out of range");
      next_row = r + 1;
      if (truthy(row.attribute("hidden").value())) data.hidden_rows.insert(r);
      int next_col = 0;
      for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || local_name(c.name()) != "c") continue;
        int rr = r, cc = next_col;
        if (const char* ref = c.attribute("r").value(); *ref && !sheet::parse_cell_ref(ref, rr, cc))
          return error(ErrorCode::malformed_xml,
                       part + ": bad cell reference \"" + std::string(ref).substr(0, 20) + "\"");
        if (rr != r) rr = r;
        next_col = cc + 1;
        if (next_col > sheet::kMaxCols)
          return error(ErrorCode::malformed_xml, part + ": column out of range");
        std::string_view type = c.attribute("t").value();
        pugi::xml_node v = child(c, "v");
        std::string text;
        if (type == "s") {
          if (v) {
            long index = std::strtol(v.text().get(), nullptr, 10);
            if (index < 0 || index >= static_cast<long>(shared_.size()))
              return error(ErrorCode::malformed_xml, part + ": cell refers to shared string " +
                                                         std::to_string(index) + " of " +
                                                         std::to_string(shared_.size()));
            text = shared_[index];
          }
        } else if (type == "inlineStr") {
          if (pugi::xml_node is = child(c, "is")) string_item_text(is, text);
        } else if (type == "str" || type == "e" || type == "d") {
          text = decode_xstring(v.text().get());
        } else if (type == "b") {
          text = std::string_view(v.text().get()) == "1" ? "TRUE" : v ? "FALSE" : "";
        } else {
          text = number_text(v.text().get(), c.attribute("s").as_int(0));
        }
        if (text.empty() && child(c, "f") && !v) ++formulas_without_value;
        if (text.empty()) continue;
        if (++filled > limits_.max_table_cells)
          return error(ErrorCode::limit_exceeded, "sheet \"" + name + "\" has more than max_table_cells " +
                                                      std::to_string(limits_.max_table_cells) +
                                                      " filled cells");
        data.cells[{rr, cc}] = std::move(text);
      }
    }
  }
  if (pugi::xml_node merges = child(root, "mergeCells"))
    for (pugi::xml_node m = merges.first_child(); m; m = m.next_sibling()) {
      if (m.type() != pugi::node_element || local_name(m.name()) != "mergeCell") continue;
      std::string_view ref = m.attribute("ref").value();
      size_t colon = ref.find(':');
      int r0, c0, r1, c1;
      if (colon == std::string_view::npos || !sheet::parse_cell_ref(ref.substr(0, colon), r0, c0) ||
          !sheet::parse_cell_ref(ref.substr(colon + 1), r1, c1))
        continue;
      if (r1 < r0) std::swap(r0, r1);
      if (c1 < c0) std::swap(c0, c1);
      data.merges.push_back({r0, c0, r1 - r0 + 1, c1 - c0 + 1});
    }
  int hidden_rows_with_text = 0, hidden_cols_with_text = 0;
  {
    std::set<int> rows_seen, cols_seen;
    for (const auto& [pos, text] : data.cells) {
      if (data.hidden_rows.count(pos.first) && rows_seen.insert(pos.first).second) ++hidden_rows_with_text;
      if (data.hidden_cols.count(pos.second) && cols_seen.insert(pos.second).second) ++hidden_cols_with_text;
    }
  }
  if (hidden_rows_with_text)
    doc_.warnings.push_back("sheet \"" + name + "\": " + std::to_string(hidden_rows_with_text) +
                            " hidden row(s) with text skipped");
  if (hidden_cols_with_text)
    doc_.warnings.push_back("sheet \"" + name + "\": " + std::to_string(hidden_cols_with_text) +
                            " hidden column(s) with text skipped");
  if (formulas_without_value)
    doc_.warnings.push_back("sheet \"" + name + "\": " + std::to_string(formulas_without_value) +
                            " formula cell(s) without a cached value left empty");
  auto appended = sheet::append_sheet(data, limits_, doc_);
  if (!appended.ok()) {
    Error e = appended.error();
    e.path = path_;
    return e;
  }
  return std::nullopt;
}

std::optional<Error> XlsxReader::run() {
  std::optional<Error> fatal;
  std::optional<std::string> workbook = find_workbook(fatal);
  if (fatal) return fatal;
  if (!workbook)
    return error(
        ErrorCode::no_document_part,
        "the ZIP holds no SpreadsheetML workbook part (no officeDocument relationship in _rels/.rels, "
        "no sheet.main+xml in [Content_Types].xml, no xl/workbook.xml)");
  auto rels = rels_of(*workbook);
  if (!rels.ok()) return rels.error();
  std::map<std::string, Rel> by_id;
  for (const Rel& rel : rels.value()) {
    by_id[rel.id] = rel;
    if (rel.kind == "styles" && zip_.contains(rel.target)) {
      if (auto e = load_styles(rel.target)) {
        if (e->code == ErrorCode::limit_exceeded) return e;
        doc_.warnings.push_back("styles skipped (numbers shown as General): " + e->message);
      }
    }
    if (rel.kind == "sharedStrings" && zip_.contains(rel.target))
      if (auto e = load_shared_strings(rel.target)) return e;
  }
  auto book = load(*workbook);
  if (!book.ok()) return book.error();
  pugi::xml_node root = book.value()->root();
  if (pugi::xml_node pr = child(root, "workbookPr")) date1904_ = truthy(pr.attribute("date1904").value());
  pugi::xml_node sheets = child(root, "sheets");
  int read = 0;
  for (pugi::xml_node s = sheets.first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element || local_name(s.name()) != "sheet") continue;
    std::string name = s.attribute("name").value();
    std::string_view state = s.attribute("state").value();
    if (state == "hidden" || state == "veryHidden") {
      doc_.warnings.push_back("sheet \"" + name + "\" is " + std::string(state) + ": skipped");
      continue;
    }
    auto it = by_id.find(attr_local(s, "id"));
    if (it == by_id.end() || !zip_.contains(it->second.target)) {
      doc_.warnings.push_back("sheet \"" + name + "\" has no part in the ZIP: skipped");
      continue;
    }
    if (it->second.kind != "worksheet") {
      doc_.warnings.push_back("sheet \"" + name + "\" is a " + it->second.kind +
                              ", not a worksheet: skipped");
      continue;
    }
    if (auto e = read_sheet(name, it->second.target)) return e;
    ++read;
  }
  if (read == 0 && doc_.warnings.empty()) doc_.warnings.push_back("the workbook has no worksheet");
  return std::nullopt;
}

}  // namespace

bool is_xlsx_package(std::string_view bytes, const ReadLimits& limits) {
  auto zip = ZipReader::open(bytes, "", limits);
  if (!zip.ok()) return false;
  ZipReader& z = zip.value();
  if (z.contains("[Content_Types].xml")) {
    auto types = z.read("[Content_Types].xml");
    if (types.ok()) {
      const std::string& t = types.value();
      if (is_spreadsheet_main_type(t)) return true;
      if (t.find("wordprocessingml.document.main") != std::string::npos ||
          t.find("wordprocessingml.template.main") != std::string::npos ||
          t.find("ms-word.") != std::string::npos)
        return false;
    }
  }
  return z.contains("xl/workbook.xml") && !z.contains("word/document.xml");
}

Result<Document> read_xlsx(std::string_view bytes, const std::string& path, const ReadLimits& limits) {
  auto zip = ZipReader::open(bytes, path, limits);
  if (!zip.ok()) return zip.error();
  Document doc;
  XlsxReader reader(zip.value(), path, limits, doc);
  if (auto e = reader.run()) {
    if (e->path.empty()) e->path = path;
    return *e;
  }
  return doc;
}

}  // namespace jixiao
