// RFC 2822 address extraction for the address operators; see
// op_rfc2822.hpp.
//
// A small recursive reader over the text with a cursor: comments and white
// space are skipped between tokens, words are atoms (bytes above space,
// except DEL and the specials, with backslash pairs kept) or quoted strings
// (kept with their quotes), and the address is rebuilt from the words.
#include "expand/op_rfc2822.hpp"

#include <string_view>

#include "util/strings.hpp"

namespace corvid::expand::op {

namespace {

constexpr std::string_view kSpecials = "()<>@,;:\\\".[]";

class Reader {
 public:
  Reader(std::string_view text, GroupState& group) : s_(text), group_(group) {}

  bool parse(ParsedAddress& out);

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  char cur() const { return at(pos_); }
  bool end() const { return pos_ >= s_.size(); }

  void skip_comment();
  bool read_local_part(std::string& t, bool allow_null);
  bool read_word(std::string& t);
  bool read_domain(std::string& t);
  bool read_domain_literal(std::string& t);
  bool read_route();
  bool read_addr_spec(std::string& t, char term, size_t& domain);
  bool read_angle_addr(std::string& t, size_t& domain);
  bool finish();

  std::string_view s_;
  GroupState& group_;
  size_t pos_ = 0;
  bool in_angle_ = false;  // Exim rejects domain literals inside <...>
};

bool is_space(char c) { return util::is_space(c); }

void Reader::skip_comment() {
  for (;;) {
    while (!end() && is_space(cur())) {
      ++pos_;
    }
    if (cur() != '(') {
      return;
    }
    int level = 1;
    while (++pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '(') {
        ++level;
      } else if (c == ')') {
        if (--level <= 0) {
          ++pos_;
          break;
        }
      } else if (c == '\\' && pos_ + 1 < s_.size()) {
        ++pos_;
      }
    }
  }
}

// One atom or quoted string, appended to `t`. False for an unterminated
// quoted string.
bool Reader::read_word(std::string& t) {
  if (cur() == '"') {
    t.push_back('"');
    ++pos_;
    while (!end() && cur() != '"') {
      if (cur() == '\\' && pos_ + 1 < s_.size()) {
        t.push_back(s_[pos_++]);
      }
      t.push_back(s_[pos_++]);
    }
    if (end()) {
      return false;
    }
    t.push_back('"');
    ++pos_;
    return true;
  }
  while (!end()) {
    auto c = static_cast<unsigned char>(cur());
    if (c == '\\') {
      t.push_back(s_[pos_++]);
      if (!end()) {
        t.push_back(s_[pos_++]);
      }
      continue;
    }
    if (c <= 32 || c == 127 || kSpecials.find(static_cast<char>(c)) != std::string_view::npos) {
      break;
    }
    t.push_back(s_[pos_++]);
  }
  return true;
}

// Dot-separated words. An empty result is an error unless `allow_null`.
bool Reader::read_local_part(std::string& t, bool allow_null) {
  size_t start = t.size();
  for (;;) {
    skip_comment();
    if (!read_word(t)) {
      return false;
    }
    skip_comment();
    if (cur() != '.') {
      break;
    }
    while (cur() == '.') {
      t.push_back('.');
      ++pos_;
      skip_comment();
    }
  }
  return allow_null || t.size() != start;
}

bool Reader::read_domain_literal(std::string& t) {
  if (in_angle_) {
    return false;
  }
  t.push_back('[');
  ++pos_;
  while (!end()) {
    auto c = static_cast<unsigned char>(cur());
    if (c <= 32 || c >= 127 || c == '[' || c == ']') {
      break;
    }
    t.push_back(s_[pos_++]);
  }
  if (cur() != ']') {
    return false;
  }
  t.push_back(']');
  ++pos_;
  skip_comment();
  return true;
}

// Dot-separated labels of letters, digits and hyphens, each starting with
// a letter or digit; or a domain literal.
bool Reader::read_domain(std::string& t) {
  skip_comment();
  if (cur() == '[') {
    return read_domain_literal(t);
  }
  for (;;) {
    skip_comment();
    if (!util::is_alnum(cur())) {
      return false;
    }
    while (util::is_alnum(cur()) || cur() == '-') {
      t.push_back(s_[pos_++]);
    }
    skip_comment();
    if (cur() != '.') {
      return true;
    }
    t.push_back('.');
    ++pos_;
  }
}

// "@d1,@d2:" before an address in angle brackets; the route is dropped.
bool Reader::read_route() {
  for (;;) {
    if (cur() != '@') {
      return false;
    }
    ++pos_;
    std::string ignored;
    if (!read_domain(ignored)) {
      return false;
    }
    skip_comment();
    if (cur() != ',') {
      break;
    }
    ++pos_;
    skip_comment();
  }
  if (cur() != ':') {
    return false;
  }
  ++pos_;
  return true;
}

bool Reader::read_addr_spec(std::string& t, char term, size_t& domain) {
  if (!read_local_part(t, false)) {
    return false;
  }
  if (cur() == term) {
    return true;
  }
  if (cur() != '@') {
    return false;
  }
  ++pos_;
  t.push_back('@');
  domain = t.size();
  return read_domain(t);
}

bool Reader::read_angle_addr(std::string& t, size_t& domain) {
  ++pos_;  // '<'
  in_angle_ = true;
  t.clear();
  skip_comment();
  bool routed = false;
  if (cur() == '@') {
    if (!read_route()) {
      return false;
    }
    routed = true;
  }
  if (!read_addr_spec(t, '>', domain)) {
    return false;
  }
  if (routed && domain == 0) {
    return false;
  }
  if (cur() != '>') {
    return false;
  }
  ++pos_;
  skip_comment();
  return true;
}

// After the address: the end of a group, or the end of the text.
bool Reader::finish() {
  if (group_.found_group && cur() == ';') {
    group_.found_group = false;
    group_.allow_group = true;
    return true;
  }
  return end();
}

bool Reader::parse(ParsedAddress& out) {
  std::string t;
  size_t domain = 0;
  for (;;) {  // repeats after a group name
    skip_comment();
    size_t start = pos_;
    t.clear();
    if (!read_local_part(t, true)) {
      return false;
    }
    if (cur() == '@') {
      pos_ = start;
      t.clear();
      if (!read_addr_spec(t, '\0', domain)) {
        return false;
      }
      break;
    }
    if (cur() == '<') {
      if (!read_angle_addr(t, domain)) {
        return false;
      }
      break;
    }
    if (end() || cur() == ';') {
      if (t.empty()) {
        return false;
      }
      break;  // a bare local part
    }
    // A phrase before "<route-addr>", or a group name before ':'.
    while (cur() != '<' && (!group_.allow_group || cur() != ':')) {
      std::string phrase;
      if (!read_local_part(phrase, false)) {
        return false;
      }
    }
    if (cur() == '<') {
      if (!read_angle_addr(t, domain)) {
        return false;
      }
      break;
    }
    group_.found_group = true;
    group_.allow_group = false;
    ++pos_;
  }
  if (!finish()) {
    return false;
  }
  out.address = std::move(t);
  out.domain = domain;
  return true;
}

}  // namespace

bool parse_address(std::string_view text, ParsedAddress& out, GroupState& group) {
  return Reader(text, group).parse(out);
}

size_t find_address_end(std::string_view s) {
  size_t i = 0;
  bool routing = !s.empty() && s[0] == '@';
  int no_term = routing ? 1 : 0;
  auto at = [&](size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < s.size() && (s[i] != ',' || no_term > 0)) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      i += 2;
      continue;
    }
    if (c == '"' || c == '(') {
      int level = 1;
      while (++i < s.size()) {
        char d = s[i];
        if (d == '\\' && i + 1 < s.size()) {
          ++i;
        } else if (c == '"' && d == '"') {
          ++i;
          break;
        } else if (c == '(' && d == '(') {
          ++level;
        } else if (c == '(' && d == ')' && --level <= 0) {
          ++i;
          break;
        }
      }
      continue;
    }
    if (c == '<') {
      routing = at(i + 1) == '@';
      no_term = routing ? 2 : 1;
    } else if (c == '>') {
      --no_term;
    } else if (routing && c == ':') {
      --no_term;
    }
    ++i;
  }
  return i;
}

}  // namespace corvid::expand::op
