#include "ingest/zip.h"

#include <zip.h>

#include <algorithm>
#include <cstdio>

#include "ingest/opc.h"

namespace jixiao {

namespace {

constexpr int64_t kRatioFloor = 1ll << 20;  // small parts may compress very well (repetitive XML)

std::string mib(int64_t bytes) {
  if (bytes % (1ll << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string ratio_text(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", ratio);
  return buf;
}

}  // namespace

struct ZipReader::Handle {
  zip_t* archive = nullptr;
  ~Handle() {
    if (archive) zip_discard(archive);
  }
};

ZipReader::ZipReader(ZipReader&&) noexcept = default;
ZipReader& ZipReader::operator=(ZipReader&&) noexcept = default;
ZipReader::~ZipReader() = default;

Error ZipReader::error(ErrorCode code, std::string message) const {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.path = path_;
  return e;
}

std::string ZipReader::key(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '\\') c = '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  size_t start = out.find_first_not_of('/');
  return start == std::string::npos ? std::string() : out.substr(start);
}

Result<ZipReader> ZipReader::open(std::string_view bytes, const std::string& path, const ReadLimits& limits) {
  ZipReader reader;
  reader.path_ = path;
  reader.limits_ = limits;
  reader.handle_ = std::make_unique<Handle>();

  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!source) {
    std::string message = std::string("cannot open the ZIP container: ") + zip_error_strerror(&zerr);
    zip_error_fini(&zerr);
    return reader.error(ErrorCode::corrupt_zip, message);
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &zerr);
  if (!archive) {
    std::string message =
        std::string("not a readable ZIP container (truncated or damaged): ") + zip_error_strerror(&zerr);
    zip_error_fini(&zerr);
    zip_source_free(source);
    return reader.error(ErrorCode::corrupt_zip, message);
  }
  zip_error_fini(&zerr);
  reader.handle_->archive = archive;

  zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0) return reader.error(ErrorCode::corrupt_zip, "the ZIP directory cannot be read");
  if (entries > limits.max_entries) {
    return reader.error(ErrorCode::limit_exceeded,
                        "ZIP bomb guard: the archive has " + std::to_string(entries) +
                            " entries, more than max_entries " + std::to_string(limits.max_entries));
  }
  reader.index_.reserve(static_cast<size_t>(entries));
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* name = zip_get_name(archive, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (!name) continue;
    reader.index_.emplace_back(key(opc::percent_decoded(name)), i);
  }
  // Stable: of duplicate names the first entry wins, as most readers do.
  std::stable_sort(reader.index_.begin(), reader.index_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return reader;
}

std::optional<int64_t> ZipReader::locate(std::string_view name) const {
  std::string k = key(name);
  auto it = std::lower_bound(index_.begin(), index_.end(), k,
                             [](const auto& entry, const std::string& want) { return entry.first < want; });
  if (it == index_.end() || it->first != k) return std::nullopt;
  return it->second;
}

bool ZipReader::contains(std::string_view name) const {
  return locate(name).has_value();
}

std::vector<std::string> ZipReader::names() const {
  std::vector<std::string> out;
  for (const auto& [k, index] : index_) {
    const char* name = zip_get_name(handle_->archive, static_cast<zip_uint64_t>(index), ZIP_FL_ENC_GUESS);
    if (name) out.emplace_back(name);
  }
  return out;
}

Result<std::string> ZipReader::read(std::string_view name) {
  std::optional<int64_t> index = locate(name);
  const std::string part(name);
  if (!index) return error(ErrorCode::corrupt_zip, "the ZIP has no part " + part);
  zip_t* archive = handle_->archive;
  const auto zindex = static_cast<zip_uint64_t>(*index);

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive, zindex, 0, &st) != 0) {
    return error(ErrorCode::corrupt_zip,
                 "cannot read the ZIP entry of " + part + ": " + zip_strerror(archive));
  }
  int64_t declared = (st.valid & ZIP_STAT_SIZE) ? static_cast<int64_t>(st.size) : -1;
  int64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? static_cast<int64_t>(st.comp_size) : -1;
  const std::string too_big = "ZIP bomb guard: " + part + " inflates to more than " +
                              mib(limits_.max_part_bytes) + " (max_part_bytes)";
  if (declared > limits_.max_part_bytes) return error(ErrorCode::limit_exceeded, too_big);
  if (declared > kRatioFloor && compressed >= 0 &&
      static_cast<double>(declared) >
          limits_.max_ratio * static_cast<double>(std::max<int64_t>(compressed, 1))) {
    return error(ErrorCode::limit_exceeded,
                 "ZIP bomb guard: " + part + " inflates " + std::to_string(declared) + " bytes from " +
                     std::to_string(compressed) + " (ratio " +
                     ratio_text(static_cast<double>(declared) / std::max<int64_t>(compressed, 1)) +
                     ", more than max_ratio " + ratio_text(limits_.max_ratio) + ")");
  }
  if (declared >= 0 && inflated_total_ + declared > limits_.max_inflated_total) {
    return error(ErrorCode::limit_exceeded, "ZIP bomb guard: the parts read inflate to more than " +
                                                mib(limits_.max_inflated_total) +
                                                " in total (max_inflated_total)");
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return error(ErrorCode::unsupported_format, "the ZIP part " + part + " is encrypted");
  }

  zip_file_t* file = zip_fopen_index(archive, zindex, 0);
  if (!file) {
    return error(ErrorCode::corrupt_zip, "cannot open the ZIP part " + part + ": " + zip_strerror(archive));
  }
  std::string out;
  if (declared > 0) out.reserve(static_cast<size_t>(std::min<int64_t>(declared, 64ll << 20)));
  char buffer[1 << 16];
  while (true) {
    zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      std::string message = "cannot inflate the ZIP part " + part +
                            " (truncated or damaged): " + zip_error_strerror(zip_file_get_error(file));
      zip_fclose(file);
      return error(ErrorCode::corrupt_zip, message);
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    inflated_total_ += n;
    const auto size = static_cast<int64_t>(out.size());
    // The directory may lie about sizes: check what the stream really yields.
    if (size > limits_.max_part_bytes) {
      zip_fclose(file);
      return error(ErrorCode::limit_exceeded, too_big);
    }
    if (inflated_total_ > limits_.max_inflated_total) {
      zip_fclose(file);
      return error(ErrorCode::limit_exceeded, "ZIP bomb guard: the parts read inflate to more than " +
                                                  mib(limits_.max_inflated_total) +
                                                  " in total (max_inflated_total)");
    }
    if (size > kRatioFloor && compressed >= 0 &&
        static_cast<double>(size) >
            limits_.max_ratio * static_cast<double>(std::max<int64_t>(compressed, 1))) {
      zip_fclose(file);
      return error(ErrorCode::limit_exceeded, "ZIP bomb guard: " + part + " inflates to more than " +
                                                  ratio_text(limits_.max_ratio) +
                                                  " times its compressed size (max_ratio)");
    }
  }
  zip_fclose(file);
  return out;
}

}  // namespace jixiao
