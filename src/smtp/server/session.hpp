// One inbound SMTP session: the coroutine that reads commands top to
// bottom, runs the ACLs and answers as Exim 4.96 does.
//
// The same code serves the daemon (TCP), -bs (standard input/output, no
// remote host) and -bh (a fake session from a given address that runs the
// ACLs and writes no message). Each SMTP verb is one member function, in a
// file named after it (helo.cpp, mail.cpp, rcpt.cpp, data.cpp, other.cpp).
// The session is the acl::Session the ACLs run against, and so also the
// expansion Context for everything expanded during the session.
//
// Errors from the peer are answered and counted (smtp_max_synprot_errors,
// smtp_max_unknown_commands); nothing a peer sends ends the process.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "acl/acl.hpp"
#include "acl/ratelimit_db.hpp"
#include "acl/session.hpp"
#include "config/config.hpp"
#include "dns/host_names.hpp"
#include "config/config_context.hpp"
#include "log/events.hpp"
#include "log/writer.hpp"
#include "net/stream.hpp"
#include "smtp/proto/command.hpp"
#include "smtp/proto/mail_rcpt.hpp"
#include "smtp/server/message_store.hpp"
#include "smtp/server/session_io.hpp"

namespace corvid::smtp {

// What every session of a process shares.
struct ServerServices {
  std::shared_ptr<const config::Config> config;
  std::shared_ptr<const acl::AclSet> acls;
  std::shared_ptr<log::Logger> logger;
  // Where accepted messages go (a store that writes nothing in -bh).
  std::shared_ptr<MessageStore> store;
  // The ratelimit hints database (<spool>/db/ratelimit.lmdb); null if it could
  // not be opened (ratelimit conditions then defer, with the reason logged).
  std::shared_ptr<acl::RatelimitDb> ratelimit;
  // Called with the id of each message accepted for immediate delivery
  // (not with queue_only); unset: messages wait for a queue run.
  std::function<void(const std::string&)> deliver_now;
};

// Who is on the other end.
struct Peer {
  std::string address;  // empty: local input (-bs), no remote host
  uint16_t port = 0;
  std::string local_address;
  uint16_t local_port = 0;
  bool host_checking = false;  // -bh: a fake session, no message written
  // A real TCP connection (the daemon), as opposed to standard input with a
  // pretended address (-bs -oMa, -bh): only then are synchronisation
  // errors enforced, as in Exim.
  bool socket = false;
  int connection_count = 0;  // the daemon's open connections, this one included
  std::string ident;         // $sender_ident: -bs's caller (or -oMt); RFC 1413 later
  // The listener counted one connection too many: in all (smtp_accept_max)
  // or from this host (smtp_accept_max_per_host).
  enum class Limit { none, total, per_host };
  Limit over_limit = Limit::none;
};

class Session final : public acl::Session {
 public:
  Session(const ServerServices& services, net::Stream& stream, Peer peer);

  asio::awaitable<void> run();

  // acl::Session
  acl::Where where() const override { return where_; }
  lists::Host host() const override;
  std::string helo_name() const override { return helo_; }
  std::optional<std::string> sender() const override { return sender_; }
  std::optional<acl::Recipient> recipient() const override { return current_rcpt_; }
  std::optional<std::string> authenticator() const override {
    if (authenticator_.empty()) return std::nullopt;
    return authenticator_;
  }
  std::int64_t message_size() const override { return message_size_; }
  int recipients_count() const override { return static_cast<int>(recipients_.size()); }
  acl::Variables& acl_variables() override { return acl_vars_; }
  acl::RatelimitDb* ratelimit_db() override { return services_.ratelimit.get(); }
  void log_write(std::string_view text, acl::LogTargets targets, bool with_host) override;
  void apply_control(const acl::ControlSetting& setting) override;
  acl::VerifyOutcome verify(const acl::VerifyRequest& request) override;
  acl::DnsAnswer dns_lookup(std::string_view name, acl::DnsType type) override;
  bool header(std::string_view name, expand::HeaderMode mode, TString& out) const override;
  std::optional<expand::AclCall> call_acl(std::string_view name,
                                          std::vector<TString> args) const override;

  // lists::Env
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override;
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override;
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  std::optional<std::string> host_name(std::string_view ip) const override;
  std::vector<std::string> host_addresses(std::string_view name) const override;
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }

 protected:
  expand::VarStatus session_variable(std::string_view name, TString& out) const override;

 private:
  friend struct SessionTestAccess;

  // session.cpp: the loop and shared helpers
  asio::awaitable<bool> greet();
  // proxy.cpp: reads the PROXY header from a host in hosts_proxy.
  asio::awaitable<void> read_proxy_header();
  asio::awaitable<bool> dispatch(const proto::Command& cmd, const std::string& line);
  asio::awaitable<void> reply(int code, std::string_view text);
  asio::awaitable<void> send_now(int code, std::string_view text);
  // The reply to a command an ACL accepted: the ACL's "message" when it set
  // one (a leading code of the same class replaces `code`), else `text`.
  asio::awaitable<void> reply_accepted(int code, std::string_view text, const acl::Result& r,
                                       bool now = false);
  // Counts a syntax/protocol error; false (after Exim's 421-style goodbye)
  // when smtp_max_synprot_errors is exceeded.
  // `log_text`, when given, is written to the main and reject logs (the
  // errors Exim logs whatever log_selector says).
  // What an error writes to the log: by default `log_text` (main and
  // reject logs) when given, else the "SMTP syntax/protocol error in"
  // line that log_selector controls; `syntax_selector` writes log_text only
  // with +smtp_syntax_error; `nothing` when the caller has logged already.
  enum class ErrorLog { automatic, syntax_selector, nothing };
  asio::awaitable<bool> synprot_error(int code, std::string_view text,
                                      std::string_view log_text = {},
                                      ErrorLog how = ErrorLog::automatic);
  // The log_selector-controlled lines of a session: "SMTP syntax/protocol
  // error in ...", "incomplete transaction (...)", "no MAIL in SMTP
  // connection ...".
  void log_protocol_error(int code, std::string_view text);
  // Every log line of the session goes through here, with message_id_ in
  // front (see there).
  template <class Event>
  void log_event(const Event& e) const {
    if (services_.logger) services_.logger->log(e, message_id_);
  }
  void log_incomplete(std::string_view reason);
  void log_no_mail();
  // The reply to DATA/BDAT when no recipient was accepted.
  asio::awaitable<bool> no_valid_recipients(std::string_view verb);
  // Exim's synchronisation check for commands that must not be pipelined.
  asio::awaitable<bool> check_sync(const std::string& line);
  // Runs the ACL named by a main option for `where` (off the event loop
  // when the ACL may wait on the network).
  asio::awaitable<acl::Result> run_acl(acl::Where where, std::string_view option);
  acl::Result run_acl_here(acl::Where where, std::string_view option);
  // Answers an ACL result that is not "accept". Returns false to close.
  asio::awaitable<bool> reject(acl::Where where, const acl::Result& r, std::string_view arg);
  asio::awaitable<void> wait_delay(const acl::Result& r);
  // Runs acl_smtp_notquit when the session ends other than by QUIT;
  // `reason` becomes $smtp_notquit_reason ("connection-lost", ...).
  void run_notquit(std::string reason);
  // True when the remote host matches the host list in a main option.
  bool host_in_option(std::string_view option, bool default_when_unset = false) const;
  std::string option_text(std::string_view option) const;
  std::string expand_option(std::string_view option, bool& ok) const;
  // message_size_limit in bytes (an expanded option in Exim); 0: no limit.
  std::int64_t message_size_limit() const;
  log::HostId host_id() const;
  void reset_transaction();

  // host_name.cpp: the client's host name (host_lookup, helo_lookup_domains,
  // host lists, $sender_host_name, verify = reverse_host_lookup / helo).
  asio::awaitable<void> look_up_host_name();
  void ensure_host_name() const;
  bool verify_helo() const;
  // verify.cpp: verify = recipient / sender, by routing.
  acl::VerifyOutcome verify_address(const std::string& address, bool sender);
  acl::VerifyOutcome verify_reverse_lookup(const acl::VerifyRequest& request) const;
  // At HELO: helo_verify_hosts / helo_try_verify_hosts, helo_lookup_domains.
  asio::awaitable<bool> check_helo_host(std::string_view verb);

  // one function per verb (helo.cpp, mail.cpp, rcpt.cpp, data.cpp, other.cpp)
  asio::awaitable<bool> on_helo(std::string_view arg, bool ehlo);
  asio::awaitable<bool> on_mail(std::string_view arg);
  asio::awaitable<bool> on_rcpt(std::string_view arg);
  asio::awaitable<bool> on_data();
  asio::awaitable<bool> on_bdat(std::string_view arg);
  asio::awaitable<bool> on_rset(std::string_view arg);
  asio::awaitable<bool> on_noop(std::string_view arg);
  asio::awaitable<bool> on_quit(std::string_view arg);
  asio::awaitable<bool> on_help();
  asio::awaitable<bool> on_vrfy_expn(std::string_view arg, bool vrfy);
  asio::awaitable<bool> on_etrn(std::string_view arg);
  // auth.cpp
  asio::awaitable<bool> on_auth(std::string_view arg);
  // The authenticators with a server side that may be offered here.
  std::vector<const config::DriverInstance*> server_authenticators() const;
  std::string auth_set_id(const config::DriverInstance& authenticator);
  asio::awaitable<bool> on_unknown(const std::string& line);
  // data.cpp: the end of a message (after DATA's dot or BDAT LAST)
  // `chunk_note` is the first line of BDAT LAST's reply (empty for DATA).
  asio::awaitable<bool> finish_message(std::string body, bool chunking,
                                       std::string chunk_note = {});

  const ServerServices& services_;
  const config::Config& config_;
  config::ConfigContext base_;
  SessionIo io_;
  Peer peer_;

  acl::Where where_ = acl::Where::connect;
  acl::Variables acl_vars_;
  std::string helo_;
  bool helo_seen_ = false;
  bool ehlo_ = false;
  proto::Extensions ext_;
  bool pipelining_advertised_ = false;
  bool chunking_advertised_ = false;
  std::optional<std::string> sender_;
  std::optional<proto::MailFrom> mail_;
  std::vector<proto::RcptTo> recipients_;
  std::optional<acl::Recipient> current_rcpt_;
  std::int64_t message_size_ = -1;
  int rcpt_fail_count_ = 0;
  int rcpt_defer_count_ = 0;
  int synprot_errors_ = 0;
  int unknown_commands_ = 0;
  std::string last_rcpt_error_;     // the reply text of the last failed RCPT
  bool last_rcpt_error_acl_ = false;  // it came from the ACL (not a protocol error)
  std::vector<std::string> history_;  // verbs so far, for the log's C= list
  bool mail_seen_ = false;            // any MAIL command, accepted or not
  bool pipelined_ = false;            // the client sent commands ahead of replies
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point data_started_;  // for the <= line's RT=
  std::string smtp_command_;
  std::string received_protocol_;
  std::string notquit_reason_;
  // The message being received, or else the last one accepted (cleared
  // when a message is refused): Exim starts the session's log lines with it.
  std::string message_id_;
  std::vector<std::pair<std::string, std::string>> headers_;  // received message
  std::string bdat_body_;
  bool bdat_active_ = false;
  // The host name: looked up once, when first needed (mutable: a
  // variable or a host list in a const context may ask for it).
  mutable bool host_lookup_done_ = false;
  mutable bool host_lookup_failed_ = false;
  mutable bool host_lookup_deferred_ = false;
  mutable std::string host_name_;
  mutable std::vector<std::string> host_aliases_;
  mutable bool host_dnssec_ = false;
  mutable std::string host_lookup_msg_;  // " (failed to find host name ...)"
  // HELO verification, once per HELO name.
  mutable std::optional<bool> helo_verified_;
  // control = submission (its options), for the message under way.
  std::optional<std::string> submission_;
  // SMTP AUTH
  std::string authenticator_;         // instance name once AUTH succeeded
  std::string authenticator_public_;  // its public_name
  std::string authenticated_id_;      // server_set_id
  std::string authenticated_fail_id_;
  std::string authenticated_sender_;  // AUTH= on MAIL, when authenticated
  std::vector<std::string> auth_values_;  // $auth1, $auth2, ...
  // PROXY protocol ($proxy_session and friends)
  bool proxy_session_ = false;
  bool proxy_failed_ = false;
  std::string proxy_local_address_;
  uint16_t proxy_local_port_ = 0;
  std::string proxy_external_address_;
  uint16_t proxy_external_port_ = 0;
};

// Runs one session over `stream` to its end.
asio::awaitable<void> run_session(const ServerServices& services, net::Stream& stream,
                                  Peer peer);

}  // namespace corvid::smtp
