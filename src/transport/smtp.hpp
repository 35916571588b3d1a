// The smtp transport (see smtp.cpp).
#pragma once

#include <vector>

#include "event/event.hpp"
#include "transport/transport.hpp"

namespace corvid::transport {

// Delivers `batch` (addresses routed to the same transport and hosts) in
// one SMTP transaction; one Result per address, in order. `events`, when
// given, raises the transport's connection events (tcp:connect,
// smtp:connect, smtp:ehlo, tcp:close) and its defer events
// (msg:host:defer, msg:defer, msg:rcpt:host:defer, msg:rcpt:defer).
// `fallback`, when given, is the host list to use instead of the
// address's (the transport's fallback_hosts, after those failed).
std::vector<Result> smtp(const config::DriverInstance& t, const Message& m,
                         const std::vector<route::Address*>& batch, const expand::Context& ctx,
                         const event::Raiser* events = nullptr,
                         const std::vector<route::Host>* fallback = nullptr);

// Closes (QUIT) the connections this thread kept open for further
// deliveries: when its work is done for now.
void close_cached_connections();

}  // namespace corvid::transport
