#include "ingest/ole2.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <optional>

namespace jixiao {

namespace {

struct Unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
using GsfPtr = std::unique_ptr<void, Unref>;

// The name of a top-level stream as the file spells it (OLE2 names are case-insensitive:
// "ENCRYPTIONINFO" is EncryptionInfo), or nullptr.
const char* child_name(GsfInfile* infile, const char* name) {
  int n = gsf_infile_num_children(infile);
  for (int i = 0; i < n; ++i) {
    const char* have = gsf_infile_name_by_index(infile, i);
    if (have && g_ascii_strcasecmp(have, name) == 0) return have;
  }
  return nullptr;
}

// A stream of the container, whole, or an error when it is above max_part_bytes or unreadable.
Result<std::optional<std::string>> stream(GsfInfile* infile, const char* wanted, const std::string& path,
                                          const ReadLimits& limits) {
  const char* name = child_name(infile, wanted);
  if (!name) return std::optional<std::string>();
  GsfPtr child(gsf_infile_child_by_name(infile, name));
  if (!child)  // listed in the directory, but its sectors cannot be read
    return file_error(ErrorCode::corrupt_file, path,
                      std::string("the OLE2 stream ") + name + " cannot be read (damaged sector chain)");
  auto* input = static_cast<GsfInput*>(child.get());
  gsf_off_t size = gsf_input_size(input);
  if (size < 0)
    return file_error(ErrorCode::corrupt_file, path,
                      std::string("the OLE2 stream ") + name + " cannot be read");
  if (size > limits.max_part_bytes)
    return file_error(ErrorCode::limit_exceeded, path,
                      std::string("the OLE2 stream ") + name + " is " + std::to_string(size) +
                          " bytes, more than max_part_bytes " + std::to_string(limits.max_part_bytes));
  std::string out(static_cast<size_t>(size), '\0');
  if (size > 0 && !gsf_input_read(input, static_cast<size_t>(size), reinterpret_cast<guint8*>(out.data())))
    return file_error(ErrorCode::corrupt_file, path,
                      std::string("the OLE2 stream ") + name + " is truncated");
  return std::optional<std::string>(std::move(out));
}

// libgsf says what it finds wrong in a damaged file through glib's log, straight onto stderr
// ("libgsf:msole-CRITICAL **: ole_dirent_new: assertion … failed"): in a batch of legacy files,
// pages of it, outside -q and -v. The reader's own error names the damage; libgsf's words go to
// the debug log (-vv).
void glib_message_to_debug_log(const gchar* domain, GLogLevelFlags, const gchar* message, gpointer) {
  spdlog::debug("{}: {}", domain ? domain : "glib", message ? message : "");
}

}  // namespace

Result<Document> read_ole2(std::string_view bytes, const std::string& path, const ReadLimits& limits) {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    g_log_set_default_handler(glib_message_to_debug_log, nullptr);
  });
  GsfPtr input(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                    static_cast<gsf_off_t>(bytes.size()), FALSE));
  if (!input) return file_error(ErrorCode::corrupt_file, path, "the OLE2 compound file cannot be opened");
  GError* gerr = nullptr;
  GsfPtr infile(gsf_infile_msole_new(static_cast<GsfInput*>(input.get()), &gerr));
  if (!infile) {
    std::string why = gerr && gerr->message ? gerr->message : "damaged or truncated";
    if (gerr) g_error_free(gerr);
    return file_error(ErrorCode::corrupt_file, path,
                      "not a readable OLE2 compound file (legacy .doc / .xls): " + why);
  }
  auto* root = static_cast<GsfInfile*>(infile.get());
  int entries = gsf_infile_num_children(root);
  if (entries > limits.max_entries)
    return file_error(ErrorCode::limit_exceeded, path,
                      "the OLE2 file has " + std::to_string(entries) + " streams, more than max_entries " +
                          std::to_string(limits.max_entries));
  auto has = [&](const char* name) { return child_name(root, name) != nullptr; };
  if (has("EncryptionInfo") || has("EncryptedPackage"))
    return file_error(ErrorCode::encrypted, path,
                      "password-protected Office Open XML file (an encrypted .docx or .xlsx): cannot be read "
                      "without its password");
  if (has("Workbook")) {
    auto workbook = stream(root, "Workbook", path, limits);
    if (!workbook.ok()) return workbook.error();
    if (!workbook.value())
      return file_error(ErrorCode::corrupt_file, path, "the OLE2 Workbook stream cannot be read");
    auto doc = read_xls_workbook(*workbook.value(), path, limits);
    if (doc.ok()) doc.value().format = "xls";
    return doc;
  }
  if (has("WordDocument")) {
    auto word = stream(root, "WordDocument", path, limits);
    if (!word.ok()) return word.error();
    if (!word.value())
      return file_error(ErrorCode::corrupt_file, path, "the OLE2 WordDocument stream cannot be read");
    auto t0 = stream(root, "0Table", path, limits);
    if (!t0.ok()) return t0.error();
    auto t1 = stream(root, "1Table", path, limits);
    if (!t1.ok()) return t1.error();
    auto data = stream(root, "Data", path, limits);
    if (!data.ok()) return data.error();
    auto doc = read_doc_streams(*word.value(), t0.value().value_or(""), t1.value().value_or(""),
                                data.value().value_or(""), path, limits);
    if (doc.ok()) doc.value().format = "doc";
    return doc;
  }
  if (has("Book"))
    return file_error(ErrorCode::unsupported_format, path,
                      "Excel 5.0/95 workbook (BIFF5): not supported, only Excel 97-2003 and later");
  return file_error(
      ErrorCode::unsupported_format, path,
      "OLE2 compound file that is neither a Word nor an Excel file (PowerPoint, Outlook, ...): not "
      "supported");
}

}  // namespace jixiao
