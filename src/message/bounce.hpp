// The reports Exim 4.96 sends back to a message's sender, as RFC 3464
// multipart/reports with Exim's wording: the bounce (delivery failure
// report, with the original message or, for RET=HDRS, its header) and the
// success DSN that RFC 3461's NOTIFY=SUCCESS asks for.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace corvid::message {

struct FailedAddress {
  std::string address;
  std::string message;     // why, as the "**" log line has it (with any SMTP reply)
  std::string host_name;   // the remote host that refused it, if any
  std::string host_ip;
  std::string smtp_reply;  // "550 no such user" when a remote host said so
  int host_port = 25;
  std::string orcpt;       // the DSN ORCPT the client gave ("rfc822;a@b"), if any
  // The seed's extra DSN information: the first lines of the remote
  // host's banner and of its EHLO/HELO reply.
  std::string greeting;
  std::string helo_response;
  int dsn_flags = 0;       // the recipient's NOTIFY flags (spool::DsnFlags)
  // The address the client gave, when this one was generated from it
  // (Final-Recipient:, and "(generated from ...)" in the text).
  std::string top;
  // Where the bounce goes when not to the sender (errors_to); "" means
  // nowhere.
  std::optional<std::string> errors_to;
};

// A delivered address a success DSN reports.
struct DeliveredAddress {
  std::string address;    // as the client gave it (never a rewritten one)
  std::string orcpt;
  std::string host_name;  // the host it went to, if remote
  // dsn_lasthop on its router: the next hop was not asked to report.
  bool last_hop = false;
};

struct BounceInput {
  std::string id;                 // the bounce's own message id
  std::string primary_hostname;
  std::string qualify_domain;     // Mailer-Daemon@qualify_domain
  std::string from;               // dsn_from (default: Mail Delivery System <Mailer-Daemon@...>)
  std::string reply_to;           // errors_reply_to, if set
  std::string recipient;          // who gets it: the original sender, or an errors_to
  std::string original_sender;    // the original's sender
  std::string original_message_id;  // its Message-Id: value ("<...>"), may be empty
  std::string date;               // Date: value
  std::string boundary;           // "<time>-eximdsn-<random>"
  // In the order they failed (the log's order).
  std::vector<FailedAddress> failed;
  std::string original_headers;   // "Return-path: <s>\n" + the kept header lines
  std::string original_body;
  std::string envid;              // the DSN ENVID as given (xtext), if any
  bool headers_only = false;      // RET=HDRS: return the header only
  // Remote-MTA: X-ip, X-Remote-MTA-* and X-Exim-Diagnostic fields in the
  // report (the seed's DSN information; `dsn_info = false` turns it off).
  bool dsn_info = true;
  std::vector<DeliveredAddress> delivered;  // for make_success_dsn
  // For make_delay_warning: the addresses still waiting, the original's
  // id, Subject: and Date: values (empty: none), and how long it has
  // waited ("10 minutes", "3 hours": Exim's $warn_message_delay).
  std::vector<FailedAddress> delayed;
  std::string original_id, original_subject, original_date, delay;
};

struct Bounce {
  std::vector<std::string> headers;  // each "Name: value\n" (continuations included)
  std::string body;
};

Bounce make_bounce(const BounceInput& in);

// The success DSN for in.delivered (its header part is always the
// original's header only).
Bounce make_success_dsn(const BounceInput& in);

// The delay warning (RFC 3464 "delayed") for in.delayed.
Bounce make_delay_warning(const BounceInput& in);

// Splits Exim's "SMTP error from remote mail server after X: 550 text" into
// the part up to and including the colon and the reply; an empty reply for
// other messages.
std::pair<std::string, std::string> split_smtp_error(const std::string& message);

}  // namespace corvid::message
