#include "route/hosts.hpp"

#include <cstdlib>

#include "dns/host_names.hpp"
#include "dns/hosts_file.hpp"
#include "dns/resolver.hpp"

namespace corvid::route {

Resolve resolve_host(const std::string& name, bool dns_only, int port, int mx,
                     std::vector<Host>& out) {
  if (dns::same_address(name, name)) {
    out.push_back(Host{name, name, port, mx, false});
    return Resolve::found;
  }
  if (!dns_only) {
    std::vector<std::string> file = dns::hosts_file_addresses(name);
    if (!file.empty()) {
      for (const std::string& a : file) out.push_back(Host{name, a, port, mx, false});
      return Resolve::found;
    }
  }
  bool again = false, any = false;
  for (dns::RrType t : {dns::RrType::aaaa, dns::RrType::a}) {
    dns::Answer a = dns::lookup(name, t);
    again = again || a.status == dns::Status::again;
    for (const dns::Record& r : a.records) {
      out.push_back(Host{name, r.text, port, mx, a.secure});
      any = true;
    }
  }
  return any ? Resolve::found : again ? Resolve::again : Resolve::not_found;
}

std::pair<std::string, int> host_and_port(const std::string& item) {
  if (!item.empty() && item.front() == '[') {
    size_t close = item.find(']');
    std::string name = item.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    int port = close != std::string::npos && close + 1 < item.size() && item[close + 1] == ':'
                   ? std::atoi(item.c_str() + close + 2)
                   : 0;
    return {name, port};
  }
  size_t colon = item.rfind(':');
  if (colon != std::string::npos && item.find(':') == colon) {
    return {item.substr(0, colon), std::atoi(item.c_str() + colon + 1)};
  }
  return {item, 0};
}

}  // namespace corvid::route
