#include "rules/ruleset.h"

#include <toml++/toml.h>

#include <algorithm>
#include <boost/regex/icu.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/deadline.h"
#include "core/utf.h"
#include "core/work_limits.h"
#include "rules/first_chars.h"
#include "rules/rule_file.h"
#include "rules/vocabulary.h"

namespace jixiao {

namespace fs = std::filesystem;

const char* to_string(FigureKind kind) {
  switch (kind) {
    case FigureKind::money: return "money";
    case FigureKind::percent: return "percent";
    case FigureKind::count: return "count";
    case FigureKind::score: return "score";
    case FigureKind::year: return "year";
    case FigureKind::text: return "text";
  }
  return "text";
}

std::string ExampleFailure::describe() const {
  return file + ":" + std::to_string(line) + ": " + rule + ": " + reason + ": " + text;
}

namespace {

std::optional<FigureKind> parse_kind(std::string_view name) {
  for (FigureKind k : {FigureKind::money, FigureKind::percent, FigureKind::count, FigureKind::score,
                       FigureKind::year, FigureKind::text}) {
    if (name == to_string(k)) return k;
  }
  return std::nullopt;
}

int line_of(const toml::node& node) {
  return static_cast<int>(node.source().begin.line);
}

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}

// Named sub-patterns of the whole rule set, with where each was defined.
struct SubPattern {
  std::string source;
  std::string file;
  int line = 0;
};
using SubPatterns = std::map<std::string, SubPattern>;

// Replaces every {name} outside character classes with (?:<expansion>). Quantifiers ({2},
// {1,3}) start with a digit and are left alone; \{ is a literal brace.
Result<std::string> expand(const std::string& pattern, const SubPatterns& subs,
                           std::vector<std::string>& stack) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      char escaped = pattern[++i];
      out += escaped;
      // \p{Han}, \x{4E00}, \N{...}, \g{1}, \k{name}: the braces belong to the escape.
      if (std::string_view("pPxNgk").find(escaped) != std::string_view::npos && i + 1 < pattern.size() &&
          pattern[i + 1] == '{') {
        size_t close = pattern.find('}', i + 1);
        if (close != std::string::npos) {
          out.append(pattern, i + 1, close - i);
          i = close;
        }
      }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];  // "[]...]"
      continue;
    }
    if (c == '{' && i + 1 < pattern.size() && is_ident_start(pattern[i + 1])) {
      size_t j = i + 1;
      while (j < pattern.size() && is_ident_char(pattern[j])) ++j;
      if (j < pattern.size() && pattern[j] == '}') {
        std::string name = pattern.substr(i + 1, j - i - 1);
        auto it = subs.find(name);
        if (it == subs.end()) return rule_file_error("", 0, "unknown sub-pattern {" + name + "}");
        if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
          std::string chain;
          for (const auto& s : stack) chain += s + " -> ";
          return rule_file_error("", 0, "cycle in sub-patterns: " + chain + name);
        }
        stack.push_back(name);
        auto inner = expand(it->second.source, subs, stack);
        stack.pop_back();
        if (!inner) return inner.error();
        out += "(?:" + inner.value() + ")";
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

// Capture group numbers of the named groups in an expanded pattern, counted the way Perl
// (and Boost) number them: every capturing "(" in order, named or not.
std::map<std::string, std::vector<int>> named_groups(const std::string& pattern) {
  std::map<std::string, std::vector<int>> groups;
  int index = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;
      continue;
    }
    if (c != '(') continue;
    if (i + 1 >= pattern.size() || pattern[i + 1] != '?') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') continue;  // (*VERB)
      ++index;
      continue;
    }
    size_t name_at = std::string::npos;
    char close = '>';
    if (pattern.compare(i + 2, 1, "<") == 0 && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
        pattern[i + 3] != '!') {
      name_at = i + 3;
    } else if (pattern.compare(i + 2, 2, "P<") == 0) {
      name_at = i + 4;
    } else if (pattern.compare(i + 2, 1, "'") == 0) {
      name_at = i + 3;
      close = '\'';
    }
    if (name_at == std::string::npos) continue;
    size_t end = pattern.find(close, name_at);
    if (end == std::string::npos) continue;
    ++index;
    groups[pattern.substr(name_at, end - name_at)].push_back(index);
  }
  return groups;
}

uint64_t fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

struct Rule {
  FigureRuleInfo info;
  boost::u32regex pattern;
  std::optional<boost::u32regex> context, not_context;
  bool context_in_paragraph =
      false;  // context_scope = "paragraph": `context` may match in an earlier sentence
  std::vector<int> value_groups, label_groups;
  std::vector<std::u32string> anchors;
  std::vector<std::string> units;
  FirstChars starts;               // derived after loading: where a match of `pattern` can start
  std::vector<size_t> anchor_ids;  // derived: `anchors` as indexes into Impl::anchors
};

using Match = boost::match_results<const char32_t*>;

// Leftmost match of `re` in [begin, end) of `text`, with the text before `begin` visible to
// lookbehinds: match_prev_avail only lets ^ and \b see it; a lookbehind looks back as far as
// the `base` Boost is given, which is the search's start unless said. Boost throws when a
// pattern's matching gets too complex; that is a miss.
bool search(const boost::u32regex& re, std::u32string_view text, size_t begin, size_t end, Match& m) {
  const char32_t* base = text.data();
  auto flags = boost::match_default;
  if (begin > 0) flags |= boost::match_prev_avail;
  try {
    return boost::u32regex_search(base + begin, base + end, m, re, flags, base);
  } catch (const std::bad_alloc&) {
    throw;  // max_memory_per_file: the pipeline names it
  } catch (const std::exception&) {
    return false;
  }
}

// search() for a rule's pattern from `begin`: when the characters a match can start with are
// known, only the positions holding one are tried (each as an anchored match, the text before it
// visible), which gives the same leftmost match as trying every position.
bool search_rule(const Rule& rule, std::u32string_view text, size_t begin, Match& m) {
  if (!rule.starts.known()) return search(rule.pattern, text, begin, text.size(), m);
  const char32_t* base = text.data();
  for (size_t p = begin; p < text.size(); ++p) {
    if (!rule.starts.contains(text[p])) continue;
    auto flags = boost::match_default | boost::match_continuous;
    if (p > 0) flags |= boost::match_prev_avail;
    try {
      if (boost::u32regex_search(base + p, base + text.size(), m, rule.pattern, flags, base)) return true;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception&) {
      return false;
    }
  }
  return false;
}

bool is_sentence_end(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'!' || c == U'?' || c == U'\n';
}

bool kind_fits(FigureKind kind, const Quantity& q) {
  switch (kind) {
    case FigureKind::money: return q.kind == QuantityKind::money;
    case FigureKind::percent: return q.kind == QuantityKind::percent;
    case FigureKind::count: return q.kind == QuantityKind::count;
    case FigureKind::score: return q.kind == QuantityKind::score || q.kind == QuantityKind::number;
    case FigureKind::year:
      return q.kind == QuantityKind::number && q.value >= 1900 && q.value <= 2100 &&
             q.value == std::floor(q.value);
    case FigureKind::text: return true;
  }
  return false;
}

}  // namespace

struct RuleSet::Impl {
  std::vector<Rule> rules;
  std::vector<FigureRuleInfo> infos;
  std::string version;
  // Every rule's anchors, each once, by first character: one pass over a paragraph finds which
  // occur, instead of a search of the whole paragraph per anchor per rule.
  std::vector<std::u32string> anchors;
  std::unordered_map<char32_t, std::vector<size_t>> anchors_by_first;

  void index_anchors() {
    std::map<std::u32string, size_t> ids;
    for (Rule& rule : rules) {
      rule.anchor_ids.clear();
      for (const std::u32string& a : rule.anchors) {  // never empty: the loader refuses those
        auto [it, fresh] = ids.emplace(a, anchors.size());
        if (fresh) {
          anchors.push_back(a);
          anchors_by_first[a.front()].push_back(it->second);
        }
        rule.anchor_ids.push_back(it->second);
      }
    }
  }
  // Which of `anchors` occur in `text`.
  std::vector<bool> anchors_in(std::u32string_view text) const {
    std::vector<bool> found(anchors.size(), false);
    if (anchors.empty()) return found;
    for (size_t p = 0; p < text.size(); ++p) {
      auto it = anchors_by_first.find(text[p]);
      if (it == anchors_by_first.end()) continue;
      for (size_t id : it->second)
        if (!found[id] && text.compare(p, anchors[id].size(), anchors[id]) == 0) found[id] = true;
    }
    return found;
  }
};

RuleSet::RuleSet() : impl_(std::make_shared<Impl>()) {}

const std::vector<FigureRuleInfo>& RuleSet::rules() const {
  return impl_->infos;
}
const std::string& RuleSet::version() const {
  return impl_->version;
}

namespace {

const std::set<std::string>& figure_keys() {
  static const std::set<std::string> keys = {"id",          "field",         "kind",     "pattern", "context",
                                             "not_context", "context_scope", "priority", "anchors", "units",
                                             "example",     "counter",       "note"};
  return keys;
}

// Compiles one pattern; the error names Boost's message, the position and the text there.
Result<boost::u32regex> compile(const std::string& expanded, const std::string& path, int line,
                                const std::string& what) {
  try {
    return boost::make_u32regex(expanded, boost::regex_constants::perl);
  } catch (const boost::regex_error& e) {
    std::u32string wide = to_u32(expanded);
    size_t pos = e.position() >= 0 ? static_cast<size_t>(e.position()) : 0;
    // Boost counts code units of the expanded pattern; show the text on both sides of the spot.
    pos = std::min(pos, wide.size());
    size_t from = pos > 24 ? pos - 24 : 0;
    std::string before = to_utf8(std::u32string_view(wide).substr(from, pos - from));
    std::string after = to_utf8(std::u32string_view(wide).substr(pos, 12));
    std::string reason = e.what();
    if (size_t cut = reason.find("  The error occurred"); cut != std::string::npos) reason.resize(cut);
    return rule_file_error(path, line,
                           what + " does not compile: " + reason + " at position " + std::to_string(pos) +
                               " of the expanded pattern: \"" + before + "<HERE>" + after + "\"");
  } catch (const std::exception& e) {
    return rule_file_error(path, line, what + " does not compile: " + e.what());
  }
}

Result<std::string> expand_at(const std::string& pattern, const SubPatterns& subs, const std::string& path,
                              int line, const std::string& what) {
  std::vector<std::string> stack;
  auto expanded = expand(pattern, subs, stack);
  if (!expanded) return rule_file_error(path, line, what + ": " + expanded.error().message);
  return expanded;
}

// Builds one rule from its [[figure]] table; an Error means the rule is skipped. Keys and types
// are read through the rule-file reader; the first problem of a rule is returned.
Result<Rule> build_rule(RuleTable& tbl, const SubPatterns& subs, const Vocabulary& vocabulary) {
  const std::string& path = tbl.file().path();
  const size_t before = tbl.file().errors().size();  // the reader's errors from here are this rule's
  auto first_problem = [&]() -> std::optional<Error> {
    if (tbl.file().errors().size() > before) return tbl.file().errors()[before];
    return std::nullopt;
  };
  int line = tbl.line();
  for (const std::string& key : figure_keys()) tbl.node(key);
  tbl.finish();  // unknown keys first: a typo in a key explains the rest
  if (auto e = first_problem()) return *e;
  Rule rule;
  rule.info.file = path;
  rule.info.line = line;
  std::string kind, pattern, context, not_context, context_scope;
  for (auto [key, out, need] :
       {std::tuple<const char*, std::string*, Need>{"id", &rule.info.id, Need::required},
        {"field", &rule.info.field, Need::required},
        {"kind", &kind, Need::required},
        {"pattern", &pattern, Need::required},
        {"context", &context, Need::optional},
        {"not_context", &not_context, Need::optional},
        {"context_scope", &context_scope, Need::optional}}) {
    tbl.string(key, *out, need);
    if (auto e = first_problem()) return *e;
  }
  const std::string where = "rule \"" + rule.info.id + "\"";
  if (!vocabulary.has(rule.info.field))
    return rule_file_error(
        path, line_of(*tbl.raw().get("field")),
        where + ": unknown field \"" + rule.info.field + "\" (fields are listed in fields.toml)");
  auto parsed_kind = parse_kind(kind);
  if (!parsed_kind)
    return rule_file_error(
        path, line_of(*tbl.raw().get("kind")),
        where + ": unknown kind \"" + kind + "\" (money, percent, count, score, year, text)");
  rule.info.kind = *parsed_kind;
  if (!context_scope.empty() && context_scope != "sentence" && context_scope != "paragraph")
    return rule_file_error(path, line_of(*tbl.raw().get("context_scope")),
                           where + ": unknown context_scope \"" + context_scope + "\" (sentence, paragraph)");
  rule.context_in_paragraph = context_scope == "paragraph";
  tbl.integer("priority", rule.info.priority);
  std::vector<std::string> anchors;
  tbl.strings("anchors", anchors);
  for (const std::string& a : anchors) rule.anchors.push_back(to_u32(a));
  tbl.strings("units", rule.units);
  if (auto e = first_problem()) return rule_file_error(path, e->line, where + ": " + e->message);

  int pattern_line = line_of(*tbl.raw().get("pattern"));
  auto expanded = expand_at(pattern, subs, path, pattern_line, where + " pattern");
  if (!expanded) return expanded.error();
  rule.info.pattern = expanded.value();
  auto groups = named_groups(rule.info.pattern);
  if (!groups.count("value"))
    return rule_file_error(path, pattern_line,
                           where + ": pattern has no (?<value>...) group for the quantity");
  rule.value_groups = groups["value"];
  if (groups.count("label")) rule.label_groups = groups["label"];
  auto compiled = compile(rule.info.pattern, path, pattern_line, where + " pattern");
  if (!compiled) return compiled.error();
  rule.pattern = std::move(compiled.value());
  for (auto [key, source, out] :
       {std::tuple<const char*, const std::string*, std::optional<boost::u32regex>*>{"context", &context,
                                                                                     &rule.context},
        {"not_context", &not_context, &rule.not_context}}) {
    if (source->empty()) continue;
    int at = line_of(*tbl.raw().get(key));
    auto ex = expand_at(*source, subs, path, at, where + " " + key);
    if (!ex) return ex.error();
    auto re = compile(ex.value(), path, at, where + " " + key);
    if (!re) return re.error();
    *out = std::move(re.value());
  }

  // Examples: required, and each positive one must pass the anchor prefilter.
  for (auto [key, counter] : {std::pair<const char*, bool>{"example", false}, {"counter", true}}) {
    for (RuleTable ex : tbl.tables(key)) {
      RuleExample example;
      example.counter = counter;
      example.line = ex.line();
      ex.string("text", example.text, Need::required);
      ex.node("note");  // for the reader of the rule file
      if (!counter) {
        double value = 0;
        if (rule.info.kind != FigureKind::text) {
          if (ex.number("value", value, -std::numeric_limits<double>::infinity(), Need::required))
            example.value = value;
        } else {
          ex.node("value");
        }
        ex.string("unit", example.unit);
      }
      ex.finish();
      if (auto e = first_problem()) return rule_file_error(path, e->line, where + ": " + e->message);
      if (!counter && !rule.anchors.empty()) {
        std::u32string wide = to_u32(example.text);
        bool anchored = std::any_of(rule.anchors.begin(), rule.anchors.end(), [&](const std::u32string& a) {
          return wide.find(a) != std::u32string::npos;
        });
        if (!anchored)
          return rule_file_error(path, example.line,
                                 where + ": example holds none of the rule's anchors: " + example.text);
      }
      rule.info.examples.push_back(std::move(example));
    }
    if (auto e = first_problem()) return rule_file_error(path, e->line, where + ": " + e->message);
  }
  std::stable_sort(rule.info.examples.begin(), rule.info.examples.end(),
                   [](const RuleExample& a, const RuleExample& b) { return a.line < b.line; });
  if (std::none_of(rule.info.examples.begin(), rule.info.examples.end(),
                   [](const RuleExample& e) { return !e.counter; }))
    return rule_file_error(path, line, where + ": every rule needs at least one [[figure.example]]");
  return rule;
}

}  // namespace

Result<RuleSet> RuleSet::load(const std::string& dir, std::vector<Error>* soft_errors) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Error e = rule_file_error(dir, 0, "not a readable rules directory");
    e.code = ErrorCode::io;
    return e;
  }
  auto vocabulary = Vocabulary::load(dir);
  if (!vocabulary) return vocabulary.error();
  return load(dir, *vocabulary, soft_errors);
}

Result<RuleSet> RuleSet::load(const std::string& dir, const Vocabulary& vocabulary,
                              std::vector<Error>* soft_errors) {
  std::vector<Error> ignored;
  std::vector<Error>& soft = soft_errors ? *soft_errors : ignored;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    Error e = rule_file_error(dir, 0, "not a readable rules directory");
    e.code = ErrorCode::io;
    return e;
  }
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && name.rfind("figures", 0) == 0 && entry.path().extension() == ".toml")
      paths.push_back(entry.path().string());
  }
  if (ec) {
    Error e = rule_file_error(dir, 0, "cannot list the rules directory: " + ec.message());
    e.code = ErrorCode::io;
    return e;
  }
  if (paths.empty()) return rule_file_error(dir, 0, "no figures*.toml rule file in the directory");
  std::sort(paths.begin(), paths.end());

  // Parse every file first: sub-patterns are shared across files.
  uint64_t hash = 1469598103934665603ULL;
  std::vector<RuleFile> files;
  std::string meta_version;
  SubPatterns subs;
  // A rule file's problems below the top are soft: the rule or sub-pattern is skipped.
  auto move_errors = [&](RuleFile& file, size_t from) {
    soft.insert(soft.end(), file.errors().begin() + static_cast<long>(from), file.errors().end());
    file.truncate_errors(from);
  };
  for (const auto& path : paths) {
    auto read = RuleFile::read(path);
    if (!read) return read.error();
    RuleFile file = std::move(read).value();
    hash = fnv1a(fnv1a(hash, fs::path(path).filename().string()), file.text());
    RuleTable top = file.top();
    if (auto meta = top.table("meta")) {
      std::string version, description;
      if (meta->string("version", version))
        meta_version = meta_version.empty() ? version : meta_version + "," + version;
      meta->string("description", description);
      meta->finish();
    }
    if (auto pats = top.table("patterns")) {
      for (const auto& [pk, pv] : pats->raw()) {
        std::string pname(pk.str());
        std::string source;
        if (!pats->string(pname, source)) continue;
        if (!is_ident_start(pname[0]) ||
            !std::all_of(pname.begin(), pname.end(), [](char c) { return is_ident_char(c); })) {
          file.fail(pv, "sub-pattern name \"" + pname + "\" is not an identifier");
        } else if (auto it = subs.find(pname); it != subs.end()) {
          file.fail(pv, "sub-pattern \"" + pname + "\" is already defined at " + it->second.file + ":" +
                            std::to_string(it->second.line));
        } else {
          subs[pname] = SubPattern{source, path, line_of(pv)};
        }
      }
      pats->finish();
    }
    top.node("figure");  // read below, once every file's sub-patterns are known
    top.finish();
    move_errors(file, 0);
    files.push_back(std::move(file));
  }

  // A broken sub-pattern is reported once where it is defined; rules using it fail too.
  for (const auto& [name, sub] : subs) {
    auto expanded = expand_at("{" + name + "}", subs, sub.file, sub.line, "sub-pattern \"" + name + "\"");
    if (!expanded) {
      soft.push_back(expanded.error());
      continue;
    }
    auto compiled = compile(expanded.value(), sub.file, sub.line, "sub-pattern \"" + name + "\"");
    if (!compiled) soft.push_back(compiled.error());
  }

  auto impl = std::make_shared<Impl>();
  std::map<std::string, std::string> seen_ids;
  for (RuleFile& file : files) {
    RuleTable top = file.top();
    for (RuleTable table : top.tables("figure")) {
      const size_t before = file.errors().size();
      auto rule = build_rule(table, subs, vocabulary);
      file.truncate_errors(before);
      if (!rule) {
        soft.push_back(rule.error());
        continue;
      }
      const std::string& id = rule.value().info.id;
      std::string here = file.path() + ":" + std::to_string(rule.value().info.line);
      if (auto [it, fresh] = seen_ids.emplace(id, here); !fresh) {
        soft.push_back(rule_file_error(file.path(), rule.value().info.line,
                                       "rule id \"" + id + "\" is already used at " + it->second));
        continue;
      }
      impl->infos.push_back(rule.value().info);
      impl->rules.push_back(std::move(rule.value()));
    }
    move_errors(file, 0);
  }
  for (Rule& rule : impl->rules) rule.starts = first_chars(rule.pattern.str());
  impl->index_anchors();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  impl->version = (meta_version.empty() ? std::string("figures") : meta_version) + "+" + hex;
  RuleSet set;
  set.impl_ = std::move(impl);
  return set;
}

namespace {

// How far back from a value a rule's context / not_context may match (characters). Longer than
// any label; it only matters in run-on sentences, where it keeps the search linear.
constexpr size_t kContextWindow = 256;

struct Candidate {
  FigureMatch match;
  int priority = 0;
  size_t order = 0;  // rule index: the earlier rule wins a full tie
};

bool has_number_char(std::u32string_view text) {
  static const std::u32string_view numerals = U"零〇一二两三四五六七八九十百千万亿";
  return std::any_of(text.begin(), text.end(), [](char32_t c) {
    return (c >= U'0' && c <= U'9') || numerals.find(c) != std::u32string_view::npos;
  });
}

}  // namespace

std::vector<FigureMatch> RuleSet::find_figures(std::u32string_view text, const NumberParser& numbers,
                                               const NumberContext& ctx,
                                               const std::vector<Quantity>* known) const {
  std::vector<FigureMatch> out;
  if (text.empty() || !has_number_char(text)) return out;

  auto by_start = [](const Quantity& a, const Quantity& b) { return a.start < b.start; };
  std::optional<std::vector<Quantity>> quantities;  // the parser runs only if some rule hits
  if (known && !std::is_sorted(known->begin(), known->end(), by_start)) {
    quantities = *known;
    std::stable_sort(quantities->begin(), quantities->end(), by_start);
  }
  auto quantities_by_start = [&]() -> const std::vector<Quantity>& {
    if (quantities) return *quantities;
    if (known) return *known;
    quantities = numbers.find_all(text, ctx);
    std::stable_sort(quantities->begin(), quantities->end(), by_start);
    return *quantities;
  };
  // Where each position's sentence starts, computed once: a paragraph of one endless sentence
  // (a table pasted as text) must not cost a walk back per match.
  std::vector<uint32_t> sentence_starts;
  auto sentence_start = [&](size_t pos) -> size_t {
    if (sentence_starts.empty()) {
      sentence_starts.resize(text.size() + 1);
      uint32_t start = 0;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (i > 0 && is_sentence_end(text[i - 1])) start = static_cast<uint32_t>(i);
        sentence_starts[i] = start;
      }
    }
    return sentence_starts[pos];
  };

  std::vector<Candidate> candidates;
  std::optional<std::vector<bool>> anchors_found;  // taken at the first rule with anchors
  for (size_t r = 0; r < impl_->rules.size(); ++r) {
    check_deadline("extraction");  // one paragraph can be megabytes long
    const Rule& rule = impl_->rules[r];
    if (!rule.anchor_ids.empty()) {
      if (!anchors_found) anchors_found = impl_->anchors_in(text);
      if (std::none_of(rule.anchor_ids.begin(), rule.anchor_ids.end(),
                       [&](size_t id) { return (*anchors_found)[id]; }))
        continue;
    }
    size_t pos = 0;
    Match m;
    while (pos <= text.size() && search_rule(rule, text, pos, m)) {
      check_deadline("extraction");  // a megabyte paragraph holds millions of matches
      size_t match_start = static_cast<size_t>(m[0].first - text.data());
      size_t match_end = static_cast<size_t>(m[0].second - text.data());
      pos = match_end > match_start ? match_end : match_end + 1;

      int value_group = -1;
      for (int g : rule.value_groups)
        if (m[g].matched) value_group = g;
      if (value_group < 0) continue;
      size_t vs = static_cast<size_t>(m[value_group].first - text.data());
      size_t ve = static_cast<size_t>(m[value_group].second - text.data());
      if (ve <= vs) continue;

      FigureMatch fig;
      fig.field = rule.info.field;
      fig.rule = rule.info.id;
      fig.label_start = static_cast<int>(match_start);
      fig.label_end = static_cast<int>(vs);
      for (int g : rule.label_groups) {
        if (!m[g].matched) continue;
        fig.label_start = static_cast<int>(m[g].first - text.data());
        fig.label_end = static_cast<int>(m[g].second - text.data());
        break;
      }
      fig.label = to_utf8(text.substr(fig.label_start, fig.label_end - fig.label_start));

      // Context: in the value's sentence (or paragraph, for a rule's context that says so),
      // before the value, at most kContextWindow characters back, so that a sentence of thousands
      // of values is not searched once per value. not_context is always the value's sentence.
      if (rule.context || rule.not_context) {
        size_t window = vs > kContextWindow ? vs - kContextWindow : 0;
        size_t sentence = std::max(sentence_start(match_start), window);
        Match cm;
        if (rule.context &&
            !search(*rule.context, text, rule.context_in_paragraph ? window : sentence, vs, cm))
          continue;
        if (rule.not_context && search(*rule.not_context, text, sentence, vs, cm)) continue;
      }

      if (rule.info.kind == FigureKind::text) {
        fig.start = static_cast<int>(vs);
        fig.end = static_cast<int>(ve);
        fig.quantity.start = fig.start;
        fig.quantity.end = fig.end;
      } else {
        const std::vector<Quantity>& all = quantities_by_start();
        // The first quantity (in reading order) that starts inside the value group.
        std::optional<Quantity> q;
        auto first = std::lower_bound(all.begin(), all.end(), static_cast<int>(vs),
                                      [](const Quantity& cand, int start) { return cand.start < start; });
        if (first != all.end() && first->start < static_cast<int>(ve)) q = *first;
        if (!q) {  // the group read alone (the parser may have joined it with its neighbours)
          q = numbers.parse_cell(text.substr(vs, ve - vs), ctx);
          if (q) {
            q->start += static_cast<int>(vs);
            q->end += static_cast<int>(vs);
          }
        }
        // "实际到位资金150万，": a money rule's amount with its 元 left off after the multiplier
        // is that many 万元 (the parser's own reading of "150万" under an implied 元).
        if (q && rule.info.kind == FigureKind::money && q->kind == QuantityKind::number) {
          NumberContext in_yuan = ctx;
          in_yuan.implied_money_unit = "元";
          auto money = numbers.parse_cell(text.substr(q->start, q->end - q->start), in_yuan);
          if (money && money->kind == QuantityKind::money && !money->unit_implied) {
            money->start += q->start;
            money->end += q->start;
            q = money;
          }
        }
        if (!q || !kind_fits(rule.info.kind, *q) || !q->comparator.empty()) continue;
        if (!rule.units.empty() &&
            std::find(rule.units.begin(), rule.units.end(), q->unit) == rule.units.end())
          continue;
        fig.quantity = *q;
        // A score written without 分 ("自评得分：96.5，") is in 分 all the same.
        if (rule.info.kind == FigureKind::score && q->kind == QuantityKind::number) {
          fig.quantity.kind = QuantityKind::score;
          fig.quantity.unit = "分";
        }
        fig.start = q->start;
        fig.end = q->end;
      }
      fig.text = to_utf8(text.substr(fig.start, fig.end - fig.start));
      candidates.push_back(Candidate{std::move(fig), rule.info.priority, r});
      check_figure_matches(candidates.size());  // max_figures_per_report, before they pile up
    }
  }

  // One figure per value span: higher priority, then the longer label, then the earlier rule.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    int la = a.match.label_end - a.match.label_start, lb = b.match.label_end - b.match.label_start;
    if (la != lb) return la > lb;
    if (a.order != b.order) return a.order < b.order;
    return a.match.start < b.match.start;
  });
  // Kept spans do not overlap, so an ordered map by start finds the only possible neighbours.
  std::map<int, int> kept;  // start -> end
  for (auto& c : candidates) {
    auto after = kept.lower_bound(c.match.start);
    bool overlaps = after != kept.end() && after->first < c.match.end;
    if (!overlaps && after != kept.begin()) overlaps = std::prev(after)->second > c.match.start;
    if (overlaps) continue;
    kept.emplace(c.match.start, c.match.end);
    out.push_back(std::move(c.match));
  }
  std::sort(out.begin(), out.end(), [](const FigureMatch& a, const FigureMatch& b) {
    return a.start != b.start ? a.start < b.start : a.field < b.field;
  });
  return out;
}

std::vector<ExampleFailure> RuleSet::check_examples(const NumberParser& numbers) const {
  std::vector<ExampleFailure> failures;
  for (const Rule& rule : impl_->rules) {
    for (const RuleExample& ex : rule.info.examples) {
      auto found = find_figures(to_u32(ex.text), numbers);
      std::vector<const FigureMatch*> mine;
      for (const auto& f : found)
        if (f.rule == rule.info.id) mine.push_back(&f);
      auto fail = [&](std::string reason) {
        failures.push_back(ExampleFailure{rule.info.id, rule.info.file, ex.line, ex.text, std::move(reason)});
      };
      auto describe_found = [&]() {
        std::string s;
        for (const auto& f : found) s += " [" + f.rule + " " + f.text + "]";
        return s.empty() ? std::string(" nothing") : s;
      };
      if (ex.counter) {
        if (!mine.empty()) fail("counter example yields \"" + mine.front()->text + "\"");
        continue;
      }
      if (mine.empty()) {
        fail("example yields no figure for this rule; found" + describe_found());
        continue;
      }
      bool ok = std::any_of(mine.begin(), mine.end(), [&](const FigureMatch* f) {
        if (rule.info.kind == FigureKind::text) return true;
        bool value_ok = ex.value && std::fabs(f->quantity.value - *ex.value) <=
                                        1e-9 * std::max(1.0, std::fabs(*ex.value));
        bool unit_ok = ex.unit.empty() || f->quantity.unit == ex.unit;
        return value_ok && unit_ok;
      });
      if (!ok) {
        std::ostringstream got;
        got << mine.front()->quantity.value << mine.front()->quantity.unit;
        std::ostringstream want;
        want << (ex.value ? *ex.value : 0) << ex.unit;
        fail("want " + want.str() + ", got " + got.str());
      }
    }
  }
  return failures;
}

}  // namespace jixiao
