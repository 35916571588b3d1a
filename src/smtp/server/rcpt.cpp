// RCPT TO: one envelope recipient, checked by acl_smtp_rcpt.
#include "acl/replies.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

asio::awaitable<bool> Session::on_rcpt(std::string_view arg) {
  if (!sender_) {
    ++rcpt_fail_count_;
    last_rcpt_error_ = "503 sender not yet given";
    last_rcpt_error_acl_ = false;
    co_return co_await synprot_error(503, "sender not yet given");
  }
  auto parsed = proto::parse_rcpt(arg, ext_);
  if (auto* err = std::get_if<proto::ProtoError>(&parsed)) {
    co_return co_await synprot_error(err->code, err->text);
  }
  proto::RcptTo rcpt = std::get<proto::RcptTo>(std::move(parsed));
  const std::string as_given = rcpt.path.address;
  if (rcpt.path.domain.empty()) {
    // RFC 5321: <postmaster> without a domain must be accepted.
    bool postmaster = util::iequals(rcpt.path.local_part, "postmaster");
    if (!postmaster && !host_in_option("recipient_unqualified_hosts") &&
        !peer_.address.empty()) {
      co_return co_await synprot_error(
          501, "<" + rcpt.path.address + ">: " + proto::unqualified_error(false),
          "unqualified recipient rejected: <" + rcpt.path.address + "> H=" +
              log::full_host(host_id(), services_.logger->selector()),
          ErrorLog::syntax_selector);
    }
    rcpt.path.domain = postmaster ? primary_hostname() : base_.qualify_recipient();
    rcpt.path.address += "@" + rcpt.path.domain;
  }
  std::int64_t max = config_.int_option("recipients_max").value_or(50000);
  if (max > 0 && static_cast<std::int64_t>(recipients_.size()) >= max) {
    co_await reply(452, "too many recipients");
    co_return true;
  }
  current_rcpt_ = acl::Recipient{rcpt.path.address, rcpt.path.local_part, rcpt.path.domain};
  acl::Result r = co_await run_acl(acl::Where::rcpt, "acl_smtp_rcpt");
  if (r.status == acl::Status::ok || r.status == acl::Status::discard) {
    co_await wait_delay(r);
    if (r.status == acl::Status::ok) recipients_.push_back(std::move(rcpt));
    current_rcpt_.reset();
    co_await reply_accepted(250, "Accepted", r);
    co_return true;
  }
  current_rcpt_.reset();
  if (r.status == acl::Status::defer || r.status == acl::Status::error) {
    ++rcpt_defer_count_;
  } else {
    ++rcpt_fail_count_;
  }
  acl::Reply rep = acl::rejection_reply(acl::Where::rcpt, r);
  last_rcpt_error_ = rep.extended.empty() ? rep.text : rep.extended + " " + rep.text;
  last_rcpt_error_acl_ = true;
  co_return co_await reject(acl::Where::rcpt, r, as_given);
}

}  // namespace corvid::smtp
