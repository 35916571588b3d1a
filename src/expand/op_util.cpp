// Helpers shared by the expansion operators; see op_util.hpp.
#include "expand/op_util.hpp"

#include <limits>

namespace corvid::expand::op {

bool c_isspace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

namespace {

// The common part of strtoul/strtol: skips space and a sign, then reads
// decimal digits with an overflow flag. `negative` says a '-' was seen.
Parsed scan_decimal(std::string_view s, bool& negative) {
  Parsed p;
  size_t i = 0;
  while (i < s.size() && c_isspace(static_cast<unsigned char>(s[i]))) {
    ++i;
  }
  negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  size_t digits_start = i;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    unsigned d = static_cast<unsigned>(s[i] - '0');
    if (p.value > (kMax - d) / 10) {
      p.overflow = true;
    } else {
      p.value = p.value * 10 + d;
    }
    ++i;
  }
  p.used = i == digits_start ? 0 : i;
  if (p.used == 0) {
    p.value = 0;
  }
  return p;
}

}  // namespace

Parsed c_strtoul10(std::string_view s) {
  bool negative = false;
  Parsed p = scan_decimal(s, negative);
  if (p.overflow) {
    p.value = std::numeric_limits<uint64_t>::max();
  } else if (negative) {
    p.value = 0 - p.value;
  }
  return p;
}

Parsed c_strtol10(std::string_view s) {
  bool negative = false;
  Parsed p = scan_decimal(s, negative);
  constexpr uint64_t kPosMax = uint64_t{std::numeric_limits<int64_t>::max()};
  if (!negative) {
    if (p.overflow || p.value > kPosMax) {
      p.overflow = true;
      p.value = kPosMax;
    }
  } else if (p.overflow || p.value > kPosMax + 1) {
    p.overflow = true;
    p.value = kPosMax + 1;  // the bit pattern of INT64_MIN
  } else {
    p.value = 0 - p.value;
  }
  return p;
}

int32_t read_int_digits(std::string_view s, size_t& used) {
  uint32_t n = 0;
  used = 0;
  while (used < s.size() && s[used] >= '0' && s[used] <= '9') {
    n = n * 10 + static_cast<uint32_t>(s[used] - '0');
    ++used;
  }
  return static_cast<int32_t>(n);
}

std::string printing(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c < 0x7f) || c == '\t') {
      out.push_back(ch);
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      case '\b': out.push_back('b'); break;
      case '\f': out.push_back('f'); break;
      case '\v': out.push_back('v'); break;
      default:
        out.push_back(static_cast<char>('0' + ((c >> 6) & 7)));
        out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
        out.push_back(static_cast<char>('0' + (c & 7)));
    }
  }
  return out;
}

std::string hex(std::string_view bytes, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace corvid::expand::op
