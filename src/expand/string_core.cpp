#include "expand/string_core.hpp"

#include <array>

namespace corvid::expand {

std::string_view substr_of(std::string_view s, long start, long len) {
  long size = static_cast<long>(s.size());
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
constexpr std::string_view kHashChars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
}

bool hash_of(std::string_view s, long len, long chars, std::string& out) {
  if (chars < 0) chars = 26;
  if (chars > static_cast<long>(kHashChars.size())) return false;
  if (len >= static_cast<long>(s.size())) {
    out.assign(s);
    return true;
  }
  // Fold the characters after the first `len` into the first `len`, each
  // rotated by an amount that depends on its value and position.
  std::string work(s.substr(0, static_cast<size_t>(len)));
  size_t i = 0;
  for (size_t j = static_cast<size_t>(len); j < s.size(); ++j) {
    unsigned c = static_cast<unsigned char>(s[j]);
    unsigned shift = (c + static_cast<unsigned>(j)) & 7;
    work[i] = static_cast<char>(static_cast<unsigned char>(work[i]) ^
                                static_cast<unsigned char>((c << shift) | (c >> (8 - shift))));
    if (++i >= static_cast<size_t>(len)) i = 0;
  }
  for (auto& ch : work) {
    ch = kHashChars[static_cast<unsigned char>(ch) % static_cast<unsigned long>(chars)];
  }
  out = std::move(work);
  return true;
}

std::string nhash_of(std::string_view s, long div1, long div2) {
  static constexpr std::array<unsigned, 29> kPrimes = {3,  5,  7,  11, 13, 17, 19, 23, 29, 31,
                                                       37, 41, 43, 47, 53, 59, 61, 67, 71, 73,
                                                       79, 83, 89, 97, 101, 103, 107, 109, 113};
  unsigned total = 0;
  size_t i = 0;
  for (unsigned char c : s) {
    if (i == 0) i = kPrimes.size() - 1;
    total += kPrimes[i--] * c;
  }
  if (div2 < 0) {
    return std::to_string(div1 == 0 ? 0 : total % static_cast<unsigned long>(div1));
  }
  unsigned long product = static_cast<unsigned long>(div1) * static_cast<unsigned long>(div2);
  unsigned long t = product == 0 ? 0 : total % product;
  return std::to_string(div2 == 0 ? 0 : t / div2) + "/" + std::to_string(div2 == 0 ? 0 : t % div2);
}

}  // namespace corvid::expand
