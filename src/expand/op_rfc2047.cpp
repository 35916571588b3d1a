// RFC 2047 encoding and decoding for the rfc2047 / rfc2047d operators; see
// op_rfc2047.hpp.
#include "expand/op_rfc2047.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "util/strings.hpp"

namespace corvid::expand::op {

namespace {

constexpr std::string_view kMustEncode = "?=()<>@,;:\\\".[]_";
constexpr char kHex[] = "0123456789ABCDEF";

bool needs_encoding(unsigned char c) {
  return c < 33 || c > 126 || kMustEncode.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string rfc2047_encode(std::string_view in, std::string_view charset) {
  const std::string header = "=?" + std::string(charset) + "?Q?";
  std::string out = header;
  size_t line_start = header.size();
  bool coded = false;
  bool mid_pair = false;  // Exim's "first_byte": never split after an odd byte
  for (char ch : in) {
    auto c = static_cast<unsigned char>(ch);
    if (out.size() - line_start > 67 && !mid_pair) {
      out += "?= ";
      line_start = out.size();
      out += header;
    }
    if (!needs_encoding(c)) {
      out.push_back(ch);
      mid_pair = false;
    } else if (c == ' ') {
      out.push_back('_');
      mid_pair = false;
    } else {
      out.push_back('=');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      coded = true;
      mid_pair = !mid_pair;
    }
  }
  if (!coded) {
    return std::string(in);
  }
  return out + "?=";
}

namespace {

struct Word {
  size_t start = 0;  // offset of "=?"
  size_t end = 0;    // offset just after "?="
  std::string charset;
  std::string data;  // decoded bytes, zero bytes already replaced
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode_q(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      return false;  // a blank ends a Q word; CR and LF do not
    }
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=') {
      if (i + 2 >= text.size()) {
        return false;
      }
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) {
        return false;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool decode_b(std::string_view raw, std::string& out) {
  static constexpr std::string_view kB64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;  // white space inside B text is skipped
  for (char c : raw) {
    if (!util::is_space(c)) {
      text.push_back(c);
    }
  }
  if (text.size() % 4 != 0) {
    return false;
  }
  for (size_t g = 0; g < text.size(); g += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = text[g + k];
      size_t p = kB64.find(c);
      if (c == '=' && k >= 2 && g + 4 == text.size()) {
        ++pad;
        v <<= 6;
      } else if (p == std::string_view::npos || pad > 0) {
        return false;
      } else {
        v = (v << 6) | static_cast<uint32_t>(p);
      }
    }
    out.push_back(static_cast<char>(v >> 16));
    if (pad < 2) out.push_back(static_cast<char>((v >> 8) & 255));
    if (pad < 1) out.push_back(static_cast<char>(v & 255));
  }
  return true;
}

// Parses an encoded word starting at `at` ("=?" there). False if it is not
// a well-formed word.
bool parse_word(std::string_view s, size_t at, Word& w) {
  size_t q1 = s.find('?', at + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') {
    return false;
  }
  size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos || end + 2 - at > 75) {
    return false;
  }
  std::string_view charset = s.substr(at + 2, q1 - at - 2);
  std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  char enc = util::to_lower(s[q1 + 1]);
  w.data.clear();
  bool ok = enc == 'q' ? decode_q(text, w.data) : enc == 'b' ? decode_b(text, w.data) : false;
  if (!ok) {
    return false;
  }
  for (char& c : w.data) {
    if (c == '\0') {
      c = '?';
    }
  }
  w.start = at;
  w.end = end + 2;
  w.charset = std::string(charset);
  return true;
}

// Converts `data` from `from` to `to`; undecodable bytes are copied as they
// are.
bool convert(const Word& w, std::string_view to, std::string& out, std::string& error) {
  if (w.charset.empty() || util::iequals(w.charset, to)) {
    out += w.data;
    return true;
  }
  std::string target(to);
  iconv_t cd = iconv_open(target.c_str(), w.charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    error = "iconv_open(\"" + target + "\", \"" + w.charset + "\") failed: " +
            std::strerror(errno) + (errno == EINVAL ? " (maybe unsupported conversion)" : "");
    return false;
  }
  std::string in = w.data;
  char* inp = in.data();
  size_t inleft = in.size();
  char buf[256];
  while (inleft > 0) {
    char* outp = buf;
    size_t outleft = sizeof buf;
    size_t rc = iconv(cd, &inp, &inleft, &outp, &outleft);
    out.append(buf, static_cast<size_t>(outp - buf));
    if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
      out.push_back(*inp++);
      --inleft;
    }
  }
  iconv_close(cd);
  return true;
}

}  // namespace

bool rfc2047_decode(std::string_view s, std::string_view target, std::string& out,
                    std::string& error) {
  size_t pos = 0;
  bool after_word = false;
  while (pos < s.size()) {
    size_t at = s.find("=?", pos);
    Word w;
    while (at != std::string_view::npos && !parse_word(s, at, w)) {
      at = s.find("=?", at + 1);
    }
    if (at == std::string_view::npos) {
      out.append(s.substr(pos));
      break;
    }
    std::string_view gap = s.substr(pos, at - pos);
    bool blank = util::trim(gap).empty();
    if (!(after_word && blank)) {
      out.append(gap);
    }
    if (!convert(w, target, out, error)) {
      return false;
    }
    pos = w.end;
    after_word = true;
  }
  return true;
}

}  // namespace corvid::expand::op
