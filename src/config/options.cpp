// Look-ups in the option tables and the driver registry.
#include "config/options.hpp"

#include <algorithm>

namespace corvid::config {

const OptionDef* find_option(OptionTable table, std::string_view name) {
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const OptionDef& d, std::string_view n) { return d.name < n; });
  if (it == table.end() || it->name != name) {
    return nullptr;
  }
  return &*it;
}

std::string_view kind_name(DriverKind kind) {
  switch (kind) {
    case DriverKind::router:
      return "router";
    case DriverKind::transport:
      return "transport";
    case DriverKind::authenticator:
      return "authenticator";
  }
  return "driver";
}

std::string_view section_name(DriverKind kind) {
  switch (kind) {
    case DriverKind::router:
      return "routers";
    case DriverKind::transport:
      return "transports";
    case DriverKind::authenticator:
      return "authenticators";
  }
  return "";
}

OptionTable generic_options(DriverKind kind) {
  switch (kind) {
    case DriverKind::router:
      return router_generic_table();
    case DriverKind::transport:
      return transport_generic_table();
    case DriverKind::authenticator:
      return auth_generic_table();
  }
  return {};
}

std::span<const DriverInfo> drivers(DriverKind kind) {
  switch (kind) {
    case DriverKind::router:
      return router_driver_table();
    case DriverKind::transport:
      return transport_driver_table();
    case DriverKind::authenticator:
      return auth_driver_table();
  }
  return {};
}

const DriverInfo* find_driver(DriverKind kind, std::string_view name) {
  for (const DriverInfo& d : drivers(kind)) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

}  // namespace corvid::config
