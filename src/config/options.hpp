// Option tables: every option the configuration language knows, per section
// and per driver, with its type, whether Exim expands it at use, its default
// and whether Corvid implements it yet.
//
// The tables mirror the option lists of Exim 4.96's specification (main
// options chapter, generic router/transport/authenticator options, and each
// driver's chapter); defaults are those `exim -bP` shows, written in the
// configuration file's own syntax and parsed by the same code as user input.
// The `implemented` column is flipped to true by the engineer who lands the
// feature; Config::unsupported_options_used() reports settings of options
// that are still false. Tables are sorted by name (ASCII), which is the
// order -bP lists them in.
#pragma once

#include <span>
#include <string_view>

namespace corvid::config {

enum class OptType {
  boolean,
  integer,   // decimal, 0x hex, leading-0 octal; K/M/G suffixes
  size_int,  // integer printed with K/M when an exact multiple
  kilo_int,  // integer held in kilobytes (check_spool_space ...)
  fixed,     // fixed-point, three decimal places
  time,      // 1h30m, 2d, 5s
  time_list,
  octal,  // file modes: always octal
  string,
  string_list,
  host_list,
  domain_list,
  address_list,
  localpart_list,
  uid,
  gid,
  uid_list,
  gid_list,
  rewrite,  // headers_rewrite: rewrite rules, kept as text
};

struct OptionDef {
  std::string_view name;
  OptType type = OptType::string;
  bool expanded = false;                // Exim expands the value at use
  const char* default_value = nullptr;  // nullptr: unset by default
  bool implemented = false;             // Corvid acts on it
  std::string_view alias_of = {};       // non-empty: an old name for that option
  bool listed = true;                   // shown by -bP
};

using OptionTable = std::span<const OptionDef>;

// Finds `name` in a sorted table; nullptr when absent.
const OptionDef* find_option(OptionTable table, std::string_view name);

OptionTable main_options();

enum class DriverKind { router, transport, authenticator };

// "router", "transport", "authenticator".
std::string_view kind_name(DriverKind kind);
// The section name that holds instances: "routers", "transports", ...
std::string_view section_name(DriverKind kind);

// A generic option whose default depends on the driver (log_as_local,
// retry_use_local_part).
struct GenericDefault {
  std::string_view name;
  const char* value;
};

struct DriverInfo {
  std::string_view name;
  OptionTable options;  // private options
  std::span<const GenericDefault> generic_defaults;
  bool implemented = false;
};

OptionTable generic_options(DriverKind kind);
std::span<const DriverInfo> drivers(DriverKind kind);
const DriverInfo* find_driver(DriverKind kind, std::string_view name);

// The tables themselves, one file each.
OptionTable router_generic_table();
std::span<const DriverInfo> router_driver_table();
OptionTable transport_generic_table();
std::span<const DriverInfo> transport_driver_table();
OptionTable auth_generic_table();
std::span<const DriverInfo> auth_driver_table();

}  // namespace corvid::config
