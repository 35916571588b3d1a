// MAIL FROM: the envelope sender, its parameters and acl_smtp_mail.
#include "smtp/server/session.hpp"

namespace corvid::smtp {

asio::awaitable<bool> Session::on_mail(std::string_view arg) {
  if (!helo_seen_ &&
      (host_in_option("hosts_require_helo", true) || host_in_option("helo_verify_hosts"))) {
    // Logged and refused, but not counted as a protocol error (as Exim).
    log_write("rejected MAIL from " + log::full_host(host_id(), services_.logger->selector()) +
                  ": no HELO/EHLO given",
              acl::LogTargets{true, true, false}, false);
    co_await reply(503, "HELO or EHLO required");
    co_return true;
  }
  if (sender_) {
    co_return co_await synprot_error(503, "sender already given");
  }
  auto parsed = proto::parse_mail(arg, ext_);
  if (auto* err = std::get_if<proto::ProtoError>(&parsed)) {
    co_return co_await synprot_error(err->code, err->text);
  }
  proto::MailFrom mail = std::get<proto::MailFrom>(std::move(parsed));
  if (!mail.null_sender && mail.path.domain.empty()) {
    if (!host_in_option("sender_unqualified_hosts") && !peer_.address.empty()) {
      co_return co_await synprot_error(
          501, "<" + mail.path.address + ">: " + proto::unqualified_error(true),
          "unqualified sender rejected: <" + mail.path.address + "> H=" +
              log::full_host(host_id(), services_.logger->selector()),
          ErrorLog::syntax_selector);
    }
    mail.path.domain = base_.qualify_domain();
    mail.path.address += "@" + mail.path.domain;
  }
  if (mail.size) {
    std::int64_t limit = message_size_limit();
    if (proto::size_exceeds(*mail.size, limit)) {
      log_write("rejected MAIL FROM:<" + mail.path.address + "> " +
                    "H=" + log::full_host(host_id(), services_.logger->selector()) +
                    ": message too big: size=" + std::to_string(*mail.size) +
                    " max=" + std::to_string(limit),
                acl::LogTargets{true, true, false}, false);
      co_await reply(552, "Message size exceeds maximum permitted");
      co_return true;
    }
    message_size_ = *mail.size;
  }
  sender_ = mail.null_sender ? std::string() : mail.path.address;
  // AUTH= is believed only from a client that authenticated itself.
  authenticated_sender_.clear();
  if (!authenticator_.empty() && mail.auth && *mail.auth != "<>") authenticated_sender_ = *mail.auth;
  acl::Result r = co_await run_acl(acl::Where::mail, "acl_smtp_mail");
  if (r.status != acl::Status::ok && r.status != acl::Status::discard) {
    sender_.reset();
    message_size_ = -1;
    co_return co_await reject(acl::Where::mail, r, mail.path.address);
  }
  co_await wait_delay(r);
  mail_ = std::move(mail);
  co_await reply_accepted(250, "OK", r);
  co_return true;
}

}  // namespace corvid::smtp
