// Iterates over the items of an Exim list string.
//
// Exim's rules: the default separator is ':' (or another one the caller
// chooses); a list that starts with '<' followed by a punctuation or control
// character uses that character instead ("<; a;b"). Leading and trailing
// white space around each item is dropped, and a doubled separator stands
// for one literal separator inside an item ("a::b" is the single item
// "a:b"). An all-white-space list is empty; a trailing separator does not
// add an empty item, but an empty item between separators is kept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corvid::lists {

class ListReader {
 public:
  explicit ListReader(std::string_view list, char default_sep = ':');

  // Next item into `out`; false at the end of the list.
  bool next(std::string& out);
  char separator() const { return sep_; }

 private:
  std::string_view rest_;
  char sep_;
};

// The whole list as a vector of items.
std::vector<std::string> split_list(std::string_view list, char default_sep = ':');

// Appends `item` to the list being built in `out`, doubling any separator
// inside it, as Exim does when it builds a list (${map}, ${filter}, ...).
void append_list_item(std::string& out, std::string_view item, char sep = ':');

// Builds a list as Exim's ${map}, ${filter} and ${sort} write their
// results: items after the first are preceded by the separator, separators
// inside items are doubled, and an empty item after the first is written
// as a single space so that it is not read back as a doubled separator.
class ListBuilder {
 public:
  explicit ListBuilder(char sep = ':') : sep_(sep) {}
  void add(std::string_view item);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
  char sep_;
  bool first_ = true;
};

// The separator a list uses (its '<' prefix or `default_sep`).
char list_separator(std::string_view list, char default_sep = ':');

}  // namespace corvid::lists
