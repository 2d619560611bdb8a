// A minimal RFC 4180 reader, to check what the CSV export wrote field by field.
#pragma once

#include <string>
#include <vector>

namespace jixiao::testing {

inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> out(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        out.back().back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        out.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      out.emplace_back(1);
    } else {
      out.back().back() += c;
    }
  }
  if (out.back().size() == 1 && out.back()[0].empty()) out.pop_back();
  return out;
}

}  // namespace jixiao::testing
