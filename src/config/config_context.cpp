#include "config/config_context.hpp"

#include <pwd.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <unordered_map>

#include "expand/expansion.hpp"

namespace corvid::config {

namespace {

// Variables that exist in Exim with a fixed value when there is no message
// or session (as `exim -be` shows them). Anything not here and not computed
// below is unknown.
const std::unordered_map<std::string_view, std::string_view>& fixed_values() {
  static const std::unordered_map<std::string_view, std::string_view> table = {
      {"acl_narg", "0"}, {"authentication_failed", "0"}, {"av_failed", "0"},
      {"body_linecount", "0"}, {"body_zerocount", "0"}, {"dkim_bodylength", "9999999999999"},
      {"dkim_created", "0"}, {"dkim_expires", "9999999999999"}, {"dkim_key_granularity", "*"},
      {"dkim_key_length", "0"}, {"dkim_key_nosubdomains", "0"}, {"dkim_key_srvtype", "*"},
      {"dkim_key_testing", "0"}, {"event_defer_errno", "0"}, {"exim_version", "4.96"},
      {"host_lookup_deferred", "0"}, {"host_lookup_failed", "0"}, {"host_port", "0"},
      {"inode", "0"}, {"interface_port", "-1"}, {"local_user_gid", "4294967295"},
      {"local_user_uid", "4294967295"}, {"localhost_number", "0"},
      {"max_received_linelength", "0"}, {"message_age", "0"}, {"message_body_size", "0"},
      {"message_linecount", "0"}, {"message_size", "0"}, {"message_smtputf8", "no"},
      {"mime_anomaly_level", "0"}, {"mime_content_size", "0"}, {"mime_is_coverletter", "0"},
      {"mime_is_multipart", "0"}, {"mime_is_rfc822", "0"}, {"mime_part_count", "-1"},
      {"prdr_requested", "no"}, {"proxy_external_port", "0"}, {"proxy_local_port", "0"},
      {"proxy_session", "no"}, {"rcpt_count", "0"}, {"rcpt_defer_count", "0"},
      {"rcpt_fail_count", "0"}, {"received_count", "0"}, {"received_port", "-1"},
      {"received_time", "0"}, {"recipients_count", "0"}, {"sender_helo_dnssec", "no"},
      {"sender_host_dnssec", "no"}, {"sender_host_port", "0"}, {"sending_port", "-1"},
      {"smtp_count_at_connection_start", "0"}, {"spf_result_guessed", "no"},
      {"tls_bits", "0"}, {"tls_certificate_verified", "0"}, {"tls_in_bits", "0"},
      {"tls_in_certificate_verified", "0"}, {"tls_in_ocsp", "0"},
      {"tls_in_resumption", "0"}, {"tls_out_bits", "0"},
      {"tls_out_certificate_verified", "0"}, {"tls_out_dane", "no"}, {"tls_out_ocsp", "0"},
      {"tls_out_resumption", "0"}, {"tls_out_tlsa_usage", "0"}, {"compile_number", "1"},
      {"version_number", CORVID_VERSION}, {"load_average", "0"},
  };
  return table;
}

// Variables that exist but are empty without a message or session.
bool empty_when_idle(std::string_view n) {
  static const std::string_view kNames[] = {
      "acl_verify_message", "address_data", "address_file", "address_pipe", "auth1", "auth2",
      "auth3", "auth4", "authenticated_fail_id", "bounce_recipient", "callout_address",
      "csa_status", "dkim_algo", "dkim_canon_body", "dkim_canon_headers", "dkim_copiedheaders",
      "dkim_cur_signer", "dkim_domain", "dkim_headernames", "dkim_identity", "dkim_key_notes",
      "dkim_selector", "dkim_signers", "dkim_verify_reason", "dkim_verify_status",
      "dmarc_domain_policy", "dmarc_status", "dmarc_status_text", "dmarc_used_domain",
      "dmarc_used_domains", "arc_state", "arc_state_reason", "arc_domains", "arc_oldest_pass",
      "dnslist_domain", "dnslist_matched", "dnslist_text", "dnslist_value", "domain",
      "domain_data", "event_data", "event_name", "headers_added", "home", "host",
      "host_address", "host_data", "interface_address", "ldap_dn", "local_part",
      "local_part_data", "local_part_prefix", "local_part_prefix_v", "local_part_suffix",
      "local_part_suffix_v", "local_scan_data", "lookup_dnssec_authenticated",
      "mailstore_basename", "malware_name", "message_body", "message_body_end",
      "message_exim_id", "message_headers", "message_headers_raw", "message_id",
      "mime_anomaly_text", "mime_boundary", "mime_charset", "mime_content_description",
      "mime_content_disposition", "mime_content_id", "mime_content_transfer_encoding",
      "mime_content_type", "mime_decoded_filename", "mime_filename", "original_domain",
      "original_local_part", "parent_domain", "parent_local_part", "proxy_external_address",
      "proxy_local_address", "prvscheck_address", "prvscheck_keynum", "prvscheck_result",
      "queue_name", "queue_size", "received_for", "received_ip_address", "received_protocol",
      "recipient_data", "recipient_verify_failure", "recipients", "regex_match_string",
      "return_path", "router_name", "self_hostname", "sender_address_data", "sender_data",
      "sender_fullhost", "sender_helo_name", "sender_host_address",
      "sender_host_authenticated", "sender_host_name", "sender_rate", "sender_rate_limit",
      "sender_rate_period", "sender_rcvhost", "sender_verify_failure", "sending_ip_address",
      "smtp_command", "smtp_command_argument", "smtp_command_history", "smtp_notquit_reason",
      "spam_action", "spam_bar", "spam_report", "spam_score", "spam_score_int",
      "spf_header_comment", "spf_received", "spf_result", "spf_smtp_comment", "srs_recipient",
      "thisaddress", "tls_cipher", "tls_in_cipher", "tls_in_cipher_std", "tls_in_ourcert",
      "tls_in_peercert", "tls_in_peerdn", "tls_in_sni", "tls_in_ver", "tls_out_cipher",
      "tls_out_cipher_std", "tls_out_ourcert", "tls_out_peercert", "tls_out_peerdn",
      "tls_out_sni", "tls_out_ver", "tls_peerdn", "tls_sni", "transport_name", "verify_mode",
      "warn_message_delay", "warn_message_recipients", "acl_arg1", "acl_arg2", "acl_arg3",
      "acl_arg4", "acl_arg5", "acl_arg6", "acl_arg7", "acl_arg8", "acl_arg9", "regex1",
      "regex2", "regex3", "regex4", "regex5", "regex6", "regex7", "regex8", "regex9",
  };
  for (std::string_view k : kNames) {
    if (k == n) return true;
  }
  // ACL variables: any name after acl_c / acl_m (acl_c0, acl_m_foo) exists.
  return n.starts_with("acl_c") || n.starts_with("acl_m");
}

std::string format_time(const char* fmt, bool utc = false) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  if (utc) {
    gmtime_r(&now, &tm);
  } else {
    localtime_r(&now, &tm);
  }
  char buf[128];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

std::string disk_space(const std::string& dir, bool inodes) {
  struct statvfs st {};
  if (statvfs(dir.c_str(), &st) != 0) return "-1";
  if (inodes) return std::to_string(st.f_favail);
  return std::to_string(static_cast<unsigned long long>(st.f_bavail) * st.f_frsize / 1024);
}

}  // namespace

ConfigContext::ConfigContext(std::shared_ptr<const config::Config> config)
    : config_(std::move(config)) {
  primary_hostname_ = config_->string_option("primary_hostname").value_or("");
  if (primary_hostname_.empty()) {
    utsname u{};
    if (uname(&u) == 0) primary_hostname_ = u.nodename;
  }
  qualify_domain_ = config_->string_option("qualify_domain").value_or("");
  if (qualify_domain_.empty()) qualify_domain_ = primary_hostname_;
  qualify_recipient_ = config_->string_option("qualify_recipient").value_or("");
  if (qualify_recipient_.empty()) qualify_recipient_ = qualify_domain_;
  if (passwd* pw = getpwuid(getuid())) caller_ = pw->pw_name;
}

expand::VarStatus ConfigContext::variable(std::string_view name, TString& out) const {
  using expand::VarStatus;
  auto set = [&](std::string v) {
    out = TString(std::move(v));
    return VarStatus::found;
  };
  if (auto it = fixed_values().find(name); it != fixed_values().end()) {
    return set(std::string(it->second));
  }
  if (name == "primary_hostname" || name == "smtp_active_hostname") return set(primary_hostname_);
  if (name == "qualify_domain") return set(qualify_domain_);
  if (name == "qualify_recipient") return set(qualify_recipient_);
  if (name == "config_file") return set(config_->source_path());
  if (name == "config_dir") {
    return set(std::filesystem::path(config_->source_path()).parent_path().string());
  }
  if (name == "spool_directory") return set(config_->string_option("spool_directory").value_or(""));
  if (name == "exim_path") {
    std::error_code ec;
    return set(std::filesystem::read_symlink("/proc/self/exe", ec).string());
  }
  if (name == "pid") return set(std::to_string(getpid()));
  if (name == "caller_uid" || name == "originator_uid") return set(std::to_string(getuid()));
  if (name == "caller_gid" || name == "originator_gid") return set(std::to_string(getgid()));
  if (name == "exim_uid") return set(std::to_string(geteuid()));
  if (name == "exim_gid") return set(std::to_string(getegid()));
  if (name == "initial_cwd") {
    std::error_code ec;
    return set(std::filesystem::current_path(ec).string());
  }
  if (name == "sender_ident" || name == "authenticated_id") return set(caller_);
  if (name == "sender_address" || name == "authenticated_sender") {
    return set(caller_ + "@" + qualify_domain_);
  }
  if (name == "sender_address_local_part") return set(caller_);
  if (name == "sender_address_domain") return set(qualify_domain_);
  if (name == "bounce_return_size_limit" || name == "return_size_limit") {
    return set(std::to_string(config_->int_option("bounce_return_size_limit").value_or(102400)));
  }
  if (name == "spool_space" || name == "spool_inodes" || name == "log_space" ||
      name == "log_inodes") {
    std::string dir = config_->string_option("spool_directory").value_or("/");
    return set(disk_space(dir, name.ends_with("inodes")));
  }
  if (name == "tod_bsdinbox") return set(format_time("%a %b %d %H:%M:%S %Y"));
  if (name == "tod_full") return set(format_time("%a, %d %b %Y %H:%M:%S %z"));
  if (name == "tod_log") return set(format_time("%Y-%m-%d %H:%M:%S"));
  if (name == "tod_logfile") return set(format_time("%Y%m%d"));
  if (name == "tod_zone") return set(format_time("%z"));
  if (name == "tod_zulu") return set(format_time("%Y%m%d%H%M%SZ", true));
  if (name == "tod_epoch") return set(std::to_string(std::time(nullptr)));
  if (name == "tod_epoch_l") {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return set(std::to_string(us.count()));
  }
  if (empty_when_idle(name)) return set({});
  return VarStatus::unknown;
}

const lists::NamedList* ConfigContext::named_list(lists::Kind kind, std::string_view name) const {
  return config_->named_list(kind, name);
}

bool ConfigContext::expand_list(std::string_view text, std::string& out,
                                std::string& error) const {
  return expand::expand_to(text, *this, out, error);
}

}  // namespace corvid::config
