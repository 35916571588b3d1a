#include "app/local_session.hpp"

#include "log/events.hpp"
#include "util/strings.hpp"

namespace corvid::app {

bool LocalSession::header(std::string_view name, expand::HeaderMode, TString& out) const {
  if (headers == nullptr) return false;
  for (const message::Header& h : *headers) {
    if (h.deleted || !util::iequals(message::header_name(h.text), name)) continue;
    std::string value = h.text.substr(h.text.find(':') + 1);
    while (!value.empty() && value.back() == '\n') value.pop_back();
    out = TString(std::string(util::trim_left(value)), true);
    return true;
  }
  return false;
}

void LocalSession::log_write(std::string_view text, acl::LogTargets targets, bool) {
  if (!logger) return;
  log::Text line;
  line.message_id = message_id;
  line.text = std::string(text);
  line.targets = static_cast<std::uint8_t>((targets.main ? log::to_main : 0) |
                                           (targets.reject ? log::to_reject : 0) |
                                           (targets.panic ? log::to_panic : 0));
  if (targets.dnslist_defer) line.gate = log::Sel::dnslist_defer;
  logger->log(line);
}

expand::VarStatus LocalSession::session_variable(std::string_view n, TString& out) const {
  auto put = [&](std::string v, bool tainted = false) {
    out = TString(std::move(v), tainted);
    return expand::VarStatus::found;
  };
  if (n == "sender_address") return put(sender_address, true);
  if (n == "sender_ident" || n == "authenticated_id" || n == "caller_name") return put(login);
  if (n == "received_protocol") return put("local");
  if (n == "message_exim_id" || n == "message_id") return put(message_id);
  if (n == "message_size") return put(std::to_string(size));
  if (n == "recipients" || n == "received_for") {
    if (n == "received_for" && recipients.size() != 1) return put("");
    std::string v;
    for (const std::string& r : recipients) v += (v.empty() ? "" : ", ") + r;
    return put(v, true);
  }
  if (n == "recipients_count" || n == "rcpt_count") return put(std::to_string(recipients.size()));
  if (n == "sender_host_address" || n == "sender_host_name" || n == "sender_helo_name" ||
      n == "sender_rcvhost" || n == "sender_fullhost") {
    return put("");
  }
  return base_.variable(n, out);
}

}  // namespace corvid::app
