// An address on its way through the routers, and what routing decided
// for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corvid::route {

struct Host {
  std::string name;     // as given or found (the address itself for an IP literal)
  std::string address;  // IP address; empty when it could not be found
  int port = 0;         // 0: the transport's default
  int mx = -1;          // MX preference, -1: not from an MX record
  bool secure = false;  // found through DNSSEC-validated lookups
};

enum class Outcome {
  routed,      // to a transport (with hosts for remote delivery)
  file,        // a file delivery from a redirect (address is the path)
  pipe,        // a pipe delivery from a redirect (address is "|command")
  redirected,  // replaced by the children it generated
  discarded,   // :blackhole:
  failed,      // undeliverable
  deferred,    // cannot be routed at this time
};

struct Address {
  std::string address;  // local_part@domain (a path or "|cmd" for file/pipe)
  std::string local_part;
  std::string domain;
  int parent = -1;  // index of the address that generated this one
  // --- set by routing
  Outcome outcome = Outcome::failed;
  std::string router;
  std::string transport;
  std::vector<Host> hosts;
  std::string message;       // why failed or deferred
  int defer_errno = 0;       // the transport's error number for a deferral
  std::string address_data;  // $address_data (router's address_data)
  std::string errors_to;     // errors_to of its router (or an ancestor's)
  bool errors_to_set = false;  // errors_to applies (it may be "": no bounces)
  bool duplicate = false;  // an address already routed in this run
  // What duplicates are recognised by: a generated address's local part and
  // domain; for an address as given, the text as given (Exim: "root" and
  // "root@qualify.domain" are different arguments).
  std::string key;
  // Values the router preconditions set, visible to the router's options.
  std::string domain_data, local_part_data;
  std::optional<std::string> home;  // check_local_user: the user's home
  // RFC 3461, for an address as the client gave it (generated addresses
  // start without): NOTIFY flags (spool::DsnFlags) and ORCPT.
  int dsn_flags = 0;
  std::string orcpt;
  bool dsn_lasthop = false;  // its router's dsn_lasthop: pass no DSN request on
  // local_part_prefix / local_part_suffix that the router took off the
  // local part ($local_part_prefix ...), the part a wildcard matched
  // ($local_part_prefix_v ...), and whether that came from the wildcard
  // (tainted, as in Exim).
  std::string prefix, suffix, prefix_v, suffix_v;
  std::string unstripped;  // the address before that, for -bt/-bv
  bool prefix_tainted = false, suffix_tainted = false;
  // The router's headers_add lines and headers_remove names, for the
  // transport.
  std::vector<std::string> headers_add;
  std::string headers_remove;
};

}  // namespace corvid::route
