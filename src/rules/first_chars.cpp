#include "rules/first_chars.h"

#include <algorithm>

namespace jixiao {
namespace {

using Ranges = std::vector<std::pair<char32_t, char32_t>>;

struct Node {
  Ranges first;           // characters a match of this item can start with
  bool nullable = true;   // it can match the empty string (then what follows can start a match)
  bool any = false;       // it can start with characters not listed (., \s, \p{..}, [^..])
};

// A recursive-descent reader of the subset of Boost's perl syntax described in the header.
class Analyzer {
 public:
  explicit Analyzer(const std::basic_string<int>& p) : p_(p) {}

  bool run(Node& out) {
    out = alternation();
    return !failed_ && i_ == p_.size();
  }

 private:
  const std::basic_string<int>& p_;
  size_t i_ = 0;
  bool failed_ = false;

  int peek(size_t k = 0) const { return i_ + k < p_.size() ? p_[i_ + k] : -1; }
  void fail() { failed_ = true; i_ = p_.size(); }
  static bool is_alnum(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static Node literal(char32_t c) { return Node{{{c, c}}, false}; }
  static Node zero_width() { return Node{{}, true}; }
  static Node any_char() { return Node{{}, false, true}; }

  Node alternation() {
    Node out{{}, false};
    bool first = true;
    for (;;) {
      Node s = sequence();
      out.first.insert(out.first.end(), s.first.begin(), s.first.end());
      out.any = out.any || s.any;
      out.nullable = first ? s.nullable : (out.nullable || s.nullable);
      first = false;
      if (failed_ || peek() != '|') break;
      ++i_;
    }
    return out;
  }

  Node sequence() {
    Node out{{}, true};
    while (!failed_ && peek() != -1 && peek() != '|' && peek() != ')') {
      Node a = atom();
      if (failed_) break;
      quantifier(a);
      if (out.nullable) {
        out.first.insert(out.first.end(), a.first.begin(), a.first.end());
        out.any = out.any || a.any;
      }
      out.nullable = out.nullable && a.nullable;
    }
    return out;
  }

  // A quantifier after an atom: ? * + {n} {n,} {n,m}, then a lazy ? or a possessive +.
  void quantifier(Node& a) {
    int c = peek();
    if (c == '?' || c == '*') {
      a.nullable = true;
      ++i_;
    } else if (c == '+') {
      ++i_;
    } else if (c == '{') {
      size_t j = i_ + 1;
      long min = 0;
      bool digits = false;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') {
        min = min * 10 + (p_[j] - '0');
        digits = true;
        ++j;
        if (min > 100000) break;
      }
      if (!digits) return fail();  // "{" that is not a quantifier: not understood
      if (j < p_.size() && p_[j] == ',') {
        ++j;
        while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') ++j;
      }
      if (j >= p_.size() || p_[j] != '}') return fail();
      i_ = j + 1;
      if (min == 0) a.nullable = true;
    } else {
      return;
    }
    if (peek() == '?' || peek() == '+') ++i_;
  }

  Node atom() {
    const int c = peek();
    if (c == '(') return group();
    if (c == '[') return char_class();
    if (c == '\\') return escape(false);
    if (c == '^' || c == '$') {
      ++i_;
      return zero_width();
    }
    if (c == '.') {
      ++i_;
      return any_char();
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      fail();
      return {};
    }
    ++i_;
    return literal(static_cast<char32_t>(c));
  }

  Node group() {
    ++i_;  // (
    bool zero = false;
    if (peek() == '?') {
      int k = peek(1);
      if (k == ':') {
        i_ += 2;
      } else if (k == '=' || k == '!') {
        i_ += 2;
        zero = true;
      } else if (k == '<' && (peek(2) == '=' || peek(2) == '!')) {
        i_ += 3;
        zero = true;
      } else if (k == '<' || k == '\'' || (k == 'P' && peek(2) == '<')) {
        const int close = k == '\'' ? '\'' : '>';
        i_ += k == 'P' ? 3 : 2;
        while (peek() != -1 && peek() != close) {
          if (!is_alnum(peek()) && peek() != '_') {
            fail();
            return {};
          }
          ++i_;
        }
        if (peek() != close) {
          fail();
          return {};
        }
        ++i_;
      } else {  // inline flags, atomic groups, conditionals, comments, ...: not understood
        fail();
        return {};
      }
    }
    Node inner = alternation();
    if (failed_ || peek() != ')') {
      fail();
      return {};
    }
    ++i_;
    if (zero) return zero_width();
    return inner;
  }

  // An escape; in a class only literal escapes are accepted. Returns a literal or zero width.
  Node escape(bool in_class) {
    ++i_;  // backslash
    const int c = peek();
    if (c == -1) {
      fail();
      return {};
    }
    ++i_;
    if (c == 'x') {
      char32_t v = 0;
      if (peek() == '{') {
        ++i_;
        int n = 0;
        while (peek() != -1 && peek() != '}') {
          int d = hex(peek());
          if (d < 0 || ++n > 8) {
            fail();
            return {};
          }
          v = v * 16 + static_cast<char32_t>(d);
          ++i_;
        }
        if (peek() != '}' || n == 0) {
          fail();
          return {};
        }
        ++i_;
      } else {
        for (int n = 0; n < 2; ++n) {
          int d = hex(peek());
          if (d < 0) {
            fail();
            return {};
          }
          v = v * 16 + static_cast<char32_t>(d);
          ++i_;
        }
      }
      return literal(v);
    }
    switch (c) {
      case 'n': return literal(U'\n');
      case 't': return literal(U'\t');
      case 'r': return literal(U'\r');
      case 'f': return literal(U'\f');
      case 'a': return literal(U'\a');
      case 'e': return literal(U'\x1B');
      default: break;
    }
    if (c == 's' || c == 'S' || c == 'd' || c == 'D' || c == 'w' || c == 'W' || c == 'h' || c == 'H' ||
        c == 'v' || c == 'V' || (!in_class && (c == 'R' || c == 'N' || c == 'X')))
      return any_char();
    if (c == 'p' || c == 'P') {  // \pL, \p{Han}
      if (peek() == '{') {
        while (peek() != -1 && peek() != '}') ++i_;
        if (peek() != '}') {
          fail();
          return {};
        }
      }
      ++i_;
      return any_char();
    }
    if (!in_class && (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G' || c == '<' ||
                      c == '>' || c == '`' || c == '\''))
      return zero_width();
    if (is_alnum(c) || c >= 0x80) {  // classes (\s \d \w \p), backreferences, \Q, \c ...
      fail();
      return {};
    }
    return literal(static_cast<char32_t>(c));  // escaped punctuation
  }

  static int hex(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // [abc] [a-z] [\x{4E00}-\x{9FFF}]: literals and ranges only.
  Node char_class() {
    ++i_;  // [
    Node out{{}, false};
    if (peek() == '^') {  // negated: anything but; still read to its end
      out.any = true;
      ++i_;
    }
    bool first = true;
    while (!failed_) {
      int c = peek();
      if (c == -1) return fail(), Node{};
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      char32_t lo;
      if (c == '[' && (peek(1) == ':' || peek(1) == '=' || peek(1) == '.')) {  // [:alpha:] and kin
        const int kind = peek(1);
        i_ += 2;
        while (peek() != -1 && !(peek() == kind && peek(1) == ']')) ++i_;
        if (peek() == -1) return fail(), Node{};
        i_ += 2;
        out.any = true;
        continue;
      }
      if (c == '\\') {
        Node e = escape(true);
        if (failed_) return Node{};
        if (e.any) {
          out.any = true;
          continue;
        }
        if (e.first.size() != 1) return fail(), Node{};
        lo = e.first[0].first;
      } else {
        lo = static_cast<char32_t>(c);
        ++i_;
      }
      char32_t hi = lo;
      if (peek() == '-' && peek(1) != ']' && peek(1) != -1) {
        ++i_;
        int d = peek();
        if (d == '\\') {
          Node e = escape(true);
          if (failed_ || e.first.size() != 1) return fail(), Node{};
          hi = e.first[0].first;
        } else if (d == '[') {
          fail();
          return {};
        } else {
          hi = static_cast<char32_t>(d);
          ++i_;
        }
        if (hi < lo) return fail(), Node{};
      }
      out.first.push_back({lo, hi});
    }
    return out;
  }
};

}  // namespace

FirstChars first_chars(const std::basic_string<int>& pattern) {
  FirstChars out;
  Node n;
  Analyzer a(pattern);
  if (!a.run(n) || n.nullable || n.any || n.first.empty()) return out;
  out.bmp_.assign(0x10000 / 64, 0);
  for (const auto& [lo, hi] : n.first) {
    for (char32_t c = lo; c <= hi && c < 0x10000; ++c) out.bmp_[c >> 6] |= uint64_t{1} << (c & 63);
    if (hi >= 0x10000) out.astral_.push_back({std::max<char32_t>(lo, 0x10000), hi});
  }
  out.ranges_ = n.first.size();
  out.known_ = true;
  return out;
}

}  // namespace jixiao
