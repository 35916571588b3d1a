// Typed log events for delivery: "=>" "->" ">>" "*>" (Delivered), "=="
// (Deferred), "**" (Failed) and "Completed".
//
// Status: the types carry every field 4.96 puts on these lines; render()
// covers the fields seen on local deliveries and routing failures from a
// real exim4 4.96 (see tests/unit/log/delivery_events_test.cpp). The
// delivery work will check the remote-SMTP field order (H=, X=, C=, ...)
// against real lines and adjust. All lines go to the main log only.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "log/events.hpp"

namespace corvid::log {

// The remote host a delivery used.
struct DeliveryHost {
  std::string name;
  std::string ip;
  int port = 0;
  std::string local_ip;  // I= with +incoming_interface +outgoing_interface
  int local_port = 0;
  bool dnssec = false;     // DS with +dnssec
  bool continued = false;  // "*" after the address: 2nd+ message on a connection
  bool empty() const { return ip.empty(); }
};

// Facts common to the three per-address lines.
struct DeliveryAddress {
  std::string message_id;
  std::string address;   // the final address (or pipe/file for local)
  std::string original;  // "<orig>" when it differs from `address`
  std::string parent;    // "(parent)" with +all_parents, or the last one
  std::string router;
  std::string transport;
  DeliveryHost host;
  std::string sender;                         // F=<> with +sender_on_delivery
  std::string return_path;                    // P=<> with +return_path_on_delivery
  std::chrono::microseconds deliver_time{0};  // DT= with +deliver_time
};

struct Delivered {
  enum class Flag { first, more, cutthrough, suppressed };  // => -> >> *>
  Flag flag = Flag::first;
  DeliveryAddress a;
  TlsInfo tls;
  AuthInfo auth;
  bool pipelining = false, early_pipelining = false;  // L / L* with +pipelining
  bool prdr = false, chunking = false;                // PRDR, K
  std::string proxy_address;                          // PRX= with +proxy
  std::string confirmation;                           // C="..." with +smtp_confirmation
  std::uint64_t size = 0;                             // S= with +delivery_size
  std::chrono::microseconds queue_time{0};            // QT= with +queue_time
  std::string shadow_transport;                       // ST=
  std::optional<Line> render(const Selector& sel) const;
};

struct Deferred {
  DeliveryAddress a;
  int error = 0;  // "defer (<errno>)"
  std::string message;
  std::optional<Line> render(const Selector& sel) const;
};

struct Failed {
  DeliveryAddress a;
  std::string message;
  std::optional<Line> render(const Selector& sel) const;
};

struct Completed {
  std::string message_id;
  std::chrono::microseconds queue_time{0};  // QT= with +queue_time_overall
  std::optional<Line> render(const Selector& sel) const;
};

}  // namespace corvid::log
