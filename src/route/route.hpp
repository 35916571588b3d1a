// Routing an address through the configuration's routers, as Exim does it
// for delivery, for `-bt`/`-bv` and for `verify = recipient/sender`: the
// routers in order until one accepts, fails, defers or redirects; a
// redirect's new addresses are routed in turn (from the first router);
// an address already routed in the same run is a duplicate.
#pragma once

#include <string>
#include <vector>

#include "route/address.hpp"
#include "route/context.hpp"

namespace corvid::route {

struct RoutingRun {
  std::vector<Address> addresses;  // every address seen, parents before children
  std::vector<std::string> log_lines;  // for the main log (self = freeze ...)
};

// Splits "local@domain" (the domain lower-cased); an address without a
// domain gets qualify_recipient.
Address make_address(const std::string& text, const RouteContext& ctx);

// Routes `address`; returns its index in run.addresses.
size_t route_address(Address address, RouteContext& ctx, RoutingRun& run);

// The leaves under `index` (itself when it was not redirected), in order.
std::vector<size_t> leaves(const RoutingRun& run, size_t index);

}  // namespace corvid::route
