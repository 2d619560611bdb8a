#include "bulk/path_list.h"

#include <algorithm>
#include <numeric>

namespace jixiao {

PathList::PathList(const std::vector<std::string>& paths) {
  for (const std::string& p : paths) push_back(p);
}

void PathList::push_back(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view dir =
      slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
  const std::string_view name = path.substr(dir.size());
  // Paths come directory by directory: the last directory is the likely one.
  uint32_t index;
  if (!entries_.empty() && dirs_[entries_.back().dir] == dir) {
    index = entries_.back().dir;
  } else {
    auto [it, added] = dir_index_.try_emplace(std::string(dir), static_cast<uint32_t>(dirs_.size()));
    if (added) dirs_.emplace_back(dir);
    index = it->second;
  }
  constexpr size_t kChunk = 64 * 1024;
  if (names_.empty() || names_.back().size() + name.size() > names_.back().capacity()) {
    names_.emplace_back();
    names_.back().reserve(std::max(kChunk, name.size()));
  }
  entries_.push_back({index, static_cast<uint32_t>(name.size()), static_cast<uint32_t>(names_.size() - 1),
                      static_cast<uint32_t>(names_.back().size())});
  names_.back().append(name);
}

std::string PathList::operator[](size_t i) const {
  const Entry& e = entries_[i];
  std::string path;
  path.reserve(dirs_[e.dir].size() + e.length);
  path.append(dir_of(e)).append(name_of(e));
  return path;
}

std::vector<std::string> PathList::strings() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (size_t i = 0; i < size(); ++i) out.push_back((*this)[i]);
  return out;
}

int PathList::compare(const Entry& a, const Entry& b) const {
  // Byte order of dir+name against dir+name, without joining them.
  const std::string_view ad = dir_of(a), an = name_of(a), bd = dir_of(b), bn = name_of(b);
  const size_t alen = ad.size() + an.size(), blen = bd.size() + bn.size();
  for (size_t i = 0; i < std::min(alen, blen); ++i) {
    const auto ac = static_cast<unsigned char>(i < ad.size() ? ad[i] : an[i - ad.size()]);
    const auto bc = static_cast<unsigned char>(i < bd.size() ? bd[i] : bn[i - bd.size()]);
    if (ac != bc) return ac < bc ? -1 : 1;
  }
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

void PathList::sort_from(size_t from) {
  std::sort(entries_.begin() + static_cast<std::ptrdiff_t>(from), entries_.end(),
            [&](const Entry& a, const Entry& b) { return compare(a, b) < 0; });
}

void PathList::remove_repeats() {
  // Indices sorted by path (stable: the first of equal paths comes first), then the later ones
  // of each run of equal paths dropped.
  std::vector<uint32_t> order(entries_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return compare(entries_[a], entries_[b]) < 0; });
  std::vector<bool> repeated(entries_.size(), false);
  for (size_t i = 1; i < order.size(); ++i)
    if (compare(entries_[order[i]], entries_[order[i - 1]]) == 0) repeated[order[i]] = true;
  size_t kept = 0;
  for (size_t i = 0; i < entries_.size(); ++i)
    if (!repeated[i]) entries_[kept++] = entries_[i];
  entries_.resize(kept);
  entries_.shrink_to_fit();
}

}  // namespace jixiao
