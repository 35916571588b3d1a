// Transport option tables: generic transport options and each transport driver's private options.
//
// Rows: {name, type, expanded, default, implemented[, alias_of, listed]}.
// Data taken from Exim 4.96's specification and `exim -bP` output; sorted by
// name. Flip `implemented` to true when the feature lands.
#include "config/options.hpp"

namespace corvid::config {
namespace {

using T = OptType;

constexpr OptionDef kGeneric[] = {
    {"body_only", T::boolean, false, "false", false},
    {"current_directory", T::string, true, nullptr, false},
    {"debug_print", T::string, true, nullptr, false},
    {"delivery_date_add", T::boolean, false, "false", false},
    {"disable_logging", T::boolean, false, "false", false},
    {"driver", T::string, false, nullptr, true},
    {"envelope_to_add", T::boolean, false, "false", false},
    {"event_action", T::string, true, nullptr, false},
    {"group", T::string, true, nullptr, false},
    {"headers_add", T::string_list, true, nullptr, false},
    {"headers_only", T::boolean, false, "false", false},
    {"headers_remove", T::string_list, true, nullptr, false},
    {"headers_rewrite", T::rewrite, false, nullptr, false},
    {"home_directory", T::string, true, nullptr, false},
    {"initgroups", T::boolean, false, "false", false},
    {"max_parallel", T::integer, true, nullptr, false},
    {"message_size_limit", T::string, true, nullptr, false},
    {"rcpt_include_affixes", T::boolean, false, "false", false},
    {"retry_use_local_part", T::boolean, false, "true", false},
    {"return_path", T::string, true, nullptr, false},
    {"return_path_add", T::boolean, false, "false", false},
    {"shadow_condition", T::string, true, nullptr, false},
    {"shadow_transport", T::string, false, nullptr, false},
    {"transport_filter", T::string, true, nullptr, false},
    {"transport_filter_timeout", T::time, false, "5m", false},
    {"user", T::string, true, nullptr, false},
};

constexpr OptionDef k_appendfile[] = {
    {"allow_fifo", T::boolean, false, "false", false},
    {"allow_symlink", T::boolean, false, "false", false},
    {"batch_id", T::string, true, nullptr, false},
    {"batch_max", T::integer, false, "1", false},
    {"check_group", T::boolean, false, "false", false},
    {"check_owner", T::boolean, false, "true", false},
    {"check_string", T::string, false, "From ", false},
    {"create_directory", T::boolean, false, "true", false},
    {"create_file", T::string, false, "anywhere", false},
    {"directory", T::string, true, nullptr, false},
    {"directory_file", T::string, true, "q${base62:$tod_epoch}-$inode", false},
    {"directory_mode", T::octal, false, "0700", false},
    {"escape_string", T::string, false, ">From ", false},
    {"file", T::string, true, "/tmp/x", false},
    {"file_format", T::string, false, nullptr, false},
    {"file_must_exist", T::boolean, false, "false", false},
    {"lock_fcntl_timeout", T::time, false, "0s", false},
    {"lock_flock_timeout", T::time, false, "0s", false},
    {"lock_interval", T::time, false, "3s", false},
    {"lock_retries", T::integer, false, "10", false},
    {"lockfile_mode", T::octal, false, "0600", false},
    {"lockfile_timeout", T::time, false, "30m", false},
    {"mailbox_filecount", T::string, true, nullptr, false},
    {"mailbox_size", T::string, true, nullptr, false},
    {"maildir_format", T::boolean, false, "false", false},
    {"maildir_quota_directory_regex", T::string, false, "^(?:cur|new|\\..*)$", false},
    {"maildir_retries", T::integer, false, "10", false},
    {"maildir_tag", T::string, true, nullptr, false},
    {"maildir_use_size_file", T::boolean, false, "false", false},
    {"maildirfolder_create_regex", T::string, false, nullptr, false},
    {"mailstore_format", T::boolean, false, "false", false},
    {"mailstore_prefix", T::string, true, nullptr, false},
    {"mailstore_suffix", T::string, true, nullptr, false},
    {"mbx_format", T::boolean, false, "false", false},
    {"message_prefix", T::string, true, "From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n", false},
    {"message_suffix", T::string, true, "\n", false},
    {"mode", T::octal, false, "0600", false},
    {"mode_fail_narrower", T::boolean, false, "true", false},
    {"notify_comsat", T::boolean, false, "false", false},
    {"quota", T::string, true, nullptr, false},
    {"quota_directory", T::string, true, nullptr, false},
    {"quota_filecount", T::string, true, nullptr, false},
    {"quota_is_inclusive", T::boolean, false, "true", false},
    {"quota_size_regex", T::string, false, nullptr, false},
    {"quota_warn_message", T::string, true, nullptr, false},
    {"quota_warn_threshold", T::string, true, nullptr, false},
    {"use_bsmtp", T::boolean, false, "false", false},
    {"use_crlf", T::boolean, false, "false", false},
    {"use_fcntl_lock", T::boolean, false, "true", false},
    {"use_flock_lock", T::boolean, false, "false", false},
    {"use_lockfile", T::boolean, false, "true", false},
    {"use_mbx_lock", T::boolean, false, "false", false},
};

constexpr OptionDef k_autoreply[] = {
    {"bcc", T::string, true, nullptr, false},
    {"cc", T::string, true, nullptr, false},
    {"file", T::string, true, nullptr, false},
    {"file_expand", T::boolean, false, "false", false},
    {"file_optional", T::boolean, false, "false", false},
    {"from", T::string, true, nullptr, false},
    {"headers", T::string, true, nullptr, false},
    {"log", T::string, true, nullptr, false},
    {"mode", T::octal, false, "0600", false},
    {"never_mail", T::address_list, true, nullptr, false},
    {"once", T::string, true, nullptr, false},
    {"once_file_size", T::integer, false, "0", false},
    {"once_repeat", T::time, true, nullptr, false},
    {"reply_to", T::string, true, nullptr, false},
    {"return_message", T::boolean, false, "false", false},
    {"subject", T::string, true, nullptr, false},
    {"text", T::string, true, nullptr, false},
    {"to", T::string, true, nullptr, false},
};

constexpr OptionDef k_lmtp[] = {
    {"batch_id", T::string, true, nullptr, false},
    {"batch_max", T::integer, false, "1", false},
    {"command", T::string, true, "/bin/true", false},
    {"ignore_quota", T::boolean, false, "false", false},
    {"socket", T::string, true, nullptr, false},
    {"timeout", T::time, false, "5m", false},
};

constexpr OptionDef k_pipe[] = {
    {"allow_commands", T::string_list, true, nullptr, false},
    {"batch_id", T::string, true, nullptr, false},
    {"batch_max", T::integer, false, "1", false},
    {"check_string", T::string, false, nullptr, false},
    {"command", T::string, true, nullptr, false},
    {"environment", T::string, true, nullptr, false},
    {"escape_string", T::string, false, nullptr, false},
    {"force_command", T::boolean, false, "false", false},
    {"freeze_exec_fail", T::boolean, false, "false", false},
    {"freeze_signal", T::boolean, false, "false", false},
    {"ignore_status", T::boolean, false, "false", false},
    {"log_defer_output", T::boolean, false, "false", false},
    {"log_fail_output", T::boolean, false, "false", false},
    {"log_output", T::boolean, false, "false", false},
    {"max_output", T::size_int, false, "20K", false},
    {"message_prefix", T::string, true, "From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n", false},
    {"message_suffix", T::string, true, "\n", false},
    {"path", T::string, true, "/bin:/usr/bin", false},
    {"permit_coredump", T::boolean, false, "false", false},
    {"pipe_as_creator", T::boolean, false, "false", false},
    {"restrict_to_path", T::boolean, false, "false", false},
    {"return_fail_output", T::boolean, false, "false", false},
    {"return_output", T::boolean, false, "false", false},
    {"temp_errors", T::string_list, false, "75:73", false},
    {"timeout", T::time, false, "1h", false},
    {"timeout_defer", T::boolean, false, "false", false},
    {"umask", T::octal, false, "022", false},
    {"use_bsmtp", T::boolean, false, "false", false},
    {"use_classresources", T::boolean, false, "false", false, "", false},
    {"use_crlf", T::boolean, false, "false", false},
    {"use_shell", T::boolean, false, "false", false},
};

constexpr OptionDef k_smtp[] = {
    {"address_retry_include_sender", T::boolean, false, "true", false},
    {"allow_localhost", T::boolean, false, "false", false},
    {"arc_sign", T::string, true, nullptr, false},
    {"authenticated_sender", T::string, true, nullptr, false},
    {"authenticated_sender_force", T::boolean, false, "false", false},
    {"command_timeout", T::time, false, "5m", false},
    {"connect_timeout", T::time, false, "5m", false},
    {"connection_max_messages", T::integer, false, "500", false},
    {"dane_require_tls_ciphers", T::string, true, nullptr, false},
    {"data_timeout", T::time, false, "5m", false},
    {"delay_after_cutoff", T::boolean, false, "true", false},
    {"dkim_canon", T::string, true, nullptr, false},
    {"dkim_domain", T::string_list, true, nullptr, false},
    {"dkim_hash", T::string, true, "sha256", false},
    {"dkim_identity", T::string, true, nullptr, false},
    {"dkim_private_key", T::string, true, nullptr, false},
    {"dkim_selector", T::string, true, nullptr, false},
    {"dkim_sign_headers", T::string, true, nullptr, false},
    {"dkim_strict", T::string, true, nullptr, false},
    {"dkim_timestamps", T::string, true, nullptr, false},
    {"dns_qualify_single", T::boolean, false, "true", false},
    {"dns_search_parents", T::boolean, false, "false", false},
    {"dnssec_request_domains", T::domain_list, true, "*", false},
    {"dnssec_require_domains", T::domain_list, true, nullptr, false},
    {"dscp", T::string, true, nullptr, false},
    {"fallback_hosts", T::string_list, false, nullptr, false},
    {"final_timeout", T::time, false, "10m", false},
    {"gethostbyname", T::boolean, false, "false", false},
    {"gnutls_compat_mode", T::boolean, false, nullptr, false, "", false},
    {"helo_data", T::string, true, "$primary_hostname", false},
    {"host_name_extract", T::string_list, true, "${if and {{match{$host}{.outlook.com\\$}} {match{$item}{\\N^250-([\\w.]+)\\s\\N}}} {$1}}", false},
    {"hosts", T::string_list, true, nullptr, false},
    {"hosts_avoid_esmtp", T::host_list, true, nullptr, false},
    {"hosts_avoid_pipelining", T::host_list, true, nullptr, false},
    {"hosts_avoid_tls", T::host_list, true, nullptr, false},
    {"hosts_max_try", T::integer, false, "5", false},
    {"hosts_max_try_hardlimit", T::integer, false, "50", false},
    {"hosts_nopass_tls", T::host_list, true, nullptr, false},
    {"hosts_noproxy_tls", T::host_list, true, nullptr, false},
    {"hosts_override", T::boolean, false, "false", false},
    {"hosts_pipe_connect", T::host_list, true, nullptr, false},
    {"hosts_randomize", T::boolean, false, "false", false},
    {"hosts_request_ocsp", T::host_list, true, "*", false},
    {"hosts_require_alpn", T::host_list, true, nullptr, false},
    {"hosts_require_auth", T::host_list, true, nullptr, false},
    {"hosts_require_dane", T::host_list, true, nullptr, false},
    {"hosts_require_ocsp", T::host_list, true, nullptr, false},
    {"hosts_require_tls", T::host_list, true, nullptr, false},
    {"hosts_try_auth", T::host_list, true, nullptr, false},
    {"hosts_try_chunking", T::host_list, true, "*", false},
    {"hosts_try_dane", T::host_list, true, "*", false},
    {"hosts_try_fastopen", T::host_list, true, "*", false},
    {"hosts_try_prdr", T::host_list, true, "*", false},
    {"hosts_verify_avoid_tls", T::host_list, true, nullptr, false},
    {"interface", T::string_list, true, nullptr, false},
    {"keepalive", T::boolean, false, "true", false},
    {"lmtp_ignore_quota", T::boolean, false, "false", false},
    {"max_rcpt", T::integer, false, "100", false},
    {"message_linelength_limit", T::integer, false, "998", false},
    {"multi_domain", T::boolean, true, "true", false},
    {"port", T::string, true, "smtp", false},
    {"protocol", T::string, false, "smtp", false},
    {"retry_include_ip_address", T::boolean, true, "true", false},
    {"serialize_hosts", T::host_list, true, nullptr, false},
    {"size_addition", T::integer, false, "1024", false},
    {"socks_proxy", T::string, true, nullptr, false},
    {"tls_alpn", T::string, true, nullptr, false},
    {"tls_certificate", T::string, true, nullptr, false},
    {"tls_crl", T::string, true, nullptr, false},
    {"tls_dh_min_bits", T::integer, false, "1024", false},
    {"tls_privatekey", T::string, true, nullptr, false},
    {"tls_require_ciphers", T::string, true, nullptr, false},
    {"tls_resumption_hosts", T::host_list, true, nullptr, false},
    {"tls_sni", T::string, true, nullptr, false},
    {"tls_tempfail_tryclear", T::boolean, false, "true", false},
    {"tls_try_verify_hosts", T::host_list, true, "*", false},
    {"tls_verify_cert_hostnames", T::host_list, true, "*", false},
    {"tls_verify_certificates", T::string, true, "system", false},
    {"tls_verify_hosts", T::host_list, true, nullptr, false},
    {"utf8_downconvert", T::integer, true, "-1", false},
};

constexpr OptionDef k_queuefile[] = {
    {"directory", T::string, true, nullptr, false},
};

constexpr GenericDefault g_appendfile[] = {{"retry_use_local_part", "true"}};

constexpr GenericDefault g_autoreply[] = {{"retry_use_local_part", "true"}};

constexpr GenericDefault g_lmtp[] = {{"retry_use_local_part", "true"}};

constexpr GenericDefault g_pipe[] = {{"retry_use_local_part", "true"}};

constexpr GenericDefault g_queuefile[] = {{"retry_use_local_part", "true"}};

constexpr GenericDefault g_smtp[] = {{"retry_use_local_part", "false"}};

const DriverInfo kDrivers[] = {
    {"appendfile", k_appendfile, g_appendfile, false},
    {"autoreply", k_autoreply, g_autoreply, false},
    {"lmtp", k_lmtp, g_lmtp, false},
    {"pipe", k_pipe, g_pipe, false},
    {"queuefile", k_queuefile, g_queuefile, false},
    {"smtp", k_smtp, g_smtp, false},
};

}  // namespace

OptionTable transport_generic_table() { return kGeneric; }
std::span<const DriverInfo> transport_driver_table() { return kDrivers; }

}  // namespace corvid::config
