// The bounce (delivery failure report) Exim 4.96 sends back to a
// message's sender: an RFC 3464 multipart/report with Exim's wording, the
// per-recipient delivery-status fields and the original message.
#pragma once

#include <string>
#include <vector>

namespace corvid::message {

struct FailedAddress {
  std::string address;
  std::string message;     // why, as the "**" log line has it (with any SMTP reply)
  std::string host_name;   // the remote host that refused it, if any
  std::string host_ip;
  std::string smtp_reply;  // "550 no such user" when a remote host said so
};

struct BounceInput {
  std::string id;                 // the bounce's own message id
  std::string primary_hostname;
  std::string qualify_domain;     // Mailer-Daemon@qualify_domain
  std::string recipient;          // the original sender
  std::string original_message_id;  // its Message-Id: value ("<...>"), may be empty
  std::string date;               // Date: value
  std::string boundary;           // "<time>-eximdsn-<random>"
  // In the order they failed (the log's order).
  std::vector<FailedAddress> failed;
  std::string original_headers;   // "Return-path: <s>\n" + the kept header lines
  std::string original_body;
};

struct Bounce {
  std::vector<std::string> headers;  // each "Name: value\n" (continuations included)
  std::string body;
};

Bounce make_bounce(const BounceInput& in);

// Splits Exim's "SMTP error from remote mail server after X: 550 text" into
// the part up to and including the colon and the reply; an empty reply for
// other messages.
std::pair<std::string, std::string> split_smtp_error(const std::string& message);

}  // namespace corvid::message
