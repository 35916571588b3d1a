// Quoting for ${quote_<lookup>:...}: see quote.hpp. Each function walks the
// text once; the rules were taken from what exim4 4.96 prints.
#include "lookup/quote.hpp"

#include "util/strings.hpp"

namespace corvid::lookup::quoting {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void append_hex(std::string& out, unsigned char c) {
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Characters that may stand unencoded in an LDAP URL.
bool url_safe(unsigned char c) {
  return util::is_alnum(char(c)) ||
         std::string_view("!$'()*+-._").find(char(c)) != std::string_view::npos;
}

void append_url(std::string& out, unsigned char c) {
  if (url_safe(c)) {
    out += char(c);
  } else {
    out += '%';
    append_hex(out, c);
  }
}

// True for the bytes of `text` that a DN escapes by position: leading
// spaces, a leading '#', trailing spaces.
bool dn_positional(std::string_view text, size_t i) {
  size_t first = text.find_first_not_of(' ');
  size_t last = text.find_last_not_of(' ');
  if (first == std::string_view::npos || i < first || i > last) {
    return text[i] == ' ';
  }
  return i == 0 && text[i] == '#';
}

// The escape letter for a control character in SQL strings, or 0.
char sql_escape(char c) {
  switch (c) {
    case '\n':
      return 'n';
    case '\t':
      return 't';
    case '\r':
      return 'r';
    case '\b':
      return 'b';
    default:
      return 0;
  }
}

std::string sql(std::string_view text, bool double_quote_mark) {
  std::string out;
  for (char c : text) {
    if (char e = sql_escape(c)) {
      out += '\\';
      out += e;
    } else if (c == '\'' && double_quote_mark) {
      out += "''";
    } else {
      if (c == '\'' || c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string ldap_filter(std::string_view text) {
  std::string out;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '*' || c == '(' || c == ')' || c == '\\') {
      append_url(out, '\\');  // "\XX", the backslash URL-encoded
      append_hex(out, c);
    } else {
      append_url(out, c);
    }
  }
  return out;
}

std::string ldap_dn(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::string_view(",+\"\\<>;").find(char(c)) != std::string_view::npos ||
        dn_positional(text, i)) {
      append_url(out, '\\');
    }
    append_url(out, c);
  }
  return out;
}

std::string mysql(std::string_view text) { return sql(text, false); }

std::string pgsql(std::string_view text) { return sql(text, true); }

std::string sqlite(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\'') {
      out += c;
    }
  }
  return out;
}

std::string redis(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (util::is_space(c) || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace corvid::lookup::quoting
