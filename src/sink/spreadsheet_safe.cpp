#include "sink/spreadsheet_safe.h"

namespace jixiao {

bool spreadsheet_would_evaluate(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r': return true;
    default: return false;
  }
}

std::string spreadsheet_safe_text(std::string_view text) {
  if (!spreadsheet_would_evaluate(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 1);
  out += '\'';
  out += text;
  return out;
}

}  // namespace jixiao
