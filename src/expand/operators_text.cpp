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
#include "expand/string_core.hpp"
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

bool op_length(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, true, a)) {
    return false;
  }
  call.out.text = std::string(substr_of(call.in.text, 0, a.second));
  return true;
}

bool op_substr(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  call.out.text = std::string(substr_of(call.in.text, a.first, a.second));
  return true;
}

bool op_hash(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  std::string error;
  if (!hash_of(call.in.text, a.first, a.second, call.out.text, error)) {
    return fail(call, error);
  }
  return true;
}

bool op_nhash(OpCall& call) {
  NumArgs a;
  if (!read_num_args(call, false, a)) {
    return false;
  }
  std::string error;
  if (!nhash_of(call.in.text, a.first, a.second, call.out.text, error)) {
    return fail(call, error);
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
