// Event actions (seed: event_action, formerly tpda_event_action): at fixed
// points of a delivery the main or a transport's `event_action` is
// expanded with $event_name, $event_data and $event_defer_errno set, for
// its side effects (${run}, a lookup, an ACL that logs). For the "before"
// events a non-empty result changes what happens (tcp:connect: do not
// connect; smtp:connect: close the connection); for the others it is
// ignored. An expansion that fails is logged to the main and panic logs
// and counts as an empty result.
#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "expand/context.hpp"
#include "log/writer.hpp"
#include "route/address.hpp"

namespace corvid::event {

struct Event {
  std::string name;  // "msg:delivery", "tcp:connect", ...
  std::string data;  // $event_data
  int defer_errno = 0;  // $event_defer_errno
  // $host, $host_address, $host_port when a host is concerned.
  const route::Host* host = nullptr;
  // $domain, $local_part, $router_name and $transport_name of the address
  // a msg:* event is about.
  const route::Address* address = nullptr;
};

// Raises events for one message's delivery: `base` expands everything the
// event variables do not cover ($message_exim_id, $sender_address, ...).
class Raiser {
 public:
  Raiser(const config::Config& config, const expand::Context& base, log::Logger* logger,
         std::string message_id)
      : config_(config), base_(base), logger_(logger), message_id_(std::move(message_id)) {}

  // The main section's event_action (msg:fail:internal, msg:complete).
  std::string main(const Event& e) const;
  // A transport's event_action.
  std::string transport(const config::DriverInstance& t, const Event& e) const;

 private:
  std::string run(const config::OptionValue* action, std::string_view owner,
                  const Event& e) const;

  const config::Config& config_;
  const expand::Context& base_;
  log::Logger* logger_;
  std::string message_id_;
};

}  // namespace corvid::event
