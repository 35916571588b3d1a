// The accept router: takes the address as it is, to its transport.
#include "route/router.hpp"

namespace corvid::route {

RouterResult route_accept(const config::DriverInstance& r, Address&, RouteContext& ctx) {
  RouterResult out;
  if (!router_transport(r, ctx, out)) return out;
  out.kind = RouterResult::Kind::accept;
  return out;
}

}  // namespace corvid::route
