// RuleSet: figure rules loaded at run time from rules/figures*.toml, compiled once, matched
// against normalized paragraphs to find budget figures in prose ("财政预算安排165.69万元").
//
// Rule file schema (TOML; literal strings '...' and '''...''' need no double escaping):
//
//   [meta]
//   version = "figures-1"            # recorded with every import (RuleSet::version adds a hash)
//
//   [patterns]                       # named sub-patterns, shared by every figures*.toml file
//   num   = '''[0-9]+(?:\.[0-9]+)?'''
//   money = '''{num}(?:万元|元)'''    # {name} inserts a sub-pattern (as a non-capturing group)
//
//   [[figure]]
//   id       = "budget.initial.year_start"   # unique in the rule set
//   field    = "budget.initial"              # a DESIGN.md field name
//   kind     = "money"                       # money | percent | count | score | year | text
//   pattern  = '''(?<label>年初预算数?)(?<value>{money})'''   # Boost.Regex, ICU flavour
//   context  = '''预算'''            # optional: must match earlier in the same sentence
//   not_context = '''决算'''         # optional: must NOT match earlier in the same sentence
//   priority = 0                     # optional: higher wins when two rules read one value
//   anchors  = ["年初预算"]          # optional prefilter: the rule runs only on a paragraph
//                                    # holding one of these literals (checked against examples)
//   units    = ["人", "名"]          # optional: accepted units of the parsed quantity
//   [[figure.example]]               # at least one: text, value, unit the rule must yield
//   text = "本年年初预算120万元。"
//   value = 120
//   unit = "万元"
//   [[figure.counter]]               # text on which the rule must yield nothing
//   text = "全年预算数120万元。"
//
// The `value` group must cover the quantity text; the number parser reads it and the
// quantity's kind must fit the rule's kind (a quantity with a comparator, "≥90%", is a target,
// never a figure). `label` (optional) names the label words; without it the label is the
// matched text before the value. Sentences end at 。！？!? and newlines; a context must lie in
// the value's sentence, before the match.
//
// Loading follows ripgrep's partial errors: a bad rule (unknown key, missing field, unknown
// field name or kind, no example, a pattern that does not compile or lacks the value group,
// an unknown or cyclic {reference}) is skipped and reported in soft_errors with file and line;
// the rest loads. A file that is not valid TOML is a hard error. The commands treat a soft error
// as an error too (exit 2) unless --lenient; tests and tools can still load what loads.
//
// A RuleSet is immutable after load: copies share the compiled patterns, and one RuleSet may
// be used from any number of threads at once (pass `const RuleSet&`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/records.h"
#include "numbers/numbers.h"

namespace jixiao {

class Vocabulary;

enum class FigureKind { money, percent, count, score, year, text };
const char* to_string(FigureKind kind);

// One figure found in a paragraph. Offsets are code points into the text given to find_figures.
struct FigureMatch {
  std::string field;  // budget.initial, ...
  std::string rule;   // the rule id
  Quantity quantity;  // the parsed value (kind text: unit "" and value 0)
  std::string label;  // the label words ("财政预算安排")
  std::string text;   // the figure's characters ("165.69万元")
  int start = 0;      // the figure's text in the paragraph
  int end = 0;
  int label_start = -1;
  int label_end = -1;
};

struct RuleExample {
  std::string text;
  std::optional<double> value;  // positive examples
  std::string unit;
  bool counter = false;  // true: the rule must yield nothing on `text`
  int line = 0;
};

// What a loaded rule says about itself (the compiled pattern stays inside the RuleSet).
struct FigureRuleInfo {
  std::string id, field;
  FigureKind kind = FigureKind::money;
  int priority = 0;
  std::string pattern;  // after {reference} expansion
  std::string file;
  int line = 0;
  std::vector<RuleExample> examples;
};

// An example that did not come out as written (see RuleSet::check_examples).
struct ExampleFailure {
  std::string rule, file;
  int line = 0;
  std::string text;
  std::string reason;
  std::string describe() const;  // "file:line: rule: reason: text"
};

class RuleSet {
 public:
  RuleSet();

  // Reads every figures*.toml in `dir` (other rule files there belong to other stages).
  // Hard error: the directory cannot be read, holds no figures*.toml, or a file is not TOML.
  static Result<RuleSet> load(const std::string& dir, std::vector<Error>* soft_errors);
  // The same with the vocabulary already loaded from `dir` (Pipeline::load reads it once).
  static Result<RuleSet> load(const std::string& dir, const Vocabulary& vocabulary,
                              std::vector<Error>* soft_errors);

  // Figures in one normalized paragraph, ordered by start; at most one figure per value span.
  // `known`: numbers.find_all(text, ctx), when the caller has it already (else it is run here,
  // and only if some rule hits).
  std::vector<FigureMatch> find_figures(std::u32string_view text, const NumberParser& numbers,
                                        const NumberContext& ctx = {},
                                        const std::vector<Quantity>* known = nullptr) const;

  // Runs every rule's examples and counters through find_figures; empty when all hold.
  std::vector<ExampleFailure> check_examples(const NumberParser& numbers) const;

  const std::vector<FigureRuleInfo>& rules() const;
  // "<meta.version>+<hash of the files' contents>", stable across runs and machines.
  const std::string& version() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jixiao
