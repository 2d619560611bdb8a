// Part names of Open Packaging Conventions containers (DOCX, XLSX): where a part's relationships
// are, and a relationship's target resolved against the part that holds it.
#pragma once

#include <string>
#include <string_view>

namespace jixiao::opc {

// "../media/x" from "word/document.xml" is "word/media/x"; "/xl/a.xml" is "xl/a.xml". The target is
// percent-decoded, '\\' read as '/', "." and ".." segments resolved (never above the root).
std::string resolve_target(std::string_view source_part, std::string_view target);

// "%20" -> " " (invalid escapes stay as they are): ZIP entry names and relationship targets are
// compared decoded, since some writers keep the percent-encoding in entry names.
std::string percent_decoded(std::string_view s);

// "word/_rels/document.xml.rels" for "word/document.xml".
std::string rels_name_for(std::string_view part);

}  // namespace jixiao::opc
