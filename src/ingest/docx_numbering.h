// List numbering for the DOCX reader: numbering.xml's abstract numberings and instances, the
// counters of a reading pass, and the rendering of a level's lvlText ("第%1章", "（%2）") with its
// numFmt (decimal, chineseCounting, ideographTraditional, upperRoman, decimalEnclosedCircle, ...).
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>

#include "ingest/docx_xml.h"

namespace jixiao::docx {

// One number in a Word number format; unknown formats fall back to decimal.
std::string format_number(int value, std::string_view num_fmt);

class Numbering {
 public:
  void load(const XmlPart& part);
  // The label of the next paragraph of list `num_id` at level `ilvl`; advances the counters.
  // Empty when the list or level is unknown or renders to nothing.
  std::string next_label(const std::string& num_id, int ilvl);

 private:
  struct Level {
    int start = 1;
    std::string fmt = "decimal";
    std::string text;
    bool has_text = false;
    bool legal = false;
  };
  struct Abstract {
    std::array<std::optional<Level>, 9> levels;
    std::string num_style_link;  // a numbering that points at a style's numbering
  };
  struct Num {
    std::string abstract_id;
    std::array<std::optional<int>, 9> start_override;
    std::array<std::optional<Level>, 9> level_override;
  };
  struct Counters {
    std::array<int, 9> value{};
    std::array<bool, 9> started{};
  };
  static Level read_level(const XmlPart& part, pugi::xml_node lvl);

  std::map<std::string, Abstract> abstracts_;
  std::map<std::string, Num> nums_;
  std::map<std::string, std::string> style_links_;  // styleLink name -> abstract id
  std::map<std::string, Counters> counters_;
};

}  // namespace jixiao::docx
