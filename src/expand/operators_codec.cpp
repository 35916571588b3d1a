// Digest and encoding operators: md5, sha1, sha2 / sha256 (sha2_<n>),
// sha3 (sha3_<n>), base64 / str2b64, base64d, base62, base62d, base32,
// base32d, hex2b64.
//
// Digests come from OpenSSL's EVP interface; md5 is printed in lower-case
// hex, the others in upper case, as Exim does. Digest and number outputs are
// built from numbers, so (as in Exim) they are not tainted. The number
// operators read their argument with C strtoul() rules and wrap or clamp
// 64-bit values the way Exim's unsigned long arithmetic does.
#include <openssl/evp.h>

#include <cstdint>
#include <string>

#include "expand/op_util.hpp"
#include "expand/operators.hpp"

namespace corvid::expand {

namespace {

bool fail(OpCall& call, std::string message) {
  call.error = std::move(message);
  return false;
}

// Digest of `data` with the named EVP algorithm, as raw bytes.
std::string digest(const char* algorithm, std::string_view data) {
  const EVP_MD* md = EVP_get_digestbyname(algorithm);
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (md == nullptr || EVP_Digest(data.data(), data.size(), buf, &len, md, nullptr) != 1) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(buf), len);
}

bool put_digest(OpCall& call, const char* algorithm, bool upper) {
  call.out.text = op::hex(digest(algorithm, call.in.text), upper);
  call.out.tainted = false;
  return true;
}

bool op_md5(OpCall& call) { return put_digest(call, "MD5", false); }
bool op_sha1(OpCall& call) { return put_digest(call, "SHA1", true); }

bool op_sha2(OpCall& call) {
  std::string_view bits = call.suffix.empty() ? "_256" : call.suffix;
  if (bits == "_256") {
    return put_digest(call, "SHA256", true);
  }
  if (bits == "_384") {
    return put_digest(call, "SHA384", true);
  }
  if (bits == "_512") {
    return put_digest(call, "SHA512", true);
  }
  return fail(call, "unrecognised sha2 variant");
}

bool op_sha3(OpCall& call) {
  std::string_view bits = call.suffix.empty() ? "_256" : call.suffix;
  for (const char* n : {"224", "256", "384", "512"}) {
    if (bits.substr(1) == n) {
      std::string name = std::string("SHA3-") + n;
      return put_digest(call, name.c_str(), true);
    }
  }
  return fail(call, "unrecognised sha3 variant");
}

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out.push_back(kB64[(v >> shift) & 63]);
    }
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t v = uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (rest == 2) {
      v |= uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    }
    out.push_back(kB64[(v >> 18) & 63]);
    out.push_back(kB64[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kB64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool op_base64(OpCall& call) {
  call.out.text = base64_encode(call.in.text);
  return true;
}

// Decodes base64, skipping white space anywhere; '=' padding only in the
// last group. False when the text is not well formed.
bool base64_decode(std::string_view in, std::string& out) {
  std::string chars;
  for (char c : in) {
    if (!op::c_isspace(static_cast<unsigned char>(c))) {
      chars.push_back(c);
    }
  }
  if (chars.size() % 4 != 0) {
    return false;
  }
  for (size_t g = 0; g < chars.size(); g += 4) {
    bool last = g + 4 == chars.size();
    uint32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      char c = chars[g + k];
      if (c == '=') {
        if (!last || k < 2) {
          return false;
        }
        ++pad;
        v <<= 6;
        continue;
      }
      size_t pos = kB64.find(c);
      if (pos == std::string_view::npos || pad > 0) {
        return false;
      }
      v = (v << 6) | static_cast<uint32_t>(pos);
    }
    out.push_back(static_cast<char>(v >> 16));
    if (pad < 2) {
      out.push_back(static_cast<char>((v >> 8) & 255));
    }
    if (pad < 1) {
      out.push_back(static_cast<char>(v & 255));
    }
  }
  return true;
}

bool op_base64d(OpCall& call) {
  std::string out;
  if (!base64_decode(call.in.text, out)) {
    return fail(call, "string \"" + call.in.text + "\" is not well-formed for \"" +
                          std::string(call.name) + "\" operator");
  }
  // Exim's result is a C string: it ends at the first zero byte.
  call.out.text = out.substr(0, out.find('\0'));
  return true;
}

// Reads the whole argument as strtoul() does; false if anything is left.
bool read_ulong(OpCall& call, const char* opname, uint64_t& n) {
  op::Parsed p = op::c_strtoul10(call.in.text);
  if (p.used != call.in.text.size() && !(p.used == 0 && call.in.text.empty())) {
    return fail(call, "argument for " + std::string(opname) + " operator is \"" + call.in.text +
                          "\", which is not a decimal number");
  }
  n = p.value;
  return true;
}

constexpr std::string_view kB62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kB32 = "abcdefghijklmnopqrstuvwxyz234567";

bool op_base62(OpCall& call) {
  uint64_t n = 0;
  if (!read_ulong(call, "base62", n)) {
    return false;
  }
  std::string out(6, '0');
  for (int i = 5; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kB62[n % 62];
    n /= 62;
  }
  call.out.text = std::move(out);
  call.out.tainted = false;
  return true;
}

bool op_base32(OpCall& call) {
  uint64_t n = 0;
  if (!read_ulong(call, "base32", n)) {
    return false;
  }
  std::string out;
  for (; n != 0; n /= 32) {
    out.insert(out.begin(), kB32[n % 32]);
  }
  call.out.text = std::move(out);
  call.out.tainted = false;
  return true;
}

// base62d / base32d: digits of `alphabet`, accumulated in 64 bits and printed
// signed, as Exim's "%ld" does.
bool decode_digits(OpCall& call, std::string_view alphabet, const char* opname,
                   const char* what) {
  uint64_t n = 0;
  for (char c : call.in.text) {
    size_t d = alphabet.find(c);
    if (d == std::string_view::npos) {
      return fail(call, "argument for " + std::string(opname) + " operator is \"" +
                            call.in.text + "\", which is not a " + what + " number");
    }
    n = n * alphabet.size() + d;
  }
  call.out.text = std::to_string(static_cast<int64_t>(n));
  call.out.tainted = false;
  return true;
}

bool op_base62d(OpCall& call) { return decode_digits(call, kB62, "base62d", "base 62"); }
bool op_base32d(OpCall& call) { return decode_digits(call, kB32, "base32d", "base 32"); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool op_hex2b64(OpCall& call) {
  const std::string& in = call.in.text;
  std::string bytes;
  for (size_t i = 0; i < in.size(); i += 2) {
    if (i + 1 >= in.size()) {
      return fail(call, "\"" + in + "\" contains an odd number of characters");
    }
    int hi = hex_value(in[i]);
    int lo = hex_value(in[i + 1]);
    if (hi < 0 || lo < 0) {
      return fail(call, "\"" + in + "\" is not a hex string");
    }
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  call.out.text = base64_encode(bytes);
  return true;
}

constexpr OperatorDef kTable[] = {
    {"md5", op_md5, true},
    {"sha1", op_sha1, true},
    {"sha2", op_sha2, true},
    {"sha256", op_sha2, true},
    {"sha3", op_sha3, true},
    {"base64", op_base64, true},
    {"str2b64", op_base64, true},
    {"base64d", op_base64d, true},
    {"base62", op_base62, true},
    {"base62d", op_base62d, true},
    {"base32", op_base32, true},
    {"base32d", op_base32d, true},
    {"hex2b64", op_hex2b64, true},
};

}  // namespace

std::span<const OperatorDef> codec_operators() { return kTable; }

}  // namespace corvid::expand
