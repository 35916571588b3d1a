// The built-in macros Corvid defines before reading the configuration, as
// Exim does, so that configurations can test for features with .ifdef.
// Corvid has every feature in every build, so the list is fixed; the
// _OPT_* and _DRIVER_* names are derived from the option tables.
#include <string_view>

#include "config/macros.hpp"
#include "config/options.hpp"
#include "util/strings.hpp"

namespace corvid::config {
namespace {

constexpr std::string_view kHave[] = {
    "ARC",
    "CONTENT_SCANNING",
    "DANE",
    "DCC",
    "DKIM",
    "DMARC",
    "DNSSEC",
    "DSN_INFO",
    "EVENT",
    "I18N",
    "IPV6",
    "LOOKUP_CDB",
    "LOOKUP_DNSDB",
    "LOOKUP_DSEARCH",
    "LOOKUP_IPLSEARCH",
    "LOOKUP_JSON",
    "LOOKUP_LMDB",
    "LOOKUP_LSEARCH",
    "LOOKUP_NWILDLSEARCH",
    "LOOKUP_REDIS",
    "LOOKUP_WILDLSEARCH",
    "NATIVE_SRS",
    "OCSP",
    "OPENSSL",
    "PIPE_CONNECT",
    "PRDR",
    "PROXY",
    "SOCKS",
    "SPF",
    "SRS",
    "TLS",
    "TLS1_3",
    "TLS_ALPN",
    "TLS_OCSP",
    "TLS_OCSP_LIST",
    "TLS_RESUME",
    "TRANSPORT_APPEND_MAILDIR",
};

constexpr std::string_view kLog[] = {"8BITMIME",
                                     "ACL_WARN_SKIPPED",
                                     "ADDRESS_REWRITE",
                                     "ALL",
                                     "ALL_PARENTS",
                                     "ARGUMENTS",
                                     "CONNECTION_REJECT",
                                     "DELAY_DELIVERY",
                                     "DELIVER_TIME",
                                     "DELIVERY_SIZE",
                                     "DKIM",
                                     "DKIM_VERBOSE",
                                     "DNSLIST_DEFER",
                                     "DNSSEC",
                                     "ETRN",
                                     "HOST_LOOKUP_FAILED",
                                     "IDENT_TIMEOUT",
                                     "INCOMING_INTERFACE",
                                     "INCOMING_PORT",
                                     "LOST_INCOMING_CONNECTION",
                                     "MILLISEC",
                                     "MSG_ID",
                                     "MSG_ID_CREATED",
                                     "OUTGOING_INTERFACE",
                                     "OUTGOING_PORT",
                                     "PID",
                                     "PIPELINING",
                                     "PROTOCOL_DETAIL",
                                     "PROXY",
                                     "QUEUE_RUN",
                                     "QUEUE_TIME",
                                     "QUEUE_TIME_EXCLUSIVE",
                                     "QUEUE_TIME_OVERALL",
                                     "RECEIVE_TIME",
                                     "RECEIVED_RECIPIENTS",
                                     "RECEIVED_SENDER",
                                     "REJECTED_HEADER",
                                     "REJECTED_HEADERS",
                                     "RETRY_DEFER",
                                     "RETURN_PATH_ON_DELIVERY",
                                     "SENDER_ON_DELIVERY",
                                     "SENDER_VERIFY_FAIL",
                                     "SIZE_REJECT",
                                     "SKIP_DELIVERY",
                                     "SMTP_CONFIRMATION",
                                     "SMTP_CONNECTION",
                                     "SMTP_INCOMPLETE_TRANSACTION",
                                     "SMTP_MAILAUTH",
                                     "SMTP_NO_MAIL",
                                     "SMTP_PROTOCOL_ERROR",
                                     "SMTP_SYNTAX_ERROR",
                                     "SUBJECT",
                                     "TLS_CERTIFICATE_VERIFIED",
                                     "TLS_CIPHER",
                                     "TLS_PEERDN",
                                     "TLS_SNI"};

constexpr std::string_view kLogMore[] = {"TLS_RESUMPTION", "UNKNOWN_IN_LIST"};

constexpr std::string_view kAcl[] = {
    "COND_ACL",         "COND_AUTHENTICATED", "COND_CONDITION",   "COND_DCC",
    "COND_DECODE",      "COND_DKIM_SIGNERS",  "COND_DKIM_STATUS", "COND_DMARC_STATUS",
    "COND_DNSLISTS",    "COND_DOMAINS",       "COND_ENCRYPTED",   "COND_HOSTS",
    "COND_LOCAL_PARTS", "COND_MALWARE",       "COND_MIME_REGEX",  "COND_RATELIMIT",
    "COND_RECIPIENTS",  "COND_REGEX",         "COND_SEEN",        "COND_SENDER_DOMAINS",
    "COND_SENDERS",     "COND_SPAM",          "COND_SPF",         "COND_SPF_GUESS",
    "COND_VERIFY",      "MOD_ADD_HEADER",     "MOD_CONTINUE",     "MOD_CONTROL",
    "MOD_DELAY",        "MOD_ENDPASS",        "MOD_LOG_MESSAGE",  "MOD_LOG_REJECT_TARGET",
    "MOD_LOGWRITE",     "MOD_MESSAGE",        "MOD_QUEUE",        "MOD_REMOVE_HEADER",
    "MOD_SET",          "MOD_UDPSEND",
};

std::string macro_part(std::string_view s) { return util::upper(s); }

void add_driver_macros(std::vector<std::string>& out, DriverKind kind) {
  std::string kname = macro_part(kind_name(kind));
  for (const OptionDef& d : generic_options(kind)) {
    out.push_back("_OPT_" + macro_part(section_name(kind)) + "_" + macro_part(d.name));
  }
  for (const DriverInfo& drv : drivers(kind)) {
    out.push_back("_DRIVER_" + kname + "_" + macro_part(drv.name));
    for (const OptionDef& d : drv.options) {
      out.push_back("_OPT_" + kname + "_" + macro_part(drv.name) + "_" + macro_part(d.name));
    }
  }
}

}  // namespace

std::vector<std::string> builtin_macro_names() {
  std::vector<std::string> out;
  for (auto h : kHave) {
    out.push_back("_HAVE_" + std::string(h));
  }
  for (auto l : kLog) {
    out.push_back("_LOG_" + std::string(l));
  }
  for (auto l : kLogMore) {
    out.push_back("_LOG_" + std::string(l));
  }
  for (auto a : kAcl) {
    out.push_back("_ACL_" + std::string(a));
  }
  out.push_back("_CRYPTO_HASH_SHA3");
  out.push_back("_CRYPTO_SIGN_ED25519");
  for (const OptionDef& d : main_options()) {
    out.push_back("_OPT_MAIN_" + macro_part(d.name));
  }
  add_driver_macros(out, DriverKind::router);
  add_driver_macros(out, DriverKind::transport);
  add_driver_macros(out, DriverKind::authenticator);
  return out;
}

}  // namespace corvid::config
