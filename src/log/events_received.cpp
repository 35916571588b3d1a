// The "<=" line and the TLS / AUTH fields it shares with other lines; see
// events.hpp. Field order as exim4 4.96 writes it (lines collected from a
// 4.96 daemon with log_selector = +all, quoted in tests/unit/log).
#include "log/events.hpp"

namespace corvid::log {

std::string tls_fields(const TlsInfo& tls, const Selector& sel, bool with_sni) {
  std::string out;
  if (!tls.active()) {
    return out;
  }
  if (sel.has(Sel::tls_cipher)) {
    out += " X=" + tls.cipher;
    if (tls.resumed && sel.has(Sel::tls_resumption)) {
      out += '*';
    }
  }
  if (sel.has(Sel::tls_certificate_verified) && tls.verified != TlsInfo::Verified::unknown) {
    static constexpr const char* kWords[] = {"", "no", "yes", "dane"};
    out += " CV=";
    out += kWords[static_cast<int>(tls.verified)];
  }
  if (sel.has(Sel::tls_peerdn) && !tls.peer_dn.empty()) {
    out += " DN=\"" + printing(tls.peer_dn, true) + "\"";
  }
  if (with_sni && sel.has(Sel::tls_sni) && !tls.sni.empty()) {
    out += " SNI=" + printing(tls.sni);
  }
  return out;
}

std::string auth_field(const AuthInfo& a, const Selector& sel) {
  if (a.authenticator.empty()) {
    return {};
  }
  std::string out = " A=" + a.authenticator;
  if (!a.id.empty()) {
    out += ':' + printing(a.id);
  }
  if (sel.has(Sel::smtp_mailauth) && !a.mail_auth.empty()) {
    out += ':' + printing(a.mail_auth);
  }
  return out;
}

namespace {

std::string pipelining_field(const PipeliningInfo& p, const Selector& sel) {
  if (!sel.has(Sel::pipelining) || !p.advertised) {
    return {};
  }
  std::string out = " L";
  if (p.early_used) {
    out += '*';
  } else if (p.pipe_connect_advertised) {
    out += '.';
  }
  if (!p.used) {
    out += '-';
  }
  return out;
}

// id= / id*= from the Message-ID: header, without its angle brackets.
std::string message_id_field(const Received& r, const Selector& sel) {
  if (r.header_message_id.empty()) {
    return {};
  }
  std::string_view v = r.header_message_id;
  if (v.size() >= 2 && v.front() == '<' && v.back() == '>') {
    v = v.substr(1, v.size() - 2);
  }
  if (r.message_id_created) {
    return sel.has(Sel::msg_id_created) ? " id*=" + printing(v) : std::string();
  }
  return sel.has(Sel::msg_id) ? " id=" + printing(v) : std::string();
}

// From the flag to P= and L.
std::string received_head(const Received& r, const Selector& sel) {
  std::string out;
  if (!r.message_id.empty()) {
    out = r.message_id + ' ';
  }
  out += r.fake_reject ? "(= " : "<= ";
  out += r.sender.empty() ? "<>" : r.sender;
  if (!r.bounce_ref.empty()) {
    out += " R=" + r.bounce_ref;
  }
  if (!r.host.local()) {
    if (sel.has(Sel::dnssec) && r.host.dnssec) {
      out += " DS";
    }
    out += " H=" + full_host(r.host, sel) + interface_field(r.host, sel);
  }
  if (!r.host.ident.empty()) {
    out += " U=" + r.host.ident;
  }
  out += " P=" + r.protocol;
  if (r.pipelining) {
    out += pipelining_field(*r.pipelining, sel);
  }
  return out;
}

// From X= to S= and the fields that follow the size.
std::string received_tail(const Received& r, const Selector& sel) {
  std::string out = tls_fields(r.tls, sel, true) + auth_field(r.auth, sel);
  if (r.prdr) {
    out += " PRDR";
  }
  if (sel.has(Sel::proxy) && !r.proxy_local_address.empty()) {
    out += " PRX=" + r.proxy_local_address;
  }
  if (r.chunking) {
    out += " K";
  }
  out += " S=" + std::to_string(r.size);
  if (sel.has(Sel::eightbitmime)) {
    out += " M8S=" + std::to_string(r.eightbitmime);
  }
  if (sel.has(Sel::dkim) && !r.dkim_domain.empty()) {
    out += " DKIM=" + r.dkim_domain;
  }
  if (r.arc_pass) {
    out += " ARC";
  }
  if (sel.has(Sel::receive_time)) {
    out += " RT=" + time_diff(r.receive_time, sel);
  }
  out += message_id_field(r, sel);
  if (sel.has(Sel::subject) && !r.subject.empty()) {
    out += " T=\"" + printing(r.subject, true, true) + "\"";
  }
  if (sel.has(Sel::received_sender)) {
    out += " from <" + r.original_sender + ">";
  }
  if (sel.has(Sel::received_recipients) && !r.recipients.empty()) {
    out += " for";
    for (const auto& a : r.recipients) {
      out += ' ' + a;
    }
  }
  return out;
}

}  // namespace

std::optional<Line> Received::render(const Selector& sel) const {
  return Line{received_head(*this, sel) + received_tail(*this, sel), to_main, {}};
}

}  // namespace corvid::log
