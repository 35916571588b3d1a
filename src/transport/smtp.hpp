// The smtp transport (see smtp.cpp).
#pragma once

#include <vector>

#include "transport/transport.hpp"

namespace corvid::transport {

// Delivers `batch` (addresses routed to the same transport and hosts) in
// one SMTP transaction; one Result per address, in order.
std::vector<Result> smtp(const config::DriverInstance& t, const Message& m,
                         const std::vector<route::Address*>& batch, const expand::Context& ctx);

}  // namespace corvid::transport
