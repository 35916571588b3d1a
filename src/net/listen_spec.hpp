// Which addresses and ports the daemon listens on, from Exim's
// local_interfaces and daemon_smtp_ports options (or -oX).
//
// local_interfaces items are IP addresses, optionally with a port written
// after a dot ("127.0.0.1.2525", "::1.2525") or in brackets
// ("[::1]:2525"); without one, every port of daemon_smtp_ports applies.
// An unset local_interfaces means every address (0.0.0.0 and ::). Ports
// are numbers or service names ("smtp"). -oX takes either a port list
// (digits and colons only) or an interface list, as Exim's does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::net {

struct ListenEndpoint {
  std::string address;  // numeric IPv4 or IPv6
  uint16_t port = 0;
  bool operator==(const ListenEndpoint&) const = default;
};

// Parses one port (number or /etc/services name). nullopt if invalid.
std::optional<uint16_t> parse_port(std::string_view text);

// The endpoints to listen on. Returns false with `error` set on a bad
// address or port.
bool listen_endpoints(std::string_view local_interfaces, std::string_view daemon_smtp_ports,
                      std::vector<ListenEndpoint>& out, std::string& error);

// Applies -oX: sets one of the two option values it overrides.
void apply_dash_oX(std::string_view value, std::string& local_interfaces,
                   std::string& daemon_smtp_ports);

}  // namespace corvid::net
