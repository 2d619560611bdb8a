#include "core/document.h"

namespace jixiao {

const char* to_string(BlockType type) {
  return type == BlockType::table ? "table" : "paragraph";
}

const char* to_string(BlockPart part) {
  switch (part) {
    case BlockPart::body: return "body";
    case BlockPart::header: return "header";
    case BlockPart::footer: return "footer";
    case BlockPart::footnote: return "footnote";
    case BlockPart::endnote: return "endnote";
    case BlockPart::comment: return "comment";
  }
  return "body";
}

}  // namespace jixiao
