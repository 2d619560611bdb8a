// PDF layout: the words of each page with their boxes, and the page rendered in grey, rebuilt
// into paragraphs and ruled tables (ingest/pdf.cpp gets both from poppler).
//
// - Tables: a ruled 自评表 is found from its rules, not guessed from word positions. In the grey
//   image the word boxes are blanked, and the dark runs left that are long and thin are the
//   horizontal and vertical rules. Rules that cross form one table; its row edges are the
//   horizontal rules' y, its column edges the vertical rules' x. Two grid positions with no rule
//   between them belong to one merged cell (kept merged: its text over the whole region, the
//   region in Table::merged). A word belongs to the cell holding the centre of its box; a cell's
//   lines are joined without a separator (a wrapped "93." "47%" reads "93.47%"), a space only
//   between two Latin letters. A table cut by a page break continues on the next page
//   when it starts that page with the same columns.
// - Paragraphs: the words outside tables, grouped into lines by their vertical centres (a space
//   where the gap between two words is wider than a fifth of the line height), and lines into
//   paragraphs: a line that reaches the right edge of the text joins the next one (a wrapped line)
//   unless the next is indented or far below.
// Not read: tables without rules (their rows become lines of text with the cells separated by
// spaces), headers and footers told apart from the body.
#include "ingest/pdf_layout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include "core/deadline.h"
#include "core/sanitizer.h"
#include "ingest/pixel_runs.h"

namespace jixiao {

double render_scale(double width, double height, double max_pixels, double max_scale) {
  const double w = std::max(width, 0.0), h = std::max(height, 0.0), budget = max_pixels - 1;
  if (!(budget > 0) || !std::isfinite(w) || !std::isfinite(h)) return 0;
  // The largest s with (w·s + 1)(h·s + 1) ≤ max_pixels, written so that a huge side loses no
  // precision: s = 2(P − 1) / ((w + h) + √((w + h)² + 4wh(P − 1))).
  const double sum = w + h;
  if (sum <= 0) return max_scale;
  const double s = 2 * budget / (sum + std::sqrt(sum * sum + 4 * w * h * budget));
  return std::min(max_scale, s);
}

namespace {

using Word = PdfWord;

struct Segment {  // a rule, in points: horizontal (pos = y, from..to in x) or vertical
  double pos, from, to;
};

struct Grid {
  std::vector<double> xs, ys;  // column and row edges, ascending
  std::vector<Segment> h, v;   // the rules of this table
};

constexpr double kTolerance = 3.0;  // points: rules this close are one
constexpr double kMinRule = 14.0;   // points: shorter dark runs are not rules

bool latin(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Joins two pieces of text, with a space or without.
void join(std::string& out, const std::string& next, bool space) {
  if (next.empty()) return;
  if (!out.empty() && space) out += ' ';
  out += next;
}

// Words sorted into lines (by vertical centre), each line left to right.
std::vector<std::vector<Word>> lines_of(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.cy() < b.cy(); });
  std::vector<std::vector<Word>> lines;
  double centre = 0, height = 0;
  for (Word& w : words) {
    if (lines.empty() || std::fabs(w.cy() - centre) > std::max(height, w.h()) * 0.5) {
      lines.emplace_back();
      centre = w.cy();
      height = w.h();
    }
    lines.back().push_back(std::move(w));
  }
  for (auto& line : lines)
    std::sort(line.begin(), line.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
  return lines;
}

std::string line_text(const std::vector<Word>& line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    bool gap = i > 0 && line[i].x0 - line[i - 1].x1 > std::max(line[i].h(), line[i - 1].h()) * 0.2;
    join(out, line[i].text, gap);
  }
  return out;
}

std::string cell_text(std::vector<Word> words) {
  std::string out;
  for (const auto& line : lines_of(std::move(words))) {
    std::string text = line_text(line);
    bool space = !out.empty() && !text.empty() && latin(out.back()) && latin(text.front());
    join(out, text, space);
  }
  return out;
}

// Runs on nearby pixel lines merged into rules (in points).
std::vector<Segment> rules_of(const RunsByLine& runs_at, double scale) {
  std::vector<Segment> out;
  std::vector<std::pair<double, std::pair<double, double>>> all;
  for (const auto& [a, list] : runs_at)
    for (const auto& [from, to] : list) all.push_back({a / scale, {from / scale, (to + 1) / scale}});
  // Group by position, then merge overlapping extents within a group.
  std::sort(all.begin(), all.end());
  size_t i = 0;
  while (i < all.size()) {
    size_t j = i;
    double first = all[i].first;
    while (j < all.size() && all[j].first - first <= kTolerance * 0.7) ++j;
    std::vector<std::pair<double, double>> extents;
    double sum = 0;
    for (size_t k = i; k < j; ++k) {
      extents.push_back(all[k].second);
      sum += all[k].first;
    }
    double pos = sum / static_cast<double>(j - i);
    std::sort(extents.begin(), extents.end());
    for (const auto& e : extents) {
      if (!out.empty() && out.back().pos == pos && e.first <= out.back().to + kTolerance)
        out.back().to = std::max(out.back().to, e.second);
      else
        out.push_back({pos, e.first, e.second});
    }
    i = j;
  }
  return out;
}

std::vector<double> cluster(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::vector<double> out;
  for (double v : values)
    if (out.empty() || v - out.back() > kTolerance) out.push_back(v);
  return out;
}

// The w x h grey image (rows `stride` bytes apart) as 1 for a dark pixel, 0 for a light one.
JIXIAO_NO_COVERAGE std::unique_ptr<uint8_t[]> dark_cells(const unsigned char* data, int w, int h,
                                                         int stride) {
  // Every cell is written below: no zeroing first.
  auto dark = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(w) * h);
  // Grey below 160 is dark: by table, not by a comparison per pixel.
  static const std::array<uint8_t, 256> kDark = [] {
    std::array<uint8_t, 256> t{};
    for (int g = 0; g < 160; ++g) t[g] = 1;
    return t;
  }();
  for (int y = 0; y < h; ++y) {
    const unsigned char* row = data + static_cast<size_t>(y) * stride;
    uint8_t* to = dark.get() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) to[x] = kDark[row[x]];
  }
  return dark;
}

// The ruled tables of a page, from its grey image.
std::vector<Grid> find_grids(const PdfPageImage& image, const std::vector<Word>& words) {
  const int w = image.width, h = image.height, stride = image.stride;
  const double scale = image.scale;
  if (w <= 0 || h <= 0 || stride < w || !(scale > 0)) return {};
  std::unique_ptr<uint8_t[]> dark = dark_cells(image.grey, w, h, stride);
  // Blank the words, so that glyph strokes are not taken for rules; a point less at the top and
  // bottom, where a rule may touch a box (cells without vertical padding).
  for (const Word& word : words) {
    check_deadline("PDF reading");  // each word blanks up to the whole page
    auto clamp = [](double v, int hi) {
      return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(hi)));
    };
    int x0 = clamp(word.x0 * scale, w), x1 = clamp(std::ceil(word.x1 * scale), w);
    int y0 = clamp((word.y0 + 1) * scale, h), y1 = clamp((word.y1 - 1) * scale, h);
    for (int y = y0; y < y1; ++y)
      std::fill(dark.get() + static_cast<size_t>(y) * w + x0,
                dark.get() + static_cast<size_t>(y) * w + std::max(x0, x1), 0);
  }
  // A rule is at least as long as a narrow cell; a glyph stroke left over is shorter than a line of text.
  int min_len = std::max(8, static_cast<int>(kMinRule * scale));
  RunsByLine hr, vr;
  horizontal_runs(dark.get(), w, h, min_len, hr);
  vertical_runs(dark.get(), w, h, min_len, vr);
  std::vector<Segment> hs = rules_of(hr, scale), vs = rules_of(vr, scale);
  // Thick dark areas (images, filled boxes) give runs on many pixel lines: a rule is thin, so
  // drop horizontal "rules" whose neighbours within a few points cover the same extent many times.
  size_t n = hs.size() + vs.size();
  if (n == 0 || n > 20000) return {};
  std::vector<size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (size_t i = 0; i < hs.size(); ++i) {
    check_deadline("PDF reading");
    for (size_t j = 0; j < vs.size(); ++j) {
      const Segment& a = hs[i];
      const Segment& b = vs[j];
      if (b.pos >= a.from - kTolerance && b.pos <= a.to + kTolerance && a.pos >= b.from - kTolerance &&
          a.pos <= b.to + kTolerance)
        parent[find(i)] = find(hs.size() + j);
    }
  }
  std::map<size_t, Grid> grids;
  for (size_t i = 0; i < hs.size(); ++i) grids[find(i)].h.push_back(hs[i]);
  for (size_t j = 0; j < vs.size(); ++j) grids[find(hs.size() + j)].v.push_back(vs[j]);
  std::vector<Grid> out;
  for (auto& [root, g] : grids) {
    std::vector<double> ys, xs;
    for (const Segment& s : g.h) ys.push_back(s.pos);
    for (const Segment& s : g.v) xs.push_back(s.pos);
    g.ys = cluster(ys);
    g.xs = cluster(xs);
    if (g.ys.size() < 2 || g.xs.size() < 2) continue;
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const Grid& a, const Grid& b) { return a.ys.front() < b.ys.front(); });
  return out;
}

bool covers(const std::vector<Segment>& rules, double pos, double at) {
  for (const Segment& s : rules)
    if (std::fabs(s.pos - pos) <= kTolerance && at >= s.from - kTolerance && at <= s.to + kTolerance)
      return true;
  return false;
}

// The words inside `grid` (removed from `words`) as a table block.
Result<Block> table_of(const Grid& g, std::vector<Word>& words, const ReadLimits& limits) {
  int rows = static_cast<int>(g.ys.size()) - 1, cols = static_cast<int>(g.xs.size()) - 1;
  if (static_cast<int64_t>(rows) * cols > limits.max_table_cells) {
    Error e;
    e.code = ErrorCode::limit_exceeded;
    e.message = "a PDF table has " + std::to_string(rows) + " x " + std::to_string(cols) +
                " positions, more than max_table_cells " + std::to_string(limits.max_table_cells);
    return e;
  }
  // Regions: grid positions with no rule between them are one cell.
  std::vector<int> parent(static_cast<size_t>(rows) * cols);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      double ymid = (g.ys[r] + g.ys[r + 1]) / 2, xmid = (g.xs[c] + g.xs[c + 1]) / 2;
      if (c + 1 < cols && !covers(g.v, g.xs[c + 1], ymid))
        parent[find(r * cols + c)] = find(r * cols + c + 1);
      if (r + 1 < rows && !covers(g.h, g.ys[r + 1], xmid))
        parent[find(r * cols + c)] = find((r + 1) * cols + c);
    }
  std::map<int, std::vector<Word>> cell_words;
  std::vector<Word> rest;
  auto index_in = [](const std::vector<double>& edges, double v) {
    auto it = std::upper_bound(edges.begin(), edges.end(), v);
    return static_cast<int>(it - edges.begin()) - 1;
  };
  for (Word& w : words) {
    int r = index_in(g.ys, w.cy()), c = index_in(g.xs, w.cx());
    if (r < 0 || r >= rows || c < 0 || c >= cols)
      rest.push_back(std::move(w));
    else
      cell_words[find(r * cols + c)].push_back(std::move(w));
  }
  words = std::move(rest);
  Block block;
  block.type = BlockType::table;
  Table& t = block.table;
  t.rows.assign(rows, std::vector<std::string>(cols));
  std::map<int, Merge> regions;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      int root = find(r * cols + c);
      auto [it, fresh] = regions.try_emplace(root, Merge{r, c, 1, 1});
      if (!fresh) {
        Merge& m = it->second;
        int r1 = std::max(m.row + m.rows, r + 1), c1 = std::max(m.col + m.cols, c + 1);
        m.row = std::min(m.row, r);
        m.col = std::min(m.col, c);
        m.rows = r1 - m.row;
        m.cols = c1 - m.col;
      }
    }
  for (auto& [root, m] : regions) {
    auto it = cell_words.find(root);
    std::string text = it == cell_words.end() ? std::string() : cell_text(std::move(it->second));
    for (int r = m.row; r < m.row + m.rows; ++r)
      for (int c = m.col; c < m.col + m.cols; ++c)
        if (find(r * cols + c) == root) t.rows[r][c] = text;
    if (m.rows * m.cols > 1) t.merged.push_back(m);
  }
  std::sort(t.merged.begin(), t.merged.end(),
            [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  // Columns and rows that hold nothing at all (a rule drawn twice, a decorative frame) are dropped.
  return block;
}

// `t`, whose column edges are `from`, laid on the finer edges `to` (every edge of `from` is near
// one of `to`): a column split in several is a merged cell over them.
void regrid(Table& t, const std::vector<double>& from, const std::vector<double>& to) {
  if (from.size() == to.size()) return;
  std::vector<int> first(from.size());  // index in `to` of each edge of `from`
  for (size_t i = 0; i < from.size(); ++i) {
    size_t best = 0;
    for (size_t j = 0; j < to.size(); ++j)
      if (std::fabs(to[j] - from[i]) < std::fabs(to[best] - from[i])) best = j;
    first[i] = static_cast<int>(best);
  }
  for (size_t i = 1; i < first.size(); ++i) first[i] = std::max(first[i], first[i - 1] + 1);
  int cols = static_cast<int>(to.size()) - 1;
  auto start = [&](int c) { return std::min(first[c], cols - 1); };
  auto width = [&](int c) { return std::max(1, std::min(first[c + 1], cols) - start(c)); };
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : t.rows) {
    std::vector<std::string> out(cols);
    for (int c = 0; c < static_cast<int>(row.size()) && c + 1 < static_cast<int>(first.size()); ++c)
      for (int k = 0; k < width(c); ++k) out[start(c) + k] = row[c];
    rows.push_back(std::move(out));
  }
  std::vector<Merge> merged;
  std::vector<std::vector<bool>> in_merge(t.rows.size(), std::vector<bool>(t.col_count()));
  for (const Merge& m : t.merged) {
    int c0 = start(m.col), c1 = start(m.col + m.cols - 1) + width(m.col + m.cols - 1);
    merged.push_back({m.row, c0, m.rows, std::min(c1, cols) - c0});
    for (int r = m.row; r < m.row + m.rows; ++r)
      for (int c = m.col; c < m.col + m.cols; ++c) in_merge[r][c] = true;
  }
  for (int r = 0; r < t.row_count(); ++r)
    for (int c = 0; c < t.col_count(); ++c)
      if (!in_merge[r][c] && width(c) > 1) merged.push_back({r, start(c), 1, width(c)});
  std::sort(merged.begin(), merged.end(),
            [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
  t.rows = std::move(rows);
  t.merged = std::move(merged);
}

// The merged region of `t` holding (r, c), or that position alone.
Merge region_at(const Table& t, int r, int c) {
  for (const Merge& m : t.merged)
    if (r >= m.row && r < m.row + m.rows && c >= m.col && c < m.col + m.cols) return m;
  return Merge{r, c, 1, 1};
}

// Where a table goes on over a page break, a row or a cell may be cut in two (both parts on the
// same grid already). Two cases are put back together:
// - the next part's first row holds only the rest of some cells of the last row (fewer than half
//   of its positions filled, each under a filled cell): its text is appended to them, the row dropped;
// - a cell spanning rows at the top of the next part under a one-row cell at the bottom of the last
//   part, both filled (a vertically merged label such as 项目资金（万元） cut after "项目资"): one cell.
void join_at_page_break(Table& prev, Table& next) {
  if (prev.rows.empty() || next.rows.empty() || prev.col_count() != next.col_count()) return;
  int cols = prev.col_count(), last = prev.row_count() - 1;
  // Vertical regions at the top of the next part go on from the cell above them.
  for (int c = 0; c < cols; ++c) {
    Merge below = region_at(next, 0, c);
    Merge above = region_at(prev, last, c);
    if (below.col != c || above.col != c || below.rows < 2 || above.cols != below.cols) continue;
    if (prev.rows[last][c].empty()) continue;
    std::string text = next.rows[0][c].empty() || next.rows[0][c] == prev.rows[last][c]
                           ? prev.rows[last][c]
                           : prev.rows[last][c] + next.rows[0][c];
    for (int r = above.row; r < above.row + above.rows; ++r)
      for (int k = c; k < c + above.cols; ++k) prev.rows[r][k] = text;
    for (int r = 0; r < below.rows; ++r)
      for (int k = c; k < c + below.cols; ++k) next.rows[r][k] = text;
    std::erase_if(prev.merged, [&](const Merge& m) { return m.row == above.row && m.col == c; });
    std::erase_if(next.merged, [&](const Merge& m) { return m.row == 0 && m.col == c; });
    // One region from the top of `above` down (its rows in `next` are appended to `prev`).
    prev.merged.push_back({above.row, c, above.rows + below.rows, above.cols});
  }
  // The rest of a cut row: one-row cells of the next part's first row, fewer than half of them
  // filled, each under a filled cell.
  int filled = 0, single = 0;
  bool under_filled = true;
  for (int c = 0; c < cols; ++c) {
    Merge m = region_at(next, 0, c);
    bool vertical = m.rows > 1 || region_at(prev, last, c).row + region_at(prev, last, c).rows > last + 1;
    if (vertical) continue;
    ++single;
    if (!next.rows[0][c].empty()) {
      ++filled;
      under_filled = under_filled && !prev.rows[last][c].empty();
    }
  }
  if (filled > 0 && 2 * filled <= single && under_filled) {
    std::set<std::pair<int, int>> done;
    for (int c = 0; c < cols; ++c) {
      Merge below = region_at(next, 0, c);
      if (next.rows[0][c].empty() || below.rows > 1) continue;
      Merge m = region_at(prev, last, c);
      if (!done.insert({m.row, m.col}).second) continue;
      std::string text = prev.rows[last][c] + next.rows[0][c];
      for (int r = m.row; r < std::min(m.row + m.rows, last + 1); ++r)
        for (int k = m.col; k < m.col + m.cols; ++k) prev.rows[r][k] = text;
    }
    next.rows.erase(next.rows.begin());
    std::vector<Merge> kept;
    for (Merge m : next.merged) {
      if (m.row == 0) {
        if (m.rows == 1) continue;  // a one-row region of the dropped row
        m.rows -= 1;
      } else {
        m.row -= 1;
      }
      if (m.rows * m.cols > 1) kept.push_back(m);
    }
    next.merged = std::move(kept);
    // Regions of `prev` that ran into the dropped row are one row shorter.
    for (Merge& m : prev.merged)
      if (m.row + m.rows > last + 1) m.rows -= 1;
    std::erase_if(prev.merged, [](const Merge& m) { return m.rows * m.cols <= 1; });
  }
  std::sort(prev.merged.begin(), prev.merged.end(),
            [](const Merge& a, const Merge& b) { return a.row != b.row ? a.row < b.row : a.col < b.col; });
}

}  // namespace

PdfLayout::PdfLayout(std::string path, const ReadLimits& limits) : path_(std::move(path)), limits_(limits) {}

std::optional<Error> PdfLayout::add_page(int number, std::vector<PdfWord> words, const PdfPageImage* image) {
  if (words.empty()) return std::nullopt;
  // The text's left and right edges on this page, tables included (a centred title that is the
  // widest line outside tables does not reach the right edge).
  double left = 1e9, right = -1e9;
  for (const Word& w : words) {
    left = std::min(left, w.x0);
    right = std::max(right, w.x1);
  }
  // Blocks of this page with their top y, in reading order at the end.
  std::vector<std::pair<double, Block>> blocks;
  std::vector<std::vector<double>> table_edges;  // column edges of each table block, by source_line tag
  for (const Grid& g : image ? find_grids(*image, words) : std::vector<Grid>{}) {
    auto table = table_of(g, words, limits_);
    if (!table.ok()) {
      Error e = table.error();
      e.path = path_;
      return e;
    }
    Block b = std::move(table.value());
    b.source_line = number;
    bool empty = true;
    for (const auto& row : b.table.rows)
      for (const auto& cell : row) empty = empty && cell.empty();
    if (!empty) {
      b.source_line = static_cast<int64_t>(table_edges.size());  // index into table_edges until placed
      table_edges.push_back(g.xs);
      blocks.push_back({g.ys.front(), std::move(b)});
    }
  }
  auto lines = lines_of(std::move(words));
  Block current;
  double last_bottom = 0, last_right = 0, last_height = 0;
  bool open = false;
  for (const auto& line : lines) {
    double top = line.front().y0, height = 0, x1 = line.back().x1;
    for (const Word& w : line) height = std::max(height, w.h());
    // A table between the previous line and this one ends the paragraph.
    bool table_between = false;
    for (const auto& [y, b] : blocks)
      if (b.type == BlockType::table && y > last_bottom - 1 && y < top) table_between = true;
    bool continues = open && !table_between && last_right >= right - 2 * last_height &&
                     line.front().x0 <= left + last_height && top - last_bottom < 1.2 * last_height;
    std::string text = line_text(line);
    if (continues) {
      bool space = latin(current.text.back()) && latin(text.front());
      join(current.text, text, space);
    } else {
      if (open) blocks.push_back({current.source_line, std::move(current)});
      current = Block{};
      current.text = text;
      current.source_line = static_cast<int64_t>(top);  // replaced below by the page number
      open = true;
    }
    last_bottom = line.back().y1;
    for (const Word& w : line) last_bottom = std::max(last_bottom, w.y1);
    last_right = x1;
    last_height = height;
  }
  if (open) blocks.push_back({static_cast<double>(current.source_line), std::move(current)});
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t k = 0; k < blocks.size(); ++k) {
    Block& b = blocks[k].second;
    std::vector<double> edges;
    if (b.type == BlockType::table) edges = table_edges[static_cast<size_t>(b.source_line)];
    b.source_line = number;  // the page number
    // A table that ended the last page and starts this one in the same frame goes on; its
    // columns are the union of both parts' (a part whose rows all span two columns lacks the
    // rule between them).
    if (k == 0 && b.type == BlockType::table && last_is_table_at_page_end_ && !doc_.blocks.empty() &&
        std::fabs(last_edges_.front() - edges.front()) <= kTolerance &&
        std::fabs(last_edges_.back() - edges.back()) <= kTolerance) {
      std::vector<double> all = last_edges_;
      all.insert(all.end(), edges.begin(), edges.end());
      all = cluster(all);
      Table& prev = doc_.blocks.back().table;
      if (static_cast<int64_t>(prev.row_count() + b.table.row_count()) * static_cast<int64_t>(all.size()) >
          limits_.max_table_cells)
        return file_error(
            ErrorCode::limit_exceeded, path_,
            "a PDF table has more positions than max_table_cells " + std::to_string(limits_.max_table_cells));
      regrid(prev, last_edges_, all);
      regrid(b.table, edges, all);
      join_at_page_break(prev, b.table);
      int offset = prev.row_count();
      for (auto& row : b.table.rows) prev.rows.push_back(std::move(row));
      for (Merge m : b.table.merged) {
        m.row += offset;
        prev.merged.push_back(m);
      }
      last_edges_ = all;
      continue;
    }
    if (b.type == BlockType::table) last_edges_ = edges;
    doc_.blocks.push_back(std::move(b));
  }
  last_is_table_at_page_end_ = !blocks.empty() && blocks.back().second.type == BlockType::table;
  return std::nullopt;
}

}  // namespace jixiao
