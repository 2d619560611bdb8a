// The number scanner: one pass over the text, a numeral grammar in code, every word from
// UnitTable (rules/units.toml). See numbers.h for what is read and what is never an amount.
//
// Shape: find_all() walks the folded text; at each place a numeral can start, scan() reads
// [sign] numeral [suffixes] and decides its kind, then looks back for prefixes (人民币, 约,
// 不低于, 从) and forward for a second bound (10-20万元). A numeral that is rejected is skipped
// whole, so "二三十" never yields "三十" and a phone number never yields its tail.
#include "numbers/numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <tuple>
#include <utility>

#include "core/deadline.h"
#include "core/utf.h"
#include "numbers/units.h"

namespace jixiao {

struct NumberParser::Impl {
  UnitTable units;
};

namespace {

constexpr double kNoUnit = 1e300;

// Full-width ASCII to ASCII, ideographic space to space, traditional number words to
// simplified. One code point in, one out, so offsets in the folded text are offsets in the input.
char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  switch (c) {
    case 0x3000:
    case 0x00A0:
    case U'\t': return U' ';
    case 0x2212:
    case 0x2013: return U'-';  // minus sign, en dash
    case 0x301C: return U'~';  // wave dash
    case 0xFFE5: return U'¥';
    case 0x2267: return U'≥';
    case 0x2266: return U'≤';
    case U'萬': return U'万';
    case U'億': return U'亿';
    case U'兩': return U'两';
    case U'點': return U'点';
    case U'個': return U'个';
    case U'陸': return U'陆';
    case U'貳': return U'贰';
    case U'參': return U'叁';
    case U'圓': return U'圆';
    case U'塊': return U'块';
    case U'錢': return U'钱';
    case U'負': return U'负';
    case U'幣': return U'币';
    case U'對': return U'对';
    case U'鎊': return U'镑';
    case U'韓': return U'韩';
    case U'臺': return U'台';
    case U'於': return U'于';
    case U'餘': return U'余';
    case U'數': return U'数';
    case U'幾': return U'几';
    case U'區': return U'区';
    case U'歲': return U'岁';
    case U'號': return U'号';
    case U'時': return U'时';
    case U'鐘': return U'钟';
    case U'噸': return U'吨';
    case U'間': return U'间';
    case U'項': return U'项';
    case U'場': return U'场';
    case U'條': return U'条';
    case U'張': return U'张';
    case U'輛': return U'辆';
    case U'戶': return U'户';
    case U'門': return U'门';
    case U'來': return U'来';
    case U'約': return U'约';
    case U'進': return U'进';
    case U'兆': return U'兆';
    default: return c;
  }
}

int chinese_digit(char32_t c) {
  switch (c) {
    case U'零':
    case U'〇': return 0;
    case U'一':
    case U'壹':
    case U'幺': return 1;
    case U'二':
    case U'贰':
    case U'两': return 2;
    case U'三':
    case U'叁': return 3;
    case U'四':
    case U'肆': return 4;
    case U'五':
    case U'伍': return 5;
    case U'六':
    case U'陆': return 6;
    case U'七':
    case U'柒': return 7;
    case U'八':
    case U'捌': return 8;
    case U'九':
    case U'玖': return 9;
    default: return -1;
  }
}

bool is_capital(char32_t c) {
  switch (c) {
    case U'壹':
    case U'贰':
    case U'叁':
    case U'肆':
    case U'伍':
    case U'陆':
    case U'柒':
    case U'捌':
    case U'玖':
    case U'拾':
    case U'佰':
    case U'仟': return true;
    default: return false;
  }
}

double small_unit(char32_t c) {
  switch (c) {
    case U'十':
    case U'拾': return 10;
    case U'百':
    case U'佰': return 100;
    case U'千':
    case U'仟': return 1000;
    default: return 0;
  }
}

double big_unit(char32_t c) {
  switch (c) {
    case U'万': return 1e4;
    case U'亿': return 1e8;
    case U'兆': return 1e12;
    default: return 0;
  }
}

// The simplified spelling of a multiplier, as units.toml writes prefixes.
char32_t plain_multiplier(char32_t c) {
  switch (c) {
    case U'拾': return U'十';
    case U'佰': return U'百';
    case U'仟': return U'千';
    default: return c;
  }
}

bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool is_alpha(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}
bool is_space(char32_t c) {
  return c == U' ' || c == U'\n' || c == U'\r';
}

// Where a cell's content lies in `text`, [first, second): surrounding spaces and a trailing 。
// left out, each character taken as the scanner folds it.
std::pair<int, int> content_bounds(std::u32string_view text) {
  int start = 0, end = static_cast<int>(text.size());
  while (start < end && is_space(fold(text[start]))) ++start;
  while (end > start && (is_space(fold(text[end - 1])) || fold(text[end - 1]) == U'。')) --end;
  return {start, end};
}
bool is_chinese_numeral(char32_t c) {
  return chinese_digit(c) >= 0 || small_unit(c) > 0 || big_unit(c) > 0 || c == U'廿';
}
bool is_clause_break(char32_t c) {
  switch (c) {
    case U'\n':
    case U'。':
    case U';':
    case U':':
    case U'!':
    case U'?':
    case U' ':
    case U'\r': return true;
    default: return false;
  }
}
bool is_open_quote(char32_t c) {
  return c == U'“' || c == U'"' || c == U'‘' || c == U'\'' || c == U'「' || c == U'『' || c == U'《';
}
bool is_close_quote(char32_t c) {
  return c == U'”' || c == U'"' || c == U'’' || c == U'\'' || c == U'」' || c == U'』' || c == U'》';
}

// v x 10^e without the binary noise of a multiplication (1.2 x 10^4 is exactly 12000).
double scale10(double v, int e) {
  if (e == 0 || v == 0) return v;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15ge%d", v, e);
  double out = std::strtod(buf, nullptr);
  // %.15g loses digits beyond the 15th; fall back to the plain product then.
  if (std::fabs(out - v * std::pow(10.0, e)) > std::fabs(out) * 1e-12) return v * std::pow(10.0, e);
  return out;
}

// The exponent of a power of ten, or INT32_MIN when `s` is not one.
int exponent_of(double s) {
  if (s <= 0) return INT32_MIN;
  int e = static_cast<int>(std::lround(std::log10(s)));
  return std::fabs(std::pow(10.0, e) - s) <= s * 1e-12 ? e : INT32_MIN;
}

double mul(double v, double s) {
  int e = exponent_of(s);
  return e == INT32_MIN ? v * s : scale10(v, e);
}
double divide(double v, double s) {
  int e = exponent_of(s);
  return e == INT32_MIN ? v / s : scale10(v, -e);
}

bool is_integer(double v) {
  return std::fabs(v - std::round(v)) < 1e-9;
}

// A numeral as read: its value and the facts the suffix rules need.
struct Numeral {
  bool ok = false;
  bool invalid = false;  // a run that is no number at all (二三十, 十一十二): skip it whole
  int start = 0, end = 0;
  int run_end = 0;  // where the run of numeral characters ends (to skip it on failure)
  double value = 0;
  bool arabic = false, chinese = false, capital = false;
  bool digit_string = false;  // Chinese digit by digit: 一二三, 二〇〇二
  bool has_multiplier = false;
  bool has_decimal = false;
  bool plain_integer = false;  // ASCII digits only
  bool leading_zero = false;
  bool thousands = false;
  int ascii_digits = 0;
  int chars = 0;
  bool single_chinese = false;
  // The big multipliers at the end (万 of 1.2万 and of 三十万) and the value before them.
  std::u32string big_tail;
  double big_head = 0;
  double big_scale = 1;
  // All multipliers at the end (十万 of 三十万, 百亿 of 九百亿), for range bounds.
  std::u32string tail;
  bool arabic_head = false;  // ASCII number + multipliers only: 2.5百万 reads as 2.5 百万
  double head = 0;
  bool approximate_range = false;  // 几十万, 八九亿: value..value_to
  double value_to = 0;
};

class Scanner {
 public:
  Scanner(const UnitTable& units, std::u32string_view text, const NumberContext& ctx)
      : u_(units), ctx_(ctx), raw_(text) {
    t_.resize(text.size());
    for (size_t i = 0; i < text.size(); ++i) t_[i] = fold(text[i]);
    n_ = static_cast<int>(t_.size());
    std::tie(ts_, te_) = content_bounds(t_);
  }

  std::vector<Quantity> find_all() {
    std::vector<Quantity> out;
    int i = 0;
    floor_ = 0;
    int steps = 0;
    while (i < n_) {
      // A paragraph can be megabytes long: the file's time budget holds inside it too.
      if ((++steps & 1023) == 0) check_deadline("number reading");
      const char32_t c = t_[i];
      if (can_start(i)) {
        int next = i + 1;
        std::optional<Quantity> q = scan(i, &next);
        if (q) {
          floor_ = q->end;
          i = q->end;
          out.push_back(std::move(*q));
          continue;
        }
        i = std::max(next, i + 1);
        continue;
      }
      if (auto q = phrase_at(i, c)) {
        floor_ = q->end;
        i = q->end;
        out.push_back(std::move(*q));
        continue;
      }
      ++i;
    }
    return out;
  }

 private:
  const UnitTable& u_;
  const NumberContext& ctx_;
  std::u32string_view raw_;  // as given: tells "，" (a clause break in prose) from ","
  std::u32string t_;
  int n_ = 0, ts_ = 0, te_ = 0;
  int floor_ = 0;  // the end of the last quantity: prefixes may not reach before it

  char32_t at(int i) const { return i >= 0 && i < n_ ? t_[i] : U'\0'; }

  int skip_spaces(int i) const {
    while (i < n_ && t_[i] == U' ') ++i;
    return i;
  }

  // The end of `word` matched at i (spaces between its characters allowed when `spaced`), or -1.
  int match_word(int i, const std::u32string& word, bool spaced = false) const {
    int j = i;
    for (size_t k = 0; k < word.size(); ++k) {
      if (spaced && k > 0) j = skip_spaces(j);
      if (j >= n_ || t_[j] != word[k]) return -1;
      ++j;
    }
    return j;
  }

  bool followed_by_any(int j, const std::vector<std::u32string>& words) const {
    for (const auto& w : words)
      if (match_word(j, w) >= 0) return true;
    return false;
  }

  bool preceded_by_any(int i, const std::vector<std::u32string>& words) const {
    for (const auto& w : words) {
      int s = i - static_cast<int>(w.size());
      if (s >= 0 && t_.compare(s, w.size(), w) == 0) return true;
    }
    return false;
  }

  // The first (longest) word of `list` at i, with its end; nullptr when none.
  const UnitWord* match_list(const std::vector<UnitWord>& list, int i, int* end, bool spaced = false) const {
    for (const auto& w : list) {
      int e = match_word(i, w.word, spaced);
      if (e >= 0) {
        *end = e;
        return &w;
      }
    }
    return nullptr;
  }

  // The first word of `list` that ends at i (spaces before i skipped), not before floor_.
  const UnitWord* match_list_before(const std::vector<UnitWord>& list, int i, int* start) const {
    int j = i;
    while (j > floor_ && t_[j - 1] == U' ') --j;
    for (const auto& w : list) {
      int s = j - static_cast<int>(w.word.size());
      if (s >= floor_ && t_.compare(s, w.word.size(), w.word) == 0) {
        if (!w.not_after.empty() && preceded_by_any(s, w.not_after)) continue;
        *start = s;
        return &w;
      }
    }
    return nullptr;
  }

  bool is_numeral_char(char32_t c) const { return is_digit(c) || is_chinese_numeral(c); }

  bool can_start(int i) const {
    const char32_t c = t_[i];
    const char32_t prev = at(i - 1);
    if (i > 0 && (is_numeral_char(prev) ||
                  ((prev == U'.' || (prev == U',' && raw_[i - 1] == U',')) && is_digit(at(i - 2)))))
      return false;
    if (is_digit(c) || chinese_digit(c) >= 0 || small_unit(c) > 0 || c == U'廿') return true;
    if (c == U'万' || c == U'几' || c == U'数') return true;
    if (c == U'半') return true;
    return false;
  }

  // ---- numerals -------------------------------------------------------------------------

  // Reads ASCII digits with thousands separators and a decimal part at i.
  int read_arabic(int i, std::string* digits, bool* thousands, bool* decimal) const {
    int j = i;
    while (j < n_ && is_digit(t_[j])) digits->push_back(static_cast<char>(t_[j++]));
    // thousands: ",ddd" groups with exactly three digits
    while (j + 3 < n_ + 1 && t_[j] == U',' && is_digit(at(j + 1)) && is_digit(at(j + 2)) &&
           is_digit(at(j + 3)) && !is_digit(at(j + 4)) && (*thousands || digits->size() <= 3)) {
      // "，" is also the clause comma. It separates thousands next to ASCII separators, before
      // decimals (82，225.00元), between full-width digits, or before a unit (1，234元) unless the
      // number opened with a currency sign: "$20，300美圆" is a price list of two amounts.
      if (raw_[j] != U',' && !*thousands && !(at(j + 4) == U'.' && is_digit(at(j + 5))) &&
          raw_[j - 1] < 0xFF10 && !(at(j + 4) == U',' && raw_[j + 4] == U',')) {
        const char32_t after = at(j + 4);
        const char32_t sign = at(i - 1);
        if (!(is_cjk(after) || after == U'%') || sign == U'$' || sign == U'¥') break;
      }
      for (int k = 1; k <= 3; ++k) digits->push_back(static_cast<char>(t_[j + k]));
      *thousands = true;
      j += 4;
    }
    if (t_.size() > static_cast<size_t>(j) + 1 && t_[j] == U'.' && is_digit(at(j + 1))) {
      digits->push_back('.');
      ++j;
      while (j < n_ && is_digit(t_[j])) digits->push_back(static_cast<char>(t_[j++]));
      *decimal = true;
    }
    return j;
  }

  // The numeral at i. `implicit_one` reads 十万 of 几十万 as if it were 一十万.
  Numeral read_numeral(int i, bool implicit_one = false) const {
    Numeral num;
    num.start = i;
    double total = 0, section = 0, number = 0, frac = 0;
    bool has_number = implicit_one, zero_pending = false, unit_seen = false, decimal_done = false;
    bool number_is_zero = false;
    char32_t first_digit_char = 0;
    bool arabic_head = false;  // one ASCII number, then only multipliers (2.5百万, 3千, 1.2万)
    double arabic_head_value = 0;
    if (implicit_one) number = 1;
    double last_big = 0, last_small = kNoUnit, last_unit = 0;
    enum class Prev { none, digit, arabic, small, big, zero } prev = Prev::none;
    bool last_single_digit = false;  // the pending number is one character (ellipsis: 三万五)
    std::string digit_string;        // Chinese digit by digit
    int j = i, end = i;
    std::u32string tail, big_tail;
    double big_head = 0, big_scale = 1;

    auto accumulated = [&]() { return total + section + (has_number ? number : 0) + frac; };
    auto note_multiplier = [&](char32_t c, double m, bool big) {
      if (prev != Prev::small && prev != Prev::big) tail.clear();
      tail.push_back(plain_multiplier(c));
      if (big && last_big != 0 && m < last_big) {
        // 一亿五千万: 万 multiplies only 五千, so there is no single head x 万
        big_tail.clear();
        big_scale = 1;
        tail.clear();
      } else if (big) {
        if (prev != Prev::big) {
          big_tail.clear();
          big_scale = 1;
          big_head = accumulated();
        }
        big_tail.push_back(c);
        big_scale *= m;
      } else {
        big_tail.clear();
        big_scale = 1;
      }
    };

    while (true) {
      // Spaces inside a numeral: only when a numeral character follows and the two sides are
      // not both ASCII digits ("7 2" stays two numbers).
      int k = j;
      if (j > i) {
        k = skip_spaces(j);
        if (k > j) {
          char32_t nc = at(k);
          bool ok_next = is_chinese_numeral(nc) || nc == U'点' ||
                         (is_digit(nc) && prev != Prev::arabic && (prev == Prev::small || prev == Prev::big));
          if (!ok_next) break;
        }
      }
      const char32_t c = at(k);
      if (k >= n_) break;
      const int d = chinese_digit(c);
      const double su = small_unit(c) > 0                                  ? small_unit(c)
                        : (c == U'k' || c == U'K') && prev == Prev::arabic ? 1e3
                                                                           : 0;
      double bu = big_unit(c) > 0 ? big_unit(c) : (c == U'w' || c == U'W') && prev == Prev::arabic ? 1e4 : 0;
      if ((c == U'k' || c == U'K' || c == U'w' || c == U'W') && (su > 0 || bu > 0) && is_alpha(at(k + 1)))
        break;
      if (c == U'兆') {
        // 兆 is a multiplier only inside a longer numeral (四十九兆九千...), not in 兆瓦 or 兆帕.
        int nk = k + 1;
        if (!(chinese_digit(at(nk)) >= 0 || is_digit(at(nk)))) break;
      }
      if (d >= 0) {
        if (decimal_done) break;
        if (prev == Prev::arabic) break;
        if (!digit_string.empty()) {
          if (c == U'两') return invalid(num, k + 1);
          digit_string.push_back(static_cast<char>('0' + d));
        } else if (has_number && !unit_seen && !implicit_one && prev == Prev::digit) {
          // a second digit before any unit: 一二三, 二〇〇二, 零零三
          if (c == U'两' || first_digit_char == U'两') return invalid(num, k + 1);
          char first = static_cast<char>('0' + static_cast<int>(number));
          digit_string.assign(1, first);
          digit_string.push_back(static_cast<char>('0' + d));
        } else if (has_number && unit_seen && prev != Prev::zero) {
          break;  // 三千五六: the numeral ends at 五
        } else if (d == 0 && unit_seen) {
          zero_pending = true;
          has_number = false;
          prev = Prev::zero;
          num.chinese = true;
          num.chars++;
          j = k + 1;
          end = j;
          continue;
        } else {
          number = d;
          has_number = true;
          number_is_zero = d == 0;
          first_digit_char = c;
        }
        num.chinese = true;
        num.capital |= is_capital(c);
        num.chars++;
        arabic_head = false;
        last_single_digit = prev == Prev::small || prev == Prev::big;
        prev = Prev::digit;
        j = k + 1;
        end = j;
        continue;
      }
      if (c == U'廿') {
        if (has_number || !digit_string.empty() || decimal_done) break;
        section += 20;
        last_small = 10;
        last_unit = 10;
        unit_seen = true;
        num.chinese = true;
        num.has_multiplier = true;
        num.chars++;
        prev = Prev::small;
        last_single_digit = false;
        j = k + 1;
        end = j;
        continue;
      }
      if (is_digit(c)) {
        if (has_number && !implicit_one) break;
        if (!digit_string.empty() || decimal_done) break;
        std::string digits;
        bool thousands = false, decimal = false;
        int e = read_arabic(k, &digits, &thousands, &decimal);
        number = std::strtod(digits.c_str(), nullptr);
        if (prev == Prev::none) {
          arabic_head = true;
          arabic_head_value = number;
        } else {
          arabic_head = false;
        }
        has_number = true;
        implicit_one = false;
        num.arabic = true;
        num.thousands |= thousands;
        num.has_decimal |= decimal;
        if (prev == Prev::none) {
          num.plain_integer = !thousands && !decimal;
          num.ascii_digits = static_cast<int>(digits.size());
          num.leading_zero = digits.size() > 1 && digits[0] == '0' && digits[1] != '.';
        }
        last_single_digit = (prev == Prev::small || prev == Prev::big) && digits.size() == 1;
        num.chars += e - k;
        prev = Prev::arabic;
        j = e;
        end = j;
        continue;
      }
      if (su > 0) {
        if (!digit_string.empty()) return invalid(num, k + 1);
        if (decimal_done) break;
        double coef;
        if (has_number) {
          coef = number;
        } else if (prev == Prev::zero || (prev == Prev::none && su == 10 && c != U'k' && c != U'K') ||
                   (prev == Prev::big && su == 10)) {
          coef = 1;
        } else if (prev == Prev::none) {
          return invalid(num, k + 1);  // 百十一, 千万 (an idiom): no number
        } else if (prev == Prev::small && su == 10 && su < last_small) {
          coef = 1;  // 一百十一
        } else {
          break;  // 七十百分位: the numeral ends before 百
        }
        if (su >= last_small) {
          if (has_number) return invalid(num, k + 1);  // 十一十二
          break;
        }
        section += coef * su;
        if (frac != 0) {
          section += frac * su;
          frac = 0;
        }
        note_multiplier(c, su, false);
        last_small = su;
        last_unit = su;
        has_number = false;
        implicit_one = false;
        unit_seen = true;
        zero_pending = false;
        num.has_multiplier = true;
        num.chinese |= !is_alpha(c);
        num.capital |= is_capital(c);
        num.chars++;
        prev = Prev::small;
        last_single_digit = false;
        j = k + 1;
        end = j;
        continue;
      }
      if (bu > 0) {
        if (!digit_string.empty()) return invalid(num, k + 1);
        if (!has_number && section == 0 && total == 0 && frac == 0 && prev != Prev::big) {
          return invalid(num, k + 1);  // 万, 万万: no number
        }
        note_multiplier(c == U'w' || c == U'W' ? U'万' : c, bu, true);
        double s = section + (has_number ? number : 0) + frac;
        if (last_big == 0 || bu > last_big) {
          total = (total + s) * bu;
        } else {
          total += s * bu;
        }
        if (bu > last_big) last_big = bu;
        section = 0;
        frac = 0;
        last_small = kNoUnit;
        last_unit = bu;
        has_number = false;
        implicit_one = false;
        unit_seen = true;
        zero_pending = false;
        decimal_done = false;
        num.has_multiplier = true;
        num.chinese |= !is_alpha(c);
        num.chars++;
        prev = Prev::big;
        last_single_digit = false;
        j = k + 1;
        end = j;
        continue;
      }
      if (c == U'点' && !decimal_done && (has_number || unit_seen || !digit_string.empty())) {
        // 一百点123, 三点一, 零点零一; but 3点30 is a time (ASCII digits on both sides)
        int fk = skip_spaces(k + 1);
        bool chinese_frac = chinese_digit(at(fk)) >= 0;
        bool arabic_frac = is_digit(at(fk));
        if (!chinese_frac && !arabic_frac) break;
        if (prev == Prev::arabic && (arabic_frac || !num.chinese)) break;
        std::string digits = "0.";
        int fj = fk;
        while (fj < n_) {
          int fd = chinese_digit(t_[fj]);
          if (fd >= 0 && t_[fj] != U'两' && t_[fj] != U'幺') {
            digits.push_back(static_cast<char>('0' + fd));
          } else if (is_digit(t_[fj])) {
            digits.push_back(static_cast<char>(t_[fj]));
          } else if (t_[fj] == U' ' && fj + 1 < n_ &&
                     (chinese_digit(t_[fj + 1]) >= 0 || is_digit(t_[fj + 1]))) {
          } else {
            break;
          }
          ++fj;
        }
        if (digits.size() == 2) break;
        double f = std::strtod(digits.c_str(), nullptr);
        if (!digit_string.empty()) {
          number = std::strtod(digit_string.c_str(), nullptr);
          has_number = true;
          digit_string.clear();
          num.digit_string = true;
        }
        frac = f;
        decimal_done = true;
        num.has_decimal = true;
        num.chinese = true;
        num.chars += fj - k;
        prev = Prev::digit;
        last_single_digit = false;
        j = fj;
        end = j;
        continue;
      }
      break;
    }
    num.end = end;
    num.run_end = end;
    while (num.run_end < n_ && (is_numeral_char(t_[num.run_end]) || t_[num.run_end] == U'.' ||
                                (t_[num.run_end] == U',' && is_digit(at(num.run_end + 1)))))
      ++num.run_end;
    if (end == i) return num;
    if (!digit_string.empty()) {
      num.digit_string = true;
      num.leading_zero = digit_string[0] == '0' && digit_string.size() > 1;
      num.value = std::strtod(digit_string.c_str(), nullptr);
      num.ok = true;
      return num;
    }
    if (num.digit_string) {
      num.value = number + frac;
      num.ok = true;
      return num;
    }
    if (!has_number && !unit_seen && frac == 0 && !number_is_zero) return num;
    double pending = has_number ? number : 0;
    if (has_number && last_single_digit && !zero_pending && last_unit >= 10 && frac == 0) {
      pending = number * last_unit / 10;  // 三万五 = 35000, 一百二 = 120
    }
    num.value = total + section + pending + frac;
    if (prev == Prev::big || prev == Prev::small) {
      num.tail = tail;
      if (prev == Prev::big) {
        num.big_tail = big_tail;
        num.big_scale = big_scale;
        num.big_head = big_head;
      }
      if (arabic_head && !decimal_done) {
        num.arabic_head = true;
        num.head = arabic_head_value;
      }
    }
    num.single_chinese = num.chinese && !num.arabic && num.chars == 1;
    num.ok = true;
    return num;
  }

  Numeral invalid(Numeral num, int k) const {
    num.ok = false;
    num.invalid = true;
    num.end = k;
    num.run_end = k;
    while (num.run_end < n_ && is_numeral_char(t_[num.run_end])) ++num.run_end;
    return num;
  }

  // 几十万, 数十亿, 十几万, 八九亿, 三五百: an approximate range written as one numeral.
  Numeral read_vague(int i) const {
    Numeral none;
    const char32_t c = t_[i];
    if ((c == U'几' || c == U'数') && (small_unit(at(i + 1)) > 0 || big_unit(at(i + 1)) > 0)) {
      Numeral num = read_numeral(i + 1, true);
      if (!num.ok || num.has_decimal) return none;
      num.start = i;
      num.approximate_range = true;
      num.value_to = num.value * 10;
      num.chinese = true;
      num.chars++;
      return num;
    }
    if ((c == U'十' || c == U'拾') && at(i + 1) == U'几') {
      // 十几 = 10..20, 十几万 = 10万..20万
      double scale = 1;
      int j = i + 2;
      std::u32string big;
      while (big_unit(at(j)) > 0) {
        scale *= big_unit(at(j));
        big.push_back(t_[j]);
        ++j;
      }
      Numeral num;
      num.ok = true;
      num.start = i;
      num.end = num.run_end = j;
      num.value = 10 * scale;
      num.value_to = 20 * scale;
      num.approximate_range = true;
      num.chinese = true;
      num.has_multiplier = true;
      num.chars = j - i;
      if (!big.empty()) {
        num.big_tail = big;
        num.big_scale = scale;
        num.big_head = 10;
        num.tail = big;
      }
      return num;
    }
    int a = chinese_digit(c), b = chinese_digit(at(i + 1));
    if (a > 0 && b > 0 && (b == a + 1 || (a == 3 && b == 5)) &&
        (small_unit(at(i + 2)) > 0 || big_unit(at(i + 2)) > 0)) {
      Numeral num = read_numeral(i + 1);
      if (!num.ok || num.has_decimal || num.digit_string) return none;
      num.start = i;
      num.approximate_range = true;
      num.value_to = num.value;
      num.value = num.value * a / b;
      num.chars++;
      return num;
    }
    return none;
  }

  // ---- quantities -----------------------------------------------------------------------

  enum class Status { none, skip, found };
  struct Scan {
    Status status = Status::none;
    Quantity q;
    Numeral num;
    double scale = 1;       // unit scale for money (yuan = value x scale)
    std::string code;       // currency code for money
    int numeral_start = 0;  // after the sign
    bool negative = false;
    bool tentative = false;     // a bound that stands only as the start of a range
    bool section_like = false;  // a decimal before a classifier: 2.2本计划
  };

  bool range_follows(int e) const {
    int k = skip_spaces(e), ce = -1;
    return match_list(u_.range_connectors, k, &ce) != nullptr;
  }

  bool whole_text(int start, int end) const { return start <= ts_ && end >= te_; }

  // The sign before a numeral at i: '-' or '负'; returns its position or i.
  int sign_before(int i) const {
    if (i - 1 < floor_) return i;
    char32_t p = t_[i - 1];
    if (p == U'负') return i - 1;
    if (p == U'-' || p == U'+') {
      char32_t pp = at(i - 2);
      if (i - 1 == floor_ && floor_ > 0 && i - 1 > 0) {
        // right after another quantity: that is a range dash, not a sign
        return i;
      }
      if (i - 1 == 0 || pp == U' ' || pp == U'(' || pp == U':' || pp == U',' || pp == U';' || pp == U'、' ||
          pp == U'=' || pp == U'≥' || pp == U'≤' || pp == U'<' || pp == U'>' || pp == U'~' || pp == U'\n' ||
          pp == U'为' || pp == U'是' || pp == U'之' || pp == U'了')
        return p == U'-' ? i - 1 : i;
    }
    return i;
  }

  // Reasons, seen from the characters around a bare numeral, that it is not an amount.
  bool context_rejects(const Numeral& num, int start) const {
    const char32_t prev = start > 0 ? t_[start - 1] : U'\0';
    const char32_t next = at(num.end);
    if (num.arabic && !num.chinese && (is_alpha(prev) || prev == U'_' || prev == U'#' || prev == U'/')) {
      // ids and versions: A2021..., V2, No.12 (but RMB 50 is money, checked by the caller)
      return true;
    }
    if (prev == U'〔' || prev == U'[' || prev == U'【' || prev == U'〈') return true;
    if (is_open_quote(prev) && is_close_quote(next)) return true;  // “6.26”国际禁毒日
    if ((prev == U'-' || prev == U'—') && start >= 2 && (is_cjk(t_[start - 2]) || is_alpha(t_[start - 2])))
      return true;                                                    // 清源断流-2023
    if (prev == U':' && is_digit(at(start - 2))) return true;         // 1:30
    if (num.arabic && (prev == U'时' || prev == U'点')) return true;  // 10时30分
    if (next == U':' && is_digit(at(num.end + 1))) return true;
    if (prev == U'(' && next == U')') return true;  // (2)
    if (next == U'、') return true;                 // 1、 一、
    const bool clause_start = start == 0 || is_clause_break(prev) || start == ts_;
    if (clause_start && next == U'.' && !is_digit(at(num.end + 1))) return true;  // 3. at a line start
    if (clause_start && next == U')') return true;                                // 1) at a line start
    return false;
  }

  // Dates, phone numbers and dotted versions right after an ASCII integer: 2024-12-31,
  // 2024.12.31, 2024/12/31, 0731-12345678, 1.2.3. Returns the end of the pattern, or -1.
  int date_like_end(const Numeral& num) const {
    if (!num.arabic || num.chinese) return -1;
    int e = num.end;
    char32_t sep = at(e);
    if (sep == U'.' && num.has_decimal && is_digit(at(e + 1))) {
      while (e < n_ && (is_digit(t_[e]) || (t_[e] == U'.' && is_digit(at(e + 1))))) ++e;
      return e;
    }
    if (!num.plain_integer) return -1;
    if (sep == U'/' && is_digit(at(e + 1))) {
      while (e < n_ && (is_digit(t_[e]) || (t_[e] == U'/' && is_digit(at(e + 1))))) ++e;
      return e;
    }
    if (sep == U'-' && is_digit(at(e + 1))) {
      int j = e + 1, digits = 0;
      while (is_digit(at(j))) ++j, ++digits;
      bool third = at(j) == U'-' && is_digit(at(j + 1));
      if (third || num.leading_zero || digits >= 5 ||
          (num.ascii_digits == 4 && num.value >= 1900 && num.value <= 2100 && digits <= 2 && at(j) != U'%')) {
        while (j < n_ && (is_digit(t_[j]) ||
                          ((t_[j] == U'-' || t_[j] == U'T' || t_[j] == U':') && is_digit(at(j + 1)))))
          ++j;
        return j;
      }
    }
    return -1;
  }

  const UnitWord* currency_for_code(const std::string& code) const {
    for (const auto& c : u_.currencies)
      if (c.code == code && !c.colloquial) {
        // the canonical word: the shortest non-colloquial one that is not 人民币
        const UnitWord* best = nullptr;
        for (const auto& d : u_.currencies)
          if (d.code == code && !d.colloquial && (!best || d.word.size() < best->word.size())) best = &d;
        return best;
      }
    return nullptr;
  }

  double prefix_scale(const std::u32string& prefix) const {
    for (const auto& p : u_.money_prefixes)
      if (p.word == prefix) return p.scale;
    return 0;
  }

  // The multiplier written with a numeral that a money unit takes as its prefix (2.5百万 → 百万,
  // 120.5万 → 万), its scale and the number before it; none when the units know no such prefix.
  struct OwnPrefix {
    std::u32string prefix;
    double scale = 0, value = 0;
  };
  std::optional<OwnPrefix> own_prefix(const Numeral& num) const {
    if (num.arabic_head && num.tail.size() > num.big_tail.size())
      if (double ps = prefix_scale(num.tail); ps > 0) return OwnPrefix{num.tail, ps, num.head};
    if (!num.big_tail.empty())
      if (double ps = prefix_scale(num.big_tail); ps > 0) return OwnPrefix{num.big_tail, ps, num.big_head};
    return std::nullopt;
  }

  // Money after a numeral at j (currency word, coins, 整, a second currency word, /天).
  bool read_money(Scan& s, int j, int* end) {
    const Numeral& num = s.num;
    int e = -1;
    const UnitWord* cur = match_list(u_.currencies, j, &e);
    if (!cur && at(j) == U'个') {  // 20个比特币
      cur = match_list(u_.currencies, j + 1, &e);
      if (cur && (cur->code == "CNY")) cur = nullptr;
    }
    if (!cur) return false;
    if (cur->colloquial) {
      // 块 is money before 钱/毛/角, after a big number, or closing a spoken Chinese amount.
      bool ok = followed_by_any(e, {U"钱"}) || num.approximate_range || !num.big_tail.empty();
      int k = skip_spaces(e);
      if (!ok) {
        Numeral coin = read_numeral(k);
        int ce = -1;
        if (coin.ok && match_list(u_.money_subunits, coin.end, &ce) && at(coin.end) != U'分') ok = true;
      }
      if (!ok && num.chinese && !num.arabic) {
        char32_t nc = at(e);
        ok = e >= n_ || !is_cjk(nc);
      }
      if (!ok) return false;
    }
    const std::string code = cur->code;
    const std::string word = code == "CNY" ? std::string("元") : cur->text;
    s.code = code;
    double scale = 1;
    std::string unit = word;
    double value = num.value;
    if (auto own = own_prefix(num)) {
      scale = own->scale;
      unit = to_utf8(own->prefix) + word;
      value = own->value;
    }
    if (num.approximate_range) value = divide(num.value, scale);
    int k = e;
    // coins: 123元1角1分, 两美元又三美分, 壹元零壹分
    if (scale == 1 && !num.approximate_range) {
      double coins = 0;
      int kk = k;
      while (true) {
        int jk = kk;
        int je = -1;
        if (match_list(u_.money_joiners, jk, &je) && at(je) != U'0' && chinese_digit(at(je)) != 0) jk = je;
        if (at(jk) == U'零' && chinese_digit(at(jk + 1)) > 0) ++jk;
        Numeral coin = read_numeral(jk);
        if (!coin.ok || coin.has_multiplier || coin.digit_string || coin.value >= 10) break;
        int ce = -1;
        const UnitWord* sub = match_list(u_.money_subunits, coin.end, &ce);
        if (!sub || sub->code != code) break;
        coins += sub->scale * coin.value;
        kk = ce;
      }
      if (kk != k) {
        value = std::round((value + coins) * 1e6) / 1e6;
        k = kk;
      }
    }
    int ce = -1;
    if (match_list(u_.money_closers, k, &ce)) k = ce;
    // a second currency word: 8亿元人民币, 三万元欧元
    if (code == "CNY" && cur->word.size() == 1) {
      int te = -1;
      const UnitWord* tail = match_list(u_.currencies, skip_spaces(k), &te);
      if (tail && !tail->colloquial && tail->word.size() > 1) {
        if (tail->code != "CNY") {
          s.code = tail->code;
          unit = (scale == 1 ? std::string() : to_utf8(num.big_tail)) + tail->text;
        }
        k = te;
      }
    }
    // a rate: 132元/天
    if (at(k) == U'/') {
      int pe = -1;
      const UnitWord* per = match_list(u_.money_per, k + 1, &pe);
      if (per) {
        unit += "/" + per->text;
        k = pe;
      }
    }
    s.q.kind = QuantityKind::money;
    s.q.unit = unit;
    s.q.value = value;
    s.scale = scale;
    *end = k;
    return true;
  }

  // Percent after a numeral at j: %, ‰, 个百分点, 成, 折.
  bool read_percent(Scan& s, int j, int* end) const {
    const Numeral& num = s.num;
    int e = -1;
    if (const UnitWord* sym = match_list(u_.percent_symbols, j, &e)) {
      s.q.kind = QuantityKind::percent;
      s.q.unit = "%";
      s.q.value = mul(num.value, sym->scale);
      *end = e;
      return true;
    }
    if (match_list(u_.percent_points, j, &e, true)) {
      s.q.kind = QuantityKind::percent;
      s.q.unit = "百分点";
      s.q.value = num.value;
      *end = e;
      return true;
    }
    if (num.approximate_range) return false;
    if (const UnitWord* w = match_list(u_.percent_tenths, j, &e)) {
      if (followed_by_any(e, w->not_before) || num.value > 10 || (num.has_multiplier && num.value != 10) ||
          num.thousands)
        return false;
      double v = mul(num.value, 10);
      int k = skip_spaces(e);
      int d = chinese_digit(at(k));
      if (at(k) == U'半') {
        v += 5;
        e = k + 1;
      } else if (d > 0 && !is_chinese_numeral(at(k + 1)) && num.value < 10 && !num.has_decimal) {
        v += d;  // 七成六 = 76%
        e = k + 1;
      }
      s.q.kind = QuantityKind::percent;
      s.q.unit = "%";
      s.q.value = v;
      *end = e;
      return true;
    }
    if (const UnitWord* w = match_list(u_.percent_discounts, j, &e)) {
      if (followed_by_any(e, w->not_before) || num.has_multiplier || num.thousands) return false;
      double v = num.value;
      bool two_digits =
          (num.digit_string || num.plain_integer) && v >= 11 && v <= 99 && static_cast<int>(v) % 10 != 0;
      if (two_digits) {
      } else if (v > 0 && v < 10) {
        v = mul(v, 10);
      } else {
        return false;
      }
      s.q.kind = QuantityKind::percent;
      s.q.unit = "%";
      s.q.value = v;
      *end = e;
      return true;
    }
    return false;
  }

  bool read_count(Scan& s, int j, int* end) const {
    int e = -1;
    for (const auto& w : u_.count_units) {
      e = match_word(j, w.word);
      if (e < 0) continue;
      if (followed_by_any(e, w.not_before)) continue;
      if (w.discrete && !is_integer(s.num.value) && !s.num.approximate_range) {
        s.section_like = true;  // 2.2本计划: a section number before a word, not 2.2 books
        return false;
      }
      // 一个惊喜, 一位名叫: 一 + classifier + noun is an article, not a count
      if (w.discrete && s.num.single_chinese && s.num.value == 1 && is_cjk(at(e))) return false;
      // kg, km: the letters must end there
      if (is_alpha(w.word.back()) && is_alpha(at(e))) continue;
      s.q.kind = QuantityKind::count;
      s.q.unit = w.text;
      s.q.value = s.num.value;
      *end = e;
      return true;
    }
    return false;
  }

  // Coins alone after a capital numeral (肆角叁分, 壹分) or at the whole text: money.
  bool read_coins_only(Scan& s, int j, int* end) const {
    const Numeral& num = s.num;
    if (!num.capital && !whole_text(s.numeral_start, num.end)) return false;
    if (num.has_multiplier || num.digit_string || num.value >= 10 || num.arabic) return false;
    int e = -1;
    const UnitWord* sub = match_list(u_.money_subunits, j, &e);
    if (!sub || sub->code != "CNY") return false;
    double v = sub->scale * num.value;
    Numeral coin = read_numeral(e);
    int ce = -1;
    if (coin.ok && coin.value < 10 && !coin.has_multiplier) {
      const UnitWord* sub2 = match_list(u_.money_subunits, coin.end, &ce);
      if (sub2 && sub2->code == "CNY" && sub2->scale < sub->scale) {
        v += sub2->scale * coin.value;
        e = ce;
      }
    }
    s.q.kind = QuantityKind::money;
    s.q.unit = "元";
    s.q.value = std::round(v * 1e6) / 1e6;
    s.code = "CNY";
    s.scale = 1;
    *end = e;
    return true;
  }

  // One quantity at i without looking for a range: [sign] numeral suffixes.
  Scan scan_one(int i, bool allow_percent_fraction = true) {
    Scan s;
    s.status = Status::none;
    // 百分之九十, 千分之二点四, 万分之三, 百 分 之 五十 (spaces allowed)
    if (allow_percent_fraction && (small_unit(t_[i]) >= 100 || big_unit(t_[i]) > 0)) {
      double denominator = 1;
      int j = i;
      while (j < n_ && (small_unit(t_[j]) >= 100 || big_unit(t_[j]) > 0)) {
        denominator *= small_unit(t_[j]) >= 100 ? small_unit(t_[j]) : big_unit(t_[j]);
        j = skip_spaces(j + 1);
      }
      if (at(j) == U'分' && at(skip_spaces(j + 1)) == U'之') {
        int k = skip_spaces(skip_spaces(j + 1) + 1);
        bool negative = false;
        if (at(k) == U'负' || at(k) == U'-') {
          negative = true;
          ++k;
        }
        Numeral num;
        if (at(k) == U'百' && denominator == 100 && !is_chinese_numeral(at(k + 1))) {
          num.ok = true;  // 百分之百
          num.start = k;
          num.end = k + 1;
          num.value = 100;
        } else {
          num = read_numeral(k);
        }
        if (!num.ok) {
          s.status = Status::skip;
          s.q.end = std::max(num.run_end, k + 1);
          return s;
        }
        int e = num.end;
        // 百分之15K, 百 分 之 52.5 k
        int ke = skip_spaces(e);
        if ((at(ke) == U'k' || at(ke) == U'K') && !is_alpha(at(ke + 1)) && num.arabic) {
          num.value = mul(num.value, 1e3);
          e = ke + 1;
        }
        s.status = Status::found;
        s.q.kind = QuantityKind::percent;
        s.q.unit = "%";
        s.q.value = (negative ? -1 : 1) * divide(mul(num.value, 100), denominator);
        s.q.start = i;
        s.q.end = e;
        s.num = num;
        s.numeral_start = i;
        return s;
      }
    }
    // 半成 = 5%, 半折 = 50%
    if (t_[i] == U'半') {
      if (at(i + 1) == U'成' || at(i + 1) == U'折') {
        s.status = Status::found;
        s.q.kind = QuantityKind::percent;
        s.q.unit = "%";
        s.q.value = at(i + 1) == U'成' ? 5 : 50;
        s.q.start = i;
        s.q.end = i + 2;
        s.numeral_start = i;
        return s;
      }
      return s;
    }
    const int sign_pos = sign_before(i);
    s.negative = sign_pos < i;
    s.numeral_start = i;
    Numeral num = read_vague(i);
    if (!num.ok) num = read_numeral(i);
    s.q.end = std::max(num.run_end, i + 1);
    if (!num.ok) {
      s.status = num.invalid ? Status::skip : Status::none;
      return s;
    }
    s.num = num;
    const bool whole = whole_text(sign_pos, num.end);
    const int start = sign_pos;

    if (!whole) {
      int de = date_like_end(num);
      if (de >= 0) {
        s.status = Status::skip;
        s.q.end = de;
        return s;
      }
      int nb = -1;
      if (match_list_before_exact(u_.not_amount_before, sign_pos, &nb)) {
        s.status = Status::skip;
        return s;
      }
      const char32_t before = sign_pos > 0 ? t_[sign_pos - 1] : U'\0';
      const char32_t after = at(num.end);
      if (num.arabic && (before == U'%' || before == U'=' || before == U'&' || before == U'?' ||
                         (after == U'%' && (is_digit(at(num.end + 1)) || is_alpha(at(num.end + 1)))))) {
        s.status = Status::skip;  // URL encoding: q=30%25%2020
        return s;
      }
    }

    int j = skip_spaces(num.end);
    // 两个亿, 10余万元: a big multiplier after 个 or after 余/多
    std::string approx;
    {
      int me = -1;
      const UnitWord* mid = match_list(u_.approx_middle, j, &me);
      if (mid && big_unit(at(me)) > 0 && !num.approximate_range) {
        double bu = big_unit(at(me));
        num.big_head = num.value;
        num.big_tail = std::u32string(1, t_[me]);
        num.big_scale = bu;
        num.tail = num.big_tail;
        num.value = mul(num.value, bu);
        num.has_multiplier = true;
        num.single_chinese = false;
        num.arabic_head = false;
        approx = mid->text;
        j = me + 1;
        num.end = j;
      } else if (at(j) == U'个' && big_unit(at(j + 1)) > 0 && num.big_tail.empty() &&
                 !num.approximate_range) {
        double bu = big_unit(at(j + 1));
        num.big_head = num.value;
        num.big_tail = std::u32string(1, t_[j + 1]);
        num.big_scale = bu;
        num.tail = num.big_tail;
        num.value = mul(num.value, bu);
        num.has_multiplier = true;
        num.single_chinese = false;
        num.arabic_head = false;
        j += 2;
        num.end = j;
      } else if (mid) {
        approx = mid->text;
        j = skip_spaces(me);
      }
    }
    // k / w after a number with a space: 52.5 k
    s.num = num;
    if (s.negative) {
      s.num.value = -s.num.value;
      s.num.value_to = -s.num.value_to;
      s.num.big_head = -s.num.big_head;
      s.num.head = -s.num.head;
    }

    int end = -1;
    bool found = read_money(s, j, &end) || read_percent(s, j, &end);
    if (!found) {
      int ne = -1;
      if (match_list(u_.not_amount_after, j, &ne)) {
        s.status = Status::skip;
        s.q.end = ne;
        return s;
      }
      found = read_coins_only(s, j, &end) || read_count(s, j, &end);
    }
    if (!found && num.arabic && !num.chinese) {
      int e = -1;
      if (const UnitWord* w = match_list(u_.score_words, j, &e)) {
        if (!followed_by_any(e, w->not_before) && !preceded_by_any(start, {U"时", U"点"})) {
          s.q.kind = QuantityKind::score;
          s.q.unit = w->text;
          s.q.value = s.num.value;
          end = e;
          found = true;
        }
      }
    }
    if (!found) {
      // a bare number
      if (num.approximate_range) return s;
      if (s.section_like && !whole) {
        s.status = Status::skip;
        return s;
      }
      if (!whole) {
        if (num.single_chinese || num.digit_string) {
          if (!range_follows(num.end)) return s;
          s.tentative = true;  // 两到三万港元: 两 is a bound only if a range follows
        }
        if (num.plain_integer && (num.leading_zero || num.ascii_digits >= 7)) {
          s.status = Status::skip;
          return s;
        }
        if (num.plain_integer && num.ascii_digits == 4 && num.value >= 1900 && num.value <= 2100 &&
            approx.empty()) {
          s.status = Status::skip;  // a year: 2024培训计划, 2024
          return s;
        }
        if (num.arabic && is_alpha(at(num.end))) {
          s.status = Status::skip;  // 5G, 2111799Microsoft
          return s;
        }
        if (context_rejects(num, start)) {
          s.status = Status::skip;
          return s;
        }
      }
      s.q.kind = QuantityKind::number;
      s.q.unit.clear();
      s.q.value = s.num.value;
      end = num.end;
    } else if (!whole && s.q.kind != QuantityKind::money && s.q.kind != QuantityKind::percent &&
               context_rejects(num, start) && num.end == end) {
      s.status = Status::skip;
      return s;
    } else if (num.approximate_range && s.q.kind != QuantityKind::money && s.q.kind != QuantityKind::count) {
      return s;  // 二三十个百分点: no
    }
    if (num.arabic && !num.chinese && !whole && s.q.kind != QuantityKind::money) {
      // "(2)" and "〔2025〕" around a number with a unit are still not amounts
      const char32_t prev = start > 0 ? t_[start - 1] : U'\0';
      if (prev == U'〔' || prev == U'[' || prev == U'【') {
        s.status = Status::skip;
        return s;
      }
    }
    s.q.start = start;
    s.q.end = end;
    s.q.approx = approx;
    s.status = Status::found;
    return s;
  }

  // The first word of `list` that ends exactly at i (no spaces skipped, floor ignored).
  const UnitWord* match_list_before_exact(const std::vector<UnitWord>& list, int i, int* start) const {
    for (const auto& w : list) {
      int s = i - static_cast<int>(w.word.size());
      if (s >= 0 && t_.compare(s, w.word.size(), w.word) == 0) {
        *start = s;
        return &w;
      }
    }
    return nullptr;
  }

  // After a quantity: (含), 左右 / 上下, 以上 / 以下 / 以内.
  void read_trailers(Quantity& q) const {
    int j = q.end;
    for (int round = 0; round < 3; ++round) {
      int k = skip_spaces(j), e = -1;
      int ie = -1;
      int kk = match_list(u_.inclusive, k, &ie) ? skip_spaces(ie) : k;
      if (q.approx.empty() || q.approx == "余" || q.approx == "多") {
        if (const UnitWord* w = match_list(u_.approx_after, kk, &e)) {
          if (q.approx.empty()) q.approx = w->text;
          j = e;
          continue;
        }
      }
      if (q.comparator.empty()) {
        if (const UnitWord* w = match_list(u_.comparator_after, kk, &e)) {
          q.comparator = w->symbol;
          j = e;
          continue;
        }
      }
      break;
    }
    q.end = j;
  }

  // Before a quantity: currency markers, approximations, comparators. Sets the start.
  void read_leaders(Scan& s) {
    Quantity& q = s.q;
    int start = q.start;
    bool marker = false, approx = false, comparator = false;
    for (int round = 0; round < 3; ++round) {
      int ps = -1;
      if (!marker && (q.kind == QuantityKind::money || q.kind == QuantityKind::number ||
                      (q.kind == QuantityKind::range && (q.unit.empty() || !s.code.empty())))) {
        if (const UnitWord* m = match_list_before(u_.currency_markers, start, &ps)) {
          marker = true;
          if (q.kind == QuantityKind::number) {
            const UnitWord* cur = currency_for_code(m->code);
            q.kind = QuantityKind::money;
            q.unit = cur ? (m->code == "CNY" ? std::string("元") : cur->text) : std::string("元");
            s.code = m->code;
            s.scale = 1;
          } else if (m->code != "CNY") {
            s.code = m->code;
          }
          start = ps;
          continue;
        }
      }
      if (!approx) {
        if (const UnitWord* a = match_list_before(u_.approx_before, start, &ps)) {
          approx = true;
          if (q.approx.empty() || q.approx == "多" || q.approx == "余") q.approx = a->text;
          start = ps;
          continue;
        }
      }
      if (!comparator) {
        if (const UnitWord* c = match_list_before(u_.comparator_before, start, &ps)) {
          comparator = true;
          if (q.comparator.empty()) q.comparator = c->symbol;
          start = ps;
          continue;
        }
      }
      break;
    }
    q.start = start;
  }

  // The absolute amount of a scanned quantity (value x unit scale).
  static double amount(const Scan& s) { return mul(s.q.value, s.scale); }

  // A second bound after `a`: 10-20万元, 5%-10%, 两到三万港元, 从8500到3万港元.
  bool read_range(Scan& a) {
    int k = skip_spaces(a.q.end);
    int ie = -1;
    if (match_list(u_.inclusive, k, &ie)) k = skip_spaces(ie);
    int ce = -1;
    const UnitWord* conn = match_list(u_.range_connectors, k, &ce);
    if (!conn) return false;
    int bs = skip_spaces(ce);
    if (bs >= n_ || !(is_digit(t_[bs]) || is_chinese_numeral(t_[bs]))) return false;
    const int saved_floor = floor_;
    floor_ = bs;  // the dash is no sign of the second bound
    Scan b = scan_one(bs, false);
    floor_ = saved_floor;
    if (b.status == Status::skip && a.q.kind == QuantityKind::number) {
      a.status = Status::skip;  // 2023-2024年, 1-6月
      a.q.end = b.q.end;
      return true;
    }
    if (b.status != Status::found || b.q.kind == QuantityKind::range || b.negative) return false;
    const bool a_bare = a.q.kind == QuantityKind::number;
    const bool b_bare = b.q.kind == QuantityKind::number;
    if (a_bare && b_bare && (conn->dash || (!a.num.has_multiplier && !b.num.has_multiplier))) return false;
    if (!a_bare && a.q.kind != b.q.kind) return false;
    if (!a_bare && a.q.kind == QuantityKind::money && a.code != b.code) return false;
    if (a.q.unit == "百分点" || b.q.unit == "百分点") {
      if (a.q.unit != b.q.unit && !a_bare) return false;
    }
    const double hi = amount(b);
    double lo;
    const bool a_plain = a.num.big_tail.empty() && a.num.tail.find(U'k') == std::u32string::npos &&
                         a.num.tail.find(U'K') == std::u32string::npos;
    if (a_bare && a_plain && !b.num.tail.empty()) {
      // carry the multipliers of the upper bound: 两到三万 = 2万..3万, but 8500到3万 = 8500..3万
      lo = a.num.value;
      double best = a.num.value;
      for (size_t cut = 0; cut < b.num.tail.size(); ++cut) {
        double m = 1;
        for (size_t x = cut; x < b.num.tail.size(); ++x) {
          char32_t c = b.num.tail[x];
          m *= small_unit(c) > 0        ? small_unit(c)
               : big_unit(c) > 0        ? big_unit(c)
               : c == U'k' || c == U'K' ? 1e3
                                        : 1e4;
        }
        double cand = mul(a.num.value, m);
        if (cand <= hi) {
          best = cand;
          break;
        }
      }
      lo = best;
    } else if (a_bare) {
      lo = a.num.value;
    } else {
      lo = amount(a);
    }
    if (lo > hi) return false;
    a.q.kind = QuantityKind::range;
    a.q.unit = b.q.unit;
    a.scale = b.scale;
    a.code = b.code;
    a.q.value = divide(lo, b.scale);
    a.q.to = b.q.value;
    a.q.end = b.q.end;
    if (a.q.approx.empty()) a.q.approx = b.q.approx;
    return true;
  }

  std::optional<Quantity> scan(int i, int* next) {
    Scan s = scan_one(i);
    if (s.status != Status::found) {
      *next = std::max(s.q.end, i + 1);
      return std::nullopt;
    }
    if (s.num.approximate_range) {
      s.q.value = divide(s.num.value, s.scale);
      s.q.to = divide(s.num.value_to, s.scale);
      s.q.kind = QuantityKind::range;
    } else {
      bool ranged = read_range(s);
      if (s.tentative && (!ranged || s.q.kind != QuantityKind::range)) {
        *next = std::max(s.num.run_end, i + 1);
        return std::nullopt;
      }
      if (s.status == Status::skip) {
        *next = std::max(s.q.end, i + 1);
        return std::nullopt;
      }
    }
    read_trailers(s.q);
    read_leaders(s);
    if (s.q.kind == QuantityKind::range) {
      int ps = -1;
      if (match_list_before(u_.range_openers, s.q.start, &ps)) s.q.start = ps;
    }
    finish(s);
    return s.q;
  }

  void finish(Scan& s) {
    Quantity& q = s.q;
    if (q.kind == QuantityKind::number && !ctx_.implied_money_unit.empty()) {
      std::u32string implied = to_u32(ctx_.implied_money_unit);
      for (const auto& cur : u_.currencies) {
        if (implied.size() < cur.word.size() ||
            implied.compare(implied.size() - cur.word.size(), cur.word.size(), cur.word) != 0)
          continue;
        std::u32string prefix = implied.substr(0, implied.size() - cur.word.size());
        double scale = prefix.empty() ? 1 : prefix_scale(prefix);
        if (scale <= 0) continue;
        q.kind = QuantityKind::money;
        q.unit = ctx_.implied_money_unit;
        q.unit_implied = true;
        s.scale = scale;
        s.code = cur.code;
        // "120.5万" under a 万元 column is 120.5万元 written short: its own multiplier is the
        // unit's prefix, not a factor on top of the implied unit.
        if (auto own = s.num.approximate_range ? std::nullopt : own_prefix(s.num)) {
          q.value = own->value;
          q.unit = to_utf8(own->prefix) + to_utf8(cur.word);
          q.unit_implied = false;
          s.scale = own->scale;
        }
        break;
      }
    }
    if (q.kind == QuantityKind::money && s.code == "CNY") q.yuan = mul(q.value, s.scale);
  }

 public:
  // The quantity of a whole cell, if one quantity covers all of it.
  std::optional<Quantity> whole_cell() { return NumberParser::whole_cell_of(raw_, find_all()); }

 private:
  // 打对折: a percent with no number.
  std::optional<Quantity> phrase_at(int i, char32_t c) const {
    for (const auto& p : u_.percent_phrases) {
      if (p.word.empty() || p.word[0] != c) continue;
      int e = match_word(i, p.word);
      if (e < 0) continue;
      if (!p.before.empty()) {
        int s = i - static_cast<int>(p.before.size());
        if (s < floor_ || t_.compare(s, p.before.size(), p.before) != 0) continue;
      }
      Quantity q;
      q.kind = QuantityKind::percent;
      q.unit = "%";
      q.value = p.value;
      q.start = i;
      q.end = e;
      return q;
    }
    return std::nullopt;
  }
};

}  // namespace

NumberParser::NumberParser() {
  auto impl = std::make_shared<Impl>();
  auto table = UnitTable::parse(default_units_toml(), "<built-in units.toml>");
  if (table.ok()) impl->units = std::move(table.value());
  impl_ = std::move(impl);
}

Result<NumberParser> NumberParser::load(const std::string& rules_dir) {
  const std::string path = (std::filesystem::path(rules_dir) / "units.toml").string();
  auto table = UnitTable::load(path);
  if (!table.ok()) return table.error();
  NumberParser parser;
  auto impl = std::make_shared<Impl>();
  impl->units = std::move(table.value());
  parser.impl_ = std::move(impl);
  return parser;
}

std::vector<Quantity> NumberParser::find_all(std::u32string_view text, const NumberContext& ctx) const {
  Scanner scanner(impl_->units, text, ctx);
  return scanner.find_all();
}

std::optional<Quantity> NumberParser::whole_cell_of(std::u32string_view text,
                                                    const std::vector<Quantity>& all) {
  if (all.size() != 1) return std::nullopt;
  const auto [start, end] = content_bounds(text);
  if (all[0].start > start || all[0].end < end) return std::nullopt;
  return all[0];
}

std::optional<Quantity> NumberParser::parse_cell(std::u32string_view text, const NumberContext& ctx) const {
  Scanner scanner(impl_->units, text, ctx);
  return scanner.whole_cell();
}

}  // namespace jixiao
