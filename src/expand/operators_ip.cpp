// IP address operators: mask (mask_n), ipv6norm, ipv6denorm, reverse_ip.
//
// Which strings count as IP addresses is decided here exactly as Exim's
// string_is_ip_address() does it (a "/mask" read with strtol(), an IPv6
// "%interface" suffix of letters, digits and punctuation, never both);
// the address bytes and the printed forms come from lists/ip.hpp.
#include <cstdint>
#include <optional>
#include <string>

#include "expand/op_util.hpp"
#include "expand/operators.hpp"
#include "lists/ip.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

struct IpText {
  ip::Address address;
  bool has_mask = false;
  int32_t mask = 0;  // strtol() of the mask, cut to a C int as Exim does
};

bool is_punct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
         (c >= 123 && c <= 126);
}

// Exim's string_is_ip_address(); `allow_mask` when a "/n" may follow.
std::optional<IpText> read_ip(std::string_view text, bool allow_mask) {
  IpText r;
  std::string_view addr = text;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    if (!allow_mask) {
      return std::nullopt;
    }
    std::string_view rest = text.substr(slash + 1);
    op::Parsed p = op::c_strtol10(rest);
    auto value = static_cast<int64_t>(p.value);
    if (p.used != rest.size() || value < 0) {
      return std::nullopt;
    }
    r.has_mask = true;
    r.mask = static_cast<int32_t>(static_cast<uint64_t>(value));
    addr = text.substr(0, slash);
  }
  size_t pct = text.find('%');
  if (pct != std::string_view::npos) {
    if (slash != std::string_view::npos) {
      return std::nullopt;
    }
    for (char c : text.substr(pct + 1)) {
      if (!util::is_alnum(c) && !is_punct(static_cast<unsigned char>(c))) {
        return std::nullopt;
      }
    }
    addr = text.substr(0, pct);
  }
  bool v6 = addr.find(':') != std::string_view::npos;
  if (addr.size() > 255 || (!v6 && pct != std::string_view::npos)) {
    return std::nullopt;
  }
  std::optional<ip::Address> a = ip::parse(addr);
  if (!a || a->v6 != v6) {
    return std::nullopt;
  }
  r.address = *a;
  return r;
}

bool not_ip(OpCall& call) {
  call.error = "\"" + call.in.text + "\" is not an IP address";
  return false;
}

bool op_mask(OpCall& call) {
  bool normal = call.suffix.size() > 1 && call.suffix[1] == 'n';
  std::optional<IpText> t = read_ip(call.in.text, true);
  if (!t) {
    return not_ip(call);
  }
  if (!t->has_mask) {
    call.error = "missing mask value in \"" + call.in.text + "\"";
    return false;
  }
  if (t->mask < 0 || t->mask > t->address.bits()) {
    call.error = "mask value too big in \"" + call.in.text + "\"";
    return false;
  }
  ip::Address m = ip::masked(t->address, t->mask);
  std::string text = !m.v6 ? ip::to_string(m) : normal ? ip::ipv6_norm(m) : ip::full_v6(m, '.');
  call.out.text = text + "/" + std::to_string(t->mask);
  return true;
}

bool op_ipv6norm(OpCall& call) {
  std::optional<IpText> t = read_ip(call.in.text, false);
  if (!t) {
    return not_ip(call);
  }
  call.out.text = ip::ipv6_norm(t->address);
  return true;
}

bool op_ipv6denorm(OpCall& call) {
  std::optional<IpText> t = read_ip(call.in.text, false);
  if (!t) {
    return not_ip(call);
  }
  call.out.text = ip::ipv6_denorm(t->address);
  return true;
}

bool op_reverse_ip(OpCall& call) {
  std::optional<IpText> t = read_ip(call.in.text, true);
  if (!t) {
    call.error = "reverse_ip() not given an IP address [" + call.in.text + "]";
    return false;
  }
  call.out.text = ip::reverse(t->address);
  return true;
}

constexpr OperatorDef kTable[] = {
    {"mask", op_mask, true},
    {"ipv6norm", op_ipv6norm, true},
    {"ipv6denorm", op_ipv6denorm, true},
    {"reverse_ip", op_reverse_ip, false},
};

}  // namespace

std::span<const OperatorDef> ip_operators() { return kTable; }

}  // namespace corvid::expand
