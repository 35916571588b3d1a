// Host lists (hosts =, hostlist, host_reject_connection ...): items matched
// against a host's IP address or, for some forms, its name.
//   ""                  no remote host (local SMTP on stdin)
//   *                   any host, or none
//   1.2.3.4, ::1, net/N the address (IPv4-mapped subjects compare as IPv4)
//   @[]                 one of the local interface addresses
//   net-type;file       lookup keyed on the address; netN- on the masked
//   netN-type;file      address plus "/N"; IPv6 keys use '.' separators
//                       except for iplsearch (':')
//   iplsearch;file      treated as net-iplsearch (an address-keyed lookup)
//   type;file           single-key lookup keyed on the host name; a
//                       query-style lookup is just run
//   *suffix, ^regex     the host name
//   @ or a host name    forward lookup of the name, compared with the address
// Items needing a name or addresses that cannot be found are "unknown"
// (see match.hpp for +include_unknown / +ignore_unknown). For match_ip
// (ip_only) every single-key lookup is keyed on the address and items
// needing a name are unknown without asking the Env. An empty address
// matches only "" and "*". $value is empty unless a lookup item matched.
#include "lists/match_internal.hpp"
#include "lookup/ip.hpp"
#include "util/strings.hpp"

namespace corvid::lists {

namespace {

using detail::Item;
using detail::Walk;

struct HostCtx {
  const Host& host;
  std::optional<ip::Address> addr;                         // unmapped
  bool ip_only = false;                                    // match_ip: never look for names
  mutable std::optional<std::optional<std::string>> name;  // resolved once

  const std::optional<std::string>& host_name(const Env& env) const {
    if (!name) {
      name = !host.name.empty() ? std::optional<std::string>(host.name)
             : ip_only          ? std::nullopt
                                : env.host_name(host.address);
    }
    return *name;
  }
};

Item match_cidr(const ip::Cidr& net, const HostCtx& h) {
  return h.addr && ip::in_net(*h.addr, net.address, net.bits) ? Item::yes : Item::no;
}

Item match_addresses(const std::vector<std::string>& addrs, const HostCtx& h) {
  for (const auto& a : addrs) {
    auto parsed = ip::parse(a);
    if (parsed && h.addr && ip::unmap(*parsed) == *h.addr) {
      return Item::yes;
    }
  }
  return Item::no;
}

// "netN-type;file" / "net-type;file": returns nullopt when not this form.
std::optional<Item> match_net_lookup(std::string_view item, size_t semi, const HostCtx& h,
                                     Outcome& out) {
  if (!item.starts_with("net")) {
    return std::nullopt;
  }
  size_t i = 3;
  int bits = -1;
  while (i < semi && util::is_digit(item[i])) {
    bits = (bits < 0 ? 0 : bits * 10) + (item[i++] - '0');
  }
  if (i >= semi || item[i] != '-') {
    return std::nullopt;
  }
  std::string_view lookup_item = item.substr(i + 1);
  if (!h.addr) {
    return Item::no;
  }
  bool colons = lookup_item.starts_with("iplsearch");
  std::string key = ip::net_key(*h.addr, bits, colons);
  return detail::match_lookup(lookup_item, semi - i - 1, key, out);
}

Item match_name_pattern(std::string_view item, const HostCtx& h, const Env& env, Outcome& out) {
  const auto& name = h.host_name(env);
  if (!name) {
    return Item::unknown;
  }
  return item[0] == '^' ? detail::match_regex(item, *name, true, out)
                        : detail::match_star(item, *name, true, out);
}

Item match_lookup_item(std::string_view item, size_t semi, const HostCtx& h, const Env& env,
                       Outcome& out) {
  if (auto r = match_net_lookup(item, semi, h, out)) {
    return *r;
  }
  if (item.starts_with("iplsearch")) {
    return h.addr ? detail::match_lookup(item, semi, ip::net_key(*h.addr, -1, true), out)
                  : Item::no;
  }
  std::string error;
  auto spec = lookup::parse_spec(item.substr(0, semi), error);
  if (spec && !spec->driver->single_key()) {
    return detail::match_lookup(item, semi, "", out);
  }
  if (spec && h.ip_only) {
    // match_ip: "type;file" is "net-type;file", keyed on the address.
    return h.addr ? detail::match_lookup(item, semi, ip::net_key(*h.addr, -1, false), out)
                  : Item::no;
  }
  const auto& name = h.host_name(env);
  if (spec && !name) {
    return Item::unknown;
  }
  return detail::match_lookup(item, semi, name ? *name : "", out);
}

// Only the Env may resolve a name (never the machine's resolver from here).
Item match_by_name(std::string_view name, const HostCtx& h, const Env& env) {
  if (h.ip_only) {
    return Item::unknown;
  }
  std::vector<std::string> addrs = env.host_addresses(name);
  if (addrs.empty()) {
    return Item::unknown;
  }
  return match_addresses(addrs, h);
}

Item match_item(std::string_view item, const HostCtx& h, Walk& w, Outcome& out) {
  if (item.empty()) {
    return h.host.address.empty() ? Item::yes : Item::no;
  }
  if (item == "*") {
    return Item::yes;
  }
  if (h.host.address.empty()) {
    return Item::no;
  }
  if (auto net = ip::parse_cidr(item)) {
    return match_cidr(*net, h);
  }
  if (item == "@[]") {
    return match_addresses(w.env.interface_addresses(), h);
  }
  if (item[0] == '^' || item[0] == '*') {
    return match_name_pattern(item, h, w.env, out);
  }
  if (auto semi = detail::lookup_semicolon(item)) {
    return match_lookup_item(item, *semi, h, w.env, out);
  }
  if (item == "@") {
    return match_by_name(w.env.primary_hostname(), h, w.env);
  }
  return match_by_name(item, h, w.env);
}

Item match_host_item(std::string_view item, const HostCtx& h, Walk& w, Outcome& out) {
  Item r = match_item(item, h, w, out);
  if (!out.lookup_data) {
    out.value.clear();
  }
  return r;
}

Outcome run_host(const Host& host, bool ip_only, std::string_view list, const Env& env) {
  HostCtx ctx{host, std::nullopt, ip_only, std::nullopt};
  if (auto a = ip::parse(host.address)) {
    ctx.addr = ip::unmap(*a);
  }
  Walk w{Kind::host, env, host.address + "/" + host.name + (ip_only ? "/ip" : "")};
  return detail::walk(list, w, [&ctx](std::string_view item, Walk& ww, Outcome& out) {
    return match_host_item(item, ctx, ww, out);
  });
}

}  // namespace

Outcome match_host(const Host& host, std::string_view list, const Env& env) {
  return run_host(host, false, list, env);
}

Outcome match_ip(std::string_view address, std::string_view list, const Env& env) {
  return run_host(Host{std::string(address), {}}, true, list, env);
}

}  // namespace corvid::lists
