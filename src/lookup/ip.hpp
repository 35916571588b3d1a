// IP address text <-> bytes, CIDR matching and Exim's textual forms of
// addresses (ipv6norm, ipv6denorm, ${mask:}, reverse_ip, net-N lookup keys).
//
// Promises: parsing accepts exactly what Exim's isip/isip4/isip6 accept
// (inet_pton rules: no leading zeros in IPv4 parts; an IPv6 "%scope" suffix
// is allowed and ignored). IPv4-mapped IPv6 addresses stay IPv6 until
// unmap() is called, as Exim converts them only where it says so.
// Used by iplsearch, host lists and the expansion operators.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corvid::ip {

struct Address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

  int bits() const { return v6 ? 128 : 32; }
  bool operator==(const Address&) const = default;
};

std::optional<Address> parse(std::string_view text);
bool is_ip4(std::string_view text);
bool is_ip6(std::string_view text);
inline bool is_ip(std::string_view text) { return parse(text).has_value(); }

// ::ffff:a.b.c.d becomes a.b.c.d; anything else is returned unchanged.
Address unmap(const Address& a);

// The address with all bits after the first `bits` cleared.
Address masked(const Address& a, int bits);

// True when `a` is inside net/bits. Both sides are unmapped first; a v4
// address never matches a v6 net and vice versa. bits is clamped to the
// address size.
bool in_net(const Address& a, const Address& net, int bits);

// "a.b.c.d/n" or "v6/n". The mask is optional when `mask_optional`; an
// empty mask ("1.2.3.4/") counts as 0, as Exim's host lists treat it.
struct Cidr {
  Address address;
  int bits = 0;
};
std::optional<Cidr> parse_cidr(std::string_view text, bool mask_optional = true);

// Dotted quad for v4; compressed lower-case form (Exim's ipv6norm) for v6.
std::string to_string(const Address& a);
// ${ipv6norm:}: a v4 address is mapped first (::ffff:102:304). The longest
// run of zero groups (the first of equal runs, even a single group) becomes
// "::"; an all-zero address gives ":" exactly as Exim 4.96 prints it.
std::string ipv6_norm(const Address& a);
// ${ipv6denorm:}: eight 4-digit groups; a v4 address is first mapped
// (::ffff:a.b.c.d), as Exim does.
std::string ipv6_denorm(const Address& a);
// Eight 4-digit groups joined by `sep` (':' or '.'): the key form used by
// net- lookups and ${mask:}.
std::string full_v6(const Address& a, char sep);
// ${reverse_ip:} without the in-addr.arpa / ip6.arpa suffix.
std::string reverse(const Address& a);

// ${mask:ip/bits} and ${mask_n:}: the masked address and "/bits". Returns
// nullopt and sets `error` to Exim's message on bad input.
std::optional<std::string> mask(std::string_view text, bool normal_form, std::string& error);

// The key a host list "net<bits>-type;" item looks up (bits < 0: "net-").
// IPv6 uses '.' separators unless `colons` (iplsearch); v4-mapped
// addresses are unmapped first.
std::string net_key(const Address& a, int bits, bool colons);

}  // namespace corvid::ip
