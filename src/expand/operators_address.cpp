// Address operators: address, addresses, domain, local_part,
// quote_local_part.
//
// A string that does not parse as an RFC 2822 address gives an empty
// result, never an error (Exim's rule). ${addresses} splits a header-style
// list on commas, accepts group syntax, and joins the working addresses
// with ':' (or the separator chosen by a leading ">x"), doubling the
// separator inside an address.
#include <string>

#include "expand/op_rfc2822.hpp"
#include "expand/operators.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

enum class Part { address, local_part, domain };

bool extract(OpCall& call, Part part) {
  op::ParsedAddress a;
  op::GroupState group;
  call.out.text.clear();
  if (!op::parse_address(call.in.text, a, group)) {
    return true;
  }
  switch (part) {
    case Part::address:
      call.out.text = a.address;
      break;
    case Part::local_part:
      call.out.text = a.domain > 0 ? a.address.substr(0, a.domain - 1) : a.address;
      break;
    case Part::domain:
      if (a.domain > 0) {
        call.out.text = a.address.substr(a.domain);
      }
      break;
  }
  return true;
}

bool op_address(OpCall& call) { return extract(call, Part::address); }
bool op_local_part(OpCall& call) { return extract(call, Part::local_part); }
bool op_domain(OpCall& call) { return extract(call, Part::domain); }

// Appends one address to the output list, doubling `sep` inside it.
void append_address(std::string& out, std::string_view address, char sep) {
  if (!out.empty() && address[0] == sep) {
    out.push_back(' ');
  }
  for (char c : address) {
    out.push_back(c);
    if (c == sep) {
      out.push_back(sep);
    }
  }
  out.push_back(sep);
}

bool op_addresses(OpCall& call) {
  std::string_view s = util::trim_left(call.in.text);
  char sep = ':';
  if (!s.empty() && s[0] == '>') {
    if (s.size() < 2) {
      call.error = "output separator missing in expanding ${addresses:" + std::string(s) + "}";
      return false;
    }
    sep = s[1];
    s.remove_prefix(2);
  }
  op::GroupState group{true, false};
  std::string out;
  for (;;) {
    size_t len = op::find_address_end(s);
    op::ParsedAddress a;
    if (op::parse_address(s.substr(0, len), a, group) && !a.address.empty()) {
      append_address(out, a.address, sep);
    }
    if (len >= s.size()) {
      break;
    }
    s.remove_prefix(len + 1);
  }
  if (!out.empty()) {
    out.pop_back();
  }
  call.out.text = std::move(out);
  return true;
}

bool op_quote_local_part(OpCall& call) {
  const std::string& s = call.in.text;
  static constexpr std::string_view kAllowed = "!#$%&'*+-/=?^_`{|}~";
  bool needs = s.empty();
  for (size_t i = 0; i < s.size() && !needs; ++i) {
    char c = s[i];
    if (util::is_alnum(c) || kAllowed.find(c) != std::string_view::npos) {
      continue;
    }
    needs = c != '.' || i == 0 || i + 1 == s.size();
  }
  if (!needs) {
    call.out.text = s;
    return true;
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      if (c == '\\' || c == '"') {
        out.push_back('\\');
      }
      out.push_back(c);
    }
  }
  out.push_back('"');
  call.out.text = std::move(out);
  return true;
}

constexpr OperatorDef kTable[] = {
    {"address", op_address, true},
    {"addresses", op_addresses, true},
    {"domain", op_domain, true},
    {"local_part", op_local_part, false},
    {"quote_local_part", op_quote_local_part, false},
};

}  // namespace

std::span<const OperatorDef> address_operators() { return kTable; }

}  // namespace corvid::expand
