// Fuzz target: the Exim list reader.
//
// The first byte picks the default separator; the rest is the list. The
// reader must end, never read outside the input, and agree with
// split_list(). A list rebuilt with append_list_item() from the items must
// read back as the same items, as long as no item would be changed by the
// reader's trimming (leading/trailing white space, or an empty item) or
// start or end with the separator (where a doubled separator would run
// into the one between items).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lists/list_reader.hpp"

namespace {

bool survives_round_trip(const std::string& item) {
  if (item.empty()) {
    return false;
  }
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  return !space(item.front()) && !space(item.back()) && item.front() != ':' &&
         item.back() != ':';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 4096) {
    return 0;
  }
  char default_sep = static_cast<char>(data[0]);
  if (default_sep == '\0' || std::isspace(static_cast<unsigned char>(default_sep))) {
    default_sep = ':';
  }
  std::string_view list(reinterpret_cast<const char*>(data) + 1, size - 1);

  corvid::lists::ListReader reader(list, default_sep);
  std::vector<std::string> items;
  std::string item;
  while (reader.next(item)) {
    items.push_back(item);
    if (items.size() > list.size() + 1) {
      __builtin_trap();  // more items than bytes: the reader does not advance
    }
  }
  if (corvid::lists::split_list(list, default_sep) != items) {
    __builtin_trap();
  }
  (void)corvid::lists::list_separator(list, default_sep);

  // Round trip through append_list_item with a plain ':' separator.
  std::vector<std::string> kept;
  std::string rebuilt;
  for (const std::string& i : items) {
    if (survives_round_trip(i) && i.find('\0') == std::string::npos) {
      corvid::lists::append_list_item(rebuilt, i, ':');
      kept.push_back(i);
    }
  }
  if (!kept.empty() && kept.front().front() != '<' &&
      corvid::lists::split_list(rebuilt, ':') != kept) {
    __builtin_trap();
  }
  return 0;
}
