// One router: the generic preconditions Exim checks before a router runs
// (domains, local_parts, check_local_user, senders, condition, and the
// verify_* switches), then the driver. Drivers: accept, redirect,
// manualroute, dnslookup, ipliteral.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "route/address.hpp"
#include "route/context.hpp"

namespace corvid::route {

struct RouterResult {
  enum class Kind {
    accept,    // routed: transport (and hosts)
    decline,   // not for this router: try the next
    fail,      // undeliverable (message)
    defer,     // try later (message)
    discard,   // :blackhole:
    redirect,  // replaced by `children`
  };
  Kind kind = Kind::decline;
  std::string message;
  std::string transport;
  std::vector<Host> hosts;
  // redirect: new addresses, "/file" paths and "|command" pipes, with the
  // transport each file or pipe goes to.
  struct Child {
    std::string text;
    Outcome outcome = Outcome::routed;  // file or pipe for those, else routed
    std::string transport;
  };
  std::vector<Child> children;
  // A message for the main log (self = freeze and friends).
  std::string log_message;
  // The decline came from a precondition (domains, local_parts ...), not
  // from the driver: no_more does not apply then.
  bool skipped = false;
};

// Runs `router` for `address` (preconditions first).
RouterResult run_router(const config::DriverInstance& router, Address& address,
                        RouteContext& ctx);

// Driver entry points (router_*.cpp).
RouterResult route_accept(const config::DriverInstance& r, Address& a, RouteContext& ctx);
RouterResult route_redirect(const config::DriverInstance& r, Address& a, RouteContext& ctx);
RouterResult route_manualroute(const config::DriverInstance& r, Address& a, RouteContext& ctx);
RouterResult route_dnslookup(const config::DriverInstance& r, Address& a, RouteContext& ctx);
RouterResult route_ipliteral(const config::DriverInstance& r, Address& a, RouteContext& ctx);

// Shared by the drivers: the router's transport option expanded (an
// accept needs one unless only verifying), and the "self" check for hosts
// that turn out to be this machine.
bool router_transport(const config::DriverInstance& r, RouteContext& ctx, RouterResult& out);
bool is_local_address(const RouteContext& ctx, const std::string& ip);
RouterResult apply_self(const config::DriverInstance& r, const Address& a, RouterResult routed,
                        RouteContext& ctx,
                        std::string why = "remote host address is the local host");

}  // namespace corvid::route
