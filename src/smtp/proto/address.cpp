#include "smtp/proto/address.hpp"

#include <cstddef>

namespace corvid::smtp::proto {
namespace {

constexpr std::string_view kNoLocalPart = "missing or malformed local part";

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_special(char c) {
  return std::string_view("()<>@,;:\".[]").find(c) != std::string_view::npos;
}

bool is_atom_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 32 && u != 127 && !is_special(c);
}

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// A cursor over the address text; every method leaves pos_ on the next
// unread byte and records the first error.
class Reader {
 public:
  Reader(std::string_view s, const PathOptions& o) : s_(s), options_(o) {}

  Path run();

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool at_end() const { return pos_ >= s_.size(); }
  bool fail(std::string text);
  void skip_cfws();
  bool word(std::string& out);
  bool local_part(std::string& out, bool angle);
  bool domain(std::string& out);
  bool domain_literal(std::string& out);
  bool route();
  bool phrase();
  bool addr_spec(bool angle);
  bool trailing(bool angle);

  std::string_view s_;
  const PathOptions& options_;
  std::size_t pos_ = 0;
  Path path_;
};

bool Reader::fail(std::string text) {
  if (path_.error.empty()) {
    path_.error = std::move(text);
  }
  return false;
}

void Reader::skip_cfws() {
  while (!at_end()) {
    if (is_white(peek())) {
      ++pos_;
      continue;
    }
    if (peek() != '(') {
      return;
    }
    int depth = 0;
    do {
      char c = s_[pos_++];
      if (c == '\\' && !at_end()) {
        ++pos_;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      }
    } while (depth > 0 && !at_end());
  }
}

// One atom or quoted string, appended to out as written. False (without
// an error) when no word starts here.
bool Reader::word(std::string& out) {
  std::size_t start = pos_;
  if (peek() == '"') {
    ++pos_;
    while (!at_end() && peek() != '"') {
      pos_ += (peek() == '\\' && pos_ + 1 < s_.size()) ? 2 : 1;
    }
    if (at_end()) {
      return fail("unmatched doublequote in local part");
    }
    ++pos_;
  } else {
    while (!at_end() && (is_atom_char(peek()) || peek() == '\\')) {
      pos_ += (peek() == '\\' && pos_ + 1 < s_.size()) ? 2 : 1;
    }
  }
  out.append(s_.substr(start, pos_ - start));
  return pos_ > start;
}

bool Reader::local_part(std::string& out, bool angle) {
  bool last_was_word = false;
  for (;;) {
    skip_cfws();
    if (peek() == '.') {
      out += '.';
      ++pos_;
      last_was_word = false;
      continue;
    }
    if (peek() != '"' && !is_atom_char(peek()) && peek() != '\\') {
      break;
    }
    if (last_was_word) {
      return fail("\"@\" or \".\" expected after \"" + out + "\"");
    }
    if (!word(out)) {
      return false;
    }
    last_was_word = true;
  }
  if (out.empty()) {
    return fail(angle ? std::string(kNoLocalPart)
                      : std::string(kNoLocalPart) + " (expected word or \"<\")");
  }
  return true;
}

bool Reader::domain_literal(std::string& out) {
  if (!options_.allow_domain_literals) {
    return fail("domain literals not allowed");
  }
  std::size_t close = s_.find(']', pos_);
  if (close == std::string_view::npos) {
    return fail("domain missing or malformed");
  }
  out.append(s_.substr(pos_, close + 1 - pos_));
  pos_ = close + 1;
  return true;
}

bool Reader::domain(std::string& out) {
  skip_cfws();
  if (peek() == '[') {
    return domain_literal(out);
  }
  for (;;) {
    std::size_t start = pos_;
    while (!at_end() && is_label_char(peek())) {
      ++pos_;
    }
    if (pos_ == start || s_[start] == '-') {
      return fail("domain missing or malformed");
    }
    out.append(s_.substr(start, pos_ - start));
    std::size_t before_dot = pos_;
    skip_cfws();
    if (peek() != '.') {
      pos_ = before_dot;
      return true;
    }
    ++pos_;
    out += '.';
    skip_cfws();
  }
}

// "@a,@b:" before the local part; the route itself is dropped.
bool Reader::route() {
  for (;;) {
    ++pos_;  // the '@'
    std::string ignored;
    if (!domain(ignored)) {
      return false;
    }
    skip_cfws();
    if (peek() == ':') {
      ++pos_;
      return true;
    }
    if (peek() != ',') {
      return fail(at_end() || peek() == '>' ? "no local part" : "colon expected after route list");
    }
    ++pos_;
    skip_cfws();
    if (peek() != '@') {
      return fail("colon expected after route list");
    }
  }
}

// Words before "<" in "Name <a@b.c>"; true when a '<' follows.
bool Reader::phrase() {
  for (;;) {
    skip_cfws();
    if (peek() == '<') {
      return true;
    }
    std::string ignored;
    if (peek() == '.') {
      ++pos_;
    } else if (!word(ignored)) {
      if (!path_.error.empty()) {
        return false;
      }
      return fail(std::string(kNoLocalPart) + " (expected word or \"<\")");
    }
  }
}

bool Reader::addr_spec(bool angle) {
  if (!local_part(path_.local_part, angle)) {
    return false;
  }
  skip_cfws();
  if (peek() == '@') {
    ++pos_;
    return domain(path_.domain);
  }
  if (!at_end() && peek() != '>') {
    return fail("\"@\" or \".\" expected after \"" + path_.local_part + "\"");
  }
  return true;
}

bool Reader::trailing(bool angle) {
  skip_cfws();
  if (angle) {
    if (at_end()) {
      return fail("'>' missing at end of address");
    }
    if (peek() == '>') {
      ++pos_;
      skip_cfws();
    }
  }
  if (at_end()) {
    return true;
  }
  std::string_view rest = s_.substr(pos_, 32);
  return fail("malformed address: " + std::string(rest) + " may not follow " +
              std::string(s_.substr(0, pos_)));
}

Path Reader::run() {
  skip_cfws();
  bool angle = peek() == '<';
  if (!angle) {
    // Either a bare address or a phrase before "<addr>" ("Name <a@b.c>").
    std::size_t start = pos_;
    std::string probe;
    bool ok = local_part(probe, false);
    bool second_word = !ok && path_.error.rfind("\"@\"", 0) == 0;
    skip_cfws();
    if (ok && peek() == '<') {
      angle = true;
    } else if (second_word) {
      path_.error.clear();
      pos_ = start;
      if (!phrase()) {
        return path_;
      }
      angle = true;
    } else if (!ok) {
      return path_;
    } else {
      pos_ = start;
    }
  }
  if (angle) {
    ++pos_;
    skip_cfws();
    if (peek() == '@' && !route()) {
      return path_;
    }
  }
  if (!addr_spec(angle) || !trailing(angle)) {
    return path_;
  }
  path_.address = path_.local_part;
  if (!path_.domain.empty()) {
    path_.address += '@' + path_.domain;
  }
  path_.ok = true;
  return path_;
}

}  // namespace

Path parse_path(std::string_view text, const PathOptions& options) {
  return Reader(text, options).run();
}

std::string unqualified_error(bool sender) {
  return std::string(sender ? "sender" : "recipient") + " address must contain a domain";
}

}  // namespace corvid::smtp::proto
