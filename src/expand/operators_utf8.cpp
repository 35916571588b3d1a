// Character-set operators: from_utf8, utf8clean, rfc2047, rfc2047d,
// utf8_domain_to_alabel, utf8_domain_from_alabel, utf8_localpart_to_alabel,
// utf8_localpart_from_alabel.
//
// from_utf8 and utf8clean follow Exim's byte-level loops exactly (including
// how they treat malformed sequences). Domains go to A-labels through
// libidn2 (IDNA 2008, non-transitional, NFC input), as Exim does; the other
// direction and the local-part forms use our own punycode, matching the
// libidn results Exim prints. The header charset is UTF-8 (Exim's build
// default for headers_charset).
#include <idn2.h>

#include <cstdlib>
#include <string>

#include "expand/op_punycode.hpp"
#include "expand/op_rfc2047.hpp"
#include "expand/op_util.hpp"
#include "expand/operators.hpp"

namespace corvid::expand {

namespace {

constexpr std::string_view kHeadersCharset = "UTF-8";

bool fail(OpCall& call, std::string message) {
  call.error = std::move(message);
  return false;
}

// Extra bytes after a lead byte 0xc0..0xff, as Exim's GETUTF8INC reads it.
int utf8_extra(unsigned char c) {
  if (c < 0xe0) return 1;
  if (c < 0xf0) return 2;
  if (c < 0xf8) return 3;
  if (c < 0xfc) return 4;
  return 5;
}

bool op_from_utf8(OpCall& call) {
  const std::string& s = call.in.text;
  std::string out;
  for (size_t i = 0; i < s.size();) {
    uint32_t c = static_cast<unsigned char>(s[i++]);
    if ((c & 0xc0) == 0xc0) {
      int extra = utf8_extra(static_cast<unsigned char>(c));
      static constexpr uint32_t kLeadMask[] = {0xff, 0x1f, 0x0f, 0x07, 0x03, 0x01};
      c &= kLeadMask[extra];
      for (int k = 0; k < extra; ++k) {
        uint32_t next = i < s.size() ? static_cast<unsigned char>(s[i++]) : 0;
        c = (c << 6) | (next & 0x3f);
      }
    }
    if (c == 0) {
      break;  // Exim's result is a C string
    }
    out.push_back(static_cast<char>(c > 255 ? '_' : c));
  }
  call.out.text = std::move(out);
  return true;
}

bool op_utf8clean(OpCall& call) {
  std::string out;
  std::string seq;
  int left = 0;
  uint32_t cp = 0;
  for (char ch : call.in.text) {
    auto c = static_cast<unsigned char>(ch);
    int bad = 0;  // 1: broken sequence, keep an ASCII byte; -1: invalid
    if (left > 0) {
      if ((c & 0xc0) != 0x80) {
        bad = 1;
      } else {
        cp = (cp << 6) | (c & 0x3f);
        seq.push_back(ch);
        if (--left == 0) {
          if (cp > 0x10ffff || (cp & 0x1ff800) == 0xd800) {
            bad = -1;
          } else {
            out += seq;
          }
        }
      }
    } else if (c < 0x80) {
      out.push_back(ch);
      continue;
    } else {
      seq.assign(1, ch);
      if ((c & 0xe0) == 0xc0 && c >= 0xc2) {
        left = 1;
        cp = c & 0x1f;
      } else if ((c & 0xf0) == 0xe0) {
        left = 2;
        cp = c & 0x0f;
      } else if ((c & 0xf8) == 0xf0) {
        left = 3;
        cp = c & 0x07;
      } else {
        bad = -1;
      }
    }
    if (bad != 0) {
      left = 0;
      out.push_back('?');
      if (bad == 1 && c < 0x80) {
        out.push_back(ch);
      }
    }
  }
  if (left != 0) {
    out.push_back('?');
  }
  call.out.text = std::move(out);
  return true;
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

std::string to_alabel_error(std::string_view in, std::string_view why) {
  return "error converting utf8 (" + op::printing(in) + ") to alabel: " + std::string(why);
}

std::string from_alabel_error(std::string_view in, std::string_view why) {
  return "error converting alabel (" + std::string(in) + ") to utf8: " + std::string(why);
}

bool op_domain_to_alabel(OpCall& call) {
  if (is_ascii(call.in.text)) {
    call.out.text = call.in.text;
    return true;
  }
  char* result = nullptr;
  int rc = idn2_lookup_u8(reinterpret_cast<const uint8_t*>(call.in.text.c_str()),
                          reinterpret_cast<uint8_t**>(&result), IDN2_NFC_INPUT);
  if (rc != IDN2_OK) {
    return fail(call, to_alabel_error(call.in.text, idn2_strerror(rc)));
  }
  call.out.text = result;
  std::free(result);
  return true;
}

// One label: "xn--" labels are decoded, others kept.
bool label_from_alabel(std::string_view label, std::string& out, std::string& error) {
  if (label.substr(0, 4) != "xn--") {
    out.append(label);
    return true;
  }
  std::u32string cps;
  if (!op::punycode_decode(label.substr(4), cps, error)) {
    return false;
  }
  for (char32_t cp : cps) {
    op::append_utf8(out, cp);
  }
  return true;
}

bool op_domain_from_alabel(OpCall& call) {
  const std::string& s = call.in.text;
  // Without an A-label, or with an empty label inside, libidn gives the
  // name back as it is.
  bool has_alabel = s.substr(0, 4) == "xn--" || s.find(".xn--") != std::string::npos;
  std::string_view inner = std::string_view(s).substr(0, s.empty() || s.back() != '.' ? s.size() : s.size() - 1);
  if (!has_alabel || inner.empty() || inner[0] == '.' || inner.find("..") != std::string_view::npos) {
    call.out.text = s;
    return true;
  }
  std::string out;
  size_t start = 0;
  for (;;) {
    size_t dot = inner.find('.', start);
    std::string_view label = inner.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!out.empty()) {
      out.push_back('.');
    }
    std::string error;
    if (!label_from_alabel(label, out, error)) {
      return fail(call, from_alabel_error(s, error));
    }
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  call.out.text = std::move(out);
  return true;
}

bool op_localpart_to_alabel(OpCall& call) {
  if (is_ascii(call.in.text)) {
    call.out.text = call.in.text;
    return true;
  }
  std::u32string cps;
  if (!op::utf8_to_code_points(call.in.text, cps)) {
    return fail(call, to_alabel_error(call.in.text, "l_u2a: bad UTF-8 input"));
  }
  std::string encoded;
  std::string error;
  if (!op::punycode_encode(cps, encoded, error)) {
    return fail(call, to_alabel_error(call.in.text, error));
  }
  call.out.text = "xn--" + encoded;
  return true;
}

bool op_localpart_from_alabel(OpCall& call) {
  const std::string& s = call.in.text;
  if (s.substr(0, 4) != "xn--") {
    return fail(call, from_alabel_error(s, "bad alabel prefix"));
  }
  std::string out;
  std::string error;
  if (!label_from_alabel(s, out, error)) {
    return fail(call, from_alabel_error(s, error));
  }
  call.out.text = std::move(out);
  return true;
}

bool op_rfc2047(OpCall& call) {
  call.out.text = op::rfc2047_encode(call.in.text, kHeadersCharset);
  return true;
}

bool op_rfc2047d(OpCall& call) {
  std::string out;
  if (!op::rfc2047_decode(call.in.text, kHeadersCharset, out, call.error)) {
    return false;
  }
  call.out.text = std::move(out);
  return true;
}

constexpr OperatorDef kTable[] = {
    {"from_utf8", op_from_utf8, false},
    {"utf8clean", op_utf8clean, true},
    {"rfc2047", op_rfc2047, true},
    {"rfc2047d", op_rfc2047d, true},
    {"utf8_domain_to_alabel", op_domain_to_alabel, false},
    {"utf8_domain_from_alabel", op_domain_from_alabel, false},
    {"utf8_localpart_to_alabel", op_localpart_to_alabel, false},
    {"utf8_localpart_from_alabel", op_localpart_from_alabel, false},
};

}  // namespace

std::span<const OperatorDef> utf8_operators() { return kTable; }

}  // namespace corvid::expand
