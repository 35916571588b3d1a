// Internal to src/auth: the mechanism factories behind make_server().
#pragma once

#include "auth/server.hpp"

namespace corvid::auth {

std::unique_ptr<ServerMechanism> make_plaintext(const config::DriverInstance& instance,
                                                ServerContext& context);
std::unique_ptr<ServerMechanism> make_cram_md5(const config::DriverInstance& instance,
                                               ServerContext& context);
// server_condition, as plaintext (and, later, other drivers) decide with it.
Step check_condition(const config::DriverInstance& instance, ServerContext& context);

}  // namespace corvid::auth
