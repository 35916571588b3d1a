#include "net/listen_spec.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <charconv>

#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::net {

namespace {

bool is_ip(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

// Splits "addr.port", "[addr]:port" or "addr" into its parts.
bool split_interface(const std::string& item, std::string& addr, std::optional<uint16_t>& port,
                     std::string& error) {
  port.reset();
  if (!item.empty() && item.front() == '[') {
    size_t close = item.find(']');
    if (close == std::string::npos) {
      error = "missing ] in interface \"" + item + "\"";
      return false;
    }
    addr = item.substr(1, close - 1);
    if (close + 1 < item.size()) {
      if (item[close + 1] != ':' && item[close + 1] != '.') {
        error = "malformed interface \"" + item + "\"";
        return false;
      }
      port = parse_port(std::string_view(item).substr(close + 2));
      if (!port) {
        error = "invalid port in interface \"" + item + "\"";
        return false;
      }
    }
  } else if (is_ip(item)) {
    addr = item;
  } else {
    size_t dot = item.rfind('.');
    if (dot == std::string::npos) {
      error = "\"" + item + "\" is not an IP address";
      return false;
    }
    addr = item.substr(0, dot);
    port = parse_port(std::string_view(item).substr(dot + 1));
    if (!port) {
      error = "invalid port in interface \"" + item + "\"";
      return false;
    }
  }
  if (!is_ip(addr)) {
    error = "\"" + addr + "\" is not an IP address";
    return false;
  }
  return true;
}

}  // namespace

std::optional<uint16_t> parse_port(std::string_view text) {
  text = util::trim(text);
  if (text.empty()) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) {
    if (value == 0 || value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
  }
  std::string name(text);
  if (servent* se = getservbyname(name.c_str(), "tcp")) {
    return static_cast<uint16_t>(ntohs(static_cast<uint16_t>(se->s_port)));
  }
  return std::nullopt;
}

bool listen_endpoints(std::string_view local_interfaces, std::string_view daemon_smtp_ports,
                      std::vector<ListenEndpoint>& out, std::string& error) {
  std::vector<uint16_t> ports;
  for (const std::string& p : lists::split_list(daemon_smtp_ports)) {
    auto port = parse_port(p);
    if (!port) {
      error = "invalid port \"" + p + "\" in daemon_smtp_ports";
      return false;
    }
    ports.push_back(*port);
  }
  std::vector<std::string> interfaces = lists::split_list(local_interfaces);
  if (util::trim(local_interfaces).empty()) interfaces = {"0.0.0.0", "::"};
  out.clear();
  for (const std::string& item : interfaces) {
    std::string addr;
    std::optional<uint16_t> port;
    if (!split_interface(item, addr, port, error)) return false;
    if (port) {
      out.push_back({addr, *port});
      continue;
    }
    for (uint16_t p : ports) out.push_back({addr, p});
  }
  if (out.empty()) {
    error = "no ports to listen on";
    return false;
  }
  return true;
}

void apply_dash_oX(std::string_view value, std::string& local_interfaces,
                   std::string& daemon_smtp_ports) {
  bool ports_only = value.find_first_not_of("0123456789:") == std::string_view::npos;
  if (ports_only) {
    daemon_smtp_ports.assign(value);
  } else {
    local_interfaces.assign(value);
  }
}

}  // namespace corvid::net
