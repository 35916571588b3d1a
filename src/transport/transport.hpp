// Transports: what moves a routed address's copy of a message to its
// destination. Each takes the message as the spool holds it and answers
// ok, defer or fail with Exim's wording for the log.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "expand/context.hpp"
#include "route/address.hpp"
#include "spool/header_file.hpp"

namespace corvid::transport {

// The message as a transport sees it.
struct Message {
  const spool::HeaderFile& header;
  std::string_view body;  // LF line ends, as in the -D file
};

// The envelope sender of a delivery: the address's errors_to when a
// router set one, else the message's sender.
inline const std::string& return_path(const Message& m, const route::Address& a) {
  return a.errors_to_set ? a.errors_to : m.header.sender;
}

// The same through transport `t`: its `return_path` option (expanded for
// the address; a forced failure or an error leaves the one above) comes
// first.
std::string return_path(const config::DriverInstance& t, const Message& m,
                        const route::Address& a, const expand::Context& ctx);

struct Result {
  enum class Status { ok, defer, fail };
  Status status = Status::ok;
  int error = -1;        // errno for "defer (<n>)"; -1 when none applies
  std::string message;   // why, for defer / fail
  std::string confirmation;  // the far end's reply, for C= (smtp)
  route::Host host;          // the host used (smtp)
  bool chunking = false;     // sent with BDAT (K in the log)
  bool pipelined = false;    // commands pipelined (L with +pipelining)
  std::uint64_t size = 0;    // bytes written or sent (S= with +delivery_size)
  std::chrono::microseconds time{0};  // how long the delivery took (DT=)
  // smtp: the transaction on the connection (its first address's index)
  // and whether the connection had carried one before ("*" in the log).
  size_t transaction = 0;
  bool continued = false;
  bool dsn_aware = false;    // the host offered DSN and was passed the request
  // The first lines of the host's banner and EHLO/HELO reply, for the
  // DSN information in a bounce.
  std::string greeting;
  std::string helo_response;
  // The hosts that could not be reached on the way ("H=... [ip] <why>"
  // lines of their own in the log).
  std::vector<std::pair<route::Host, std::string>> unreachable;
};

// The header block a transport writes: Return-path:, Envelope-to: and
// Delivery-date: first when the transport asks for them, then the
// message's header lines that are not marked deleted nor named in
// `headers_remove` (a colon list, expanded; "x-*" names a prefix), then
// the lines of `headers_add` (expanded once, then split at newlines).
// nullopt, with `error` set, when those options cannot be expanded.
std::optional<std::string> header_block(const config::DriverInstance& t, const Message& m,
                                        const route::Address& a, const std::string& date,
                                        const expand::Context& ctx, std::string& error);

// The message as `t` writes it: the header block, a blank line and the
// body (`body`, when given, is the body as the transport escapes it);
// `headers_only` leaves out the body, `body_only` the header and the
// blank line. nullopt as for header_block.
std::optional<std::string> message_text(const config::DriverInstance& t, const Message& m,
                                        const route::Address& a, const expand::Context& ctx,
                                        std::string& error,
                                        std::optional<std::string> body = std::nullopt);

// `message_size_limit` on a transport: a failure ("message is too big
// (transport limit = N)") when the message is over it, else nullopt.
std::optional<Result> over_size_limit(const config::DriverInstance& t, const Message& m,
                                      const expand::Context& ctx);

// appendfile: an mbox file (`file`, with Exim's "From " line and escaping)
// or a maildir (`directory` with maildir_format). `ctx` expands the
// options for this address.
// `path`, when given, is the file a redirect named ("/path" items); the
// transport's own file / directory options are used otherwise.
Result appendfile(const config::DriverInstance& t, const Message& m, const route::Address& a,
                  const expand::Context& ctx, const std::string* path = nullptr);

// autoreply: the message it makes (sent from <> by the caller, which
// queues it): From:, Reply-To:, To:, Cc:, Subject:, In-Reply-To:,
// References:, Auto-Submitted: and `headers`, the `text` (and `file`), and
// the recipients from to, cc and bcc less `never_mail`. No recipients: no
// message, and the delivery still succeeds.
struct AutoReply {
  std::vector<std::string> headers;  // "Name: value\n" each
  std::string body;
  std::vector<std::string> recipients;
};
Result autoreply(const config::DriverInstance& t, const Message& m, const route::Address& a,
                 const expand::Context& ctx, AutoReply& out);

// pipe: `command` (a redirect's "|..." without the bar, or the transport's
// expanded `command` option).
Result pipe(const config::DriverInstance& t, const Message& m, const route::Address& a,
            const std::string& command, const expand::Context& ctx);

}  // namespace corvid::transport
