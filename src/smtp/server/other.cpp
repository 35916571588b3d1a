// RSET, NOOP, QUIT, HELP, VRFY, EXPN, ETRN and unrecognised commands.
#include "net/blocking.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

asio::awaitable<bool> Session::on_rset(std::string_view arg) {
  if (!arg.empty()) co_return co_await synprot_error(501, proto::kUnexpectedArgument);
  log_incomplete("RSET");
  reset_transaction();
  co_await reply(250, "Reset OK");
  co_return true;
}

asio::awaitable<bool> Session::on_noop(std::string_view) {
  co_await reply(250, "OK");
  co_return true;
}

asio::awaitable<bool> Session::on_quit(std::string_view arg) {
  if (!arg.empty()) co_return co_await synprot_error(501, proto::kUnexpectedArgument);
  acl::Result r = co_await run_acl(acl::Where::quit, "acl_smtp_quit");
  co_await wait_delay(r);
  std::string text = primary_hostname() + " closing connection";
  if (!r.user_message.empty() && r.status == acl::Status::ok) text = r.user_message;
  log_incomplete("QUIT");
  co_await send_now(221, text);
  if (services_.logger) {
    log::Closed e;
    e.host = host_id();
    log_event(e);
  }
  log_no_mail();
  co_return false;
}

asio::awaitable<bool> Session::on_help() {
  // Exim lists AUTH whether or not an authenticator is configured.
  std::string list = "AUTH HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP";
  if (config_.option_configured("acl_smtp_etrn") ||
      config_.option_configured("smtp_etrn_command")) {
    list += " ETRN";
  }
  if (config_.option_configured("acl_smtp_expn")) list += " EXPN";
  if (config_.option_configured("acl_smtp_vrfy")) list += " VRFY";
  co_await reply(214, "Commands supported:\n" + list);
  co_return true;
}

asio::awaitable<bool> Session::on_vrfy_expn(std::string_view arg, bool vrfy) {
  acl::Where where = vrfy ? acl::Where::vrfy : acl::Where::expn;
  acl::Result r = co_await run_acl(where, vrfy ? "acl_smtp_vrfy" : "acl_smtp_expn");
  if (r.status != acl::Status::ok) co_return co_await reject(where, r, arg);
  co_await wait_delay(r);
  // The address: "<a@b>" or "a@b"; it must have a domain.
  std::string address(util::trim(arg));
  if (address.size() >= 2 && address.front() == '<' && address.back() == '>') {
    address = address.substr(1, address.size() - 2);
  }
  if (address.empty()) {
    co_await reply(501, "empty address");
    co_return true;
  }
  if (address.find('@') == std::string::npos) {
    co_await reply(501, address + ": recipient address must contain a domain");
    co_return true;
  }
  acl::VerifyOutcome o;
  co_await net::run_blocking([&] { o = verify_address(address, false); });
  if (!vrfy) {
    // EXPN answers for the address itself; the members of a list it
    // expands to are not listed yet.
    if (o.status == acl::VerifyStatus::ok) {
      co_await reply(250, "<" + address + ">");
    } else {
      co_await reply(553, address + " is undeliverable");
    }
    co_return true;
  }
  switch (o.status) {
    case acl::VerifyStatus::ok:
      co_await reply(250, "<" + address + "> is deliverable");
      break;
    case acl::VerifyStatus::defer:
      co_await reply(451, "<" + address + "> " +
                              (o.user_message.empty() ? o.log_message : o.user_message));
      break;
    default:
      log_write("VRFY failed for " + address + " H=" +
                    log::full_host(host_id(), services_.logger->selector()),
                acl::LogTargets{}, false);
      co_await reply(550, "<" + address + "> " +
                              (o.user_message.empty() ? o.log_message : o.user_message));
      break;
  }
  co_return true;
}

asio::awaitable<bool> Session::on_etrn(std::string_view arg) {
  if (arg.empty()) co_return co_await synprot_error(501, "Syntax error in ETRN command");
  acl::Result r = co_await run_acl(acl::Where::etrn, "acl_smtp_etrn");
  if (r.status != acl::Status::ok) co_return co_await reject(acl::Where::etrn, r, arg);
  co_await wait_delay(r);
  co_await reply(250, "OK");
  co_return true;
}

asio::awaitable<bool> Session::on_unknown(const std::string& line) {
  proto::Command cmd = proto::parse_command(line);
  if (cmd.verb == proto::Verb::starttls) {
    co_return co_await synprot_error(503, "STARTTLS command used when not advertised");
  }
  smtp_command_ = line;
  log_protocol_error(500, proto::kUnrecognized);
  int max = static_cast<int>(config_.int_option("smtp_max_unknown_commands").value_or(3));
  if (max > 0 && ++unknown_commands_ > max) {
    log_incomplete("unrecognized command");
    if (services_.logger) {
      log::Text t;
      t.text = "SMTP call from " + log::full_host(host_id(), services_.logger->selector()) +
               " dropped: too many unrecognized commands (last was \"" + line + "\")";
      t.targets = log::to_main | log::to_reject;
      log_event(t);
    }
    co_await send_now(500, "Too many unrecognized commands");
    co_return false;
  }
  // (Logged above, with the limit check: Exim logs the last one too.)
  co_return co_await synprot_error(500, proto::kUnrecognized, {}, ErrorLog::nothing);
}

}  // namespace corvid::smtp
