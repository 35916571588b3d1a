// Parsing and printing of option values; see values.hpp.
#include "config/values.hpp"

#include <climits>

#include "util/strings.hpp"

namespace corvid::config {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

int hex_value(char c) {
  if (util::is_digit(c)) {
    return c - '0';
  }
  char l = util::to_lower(c);
  return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
}

// One backslash escape of a quoted string starting after the backslash;
// advances `i`.
char read_escape(std::string_view s, std::size_t& i) {
  char c = s[i++];
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'x': {
      int v = 0;
      for (int n = 0; n < 2 && i < s.size() && hex_value(s[i]) >= 0; ++n) {
        v = v * 16 + hex_value(s[i++]);
      }
      return char(v);
    }
    default:
      break;
  }
  if (c >= '0' && c <= '7') {
    int v = c - '0';
    for (int n = 1; n < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++n) {
      v = v * 8 + (s[i++] - '0');
    }
    return char(v);
  }
  return c;
}

// Digits of an integer in the given base starting at `i`; false on overflow.
bool read_digits(std::string_view s, std::size_t& i, int base, std::int64_t& v) {
  v = 0;
  bool ok = true;
  while (i < s.size()) {
    int d = hex_value(s[i]);
    if (d < 0 || d >= base) {
      break;
    }
    if (v > (std::int64_t(1) << 40)) {
      ok = false;  // keep consuming digits; the value is too large
    } else {
      v = v * base + d;
    }
    ++i;
  }
  return ok;
}

std::int64_t suffix_multiplier(char c) {
  switch (util::to_upper(c)) {
    case 'K':
      return 1024;
    case 'M':
      return 1024 * 1024;
    case 'G':
      return 1024 * 1024 * 1024;
    default:
      return 0;
  }
}

// The number part of an integer: sign, base prefix, digits. Returns false
// when no digits start the text.
bool read_number(std::string_view s, std::size_t& i, std::int64_t& v, bool& overflow) {
  bool neg = i < s.size() && s[i] == '-';
  if (neg || (i < s.size() && s[i] == '+')) {
    ++i;
  }
  if (i >= s.size() || !util::is_digit(s[i])) {
    return false;
  }
  int base = 10;
  if (s[i] == '0') {
    base = 8;
    if (i + 1 < s.size() && util::to_lower(s[i + 1]) == 'x') {
      base = 16;
      i += 2;
    }
  }
  overflow = !read_digits(s, i, base, v);
  if (neg) {
    v = -v;
  }
  return true;
}

}  // namespace

std::optional<std::string> read_string_value(std::string_view text, std::string_view name,
                                             std::string& out) {
  text = util::trim(text);
  out.clear();
  if (text.empty() || text[0] != '"') {
    out.assign(text);
    return std::nullopt;
  }
  std::size_t i = 1;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\' && i + 1 < text.size()) {
      ++i;
      out.push_back(read_escape(text, i));
    } else {
      out.push_back(text[i++]);
    }
  }
  if (i >= text.size()) {
    return "missing quote at end of string value for " + std::string(name);
  }
  if (!util::trim(text.substr(i + 1)).empty()) {
    return "extra characters follow string value for " + std::string(name);
  }
  return std::nullopt;
}

std::optional<bool> parse_bool_word(std::string_view word) {
  if (util::iequals(word, "true") || util::iequals(word, "yes")) {
    return true;
  }
  if (util::iequals(word, "false") || util::iequals(word, "no")) {
    return false;
  }
  return std::nullopt;
}

std::optional<std::string> parse_integer(std::string_view text, std::string_view name,
                                         std::int64_t& out) {
  text = util::trim(text);
  std::size_t i = 0;
  bool overflow = false;
  if (!read_number(text, i, out, overflow)) {
    return "integer expected for " + std::string(name);
  }
  if (i < text.size()) {
    if (std::int64_t m = suffix_multiplier(text[i])) {
      out *= m;
      ++i;
    }
  }
  if (i < text.size()) {
    return "extra characters follow integer value for " + std::string(name);
  }
  if (overflow || out > INT_MAX || out < -std::int64_t(INT_MAX)) {
    return "absolute value of integer " + quoted(text) + " is too large (overflow)";
  }
  return std::nullopt;
}

std::optional<std::string> parse_kilo_integer(std::string_view text, std::string_view name,
                                              std::int64_t& out) {
  text = util::trim(text);
  std::size_t i = 0;
  bool overflow = false;
  if (!read_number(text, i, out, overflow)) {
    return "integer expected for " + std::string(name);
  }
  if (i < text.size()) {
    if (std::int64_t m = suffix_multiplier(text[i])) {
      out *= m / 1024;
      ++i;
    }
  }
  if (i < text.size()) {
    return "extra characters follow integer value for " + std::string(name);
  }
  if (overflow || out > INT_MAX || out < -std::int64_t(INT_MAX)) {
    return "absolute value of integer " + quoted(text) + " is too large (overflow)";
  }
  return std::nullopt;
}

std::optional<std::string> parse_fixed(std::string_view text, std::string_view name,
                                       std::int64_t& out) {
  text = util::trim(text);
  if (text.empty() || !util::is_digit(text[0])) {
    if (!text.empty() && text[0] == '-') {
      return "integer " + quoted(text) + " is too large (overflow)";
    }
    return "fixed-point number expected for " + std::string(name);
  }
  std::size_t i = 0;
  std::int64_t whole = 0;
  if (!read_digits(text, i, 10, whole) || whole > INT_MAX / 1000) {
    return "integer " + quoted(text) + " is too large (overflow)";
  }
  std::int64_t frac = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    int places = 0;
    while (i < text.size() && util::is_digit(text[i])) {
      if (places++ < 3) {
        frac = frac * 10 + (text[i] - '0');
      }
      ++i;
    }
    for (; places < 3; ++places) {
      frac *= 10;
    }
  }
  if (i < text.size()) {
    return "extra characters follow fixed-point value for " + std::string(name);
  }
  out = whole * 1000 + frac;
  return std::nullopt;
}

std::optional<std::string> parse_octal(std::string_view text, std::string_view name,
                                       std::int64_t& out) {
  text = util::trim(text);
  std::size_t i = 0;
  if (text.empty() || text[0] < '0' || text[0] > '7' || !read_digits(text, i, 8, out)) {
    return "octal integer expected for " + std::string(name);
  }
  if (i < text.size()) {
    return "extra characters follow octal integer value for " + std::string(name);
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_time(std::string_view text) {
  text = util::trim(text);
  if (text.empty()) {
    return std::nullopt;
  }
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t v = 0;
    std::size_t start = i;
    if (!read_digits(text, i, 10, v) || i == start) {
      return std::nullopt;
    }
    if (i == text.size() && start == 0) {
      return v;  // a plain number: seconds
    }
    if (i == text.size()) {
      return std::nullopt;
    }
    static constexpr std::string_view units = "wdhms";
    static constexpr std::int64_t secs[] = {7 * 86400, 86400, 3600, 60, 1};
    auto u = units.find(text[i++]);
    if (u == std::string_view::npos) {
      return std::nullopt;
    }
    total += v * secs[u];
  }
  if (total > INT_MAX) {
    return std::nullopt;
  }
  return total;
}

std::optional<std::string> parse_time_option(std::string_view text, std::string_view name,
                                             std::int64_t& out) {
  auto t = parse_time(text);
  if (!t) {
    return "invalid time value for " + std::string(name);
  }
  out = *t;
  return std::nullopt;
}

std::optional<std::string> parse_time_list(std::string_view text, std::string_view name) {
  std::size_t start = 0;
  text = util::trim(text);
  while (start <= text.size() && !text.empty()) {
    std::size_t colon = text.find(':', start);
    auto item = text.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (!parse_time(item)) {
      return "invalid time value for " + std::string(name);
    }
    if (colon == std::string_view::npos) {
      break;
    }
    start = colon + 1;
  }
  return std::nullopt;
}

std::string format_time(std::int64_t seconds) {
  if (seconds <= 0) {
    return seconds < 0 ? "-" + format_time(-seconds) : "0s";
  }
  static constexpr char units[] = {'w', 'd', 'h', 'm', 's'};
  static constexpr std::int64_t secs[] = {7 * 86400, 86400, 3600, 60, 1};
  std::string out;
  for (int i = 0; i < 5; ++i) {
    if (std::int64_t n = seconds / secs[i]) {
      out += std::to_string(n);
      out.push_back(units[i]);
      seconds %= secs[i];
    }
  }
  return out;
}

std::string format_fixed(std::int64_t thousandths) {
  std::string out = std::to_string(thousandths / 1000) + ".";
  std::int64_t frac = thousandths % 1000;
  std::string digits = std::to_string(1000 + frac).substr(1);
  while (digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
  }
  return out + digits;
}

std::string format_size(std::int64_t value) {
  if (value != 0 && value % (1024 * 1024) == 0) {
    return std::to_string(value / (1024 * 1024)) + "M";
  }
  if (value != 0 && value % 1024 == 0) {
    return std::to_string(value / 1024) + "K";
  }
  return std::to_string(value);
}

std::string format_kilo(std::int64_t kilobytes) {
  if (kilobytes != 0 && kilobytes % (1024 * 1024) == 0) {
    return std::to_string(kilobytes / (1024 * 1024)) + "G";
  }
  if (kilobytes != 0 && kilobytes % 1024 == 0) {
    return std::to_string(kilobytes / 1024) + "M";
  }
  return std::to_string(kilobytes) + "K";
}

std::string format_octal(std::int64_t value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), char('0' + (value & 7)));
    value >>= 3;
  } while (value > 0);
  return "0" + digits;
}

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 32 || c == 127) {
      out.push_back('\\');
      out += format_octal(c).substr(1);
    } else {
      out.push_back(char(c));
    }
  }
  return out;
}

}  // namespace corvid::config
