#include "lists/list_reader.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace corvid::lists {

namespace {

// Consumes a "<x" separator prefix, returning the separator to use.
char take_separator(std::string_view& s, char default_sep) {
  s = util::trim_left(s);
  if (s.size() >= 2 && s[0] == '<') {
    auto c = static_cast<unsigned char>(s[1]);
    if (std::ispunct(c) || std::iscntrl(c)) {
      s.remove_prefix(2);
      return static_cast<char>(c);
    }
  }
  return default_sep;
}

}  // namespace

ListReader::ListReader(std::string_view list, char default_sep)
    : rest_(list), sep_(take_separator(rest_, default_sep)) {}

bool ListReader::next(std::string& out) {
  out.clear();
  rest_ = util::trim_left(rest_);
  if (rest_.empty()) {
    return false;
  }
  size_t i = 0;
  while (i < rest_.size()) {
    char c = rest_[i];
    if (c == sep_) {
      if (i + 1 < rest_.size() && rest_[i + 1] == sep_) {
        out.push_back(sep_);
        i += 2;
        continue;
      }
      break;
    }
    out.push_back(c);
    ++i;
  }
  rest_ = i < rest_.size() ? rest_.substr(i + 1) : std::string_view{};
  while (!out.empty() && util::is_space(out.back())) {
    out.pop_back();
  }
  return true;
}

std::vector<std::string> split_list(std::string_view list, char default_sep) {
  std::vector<std::string> items;
  ListReader reader(list, default_sep);
  std::string item;
  while (reader.next(item)) {
    items.push_back(item);
  }
  return items;
}

void append_list_item(std::string& out, std::string_view item, char sep) {
  if (!out.empty()) {
    out.push_back(sep);
  }
  for (char c : item) {
    out.push_back(c);
    if (c == sep) {
      out.push_back(sep);
    }
  }
}

void ListBuilder::add(std::string_view item) {
  if (!first_) {
    out_.push_back(sep_);
    if (item.empty()) out_.push_back(' ');
  }
  first_ = false;
  for (char c : item) {
    out_.push_back(c);
    if (c == sep_) out_.push_back(sep_);
  }
}

char list_separator(std::string_view list, char default_sep) {
  return take_separator(list, default_sep);
}

}  // namespace corvid::lists
