// A PDF file written from its objects (object i + 1 is objects[i]; the first is the catalogue),
// with the cross-reference table poppler needs: for tests that need a PDF of a particular shape.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace jixiao::testing {

inline std::string pdf_from_objects(const std::vector<std::string>& objects) {
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  const std::string size = std::to_string(objects.size() + 1);
  out += "xref\n0 " + size + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  return out + "trailer\n<< /Size " + size + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) +
         "\n%%EOF\n";
}

}  // namespace jixiao::testing
