// Text operators: lc, uc, strlen, length_N (l_N), substr_N_M (s_N_M),
// hash_N_M (h_N_M), nhash_N_M (nh_N_M), escape, escape8bit, hexquote,
// rxquote.
//
// The numeric suffixes are read as Exim reads them: digits into a C int
// (wrapping on overflow), "_" between two numbers, a leading "-" only for
// substr; anything else is "non-digit after underscore in <name>". All
// measurement is in bytes. As in Exim, any operator here also accepts (and
// ignores) an unused suffix ("lc_x").
#include <array>
#include <cstdint>
#include <string>

#include "expand/op_util.hpp"
#include "expand/operators.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

// The two numbers of a length/substr/hash/nhash suffix; -1 means "not given"
// for the second.
struct NumArgs {
  int32_t first = 0;
  int32_t second = -1;
};

bool fail(OpCall& call, std::string message) {
  call.error = std::move(message);
  return false;
}

// Reads "_<n>[_<m>]" from the suffix. `length_only` is the length/l form,
// whose single number is the second value.
bool read_num_args(OpCall& call, bool length_only, NumArgs& args) {
  if (call.suffix.empty()) {
    return fail(call, "missing values after " + std::string(call.name));
  }
  std::string_view arg = call.suffix.substr(1);
  uint32_t v1 = 0;
  uint32_t v2 = 0;
  bool in_second = length_only;
  bool second_given = length_only;
  int sign = 1;
  if (!length_only && (call.name[0] == 's') && !arg.empty() && arg[0] == '-') {
    sign = -1;
    arg.remove_prefix(1);
  }
  for (size_t i = 0; i < arg.size();) {
    char c = arg[i];
    if (i != 0 && c == '_' && !in_second) {
      in_second = true;
      second_given = true;
      if (i + 1 < arg.size()) {
        ++i;
      }
    } else if (!util::is_digit(c)) {
      return fail(call, "non-digit after underscore in \"" + std::string(call.name) + "\"");
    } else {
      uint32_t& n = in_second ? v2 : v1;
      n = n * 10 + static_cast<uint32_t>(c - '0');
      ++i;
    }
  }
  args.first = static_cast<int32_t>(v1) * sign;
  args.second = second_given ? static_cast<int32_t>(v2) : -1;
  return true;
}

// Exim's substring rules: a negative start counts from the right, an unset
// (negative) length means "the rest" (or "everything before" for a negative
// start).
std::string_view substring(std::string_view s, int64_t start, int64_t len) {
  auto size = static_cast<int64_t>(s.size());
  if (start < 0) {
    start += size;
    if (start < 0) {
      len += start;
      if (len < 0) {
        len = 0;
      }
      start = 0;
    } else if (len < 0) {
      len = start;
      start = 0;
    }
  } else if (start > size) {
    start = size;
    len = 0;
  } else if (len < 0) {
    len = size;
  }
  if (start + len > size) {
    len = size - start;
  }
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(len));
}

bool op_length(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, true, a)) {
    return false;
  }
  call.out.text = std::string(substring(call.in.text, 0, a.second));
  return true;
}

bool op_substr(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  call.out.text = std::string(substring(call.in.text, a.first, a.second));
  return true;
}

constexpr std::string_view kHashCodes =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

bool op_hash(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  int32_t count = a.second < 0 ? 26 : a.second;
  if (count > static_cast<int32_t>(kHashCodes.size())) {
    return fail(call, "hash count \"" + std::to_string(count) + "\" too big");
  }
  if (count == 0) {
    return fail(call, "hash count \"0\" is not allowed");  // Exim crashes here
  }
  std::string s = call.in.text;
  auto width = static_cast<int64_t>(a.first);
  if (width < 0 || width >= static_cast<int64_t>(s.size())) {
    call.out.text = width < 0 ? std::string() : s;
    return true;
  }
  size_t i = 0;
  for (size_t j = static_cast<size_t>(width); j < s.size(); ++j) {
    unsigned c = static_cast<unsigned char>(s[j]);
    unsigned shift = (c + static_cast<unsigned>(j)) & 7;
    unsigned mixed = static_cast<unsigned char>(s[i]) ^ (c << shift) ^ (c >> (8 - shift));
    s[i] = static_cast<char>(mixed & 255);
    if (++i >= static_cast<size_t>(width)) {
      i = 0;
    }
  }
  std::string out;
  for (size_t k = 0; k < static_cast<size_t>(width); ++k) {
    out.push_back(kHashCodes[static_cast<unsigned char>(s[k]) % static_cast<unsigned>(count)]);
  }
  call.out.text = std::move(out);
  return true;
}

constexpr std::array<unsigned, 30> kPrimes = {
    2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41, 43,  47,
    53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113};

bool op_nhash(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  uint64_t total = 0;
  size_t idx = 0;
  for (char ch : call.in.text) {
    if (idx == 0) {
      idx = kPrimes.size() - 1;
    }
    total += uint64_t{kPrimes[idx--]} * static_cast<unsigned char>(ch);
  }
  // Exim converts the C int divisors to unsigned long, sign-extending.
  auto as_ulong = [](int32_t v) { return static_cast<uint64_t>(static_cast<int64_t>(v)); };
  if (a.second < 0) {
    if (a.first == 0) {
      return fail(call, "nhash divisor is zero");  // Exim crashes here
    }
    call.out.text = std::to_string(total % as_ulong(a.first));
  } else {
    auto product = static_cast<int32_t>(static_cast<uint32_t>(a.first) *
                                        static_cast<uint32_t>(a.second));
    if (product == 0) {
      return fail(call, "nhash divisor is zero");  // Exim crashes here
    }
    total %= as_ulong(product);
    uint64_t div = as_ulong(a.second);
    call.out.text = std::to_string(total / div) + "/" + std::to_string(total % div);
  }
  call.out.tainted = false;
  return true;
}

bool op_lc(OpCall& call) {
  call.out.text = util::lower(call.in.text);
  return true;
}

bool op_uc(OpCall& call) {
  call.out.text = util::upper(call.in.text);
  return true;
}

bool op_strlen(OpCall& call) {
  call.out.text = std::to_string(call.in.text.size());
  call.out.tainted = false;
  return true;
}

bool op_escape(OpCall& call) {
  call.out.text = op::printing(call.in.text);
  return true;
}

void append_octal(std::string& out, unsigned char c) {
  out.push_back('\\');
  out.push_back(static_cast<char>('0' + ((c >> 6) & 7)));
  out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
  out.push_back(static_cast<char>('0' + (c & 7)));
}

bool op_escape8bit(OpCall& call) {
  std::string out;
  for (char ch : call.in.text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x7f || c == '\\') {
      append_octal(out, c);
    } else {
      out.push_back(ch);
    }
  }
  call.out.text = std::move(out);
  return true;
}

bool op_hexquote(OpCall& call) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : call.in.text) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 33 || c > 126) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  call.out.text = std::move(out);
  return true;
}

bool op_rxquote(OpCall& call) {
  std::string out;
  for (char ch : call.in.text) {
    if (!util::is_alnum(ch)) {
      out.push_back('\\');
    }
    out.push_back(ch);
  }
  call.out.text = std::move(out);
  return true;
}

constexpr OperatorDef kTable[] = {
    {"lc", op_lc, true},
    {"uc", op_uc, true},
    {"strlen", op_strlen, true},
    {"length", op_length, true},
    {"l", op_length, true},
    {"substr", op_substr, true},
    {"s", op_substr, true},
    {"hash", op_hash, true},
    {"h", op_hash, true},
    {"nhash", op_nhash, true},
    {"nh", op_nhash, true},
    {"escape", op_escape, true},
    {"escape8bit", op_escape8bit, true},
    {"hexquote", op_hexquote, true},
    {"rxquote", op_rxquote, true},
};

}  // namespace

std::span<const OperatorDef> text_operators() { return kTable; }

}  // namespace corvid::expand
