#include "ingest/docx_numbering.h"

#include <cstdlib>

#include "core/utf.h"

namespace jixiao::docx {

namespace {

int to_int(const char* text, int fallback) {
  if (!text || !*text) return fallback;
  char* end = nullptr;
  long value = std::strtol(text, &end, 10);
  if (end == text) return fallback;
  if (value > 1'000'000) return 1'000'000;
  if (value < -1'000'000) return -1'000'000;
  return static_cast<int>(value);
}

// 1..99999 in Chinese counting ("十一", "一百零五", "二万零三百"); `digits` are 1..9, `units` 十百千.
std::string chinese_counting(int n, const char* const digits[10], const char* const units[4],
                             const char* ten_thousand, bool drop_leading_one_of_ten) {
  if (n <= 0) return "〇";
  if (n >= 100000) return std::to_string(n);
  auto section = [&](int x) {
    std::string s;
    bool pending_zero = false;
    const int scale[4] = {1000, 100, 10, 1};
    for (int k = 0; k < 4; ++k) {
      int d = (x / scale[k]) % 10;
      if (d == 0) {
        if (!s.empty()) pending_zero = true;
        continue;
      }
      if (pending_zero) {
        s += digits[0];
        pending_zero = false;
      }
      s += digits[d];
      if (k < 3) s += units[k == 0 ? 3 : k == 1 ? 2 : 1];
    }
    return s;
  };
  std::string out;
  int wan = n / 10000, rest = n % 10000;
  if (wan > 0) {
    out = section(wan) + ten_thousand;
    if (rest > 0) {
      if (rest < 1000) out += digits[0];
      out += section(rest);
    }
  } else {
    out = section(rest);
  }
  if (drop_leading_one_of_ten && n >= 10 && n < 20) {
    std::string one_ten = std::string(digits[1]) + units[1];
    if (out.rfind(one_ten, 0) == 0) out = out.substr(std::string(digits[1]).size());
  }
  return out;
}

std::string letters(int n, char base) {
  if (n <= 0) return std::to_string(n);
  int repeat = (n - 1) / 26 + 1;
  if (repeat > 50) return std::to_string(n);
  return std::string(static_cast<size_t>(repeat), static_cast<char>(base + (n - 1) % 26));
}

std::string roman(int n, bool upper) {
  if (n <= 0 || n >= 4000) return std::to_string(n);
  static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  static const char* const upper_symbols[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                              "XL", "X",  "IX", "V",  "IV", "I"};
  static const char* const lower_symbols[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                              "xl", "x",  "ix", "v",  "iv", "i"};
  std::string out;
  for (int k = 0; k < 13; ++k) {
    while (n >= values[k]) {
      out += upper ? upper_symbols[k] : lower_symbols[k];
      n -= values[k];
    }
  }
  return out;
}

std::string per_digit(int n, char32_t zero, const char* const ideographs[10]) {
  std::string out;
  for (char d : std::to_string(n)) {
    if (d < '0' || d > '9') {
      out.push_back(d);
    } else if (ideographs) {
      out += ideographs[d - '0'];
    } else {
      append_utf8(out, zero + static_cast<char32_t>(d - '0'));
    }
  }
  return out;
}

std::string enclosed(int n, char32_t first, int count) {
  if (n < 1 || n > count) return std::to_string(n);
  std::string out;
  append_utf8(out, first + static_cast<char32_t>(n - 1));
  return out;
}

}  // namespace

std::string format_number(int n, std::string_view fmt) {
  static const char* const cn_digits[10] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  static const char* const cn_units[4] = {"", "十", "百", "千"};
  static const char* const legal_digits[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char* const legal_units[4] = {"", "拾", "佰", "仟"};
  static const char* const trad_legal_digits[10] = {"零", "壹", "貳", "參", "肆",
                                                    "伍", "陸", "柒", "捌", "玖"};
  static const char* const ideograph_digits[10] = {"〇", "一", "二", "三", "四",
                                                   "五", "六", "七", "八", "九"};
  static const char* const heavenly_stems[10] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
  static const char* const earthly_branches[12] = {"子", "丑", "寅", "卯", "辰", "巳",
                                                   "午", "未", "申", "酉", "戌", "亥"};
  if (fmt == "decimal" || fmt.empty()) return std::to_string(n);
  if (fmt == "chineseCounting" || fmt == "chineseCountingThousand" || fmt == "taiwaneseCounting" ||
      fmt == "taiwaneseCountingThousand" || fmt == "japaneseCounting")
    return chinese_counting(n, cn_digits, cn_units, "万", true);
  if (fmt == "chineseLegalSimplified") return chinese_counting(n, legal_digits, legal_units, "万", false);
  if (fmt == "ideographLegalTraditional")
    return chinese_counting(n, trad_legal_digits, legal_units, "萬", false);
  if (fmt == "ideographTraditional") return n >= 1 && n <= 10 ? heavenly_stems[n - 1] : std::to_string(n);
  if (fmt == "ideographZodiac") return n >= 1 && n <= 12 ? earthly_branches[n - 1] : std::to_string(n);
  if (fmt == "ideographDigital" || fmt == "taiwaneseDigital" || fmt == "japaneseDigitalTenThousand")
    return per_digit(n, 0, ideograph_digits);
  if (fmt == "decimalFullWidth" || fmt == "decimalFullWidth2") return per_digit(n, 0xFF10, nullptr);
  if (fmt == "decimalHalfWidth") return std::to_string(n);
  if (fmt == "decimalZero") return n >= 0 && n < 10 ? "0" + std::to_string(n) : std::to_string(n);
  if (fmt == "decimalEnclosedCircle" || fmt == "decimalEnclosedCircleChinese") return enclosed(n, 0x2460, 20);
  if (fmt == "decimalEnclosedParen") return enclosed(n, 0x2474, 20);
  if (fmt == "decimalEnclosedFullstop") return enclosed(n, 0x2488, 20);
  if (fmt == "ideographEnclosedCircle") return enclosed(n, 0x3280, 10);
  if (fmt == "upperLetter") return letters(n, 'A');
  if (fmt == "lowerLetter") return letters(n, 'a');
  if (fmt == "upperRoman") return roman(n, true);
  if (fmt == "lowerRoman") return roman(n, false);
  if (fmt == "ordinal") {
    int mod100 = n % 100, mod10 = n % 10;
    const char* suffix = (mod100 >= 11 && mod100 <= 13) ? "th"
                         : mod10 == 1                   ? "st"
                         : mod10 == 2                   ? "nd"
                         : mod10 == 3                   ? "rd"
                                                        : "th";
    return std::to_string(n) + suffix;
  }
  if (fmt == "none") return "";
  return std::to_string(n);
}

Numbering::Level Numbering::read_level(const XmlPart& part, pugi::xml_node lvl) {
  Level level;
  level.start = to_int(part.child_val(lvl, "start"), 1);
  if (const char* fmt = part.child_val(lvl, "numFmt")) level.fmt = fmt;
  if (pugi::xml_node text = part.child_w(lvl, "lvlText")) {
    if (const char* value = part.attr(text, "val")) {
      level.text = value;
      level.has_text = true;
    }
  }
  if (pugi::xml_node legal = part.child_w(lvl, "isLgl")) {
    const char* value = part.attr(legal, "val");
    level.legal = !value || (std::string_view(value) != "0" && std::string_view(value) != "false");
  }
  return level;
}

void Numbering::load(const XmlPart& part) {
  for (pugi::xml_node node = part.root().first_child(); node; node = node.next_sibling()) {
    if (part.is_w(node, "abstractNum")) {
      const char* id = part.attr(node, "abstractNumId");
      if (!id) continue;
      Abstract abstract;
      for (pugi::xml_node lvl = node.first_child(); lvl; lvl = lvl.next_sibling()) {
        if (!part.is_w(lvl, "lvl")) continue;
        int ilvl = to_int(part.attr(lvl, "ilvl"), -1);
        if (ilvl >= 0 && ilvl < 9) abstract.levels[static_cast<size_t>(ilvl)] = read_level(part, lvl);
      }
      if (const char* link = part.child_val(node, "numStyleLink")) abstract.num_style_link = link;
      if (const char* link = part.child_val(node, "styleLink")) style_links_.emplace(link, id);
      abstracts_.emplace(id, std::move(abstract));
    } else if (part.is_w(node, "num")) {
      const char* id = part.attr(node, "numId");
      if (!id) continue;
      Num num;
      if (const char* abstract_id = part.child_val(node, "abstractNumId")) num.abstract_id = abstract_id;
      for (pugi::xml_node over = node.first_child(); over; over = over.next_sibling()) {
        if (!part.is_w(over, "lvlOverride")) continue;
        int ilvl = to_int(part.attr(over, "ilvl"), -1);
        if (ilvl < 0 || ilvl >= 9) continue;
        if (const char* start = part.child_val(over, "startOverride"))
          num.start_override[static_cast<size_t>(ilvl)] = to_int(start, 1);
        if (pugi::xml_node lvl = part.child_w(over, "lvl"))
          num.level_override[static_cast<size_t>(ilvl)] = read_level(part, lvl);
      }
      nums_.emplace(id, std::move(num));
    }
  }
}

std::string Numbering::next_label(const std::string& num_id, int ilvl) {
  auto num_it = nums_.find(num_id);
  if (num_it == nums_.end() || ilvl < 0 || ilvl >= 9) return "";
  const Num& num = num_it->second;
  auto abstract_it = abstracts_.find(num.abstract_id);
  if (abstract_it == abstracts_.end()) return "";
  const Abstract* abstract = &abstract_it->second;
  if (!abstract->num_style_link.empty()) {
    if (auto link = style_links_.find(abstract->num_style_link); link != style_links_.end()) {
      if (auto target = abstracts_.find(link->second); target != abstracts_.end()) abstract = &target->second;
    }
  }
  auto level_at = [&](int k) -> std::optional<Level> {
    auto index = static_cast<size_t>(k);
    if (num.level_override[index]) return num.level_override[index];
    return abstract->levels[index];
  };
  auto start_at = [&](int k) {
    auto index = static_cast<size_t>(k);
    if (num.start_override[index]) return *num.start_override[index];
    std::optional<Level> level = level_at(k);
    return level ? level->start : 1;
  };
  std::optional<Level> level = level_at(ilvl);
  if (!level) return "";

  // Instances of one abstract numbering continue one list, as Word does, unless an instance
  // restarts it with a startOverride.
  bool overridden = false;
  for (const auto& start : num.start_override) overridden = overridden || start.has_value();
  Counters& counters = counters_[overridden ? "num:" + num_id : "abstract:" + num.abstract_id];
  auto index = static_cast<size_t>(ilvl);
  if (!counters.started[index]) {
    counters.value[index] = start_at(ilvl);
    counters.started[index] = true;
  } else {
    ++counters.value[index];
  }
  for (size_t deeper = index + 1; deeper < 9; ++deeper) counters.started[deeper] = false;

  if (level->fmt == "bullet") {
    std::string out;
    for (char32_t c : to_u32(level->text)) {
      if (c >= 0xF020 && c <= 0xF0FF && c != 0xF07F) c -= 0xF000;  // Symbol/Wingdings private use
      append_utf8(out, c);
    }
    return out;
  }
  if (!level->has_text) return format_number(counters.value[index], level->fmt) + ".";
  std::string out;
  const std::string& text = level->text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
      int k = text[i + 1] - '1';
      ++i;
      if (k > ilvl) continue;
      auto kindex = static_cast<size_t>(k);
      int value = counters.started[kindex] ? counters.value[kindex] : start_at(k);
      std::optional<Level> shown = level_at(k);
      std::string fmt = shown ? shown->fmt : "decimal";
      if (level->legal || fmt == "bullet") fmt = "decimal";
      out += format_number(value, fmt);
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace jixiao::docx
