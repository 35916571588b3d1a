#include "expand/string_core.hpp"

#include <array>

namespace corvid::expand {

std::string_view substr_of(std::string_view s, int64_t start, int64_t len) {
  auto size = static_cast<int64_t>(s.size());
  if (start < 0) {
    start += size;
    if (start < 0) {
      len += start;  // an unset (negative) length stays negative: nothing
      if (len < 0) len = 0;
      start = 0;
    } else if (len < 0) {
      len = start;  // unset length with a start from the right: all before it
      start = 0;
    }
  } else if (start > size) {
    start = size;
    len = 0;
  } else if (len < 0) {
    len = size;
  }
  if (start + len > size) len = size - start;
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(len));
}

namespace {

// Exim's table really has "t" before "s"; the hashes it gives depend on it.
constexpr std::string_view kHashCodes =
    "abcdefghijklmnopqrtsuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

constexpr std::array<unsigned, 30> kPrimes = {
    2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41, 43,  47,
    53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113};

}  // namespace

bool hash_of(std::string_view in, int32_t width, int32_t count, std::string& out,
             std::string& error) {
  if (count < 0) count = 26;
  if (count > static_cast<int32_t>(kHashCodes.size())) {
    error = "hash count \"" + std::to_string(count) + "\" too big";
    return false;
  }
  if (count == 0) {
    error = "hash count \"0\" is not allowed";  // Exim crashes here
    return false;
  }
  if (width < 0 || static_cast<size_t>(width) >= in.size()) {
    out = width < 0 ? std::string() : std::string(in);
    return true;
  }
  // Fold the characters after the first `width` into the first `width`,
  // each rotated by an amount that depends on its value and position.
  std::string s(in);
  size_t i = 0;
  for (size_t j = static_cast<size_t>(width); j < s.size(); ++j) {
    unsigned c = static_cast<unsigned char>(s[j]);
    unsigned shift = (c + static_cast<unsigned>(j)) & 7;
    unsigned mixed = static_cast<unsigned char>(s[i]) ^ (c << shift) ^ (c >> (8 - shift));
    s[i] = static_cast<char>(mixed & 255);
    if (++i >= static_cast<size_t>(width)) i = 0;
  }
  out.clear();
  for (size_t k = 0; k < static_cast<size_t>(width); ++k) {
    out.push_back(kHashCodes[static_cast<unsigned char>(s[k]) % static_cast<unsigned>(count)]);
  }
  return true;
}

bool nhash_of(std::string_view s, int32_t div1, int32_t div2, std::string& out,
              std::string& error) {
  uint64_t total = 0;
  size_t idx = 0;
  for (char ch : s) {
    if (idx == 0) idx = kPrimes.size() - 1;
    total += uint64_t{kPrimes[idx--]} * static_cast<unsigned char>(ch);
  }
  // Exim converts the C int divisors to unsigned long, sign-extending.
  auto as_ulong = [](int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); };
  if (div2 < 0) {
    if (div1 == 0) {
      error = "nhash divisor is zero";  // Exim crashes here
      return false;
    }
    out = std::to_string(total % as_ulong(div1));
    return true;
  }
  auto product = static_cast<int32_t>(static_cast<uint32_t>(div1) * static_cast<uint32_t>(div2));
  if (product == 0) {
    error = "nhash divisor is zero";  // Exim crashes here
    return false;
  }
  total %= as_ulong(product);
  uint64_t div = as_ulong(div2);
  out = std::to_string(total / div) + "/" + std::to_string(total % div);
  return true;
}

}  // namespace corvid::expand
