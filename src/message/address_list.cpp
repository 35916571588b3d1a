#include "message/address_list.hpp"

#include <cctype>

namespace corvid::message {
namespace {

// Skips a quoted string or a (possibly nested) comment starting at `i`;
// returns the index after it (the end of the value if it never closes).
size_t skip_quoted(std::string_view v, size_t i) {
  if (v[i] == '"') {
    for (++i; i < v.size(); ++i) {
      if (v[i] == '\\') {
        ++i;
      } else if (v[i] == '"') {
        return i + 1;
      }
    }
    return v.size();
  }
  int depth = 0;
  for (; i < v.size(); ++i) {
    if (v[i] == '\\') {
      ++i;
    } else if (v[i] == '(') {
      ++depth;
    } else if (v[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return v.size();
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The addr-spec of one list item [begin, end): inside <...> when there is
// one, else the item without comments and surrounding space.
std::optional<AddressSpan> item_address(std::string_view v, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    if (v[i] == '"' || v[i] == '(') {
      i = skip_quoted(v, i);
    } else if (v[i] == '<') {
      size_t close = v.find('>', i);
      if (close == std::string_view::npos || close > end) return std::nullopt;
      size_t b = i + 1, e = close;
      while (b < e && space(v[b])) ++b;
      while (e > b && space(v[e - 1])) --e;
      // A source route "<@a,@b:u@d>" keeps only the final address.
      size_t colon = v.substr(b, e - b).rfind(':');
      if (b < e && v[b] == '@' && colon != std::string_view::npos) b += colon + 1;
      if (b >= e) return std::nullopt;  // "<>" names nobody
      return AddressSpan{b, e, std::string(v.substr(b, e - b))};
    } else {
      ++i;
    }
  }
  // No angle brackets: the item is the address, comments aside.
  size_t b = begin, e = end;
  std::string addr;
  size_t first = std::string_view::npos, last = 0;
  for (size_t i = b; i < e;) {
    if (v[i] == '(') {
      i = skip_quoted(v, i);
      continue;
    }
    if (v[i] == '"') {
      size_t after = skip_quoted(v, i);
      if (first == std::string_view::npos) first = i;
      addr.append(v.substr(i, after - i));
      last = after;
      i = after;
      continue;
    }
    if (!space(v[i])) {
      if (first == std::string_view::npos) first = i;
      addr.push_back(v[i]);
      last = i + 1;
    }
    ++i;
  }
  if (addr.empty()) return std::nullopt;
  return AddressSpan{first, last, addr};
}

}  // namespace

std::vector<AddressSpan> find_addresses(std::string_view v) {
  std::vector<AddressSpan> out;
  size_t start = 0;
  bool in_group = false;
  for (size_t i = 0; i <= v.size();) {
    if (i < v.size() && (v[i] == '"' || v[i] == '(')) {
      i = skip_quoted(v, i);
      continue;
    }
    if (i < v.size() && v[i] == '<') {
      size_t close = v.find('>', i);
      i = close == std::string_view::npos ? v.size() : close + 1;
      continue;
    }
    if (i < v.size() && v[i] == ':' && !in_group) {
      // "group-name:" starts a group; its members follow.
      in_group = true;
      start = i + 1;
      ++i;
      continue;
    }
    if (i == v.size() || v[i] == ',' || (v[i] == ';' && in_group)) {
      if (auto a = item_address(v, start, i)) out.push_back(std::move(*a));
      if (i < v.size() && v[i] == ';') in_group = false;
      start = i + 1;
    }
    ++i;
  }
  return out;
}

std::optional<std::string> parse_one_address(std::string_view text, std::string& error) {
  std::optional<AddressSpan> a = item_address(text, 0, text.size());
  if (!a) {
    error = text.find('<') != std::string_view::npos ? "missing or malformed <...>"
                                                      : "empty address";
    return std::nullopt;
  }
  const std::string& s = a->address;
  size_t at = s.rfind('@');
  std::string_view local = at == std::string::npos ? std::string_view(s) : std::string_view(s).substr(0, at);
  std::string_view domain = at == std::string::npos ? std::string_view() : std::string_view(s).substr(at + 1);
  if (local.empty()) {
    error = "missing local part";
    return std::nullopt;
  }
  if (at != std::string::npos && domain.empty()) {
    error = "domain missing after \"@\"";
    return std::nullopt;
  }
  for (char c : s) {
    if (c == '<' || c == '>' || c == ',' || c == ';' || c == ' ' ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      if (local.front() == '"') break;  // a quoted local part may hold anything
      error = std::string("malformed address: unexpected \"") + c + "\"";
      return std::nullopt;
    }
  }
  return s;
}

}  // namespace corvid::message
