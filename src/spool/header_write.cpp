// write_header_file(): the -H bytes, in Exim 4.96's order (see
// header_file.hpp for the promises).
#include <cstdio>

#include "spool/header_file.hpp"
#include "util/strings.hpp"

namespace corvid::spool {

namespace {

class Out {
 public:
  void line(std::string_view s) {
    out_ += s;
    out_ += '\n';
  }
  void flag(bool on, std::string_view name) {
    if (on) line(name);
  }
  // "-name value", "--name value" (tainted), "--(quoter)name value".
  void var(std::string_view name, const std::optional<SpoolString>& v) {
    if (!v) return;
    out_ += '-';
    if (v->tainted || !v->quoter.empty()) {
      out_ += '-';
      if (!v->quoter.empty()) out_ += "(" + v->quoter + ")";
    }
    out_ += name;
    out_ += ' ';
    line(v->value);
  }
  void address(std::string_view name, const std::optional<SpoolAddress>& a) {
    if (!a) return;
    if (a->tainted) out_ += '-';
    line("-" + std::string(name) + " [" + a->ip + "]:" + std::to_string(a->port));
  }
  void number(std::string_view name, std::int64_t v) {
    line("-" + std::string(name) + " " + std::to_string(v));
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

std::string usec6(int usec) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06d", usec);
  return buf;
}

void write_envelope_start(const HeaderFile& h, Out& o) {
  o.line(h.id + "-H");
  o.line(h.originator_login + " " + std::to_string(h.originator_uid) + " " +
         std::to_string(h.originator_gid));
  o.line("<" + h.sender + ">");
  o.line(std::to_string(h.received_time) + " " + std::to_string(h.warning_count));
  if (h.received_time_usec) o.line("-received_time_usec ." + usec6(*h.received_time_usec));
  if (h.received_time_complete) {
    o.line("-received_time_complete " + std::to_string(h.received_time_complete->first) + "." +
           usec6(h.received_time_complete->second));
  }
}

void write_connection(const HeaderFile& h, Out& o) {
  o.var("helo_name", h.helo_name);
  if (h.host_address) {
    o.address("host_address", h.host_address);
    o.var("host_name", h.host_name);
  }
  o.var("host_auth", h.host_auth);
  o.var("host_auth_pubname", h.host_auth_pubname);
  o.address("interface_address", h.interface_address);
  o.var("active_hostname", h.active_hostname);
  o.var("ident", h.ident);
  o.var("received_protocol", h.received_protocol);
}

void write_acl_variables(const HeaderFile& h, Out& o) {
  for (char scope : {'c', 'm'}) {
    for (const AclVariable& v : h.acl_variables) {
      if (v.scope != scope) continue;
      o.line(std::string(v.tainted ? "--acl" : "-acl") + scope + " " + v.name + " " +
             std::to_string(v.value.size()));
      o.line(v.value);
    }
  }
}

void write_message_state(const HeaderFile& h, Out& o) {
  if (h.spool_file_wireformat) {
    o.line("-spool_file_wireformat");
  } else {
    o.number("body_linecount", h.body_linecount);
  }
  o.number("max_received_linelength", h.max_received_linelength);
  if (h.body_zerocount > 0) o.number("body_zerocount", h.body_zerocount);
  o.var("auth_id", h.auth_id);
  o.var("auth_sender", h.auth_sender);
  o.flag(h.allow_unqualified_recipient, "-allow_unqualified_recipient");
  o.flag(h.allow_unqualified_sender, "-allow_unqualified_sender");
  o.flag(h.deliver_firsttime, "-deliver_firsttime");
  if (h.frozen_at) o.number("frozen", *h.frozen_at);
  o.flag(h.dont_deliver, "-N");
  o.flag(h.host_lookup_deferred, "-host_lookup_deferred");
  o.flag(h.host_lookup_failed, "-host_lookup_failed");
  o.flag(h.local, "-local");
  o.flag(h.localerror, "-localerror");
  o.var("local_scan", h.local_scan);
  o.var("spam_bar", h.spam_bar);
  o.var("spam_score", h.spam_score);
  o.var("spam_score_int", h.spam_score_int);
  o.flag(h.manual_thaw, "-manual_thaw");
  o.flag(h.sender_set_untrusted, "-sender_set_untrusted");
}

void write_tls_and_dsn(const HeaderFile& h, Out& o) {
  o.flag(h.tls_certificate_verified, "-tls_certificate_verified");
  o.var("tls_cipher", h.tls_cipher);
  if (h.tls_peercert) o.line("--tls_peercert " + *h.tls_peercert);
  o.var("tls_peerdn", h.tls_peerdn);
  o.var("tls_sni", h.tls_sni);
  if (h.tls_ourcert) o.line("-tls_ourcert " + *h.tls_ourcert);
  if (h.tls_ocsp) o.number("tls_ocsp", *h.tls_ocsp);
  if (h.tls_resumption) o.line(std::string("-tls_resumption ") + *h.tls_resumption);
  o.var("tls_ver", h.tls_ver);
  if (h.smtputf8) {
    o.line("-smtputf8");
    if (h.utf8_downcvt != 0) o.line(h.utf8_downcvt < 0 ? "-utf8_optdowncvt" : "-utf8_downcvt");
  }
  if (h.dsn_envid) o.line("-dsn_envid " + *h.dsn_envid);
  if (h.dsn_ret != kDsnRetNone) o.number("dsn_ret", h.dsn_ret);
  for (const std::string& extra : h.extra_options) o.line(extra);
}

void write_recipients(const HeaderFile& h, Out& o) {
  o.text() += h.non_recipients.write();
  o.line(std::to_string(h.recipients.size()));
  for (const Recipient& r : h.recipients) {
    if (!r.extended()) {
      o.line(r.address);
      continue;
    }
    o.line(r.address + " " + r.orcpt + " " + std::to_string(r.orcpt.size()) + "," +
           std::to_string(r.dsn_flags) + " " + r.errors_to + " " +
           std::to_string(r.errors_to.size()) + "," + std::to_string(r.parent) + "#3");
  }
}

void write_headers(const HeaderFile& h, Out& o) {
  o.line("");
  char prefix[32];
  for (const HeaderLine& hl : h.headers) {
    std::snprintf(prefix, sizeof prefix, "%03zu%c ", hl.text.size(), hl.type);
    o.text() += prefix;
    o.text() += hl.text;
  }
}

}  // namespace

std::string write_header_file(const HeaderFile& h) {
  Out o;
  write_envelope_start(h, o);
  write_connection(h, o);
  write_acl_variables(h, o);
  write_message_state(h, o);
  write_tls_and_dsn(h, o);
  write_recipients(h, o);
  write_headers(h, o);
  return std::move(o.text());
}

std::uint64_t HeaderFile::headers_size() const {
  std::uint64_t n = 0;
  for (const HeaderLine& hl : headers) n += hl.text.size();
  return n;
}

char header_type_for(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return kHeaderOther;
  std::string_view name = util::trim_right(text.substr(0, colon));
  static constexpr std::pair<std::string_view, char> kTypes[] = {
      {"bcc", kHeaderBcc},      {"cc", kHeaderCc},          {"from", kHeaderFrom},
      {"message-id", kHeaderMessageId}, {"received", kHeaderReceived},
      {"reply-to", kHeaderReplyTo},     {"sender", kHeaderSender},   {"to", kHeaderTo},
  };
  for (const auto& [n, t] : kTypes) {
    if (util::iequals(name, n)) return t;
  }
  return kHeaderOther;
}

}  // namespace corvid::spool
