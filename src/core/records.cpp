#include "core/records.h"

namespace jixiao {

const char* to_string(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::money: return "money";
    case QuantityKind::percent: return "percent";
    case QuantityKind::count: return "count";
    case QuantityKind::score: return "score";
    case QuantityKind::number: return "number";
    case QuantityKind::range: return "range";
  }
  return "number";
}

}  // namespace jixiao
