// Typed log events for message reception and the SMTP session.
//
// Promises: each event's render(sel) returns the exact text exim4 4.96
// writes to its main log for the same facts (without the timestamp), with
// the optional fields log_selector asks for, and says which logs get it:
//   main + reject: ACL rejections (Rejection), synchronization errors,
//                  dropped calls (too many unknown/nonmail/bad commands);
//                  DATA-time rejections add the envelope and the original
//                  header lines to the reject log when +rejected_header;
//   main only:     everything else here;
//   panic:         Text with to_panic (panic lines are also written to main).
// render() returns nullopt when the selector suppresses the event.
// Nothing here reads clocks or globals: durations and names come in the
// event. Delivery events (=> -> ** == Completed) are in delivery_events.hpp.
//
// Callers: smtp/server (session events), the receive path (Received), acl
// (Rejection, logwrite through Text).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "log/format.hpp"
#include "log/line.hpp"
#include "log/selector.hpp"

namespace corvid::log {

// TLS facts for X=, CV=, DN=, SNI=.
struct TlsInfo {
  enum class Verified { unknown, no, yes, dane };
  std::string cipher;    // "TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256"
  bool resumed = false;  // "*" after the cipher with +tls_resumption
  Verified verified = Verified::unknown;  // CV= (unknown: not written)
  std::string peer_dn;                    // DN="..." (+tls_peerdn), empty: none
  std::string sni;                        // SNI= (+tls_sni), empty: none
  bool active() const { return !cipher.empty(); }
};

// " X=... CV=... DN=\"...\" SNI=..." as far as the selector allows.
std::string tls_fields(const TlsInfo& tls, const Selector& sel, bool with_sni);

// SMTP AUTH facts for A=.
struct AuthInfo {
  std::string authenticator;  // the authenticator's instance name; empty: none
  std::string id;             // $authenticated_id
  std::string mail_auth;      // AUTH= of MAIL (third field with +smtp_mailauth)
};
std::string auth_field(const AuthInfo& a, const Selector& sel);

// What the session saw of PIPELINING, for the L field of <= lines.
struct PipeliningInfo {
  bool advertised = false;               // PIPELINING offered in the EHLO reply
  bool used = false;                     // the client sent commands ahead
  bool pipe_connect_advertised = false;  // PIPECONNECT offered
  bool early_used = false;               // client pipelined before the banner
};

// One header line for the reject log: the spool flag (P Received, F From,
// T To, C Cc, B Bcc, I Message-ID, R Reply-To, S Sender, ' ' other, '*'
// deleted) and the text with its continuation lines, ending "\n".
struct HeaderLine {
  char flag = ' ';
  std::string text;
};

// The block the reject log gets after a rejection once the header is in.
struct RejectedMessage {
  std::string envelope_from;             // without <>; "" for <>
  std::vector<std::string> envelope_to;  // without <>
  std::vector<HeaderLine> headers;       // as received (not ACL-added)
};

// The "<=" line (or "(=" for a fakereject).
struct Received {
  std::string message_id;
  bool fake_reject = false;
  std::string sender;                        // "" is written "<>"
  std::string bounce_ref;                    // R=<id> for a locally generated bounce
  HostId host;                               // local(): only U= is written
  std::string protocol;                      // P=
  std::optional<PipeliningInfo> pipelining;  // nullopt: not an SMTP input
  TlsInfo tls;
  AuthInfo auth;
  bool prdr = false;
  std::string proxy_local_address;            // PRX= with +proxy; empty: not proxied
  bool chunking = false;                      // " K": BDAT was used
  std::uint64_t size = 0;                     // S=
  int eightbitmime = 0;                       // M8S= with +8bitmime: 0, 7 or 8
  std::string dkim_domain;                    // DKIM= with +dkim
  bool arc_pass = false;                      // " ARC"
  std::chrono::microseconds receive_time{0};  // RT= with +receive_time
  std::string header_message_id;              // id= (the Message-ID: value, <> optional)
  bool message_id_created = false;            // id*= with +msg_id_created instead
  std::string subject;                        // T= with +subject, already MIME-decoded
  std::string original_sender;                // "from <x>" with +received_sender
  std::vector<std::string> recipients;        // "for a b" with +received_recipients

  std::optional<Line> render(const Selector& sel) const;
};

// "SMTP connection from ..." when a connection is accepted (+smtp_connection).
struct SmtpConnection {
  HostId host;
  int connection_count = 0;  // daemon's count, 0 for -bs and -bh (not written)
  std::optional<Line> render(const Selector& sel) const;
};

// "SMTP connection from ... closed by QUIT" (+smtp_connection).
struct Closed {
  HostId host;
  std::string how = "QUIT";  // "closed by <how>"
  std::optional<Line> render(const Selector& sel) const;
};

// The daemon refused a connection before any SMTP ("Connection from [ip]
// refused: too many connections from that IP address"), +connection_reject.
struct TooManyConnections {
  HostId host;
  std::string reason = "too many connections from that IP address";
  static constexpr const char* kTotal = "too many connections";
  std::optional<Line> render(const Selector& sel) const;
};

// Where an ACL said no; fixes the words after "rejected".
enum class AclWhere {
  connect,
  helo,
  mail,
  rcpt,
  predata,
  data,
  mime,
  dkim,
  prdr,
  vrfy,
  expn,
  etrn,
  starttls,
  auth
};

// An ACL rejection: "H=... [F=<s>] rejected RCPT <a>: message".
struct Rejection {
  std::string message_id;  // set from DATA on
  HostId host;
  AclWhere where = AclWhere::rcpt;
  std::string argument;  // MAIL/RCPT: the address (no <>); HELO/VRFY/EXPN/ETRN/AUTH: as given
  std::optional<std::string> sender;        // F=<...> on RCPT and DATA-time lines
  AuthInfo auth;                            // " A=name:id" after F= when authenticated
  bool temporary = false;                   // "temporarily rejected" (defer)
  std::string message;                      // log message; empty: none
  std::optional<RejectedMessage> rejected;  // header block for the reject log
  std::optional<Line> render(const Selector& sel) const;
};
// A connect-ACL rejection is a Rejection with where == connect.
using ConnectionRejected = Rejection;

// "SMTP protocol synchronization error (...)": input arrived before the
// banner, or pipelined input when PIPELINING was not advertised.
struct SyncError {
  enum class Kind { before_greeting, pipelining_not_advertised };
  Kind kind = Kind::before_greeting;
  HostId host;
  std::string command;  // the rejected command (pipelining_not_advertised)
  std::string input;    // the unread input (raw; escaped and cut at 128 bytes)
  bool pipelining_advertised = false;  // "pipelining was advertised" (a command
                                       // that must end a pipelined group)
  std::optional<Line> render(const Selector& sel) const;
};

// The connection went away without QUIT.
struct LostConnection {
  enum class When {
    command,            // EOF reading a command: "lost D=" (+smtp_connection)
    command_reset,      // read error: "unexpected disconnection ..." (+lost_incoming_connection)
    command_timeout,    // "SMTP command timeout on connection from" (+lost_incoming_connection)
    data,               // "lost while reading message data" (always)
    data_after_header,  // "... message data (after header)" (always)
    data_timeout,       // "SMTP data timeout (message abandoned) ..." (always)
  };
  When when = When::command;
  HostId host;
  std::chrono::microseconds duration{0};  // D= for command / command_reset
  std::string sender;                     // F=<> for data_timeout
  std::optional<Line> render(const Selector& sel) const;
};

// "SMTP syntax error in "FOO" H=... unrecognized command" (+smtp_syntax_error)
// or "SMTP protocol error in ..." (+smtp_protocol_error).
struct ProtocolError {
  bool syntax = false;
  HostId host;
  std::string command;  // the command line as received
  std::string message;  // "unrecognized command", "sender already given" ...
  std::optional<Line> render(const Selector& sel) const;
};

// "SMTP call from ... dropped: <reason>", main and reject logs.
struct CallDropped {
  HostId host;
  std::string reason;
  std::optional<Line> render(const Selector& sel) const;
};
// The usual reasons; `commands` is the C= list ("EHLO,RCPT,DATA").
CallDropped too_many_unknown_commands(HostId host, std::string_view last);
CallDropped too_many_nonmail_commands(HostId host, std::string_view last);
CallDropped too_many_errors(HostId host, std::string_view last, std::string_view commands);
using TooManyUnknownCommands = CallDropped;

// "no MAIL in SMTP connection from ... D=1s C=EHLO,QUIT" (+smtp_no_mail).
struct NoMail {
  HostId host;
  std::chrono::microseconds duration{0};
  AuthInfo auth;
  TlsInfo tls;
  std::vector<std::string> commands;  // all of them; the last 20 are written
  std::optional<Line> render(const Selector& sel) const;
};

// "H=... incomplete transaction (RSET) from <s> for a b"
// (+smtp_incomplete_transaction).
struct IncompleteTransaction {
  HostId host;
  std::string reason;  // "QUIT", "RSET", "connection lost" ...
  std::string sender;
  std::vector<std::string> recipients;
  std::optional<Line> render(const Selector& sel) const;
};

// "ETRN #foo received from (helo) [ip]" (+etrn).
struct Etrn {
  HostId host;
  std::string argument;
  std::optional<Line> render(const Selector& sel) const;
};

// "<id> PRDR R=<a> acceptance" / "<id> PRDR <a> <text>" per recipient.
struct PrdrRecipient {
  enum class Outcome { accepted, deferred, refused };
  std::string message_id;
  std::string recipient;
  Outcome outcome = Outcome::accepted;
  std::string text;  // ACL log_message / message; empty: the generic form
  std::optional<Line> render(const Selector& sel) const;
};

// Any other line: logwrite, feature messages, panics. `gate` names the
// selector that must be on (nullopt: always written).
struct Text {
  std::string message_id;
  std::string text;
  std::uint8_t targets = to_main;
  std::optional<Sel> gate;
  std::optional<Line> render(const Selector& sel) const;
};

}  // namespace corvid::log
