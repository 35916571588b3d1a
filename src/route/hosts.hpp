// Turning host names into addresses for routers (manualroute's host lists,
// dnslookup's MX targets): IP literals as they are, names through
// /etc/hosts and DNS ("byname") or DNS only ("bydns").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "route/address.hpp"

namespace corvid::route {

enum class Resolve { found, not_found, again };

// Appends one Host per address of `name` (IPv6 first, then IPv4, as Exim
// lists them), keeping `port` and `mx`.
Resolve resolve_host(const std::string& name, bool dns_only, int port, int mx,
                     std::vector<Host>& out);

// One host list item -> name and port ("h:25" as a list gives it after
// "::", "[::1]:25", "h" with port 0).
std::pair<std::string, int> host_and_port(const std::string& item);

}  // namespace corvid::route
