// The paths of a bulk import, held compactly: each directory's path once, each file's name in one
// shared buffer. A walk of a million files gives a list the importer keeps for the whole run (the
// order of work, the progress total); a vector of full path strings costs 2-3 times as much, and
// made the importer's memory grow with the corpus (issue 17).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jixiao {

class PathList {
 public:
  PathList() = default;
  PathList(const std::vector<std::string>& paths);  // NOLINT: a list of paths is a PathList
  PathList(std::initializer_list<std::string> paths) : PathList(std::vector<std::string>(paths)) {}

  // Adds `path` as given (split at its last '/', joined back the same).
  void push_back(std::string_view path);
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::string operator[](size_t i) const;
  std::vector<std::string> strings() const;

  // Sorts the paths from index `from` on, by their full path's bytes.
  void sort_from(size_t from);
  // Drops every path that equals an earlier one, keeping the order of the rest.
  void remove_repeats();

 private:
  struct Entry {
    uint32_t dir;     // index in dirs_
    uint32_t length;  // of the name
    uint32_t chunk;   // of names_ holding the name
    uint32_t offset;  // of the name in its chunk
  };
  std::string_view dir_of(const Entry& e) const { return dirs_[e.dir]; }
  std::string_view name_of(const Entry& e) const {
    return std::string_view(names_[e.chunk]).substr(e.offset, e.length);
  }
  // <0, 0, >0 as the full path of `a` sorts before, equal to or after that of `b`.
  int compare(const Entry& a, const Entry& b) const;

  std::vector<std::string> dirs_;  // each with its trailing '/', or "" for a bare name
  std::unordered_map<std::string, uint32_t> dir_index_;
  // Names, in chunks filled once and never moved: a single growing buffer would, while it is
  // copied to a larger one, hold the names twice.
  std::vector<std::string> names_;
  std::vector<Entry> entries_;
};

}  // namespace jixiao
