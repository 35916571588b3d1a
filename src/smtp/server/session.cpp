// The session loop and the helpers every verb uses. See session.hpp.
#include "smtp/server/session.hpp"

#include "acl/replies.hpp"
#include "expand/expansion.hpp"
#include "net/blocking.hpp"
#include "smtp/proto/reply.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

namespace {

std::chrono::seconds receive_timeout(const config::Config& config) {
  return config.time_option("smtp_receive_timeout").value_or(std::chrono::seconds(300));
}

log::AclWhere log_where(acl::Where w) {
  using A = acl::Where;
  using L = log::AclWhere;
  switch (w) {
    case A::connect: return L::connect;
    case A::helo: return L::helo;
    case A::mail: return L::mail;
    case A::rcpt: return L::rcpt;
    case A::predata: return L::predata;
    case A::data: return L::data;
    case A::mime: return L::mime;
    case A::dkim: return L::dkim;
    case A::prdr: return L::prdr;
    case A::vrfy: return L::vrfy;
    case A::expn: return L::expn;
    case A::etrn: return L::etrn;
    case A::starttls: return L::starttls;
    case A::auth: return L::auth;
    default: return L::data;
  }
}

}  // namespace

Session::Session(const ServerServices& services, net::Stream& stream, Peer peer)
    : services_(services),
      config_(*services.config),
      base_(services.config),
      io_(stream, receive_timeout(*services.config)),
      peer_(std::move(peer)) {}

lists::Host Session::host() const { return lists::Host{peer_.address, {}}; }

const lists::NamedList* Session::named_list(lists::Kind kind, std::string_view name) const {
  return base_.named_list(kind, name);
}

bool Session::expand_list(std::string_view text, std::string& out, std::string& error) const {
  return expand::expand_to(text, *this, out, error);
}

std::string Session::option_text(std::string_view option) const {
  return config_.string_option(option).value_or("");
}

std::string Session::expand_option(std::string_view option, bool& ok) const {
  const config::OptionValue* v = config_.main().value(option);
  ok = true;
  if (v == nullptr || !v->is_set) return {};
  if (!v->expansion) return v->text;
  expand::Result r = expand::expand(*v->expansion, *this);
  ok = r.ok();
  return r.value.text;
}

std::int64_t Session::message_size_limit() const {
  bool ok = true;
  std::string expanded = expand_option("message_size_limit", ok);
  std::string_view text = util::trim(expanded);
  std::int64_t n = 0;
  size_t i = 0;
  while (i < text.size() && util::is_digit(text[i])) n = n * 10 + (text[i++] - '0');
  if (i < text.size()) {
    switch (util::to_upper(text[i])) {
      case 'K': n *= 1024; break;
      case 'M': n *= 1024 * 1024; break;
      case 'G': n *= 1024LL * 1024 * 1024; break;
      default: break;
    }
  }
  return n;
}

bool Session::host_in_option(std::string_view option, bool default_when_unset) const {
  const config::OptionValue* v = config_.main().value(option);
  if (v == nullptr || !v->is_set) return default_when_unset;
  // Local input (-bs) is matched too, as a host with no address: "*" and
  // an empty item match it, IP items do not (as in Exim).
  bool ok = true;
  std::string list = expand_option(option, ok);
  if (!ok) return false;
  return lists::match_host(host(), list, *this).match == lists::Match::yes;
}

log::HostId Session::host_id() const {
  log::HostId id;
  id.name = host_name_;
  id.dnssec = host_dnssec_;
  id.helo = helo_;
  id.ip = peer_.address;
  id.port = peer_.port;
  id.interface_ip = peer_.local_address;
  id.interface_port = peer_.local_port;
  id.ident = peer_.ident;
  return id;
}

void Session::log_write(std::string_view text, acl::LogTargets targets, bool with_host) {
  if (!services_.logger) return;
  log::Text line;
  line.message_id = message_id_;
  line.text = with_host
                  ? "H=" + log::full_host(host_id(), services_.logger->selector()) + " " +
                        std::string(text)
                  : std::string(text);
  line.targets = static_cast<std::uint8_t>((targets.main ? log::to_main : 0) |
                                           (targets.reject ? log::to_reject : 0) |
                                           (targets.panic ? log::to_panic : 0));
  if (targets.dnslist_defer) line.gate = log::Sel::dnslist_defer;
  log_event(line);
}

bool Session::header(std::string_view name, expand::HeaderMode, TString& out) const {
  for (const auto& [n, v] : headers_) {
    if (util::iequals(n, name)) {
      out = TString(v, true);
      return true;
    }
  }
  return false;
}

std::optional<expand::AclCall> Session::call_acl(std::string_view name,
                                                 std::vector<TString> args) const {
  // An ACL run from an expansion may set ACL variables of this session.
  auto* self = const_cast<Session*>(this);
  return acl::call_from_expansion(*services_.acls, name, std::move(args), *self);
}

void Session::apply_control(const acl::ControlSetting& setting) {
  if (setting.control == acl::Control::submission) submission_ = setting.options;
}

void Session::reset_transaction() {
  submission_.reset();
  sender_.reset();
  mail_.reset();
  recipients_.clear();
  current_rcpt_.reset();
  message_size_ = -1;
  rcpt_fail_count_ = 0;
  rcpt_defer_count_ = 0;
  last_rcpt_error_.clear();
  headers_.clear();
  bdat_body_.clear();
  bdat_active_ = false;
  acl_vars_.reset_message();
}

asio::awaitable<void> Session::reply(int code, std::string_view text) {
  io_.queue_reply(proto::format_reply(code, text));
  co_await io_.flush_if_idle();
}

asio::awaitable<void> Session::send_now(int code, std::string_view text) {
  io_.queue_reply(proto::format_reply(code, text));
  co_await io_.flush();
}

asio::awaitable<void> Session::reply_accepted(int code, std::string_view text,
                                              const acl::Result& r, bool now) {
  std::string shown(text);
  if (!r.user_message.empty()) {
    acl::Reply rep = acl::split_message(r.user_message, code);
    code = rep.code;
    shown = rep.extended.empty() ? rep.text : rep.extended + " " + rep.text;
  }
  io_.queue_reply(proto::format_reply(code, shown));
  if (now) {
    co_await io_.flush();
  } else {
    co_await io_.flush_if_idle();
  }
}

void Session::log_protocol_error(int code, std::string_view text) {
  if (!services_.logger) return;
  log::ProtocolError e;
  e.syntax = code == 500 || code == 501;
  e.host = host_id();
  e.command = smtp_command_;
  e.message = std::string(text.substr(0, text.find('\n')));
  // A reply "<argument>: why" is logged as just "why".
  size_t sep = e.message.find(": ");
  if (sep != std::string::npos && sep > 0 &&
      std::string_view(smtp_command_).ends_with(std::string_view(e.message).substr(0, sep))) {
    e.message.erase(0, sep + 2);
  }
  log_event(e);
}

void Session::log_incomplete(std::string_view reason) {
  if (!services_.logger || !sender_) return;
  log::IncompleteTransaction e;
  e.host = host_id();
  e.reason = std::string(reason);
  e.sender = *sender_;
  for (const proto::RcptTo& r : recipients_) e.recipients.push_back(r.path.address);
  log_event(e);
}

void Session::log_no_mail() {
  if (!services_.logger || mail_seen_ || peer_.address.empty()) return;
  mail_seen_ = true;  // written once per session
  log::NoMail e;
  e.host = host_id();
  e.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started_);
  e.commands = history_;
  e.auth = log::AuthInfo{authenticator_, authenticated_id_, {}};
  log_event(e);
}

asio::awaitable<bool> Session::synprot_error(int code, std::string_view text,
                                             std::string_view log_text, ErrorLog how) {
  if (how == ErrorLog::nothing) {
  } else if (log_text.empty()) {
    log_protocol_error(code, text);
  } else if (services_.logger) {
    log::Text t;
    t.text = std::string(log_text);
    t.targets = log::to_main | log::to_reject;
    if (how == ErrorLog::syntax_selector) t.gate = log::Sel::smtp_syntax_error;
    log_event(t);
  }
  int max = static_cast<int>(config_.int_option("smtp_max_synprot_errors").value_or(3));
  if (max > 0 && ++synprot_errors_ > max) {
    // Exim adds the limit's message to this reply and closes the connection.
    if (services_.logger) {
      std::string commands;
      for (const std::string& c : history_) commands += (commands.empty() ? "" : ",") + c;
      log_event(log::too_many_errors(host_id(), smtp_command_, commands));
    }
    run_notquit("bad-commands");
    co_await send_now(code, std::string(text) + "\nToo many syntax or protocol errors");
    co_return false;
  }
  co_await reply(code, text);
  co_return true;
}

asio::awaitable<bool> Session::no_valid_recipients(std::string_view verb) {
  std::string simple = "valid RCPT command must precede " + std::string(verb);
  if (last_rcpt_error_.empty()) co_return co_await synprot_error(503, simple);
  // Exim's own wording, capital letter and all, depends on whether the
  // last RCPT failed in the ACL or on the protocol; only the latter is a
  // protocol error (logged with the simple text, and counted).
  std::string text = "All RCPT commands were rejected with this error:\n" + last_rcpt_error_ +
                     "\n" + (last_rcpt_error_acl_ ? "Valid" : "valid") +
                     " RCPT command must precede " + std::string(verb);
  if (last_rcpt_error_acl_) {
    co_await reply(503, text);
    co_return true;
  }
  log_protocol_error(503, simple);
  co_return co_await synprot_error(503, text, {}, ErrorLog::nothing);
}

asio::awaitable<bool> Session::check_sync(const std::string& line) {
  // Exim enforces synchronisation only on real sockets, and only for
  // commands that must end a pipelined group (or any command when
  // PIPELINING was not advertised).
  if (!peer_.socket) co_return true;
  if (!config_.bool_option("smtp_enforce_sync").value_or(true)) co_return true;
  if (!io_.input_pending()) co_return true;
  if (services_.logger) {
    log::SyncError e;
    e.kind = log::SyncError::Kind::pipelining_not_advertised;
    e.pipelining_advertised = pipelining_advertised_;
    e.host = host_id();
    e.command = line;
    e.input = std::string(io_.pending().substr(0, 256));
    log_event(e);
  }
  run_notquit("synchronization-error");
  co_await send_now(554, "SMTP synchronization error");
  co_return false;
}

acl::Result Session::run_acl_here(acl::Where where, std::string_view option) {
  where_ = where;
  std::optional<std::string> raw = config_.string_option(option);
  return acl::run_option(*services_.acls, raw, *this);
}

asio::awaitable<acl::Result> Session::run_acl(acl::Where where, std::string_view option) {
  std::optional<std::string> raw = config_.string_option(option);
  if (!acl::option_may_block(*services_.acls, raw)) co_return run_acl_here(where, option);
  acl::Result r;
  co_await net::run_blocking([&] { r = run_acl_here(where, option); });
  co_return r;
}

void Session::run_notquit(std::string reason) {
  if (!notquit_reason_.empty()) return;  // once per session
  notquit_reason_ = std::move(reason);
  // Only logging and ACL side effects matter here: the session is ending.
  run_acl_here(acl::Where::notquit, "acl_smtp_notquit");
}

asio::awaitable<void> Session::wait_delay(const acl::Result& r) {
  if (r.delay.count() <= 0) co_return;
  if (!r.has_control(acl::Control::no_delay_flush)) co_await io_.flush();
  asio::steady_timer t(co_await asio::this_coro::executor, r.delay);
  std::error_code ec;
  co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<bool> Session::reject(acl::Where where, const acl::Result& r,
                                      std::string_view arg) {
  acl::Reply rep = acl::rejection_reply(where, r);
  if (services_.logger) {
    log::Rejection e;
    e.message_id = where == acl::Where::data ? message_id_ : std::string();
    e.host = host_id();
    e.where = log_where(where);
    e.argument = std::string(arg);
    if (where == acl::Where::rcpt || where == acl::Where::data ||
        where == acl::Where::predata) {
      e.sender = sender_.value_or("");
    }
    e.temporary = r.status == acl::Status::defer || r.status == acl::Status::error;
    e.auth = log::AuthInfo{authenticator_, authenticated_id_, {}};
    e.message = r.log_message.empty() ? r.user_message : r.log_message;
    log_event(e);
  }
  std::string text = rep.extended.empty() ? rep.text : rep.extended + " " + rep.text;
  co_await wait_delay(r);
  if (r.status == acl::Status::drop) {
    run_notquit("acl-drop");
    co_await send_now(rep.code, text);
    co_return false;
  }
  co_await reply(rep.code, text);
  co_return true;
}

asio::awaitable<bool> Session::greet() {
  if (peer_.over_limit != Peer::Limit::none) {
    bool per_host = peer_.over_limit == Peer::Limit::per_host;
    if (services_.logger) {
      log::TooManyConnections e;
      e.host = host_id();
      if (!per_host) e.reason = log::TooManyConnections::kTotal;
      log_event(e);
    }
    co_await send_now(421, per_host ? "Too many concurrent SMTP connections from this IP "
                                      "address; please try again later."
                                    : "Too many concurrent SMTP connections; please try again "
                                      "later.");
    co_return false;
  }
  if (services_.logger && !peer_.address.empty()) {
    log::SmtpConnection e;
    e.host = host_id();
    e.connection_count = peer_.connection_count;
    log_event(e);
  }
  // The PROXY header comes before anything else; the connect ACL and
  // everything after it see the real client.
  // Off the event loop: DNS may take a while. As in Exim, this is the TCP
  // peer's name even when a PROXY header follows.
  if (!peer_.address.empty() && host_in_option("host_lookup")) co_await look_up_host_name();
  if (!peer_.address.empty() && host_in_option("hosts_proxy")) {
    co_await read_proxy_header();
  }
  acl::Result r = co_await run_acl(acl::Where::connect, "acl_smtp_connect");
  if (r.status != acl::Status::ok) {
    co_await reject(acl::Where::connect, r, "");
    co_await io_.flush();
    co_return false;
  }
  co_await wait_delay(r);
  bool ok = true;
  std::string banner = expand_option("smtp_banner", ok);
  if (!ok) {
    co_await send_now(451, "Temporary local problem - please try later");
    co_return false;
  }
  // Input before the banner is a synchronisation error (real sockets only).
  if (peer_.socket && !proxy_failed_ && io_.input_pending() &&
      config_.bool_option("smtp_enforce_sync").value_or(true)) {
    if (services_.logger) {
      log::SyncError e;
      e.kind = log::SyncError::Kind::before_greeting;
      e.host = host_id();
      e.input = std::string(io_.pending().substr(0, 256));
      log_event(e);
    }
    co_await send_now(554, "SMTP synchronization error");
    co_return false;
  }
  co_await send_now(220, banner);
  co_return true;
}

asio::awaitable<bool> Session::dispatch(const proto::Command& cmd, const std::string& line) {
  using proto::Verb;
  if (proxy_failed_ && cmd.verb != Verb::quit) {
    co_await reply(503, "Command refused, required Proxy negotiation failed");
    co_return true;
  }
  // RFC 2920: HELO, EHLO, DATA, VRFY, EXPN and ETRN end a pipelined group;
  // without PIPELINING every command must wait for its reply.
  bool group_end = cmd.verb == Verb::helo || cmd.verb == Verb::ehlo ||
                   cmd.verb == Verb::vrfy || cmd.verb == Verb::expn || cmd.verb == Verb::etrn;
  // (BDAT is left out: its chunk follows the command at once by design.)
  bool pipelinable = cmd.verb == Verb::mail || cmd.verb == Verb::rcpt ||
                     cmd.verb == Verb::rset || cmd.verb == Verb::noop;
  if (group_end || (pipelinable && !pipelining_advertised_)) {
    if (!co_await check_sync(line)) co_return false;
  }
  smtp_command_ = line;
  // Exim's C= list names the commands it knows, in the order received,
  // except those refused for having an argument they may not have.
  bool no_arg_verb = cmd.verb == proto::Verb::rset || cmd.verb == proto::Verb::quit ||
                     cmd.verb == proto::Verb::data || cmd.verb == proto::Verb::starttls;
  if (cmd.verb != proto::Verb::unknown && !(no_arg_verb && !cmd.argument.empty())) {
    std::string verb = line.substr(0, line.find(' '));
    for (auto& c : verb) c = util::to_upper(c);
    history_.push_back(verb);
  }
  if (cmd.verb == proto::Verb::mail) mail_seen_ = true;
  // (Real sockets only: -bs and -bh read everything at once.)
  if ((cmd.verb == proto::Verb::mail || cmd.verb == proto::Verb::rcpt) && peer_.socket &&
      io_.input_pending()) {
    pipelined_ = true;
  }
  switch (cmd.verb) {
    case Verb::helo: co_return co_await on_helo(cmd.argument, false);
    case Verb::ehlo: co_return co_await on_helo(cmd.argument, true);
    case Verb::mail: co_return co_await on_mail(cmd.argument);
    case Verb::rcpt: co_return co_await on_rcpt(cmd.argument);
    case Verb::data: co_return co_await on_data();
    case Verb::bdat: co_return co_await on_bdat(cmd.argument);
    case Verb::rset: co_return co_await on_rset(cmd.argument);
    case Verb::noop: co_return co_await on_noop(cmd.argument);
    case Verb::quit: co_return co_await on_quit(cmd.argument);
    case Verb::help: co_return co_await on_help();
    case Verb::vrfy: co_return co_await on_vrfy_expn(cmd.argument, true);
    case Verb::expn: co_return co_await on_vrfy_expn(cmd.argument, false);
    case Verb::etrn: co_return co_await on_etrn(cmd.argument);
    case Verb::auth: co_return co_await on_auth(cmd.argument);
    default: co_return co_await on_unknown(line);
  }
}

asio::awaitable<void> Session::run() {
  if (!co_await greet()) {
    io_.close();
    co_return;
  }
  std::string line;
  for (;;) {
    SessionIo::LineStatus st = co_await io_.read_line(line, proto::kMaxCommandLine);
    if (st == SessionIo::LineStatus::timeout) {
      run_notquit("command-timeout");
      log::LostConnection e;
      e.when = log::LostConnection::When::command_timeout;
      e.host = host_id();
      log_event(e);
      co_await send_now(421, primary_hostname() + ": SMTP command timeout - closing connection");
      break;
    }
    if (st == SessionIo::LineStatus::eof || st == SessionIo::LineStatus::error) {
      // Exim words it by whether a transaction was under way, and says
      // goodbye to a client that may no longer be there.
      bool in_transaction = sender_.has_value();
      log_incomplete("connection lost");
      run_notquit("connection-lost");
      co_await send_now(421, primary_hostname() + " lost input connection");
      log::LostConnection e;
      e.when = in_transaction ? log::LostConnection::When::command_reset
                              : log::LostConnection::When::command;
      e.host = host_id();
      e.duration = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started_);
      log_event(e);
      break;
    }
    proto::Command cmd = proto::parse_command(line);
    if (cmd.contains_nul) {
      if (!co_await synprot_error(501, proto::kNulInCommand)) break;
      continue;
    }
    if (!co_await dispatch(cmd, line)) break;
  }
  log_no_mail();  // (once: QUIT may have written it already)
  co_await io_.flush();
  io_.close();
}

asio::awaitable<void> run_session(const ServerServices& services, net::Stream& stream,
                                  Peer peer) {
  Session session(services, stream, std::move(peer));
  co_await session.run();
}

}  // namespace corvid::smtp
