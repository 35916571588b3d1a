// verify = recipient / sender: the address is routed as `-bv` routes it
// (verify_only routers run, a redirection to a list counts as verified),
// with Exim's replies: the router's own text for :fail: and :defer:,
// "Unrouteable address" when no router took it, and for other deferrals
// only a log line (the client gets the default 451 text).
#include "route/route.hpp"
#include "smtp/server/session.hpp"

namespace corvid::smtp {

acl::VerifyOutcome Session::verify_address(const std::string& address, bool sender) {
  acl::VerifyOutcome o;
  if (address.empty()) {  // the null sender always verifies
    o.status = acl::VerifyStatus::ok;
    return o;
  }
  route::RouteContext ctx(services_.config);
  ctx.verifying = true;
  ctx.sender = sender_.value_or("");
  route::RoutingRun run;
  size_t top = route::route_address(route::make_address(address, ctx), ctx, run);
  for (const std::string& l : run.log_lines) {
    std::string line = l;
    size_t p = line.find(" (while routing ");
    if (p != std::string::npos) line.erase(p);
    log_write(line + " (while verifying <" + address + "> from host " +
                  log::full_host(host_id(), services_.logger->selector()) + ")",
              acl::LogTargets{}, false);
  }
  bool ok = false, deferred = false;
  const route::Address* why = nullptr;
  std::vector<size_t> found = route::leaves(run, top);
  if (found.empty()) ok = true;
  for (size_t i : found) {
    const route::Address& a = run.addresses[i];
    if (a.outcome == route::Outcome::failed || a.outcome == route::Outcome::deferred) {
      deferred = deferred || a.outcome == route::Outcome::deferred;
      if (why == nullptr) why = &a;
    } else {
      ok = true;
    }
  }
  if (ok) {
    o.status = acl::VerifyStatus::ok;
    return o;
  }
  o.status = deferred ? acl::VerifyStatus::defer : acl::VerifyStatus::fail;
  std::string message = why != nullptr ? why->message : "Unrouteable address";
  if (sender) {
    o.user_message = "Sender verify failed";
    o.log_message = "Sender verify failed";
    return o;
  }
  o.log_message = message;
  // Texts the configuration wrote (:fail:, :defer:) and "Unrouteable
  // address" reach the client; Corvid's own reasons for deferring do not.
  bool internal = deferred && !run.log_lines.empty();
  if (!internal) o.user_message = message;
  return o;
}

}  // namespace corvid::smtp
