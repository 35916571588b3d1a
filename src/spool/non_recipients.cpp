#include "spool/non_recipients.hpp"

#include <algorithm>

#include "spool/cursor.hpp"

namespace corvid::spool {

namespace {

constexpr int kMaxDepth = 64;  // a balanced tree of any real size is far shallower

void build_balanced(const std::vector<std::string>& sorted, std::size_t lo, std::size_t hi,
                    std::vector<NonRecipients::Node>& out) {
  if (lo >= hi) return;
  std::size_t mid = lo + (hi - lo - 1) / 2;
  out.push_back({sorted[mid], mid > lo, mid + 1 < hi});
  build_balanced(sorted, lo, mid, out);
  build_balanced(sorted, mid + 1, hi, out);
}

bool read_node(detail::Cursor& c, int depth, std::vector<NonRecipients::Node>& out) {
  if (depth > kMaxDepth) return false;
  auto line = c.line();
  if (!line || line->size() < 3 || (*line)[2] != ' ') return false;
  char l = (*line)[0], r = (*line)[1];
  if ((l != 'Y' && l != 'N') || (r != 'Y' && r != 'N')) return false;
  out.push_back({std::string(line->substr(3)), l == 'Y', r == 'Y'});
  if (l == 'Y' && !read_node(c, depth + 1, out)) return false;
  return r != 'Y' || read_node(c, depth + 1, out);
}

}  // namespace

bool NonRecipients::contains(std::string_view address) const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [&](const Node& n) { return n.address == address; });
}

std::vector<std::string> NonRecipients::addresses() const {
  std::vector<std::string> out;
  for (const Node& n : nodes_) out.push_back(n.address);
  std::sort(out.begin(), out.end());
  return out;
}

void NonRecipients::insert(std::string address) {
  if (contains(address)) return;
  std::vector<std::string> all = addresses();
  all.push_back(std::move(address));
  *this = from_addresses(std::move(all));
}

NonRecipients NonRecipients::from_addresses(std::vector<std::string> addresses) {
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  NonRecipients t;
  build_balanced(addresses, 0, addresses.size(), t.nodes_);
  return t;
}

std::string NonRecipients::write() const {
  if (nodes_.empty()) return "XX\n";
  std::string out;
  for (const Node& n : nodes_) {
    out += n.left ? 'Y' : 'N';
    out += n.right ? 'Y' : 'N';
    out += ' ';
    out += n.address;
    out += '\n';
  }
  return out;
}

std::optional<NonRecipients> NonRecipients::read(detail::Cursor& cursor) {
  NonRecipients t;
  if (auto first = cursor.peek_line(); first && *first == "XX") {
    cursor.line();
    return t;
  }
  if (!read_node(cursor, 0, t.nodes_)) return std::nullopt;
  return t;
}

}  // namespace corvid::spool
