// Punycode and UTF-8 helpers for the UTF-8 operators; see op_punycode.hpp.
// Written from RFC 3492 section 6 (bias adaptation, generalised
// variable-length integers).
#include "expand/op_punycode.hpp"

#include <cstdint>

namespace corvid::expand::op {

namespace {

constexpr uint32_t kBase = 36;
constexpr uint32_t kTMin = 1;
constexpr uint32_t kTMax = 26;
constexpr uint32_t kSkew = 38;
constexpr uint32_t kDamp = 700;
constexpr uint32_t kInitialBias = 72;
constexpr uint32_t kInitialN = 128;
constexpr uint32_t kMaxInt = 0xffffffffu;

constexpr const char* kBadInput = "Invalid input";
constexpr const char* kOverflow = "Input needs wider integers to process";

uint32_t adapt(uint32_t delta, uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

char encode_digit(uint32_t d) {
  return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
}

int decode_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0' + 26;
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a';
  }
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  return -1;
}

uint32_t threshold(uint32_t k, uint32_t bias) {
  if (k <= bias) {
    return kTMin;
  }
  return k >= bias + kTMax ? kTMax : k - bias;
}

}  // namespace

bool utf8_to_code_points(std::string_view in, std::u32string& out) {
  for (size_t i = 0; i < in.size();) {
    auto c = static_cast<unsigned char>(in[i]);
    int extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0) {
      return false;
    }
    char32_t cp = extra == 0 ? c : c & (0x3f >> extra);
    for (int k = 1; k <= extra; ++k) {
      if (i + static_cast<size_t>(k) >= in.size()) {
        return false;
      }
      auto cc = static_cast<unsigned char>(in[i + static_cast<size_t>(k)]);
      if ((cc & 0xc0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr char32_t kMinFor[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinFor[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | ((cp >> 18) & 0x07)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

bool punycode_encode(const std::u32string& in, std::string& out, std::string& error) {
  uint32_t handled = 0;
  for (char32_t c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++handled;
    }
  }
  uint32_t basic = handled;
  if (basic > 0) {
    out.push_back('-');
  }
  uint32_t n = kInitialN;
  uint32_t delta = 0;
  uint32_t bias = kInitialBias;
  while (handled < in.size()) {
    uint32_t m = kMaxInt;
    for (char32_t c : in) {
      if (c >= n && c < m) {
        m = c;
      }
    }
    if (m - n > (kMaxInt - delta) / (handled + 1)) {
      error = kOverflow;
      return false;
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : in) {
      if (c < n && ++delta == 0) {
        error = kOverflow;
        return false;
      }
      if (c != n) {
        continue;
      }
      uint32_t q = delta;
      for (uint32_t k = kBase;; k += kBase) {
        uint32_t t = threshold(k, bias);
        if (q < t) {
          break;
        }
        out.push_back(encode_digit(t + (q - t) % (kBase - t)));
        q = (q - t) / (kBase - t);
      }
      out.push_back(encode_digit(q));
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return true;
}

bool punycode_decode(std::string_view in, std::u32string& out, std::string& error) {
  size_t delim = in.rfind('-');
  size_t b = delim == std::string_view::npos ? 0 : delim;
  for (size_t j = 0; j < b; ++j) {
    if (static_cast<unsigned char>(in[j]) >= 0x80) {
      error = kBadInput;
      return false;
    }
    out.push_back(static_cast<unsigned char>(in[j]));
  }
  uint32_t n = kInitialN;
  uint32_t i = 0;
  uint32_t bias = kInitialBias;
  for (size_t pos = b > 0 ? b + 1 : 0; pos < in.size();) {
    uint32_t old_i = i;
    uint32_t w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= in.size()) {
        error = kBadInput;
        return false;
      }
      int digit = decode_digit(in[pos++]);
      if (digit < 0) {
        error = kBadInput;
        return false;
      }
      auto d = static_cast<uint32_t>(digit);
      if (d > (kMaxInt - i) / w) {
        error = kOverflow;
        return false;
      }
      i += d * w;
      uint32_t t = threshold(k, bias);
      if (d < t) {
        break;
      }
      if (w > kMaxInt / (kBase - t)) {
        error = kOverflow;
        return false;
      }
      w *= kBase - t;
    }
    auto len = static_cast<uint32_t>(out.size() + 1);
    bias = adapt(i - old_i, len, old_i == 0);
    if (i / len > kMaxInt - n) {
      error = kOverflow;
      return false;
    }
    n += i / len;
    i %= len;
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return true;
}

}  // namespace corvid::expand::op
