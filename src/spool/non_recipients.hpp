// The -H file's non-recipients: addresses the message must not be
// delivered to again (delivered ones, and those removed by -t). Exim
// keeps them in a balanced binary tree and writes the tree in pre-order,
// each node as "<L><R> <address>" where L and R are Y or N for "has a
// left / right branch"; an empty tree is the single line "XX".
//
// A tree read from a file keeps its exact shape, so writing it back gives
// the same bytes. insert() rebuilds a balanced tree over the sorted
// addresses (root = element (n-1)/2 of each range, which is the shape
// Exim's AVL tree has after sorted insertions); Exim's reader accepts
// any valid search tree, so lookups agree whatever the shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::spool {

namespace detail {
class Cursor;
}

class NonRecipients {
 public:
  struct Node {
    std::string address;
    bool left = false;
    bool right = false;
    bool operator==(const Node&) const = default;
  };

  bool empty() const { return nodes_.empty(); }
  std::size_t size() const { return nodes_.size(); }
  // Exact (case-sensitive) match, as Exim's tree search.
  bool contains(std::string_view address) const;
  void insert(std::string address);
  // The addresses in sorted order.
  std::vector<std::string> addresses() const;
  const std::vector<Node>& nodes() const { return nodes_; }

  // The lines for the -H file ("XX\n" when empty).
  std::string write() const;
  // Reads the tree at the cursor; nullopt on a malformed or too deep tree.
  static std::optional<NonRecipients> read(detail::Cursor& cursor);
  static NonRecipients from_addresses(std::vector<std::string> addresses);

  bool operator==(const NonRecipients& o) const { return nodes_ == o.nodes_; }

 private:
  std::vector<Node> nodes_;  // pre-order
};

}  // namespace corvid::spool
