// The expansion variables of an SMTP session ($sender_host_address,
// $sender_helo_name, $local_part, $recipients ...). Anything not about the
// session falls through to the configuration's context, except the values
// that describe a local caller in -be, which are empty in a session.
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

namespace {

expand::VarStatus put(TString& out, std::string value, bool tainted = false) {
  out = TString(std::move(value), tainted);
  return expand::VarStatus::found;
}

}  // namespace

expand::VarStatus Session::session_variable(std::string_view n, TString& out) const {
  const bool remote = !peer_.address.empty();
  if (n == "sender_host_address") return put(out, peer_.address);
  if (n == "sender_host_port") return put(out, std::to_string(peer_.port));
  if (n == "sender_host_name") {
    ensure_host_name();  // referring to it is what triggers the lookup
    return put(out, host_name_);
  }
  if (n == "host_lookup_failed") return put(out, host_lookup_failed_ ? "1" : "0");
  if (n == "host_lookup_deferred") return put(out, host_lookup_deferred_ ? "1" : "0");
  if (n == "sender_host_dnssec") return put(out, host_dnssec_ ? "yes" : "no");
  if (n == "sender_helo_name") return put(out, helo_, true);
  if (n == "sender_rcvhost") {
    if (!remote) return put(out, "");
    // "[ip] (helo=h ident=u)" or "name ([ip] helo=h ident=u)"; the HELO
    // name only when it is not the verified name.
    std::string extra;
    if (!helo_.empty() && !util::iequals(helo_, host_name_)) extra += "helo=" + helo_;
    if (!peer_.ident.empty()) extra += (extra.empty() ? "" : " ") + ("ident=" + peer_.ident);
    if (host_name_.empty()) {
      std::string v = "[" + peer_.address + "]";
      if (!extra.empty()) v += " (" + extra + ")";
      return put(out, v, true);
    }
    std::string v = host_name_ + " ([" + peer_.address + "]";
    if (!extra.empty()) v += " " + extra;
    return put(out, v + ")", true);
  }
  if (n == "sender_fullhost") {
    if (!remote) return put(out, "");
    return put(out, log::full_host(host_id(), log::Selector::none()), !helo_.empty());
  }
  if (n == "received_ip_address" || n == "interface_address") return put(out, peer_.local_address);
  if (n == "received_port" || n == "interface_port") {
    return put(out, remote ? std::to_string(peer_.local_port) : "-1");
  }
  if (n == "received_protocol") return put(out, received_protocol_);
  if (n == "proxy_session") return put(out, proxy_session_ ? "yes" : "no");
  // The seeds' names ($proxy_host_*, $proxy_target_*) are kept as aliases
  // of Exim 4.96's ($proxy_local_*, $proxy_external_*).
  if (n == "proxy_local_address" || n == "proxy_host_address") {
    return put(out, proxy_local_address_);
  }
  if (n == "proxy_local_port" || n == "proxy_host_port") {
    return put(out, std::to_string(proxy_local_port_));
  }
  if (n == "proxy_external_address" || n == "proxy_target_address") {
    return put(out, proxy_external_address_);
  }
  if (n == "proxy_external_port" || n == "proxy_target_port") {
    return put(out, std::to_string(proxy_external_port_));
  }
  if (n == "smtp_command") return put(out, smtp_command_, true);
  if (n == "smtp_command_argument") {
    size_t sp = smtp_command_.find(' ');
    return put(out, sp == std::string::npos ? "" : smtp_command_.substr(sp + 1), true);
  }
  if (n == "sender_host_authenticated") return put(out, authenticator_);
  if (n == "authenticated_id") return put(out, authenticated_id_, true);
  if (n == "authenticated_fail_id") return put(out, authenticated_fail_id_, true);
  if (n == "authenticated_sender") return put(out, authenticated_sender_, true);
  if (n.size() == 5 && n.starts_with("auth") && n[4] >= '1' && n[4] <= '9') {
    size_t i = static_cast<size_t>(n[4] - '1');
    return put(out, i < auth_values_.size() ? auth_values_[i] : "", true);
  }
  if (n == "smtp_notquit_reason") return put(out, notquit_reason_);
  if (n == "sender_address") return put(out, sender_.value_or(""), true);
  if (n == "sender_address_domain" || n == "sender_address_local_part") {
    std::string s = sender_.value_or("");
    size_t at = s.rfind('@');
    if (at == std::string::npos) return put(out, n.ends_with("domain") ? "" : s, true);
    return put(out, n.ends_with("domain") ? s.substr(at + 1) : s.substr(0, at), true);
  }
  if (n == "local_part") return put(out, current_rcpt_ ? current_rcpt_->local_part : "", true);
  if (n == "domain") return put(out, current_rcpt_ ? current_rcpt_->domain : "", true);
  if (n == "recipients" || n == "received_for") {
    std::string v;
    if (n == "received_for" && recipients_.size() != 1) return put(out, "");
    for (const auto& r : recipients_) {
      if (!v.empty()) v += ", ";
      v += r.path.address;
    }
    return put(out, v, true);
  }
  if (n == "rcpt_count") {
    return put(out, std::to_string(recipients_.size() + rcpt_fail_count_ + rcpt_defer_count_));
  }
  if (n == "recipients_count") return put(out, std::to_string(recipients_.size()));
  if (n == "rcpt_fail_count") return put(out, std::to_string(rcpt_fail_count_));
  if (n == "rcpt_defer_count") return put(out, std::to_string(rcpt_defer_count_));
  if (n == "message_size") return put(out, std::to_string(message_size_));
  if (n == "message_exim_id" || n == "message_id") return put(out, message_id_);
  // A session has no local caller: these are empty, unlike in -be.
  if (n == "sender_ident") return put(out, peer_.ident);
  return base_.variable(n, out);
}

}  // namespace corvid::smtp
