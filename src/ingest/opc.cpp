#include "ingest/opc.h"

#include <vector>

namespace jixiao::opc {

// "%20" -> " ": OPC part names are URIs, and writers that follow OPC to the letter (System.IO.Packaging,
// the Open XML SDK) keep the percent-encoding in the ZIP entry name, while the reader looks parts up
// by the decoded relationship target. Invalid escapes stay as they are.
std::string percent_decoded(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string decoded = percent_decoded(target);
  for (char& c : decoded)
    if (c == '\\') c = '/';
  std::string joined;
  if (!decoded.empty() && decoded[0] == '/') {
    joined = decoded.substr(1);
  } else {
    size_t slash = source_part.rfind('/');
    joined =
        (slash == std::string_view::npos ? std::string() : std::string(source_part.substr(0, slash + 1))) +
        decoded;
  }
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string segment = joined.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& segment : segments) out += (out.empty() ? "" : "/") + segment;
  return out;
}

std::string rels_name_for(std::string_view part) {
  size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) + ".rels";
}

}  // namespace jixiao::opc
