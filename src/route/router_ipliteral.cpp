// The ipliteral router: a domain that is an IP address in brackets
// ("[192.0.2.1]", "[IPv6:2001:db8::1]") is its own host.
#include "dns/host_names.hpp"
#include "route/router.hpp"
#include "util/strings.hpp"

namespace corvid::route {

RouterResult route_ipliteral(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  RouterResult out;
  const std::string& d = a.domain;
  if (d.size() < 3 || d.front() != '[' || d.back() != ']') return out;
  std::string ip = d.substr(1, d.size() - 2);
  if (util::starts_with_i(ip, "IPv6:")) ip = ip.substr(5);
  if (!dns::same_address(ip, ip)) return out;
  if (!router_transport(r, ctx, out)) return out;
  out.hosts.push_back(Host{d, ip, 0, -1, false});
  out.kind = RouterResult::Kind::accept;
  return apply_self(r, a, std::move(out), ctx);
}

}  // namespace corvid::route
