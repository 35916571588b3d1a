// Small pieces shared by every log event renderer: Exim's escaping of
// untrusted text, its time-interval notation, and the host identity the
// SMTP lines carry (H=, I=, U=, "SMTP connection from ...").
//
// Promises: pure functions of their arguments (no clock, no globals); the
// output matches what exim4 4.96 writes for the same inputs (examples in
// tests/unit/log/format_test.cpp were taken from its logs).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "log/selector.hpp"

namespace corvid::log {

// Escapes for a log line: \r \n \t (tab kept when `keep_tab`), other
// control and top-bit bytes as \ooo octal; with `quoted` also `"` and `\`
// are backslash-escaped (the T="..." field). Exim: print_topbitchars false.
std::string printing(std::string_view s, bool quoted = false, bool keep_tab = false);

// An interval in Exim's notation: "0s", "45s", "3m45s", "1h2m", "2d3h",
// "1w2d" (whole seconds, as readconf prints times).
std::string print_time(std::chrono::seconds s);

// RT=, DT=, QT=, D= values: with +millisec and under 5 seconds
// "0.304s", otherwise print_time() of the whole seconds.
std::string time_diff(std::chrono::microseconds d, const Selector& sel);

// Who is on the other end of an SMTP session (or which local user ran a
// -bs / non-SMTP submission).
struct HostId {
  std::string name;          // verified host name; empty when none
  std::string helo;          // HELO/EHLO argument; empty before HELO
  std::string ip;            // remote address; empty for a local (non-TCP) caller
  int port = 0;              // remote port
  std::string interface_ip;  // local address the connection came in on
  int interface_port = 0;
  std::string ident;    // RFC 1413 ident, or the calling user for local input
  bool dnssec = false;  // host name verified through DNSSEC-secure lookups

  bool local() const { return ip.empty(); }
};

// $sender_fullhost: "name [ip]", "name (helo) [ip]", "(helo) [ip]",
// "[ip]", with ":port" after the address when +incoming_port. The HELO
// name is left out when it equals the verified name (caseless) or is the
// client's own address as a literal "[ip]".
std::string full_host(const HostId& h, const Selector& sel);

// " I=[ip]:port" with +incoming_interface and a known interface, else "".
std::string interface_field(const HostId& h, const Selector& sel);

// The host part of rejection and error lines: "H=<fullhost> I=... U=ident"
// for a remote caller, "U=user" for a local one (never starts with a space).
std::string host_and_ident(const HostId& h, const Selector& sel);

// What follows "SMTP connection from ": "<fullhost> I=..." for a remote
// caller, the user name for a local one.
std::string connection_subject(const HostId& h, const Selector& sel);

}  // namespace corvid::log
