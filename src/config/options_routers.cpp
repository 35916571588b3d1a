// Router option tables: generic router options and each router driver's private options.
//
// Rows: {name, type, expanded, default, implemented[, alias_of, listed]}.
// Data taken from Exim 4.96's specification and `exim -bP` output; sorted by
// name. Flip `implemented` to true when the feature lands.
#include "config/options.hpp"

namespace corvid::config {
namespace {

using T = OptType;

constexpr OptionDef kGeneric[] = {
    {"address_data", T::string, true, nullptr, true},
    {"address_test", T::boolean, false, "true", false},
    {"cannot_route_message", T::string, true, nullptr, true},
    {"caseful_local_part", T::boolean, false, "false", false},
    {"check_local_user", T::boolean, false, "false", true},
    {"condition", T::string, true, nullptr, true},
    {"debug_print", T::string, true, nullptr, false},
    {"disable_logging", T::boolean, false, "false", false},
    {"dnssec_request_domains", T::domain_list, true, "*", false},
    {"dnssec_require_domains", T::domain_list, true, nullptr, false},
    {"domains", T::domain_list, true, nullptr, true},
    {"driver", T::string, false, nullptr, true},
    {"dsn_lasthop", T::boolean, false, "false", true},
    {"errors_to", T::string, true, nullptr, true},
    {"expn", T::boolean, false, "true", false},
    {"fail_verify", T::boolean, false, "false", false, "", false},
    {"fail_verify_recipient", T::boolean, false, "false", false},
    {"fail_verify_sender", T::boolean, false, "false", false},
    {"fallback_hosts", T::string_list, false, nullptr, false},
    {"group", T::string, true, nullptr, false},
    {"headers_add", T::string_list, true, nullptr, true},
    {"headers_remove", T::string_list, true, nullptr, true},
    {"ignore_target_hosts", T::host_list, true, nullptr, false},
    {"initgroups", T::boolean, false, "false", false},
    {"local_part_prefix", T::string_list, false, nullptr, true},
    {"local_part_prefix_optional", T::boolean, false, "false", true},
    {"local_part_suffix", T::string_list, false, nullptr, true},
    {"local_part_suffix_optional", T::boolean, false, "false", true},
    {"local_parts", T::localpart_list, true, nullptr, true},
    {"log_as_local", T::boolean, false, "true", false},
    {"more", T::boolean, true, "true", true},
    {"pass_on_timeout", T::boolean, false, "false", false},
    {"pass_router", T::string, false, nullptr, false},
    {"redirect_router", T::string, false, nullptr, false},
    {"require_files", T::string_list, true, nullptr, true},
    {"retry_use_local_part", T::boolean, false, "false", false},
    {"router_home_directory", T::string, true, nullptr, false},
    {"self", T::string, false, "freeze", true},
    {"senders", T::address_list, true, nullptr, true},
    {"set", T::string_list, false, nullptr, false},
    {"translate_ip_address", T::string, true, nullptr, false, "", false},
    {"transport", T::string, true, nullptr, true},
    {"transport_current_directory", T::string, true, nullptr, false},
    {"transport_home_directory", T::string, true, nullptr, false},
    {"unseen", T::boolean, true, "false", true},
    {"user", T::string, true, nullptr, false},
    {"verify", T::boolean, false, "true", true, "", false},
    {"verify_only", T::boolean, false, "false", true},
    {"verify_recipient", T::boolean, false, "true", false},
    {"verify_sender", T::boolean, false, "true", false},
};

const std::span<const OptionDef> k_accept{};

constexpr OptionDef k_dnslookup[] = {
    {"check_secondary_mx", T::boolean, false, "false", false},
    {"check_srv", T::string, true, nullptr, false},
    {"fail_defer_domains", T::domain_list, true, nullptr, false},
    {"ipv4_only", T::string, true, nullptr, false},
    {"ipv4_prefer", T::string, true, nullptr, false},
    {"mx_domains", T::domain_list, true, nullptr, false},
    {"mx_fail_domains", T::domain_list, true, nullptr, false},
    {"qualify_single", T::boolean, false, "true", false},
    {"rewrite_headers", T::boolean, false, "true", false},
    {"same_domain_copy_routing", T::boolean, false, "false", false},
    {"search_parents", T::boolean, false, "false", false},
    {"srv_fail_domains", T::domain_list, true, nullptr, false},
    {"widen_domains", T::string_list, false, nullptr, false},
};

const std::span<const OptionDef> k_ipliteral{};

constexpr OptionDef k_iplookup[] = {
    {"hosts", T::string, false, "localhost", false},
    {"optional", T::boolean, false, "false", false},
    {"port", T::integer, false, "99", false},
    {"protocol", T::string, false, nullptr, false},
    {"query", T::string, true, nullptr, false},
    {"reroute", T::string, true, nullptr, false},
    {"response_pattern", T::string, false, nullptr, false},
    {"timeout", T::time, false, "5s", false},
};

constexpr OptionDef k_manualroute[] = {
    {"host_all_ignored", T::string, false, "defer", false},
    {"host_find_failed", T::string, false, "freeze", false},
    {"hosts_randomize", T::boolean, false, "false", false},
    {"route_data", T::string, true, nullptr, true},
    {"route_list", T::string_list, false, "* a.b", true},
    {"same_domain_copy_routing", T::boolean, false, "false", false},
};

constexpr OptionDef k_queryprogram[] = {
    {"command", T::string, true, "/bin/true", false},
    {"command_group", T::gid, false, "mail", false},
    {"command_user", T::uid, false, "mail", false},
    {"current_directory", T::string, false, "/", false},
    {"timeout", T::time, false, "1h", false},
};

constexpr OptionDef k_redirect[] = {
    {"allow_defer", T::boolean, false, "false", true},
    {"allow_fail", T::boolean, false, "false", true},
    {"allow_filter", T::boolean, false, "false", false},
    {"allow_freeze", T::boolean, false, "false", false},
    {"check_ancestor", T::boolean, false, "false", false},
    {"check_group", T::boolean, false, "false", false},
    {"check_owner", T::boolean, false, "false", false},
    {"data", T::string, true, "x", true},
    {"directory_transport", T::string, true, nullptr, false},
    {"file", T::string, true, nullptr, true},
    {"file_transport", T::string, true, nullptr, true},
    {"filter_prepend_home", T::boolean, false, "true", false},
    {"forbid_blackhole", T::boolean, false, "false", false},
    {"forbid_exim_filter", T::boolean, false, "false", false},
    {"forbid_file", T::boolean, false, "false", false},
    {"forbid_filter_dlfunc", T::boolean, false, "false", false},
    {"forbid_filter_existstest", T::boolean, false, "false", false},
    {"forbid_filter_logwrite", T::boolean, false, "false", false},
    {"forbid_filter_lookup", T::boolean, false, "false", false},
    {"forbid_filter_perl", T::boolean, false, "false", false},
    {"forbid_filter_readfile", T::boolean, false, "false", false},
    {"forbid_filter_readsocket", T::boolean, false, "false", false},
    {"forbid_filter_reply", T::boolean, false, "false", false},
    {"forbid_filter_run", T::boolean, false, "false", false},
    {"forbid_include", T::boolean, false, "false", false},
    {"forbid_pipe", T::boolean, false, "false", false},
    {"forbid_sieve_filter", T::boolean, false, "false", false},
    {"forbid_smtp_code", T::boolean, false, "false", false},
    {"hide_child_in_errmsg", T::boolean, false, "false", false},
    {"ignore_eacces", T::boolean, false, "false", false},
    {"ignore_enotdir", T::boolean, false, "false", false},
    {"include_directory", T::string, false, nullptr, false},
    {"modemask", T::octal, false, "022", false},
    {"one_time", T::boolean, false, "false", false},
    {"owners", T::uid_list, false, nullptr, false},
    {"owngroups", T::gid_list, false, nullptr, false},
    {"pipe_transport", T::string, true, nullptr, true},
    {"qualify_domain", T::string, true, nullptr, false},
    {"qualify_preserve_domain", T::boolean, false, "false", true},
    {"repeat_use", T::boolean, false, "true", false},
    {"reply_transport", T::string, true, nullptr, false},
    {"rewrite", T::boolean, false, "true", false},
    {"sieve_enotify_mailto_owner", T::string, true, nullptr, false},
    {"sieve_subaddress", T::string, true, nullptr, false},
    {"sieve_useraddress", T::string, true, nullptr, false},
    {"sieve_vacation_directory", T::string, true, nullptr, false},
    {"skip_syntax_errors", T::boolean, false, "false", false},
    {"syntax_errors_text", T::string, true, nullptr, false},
    {"syntax_errors_to", T::string, false, nullptr, false},
};

constexpr GenericDefault g_accept[] = {{"log_as_local", "true"}};

constexpr GenericDefault g_dnslookup[] = {{"log_as_local", "false"}};

constexpr GenericDefault g_ipliteral[] = {{"log_as_local", "false"}};

constexpr GenericDefault g_iplookup[] = {{"log_as_local", "false"}};

constexpr GenericDefault g_manualroute[] = {{"log_as_local", "false"}};

constexpr GenericDefault g_queryprogram[] = {{"log_as_local", "false"}};

constexpr GenericDefault g_redirect[] = {{"log_as_local", "false"}};

const DriverInfo kDrivers[] = {
    {"accept", k_accept, g_accept, true},
    {"dnslookup", k_dnslookup, g_dnslookup, true},
    {"ipliteral", k_ipliteral, g_ipliteral, true},
    {"iplookup", k_iplookup, g_iplookup, false},
    {"manualroute", k_manualroute, g_manualroute, true},
    {"queryprogram", k_queryprogram, g_queryprogram, false},
    {"redirect", k_redirect, g_redirect, true},
};

}  // namespace

OptionTable router_generic_table() { return kGeneric; }
std::span<const DriverInfo> router_driver_table() { return kDrivers; }

}  // namespace corvid::config
