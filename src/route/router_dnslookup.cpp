// The dnslookup router: MX records of the domain (lowest preference
// first; a domain without MX records is its own mail host), each target's
// addresses from DNS. A domain that does not exist declines; a lookup
// that fails temporarily defers. When this machine is one of the MX
// hosts, it and every host of its preference or higher are dropped; if
// nothing is left, `self` decides.
#include <algorithm>

#include "dns/resolver.hpp"
#include "route/hosts.hpp"
#include "route/router.hpp"

namespace corvid::route {

using Kind = RouterResult::Kind;

RouterResult route_dnslookup(const config::DriverInstance& r, Address& a, RouteContext& ctx) {
  RouterResult out;
  dns::Answer mx = dns::lookup(a.domain, dns::RrType::mx);
  if (mx.status == dns::Status::again || mx.status == dns::Status::fail) {
    out.kind = Kind::defer;
    out.message = "host lookup did not complete";
    return out;
  }
  if (mx.status == dns::Status::nxdomain) return out;  // decline: Unrouteable address
  if (!router_transport(r, ctx, out)) return out;
  std::vector<Host> hosts;
  if (mx.found()) {
    std::vector<dns::Record> records = mx.records;
    std::stable_sort(records.begin(), records.end(),
                     [](const dns::Record& x, const dns::Record& y) {
                       return x.preference < y.preference;
                     });
    for (const dns::Record& rec : records) {
      if (rec.text.empty()) return out;  // "MX 0 ." : no mail here; decline
      if (resolve_host(rec.text, true, 0, rec.preference, hosts) == Resolve::again) {
        out.kind = Kind::defer;
        out.message = "host lookup did not complete";
        return out;
      }
    }
  } else if (resolve_host(a.domain, true, 0, -1, hosts) != Resolve::found) {
    return out;  // no MX and no address: decline
  }
  if (hosts.empty()) return out;
  // This machine as an MX host: only better-preferred hosts remain.
  int local_mx = -2;
  for (const Host& h : hosts) {
    if (h.mx >= 0 && is_local_address(ctx, h.address)) {
      local_mx = local_mx == -2 ? h.mx : std::min(local_mx, h.mx);
    }
  }
  if (local_mx >= 0) {
    std::vector<Host> kept;
    for (const Host& h : hosts) {
      if (h.mx < local_mx) kept.push_back(h);
    }
    if (kept.empty()) {
      out.kind = Kind::accept;
      out.hosts = hosts;
      return apply_self(r, a, std::move(out), ctx, "lowest numbered MX record points to local host");
    }
    hosts = std::move(kept);
  }
  out.hosts = std::move(hosts);
  out.kind = Kind::accept;
  return apply_self(r, a, std::move(out), ctx);
}

}  // namespace corvid::route
