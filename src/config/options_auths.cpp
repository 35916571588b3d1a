// Authenticator option tables: generic authenticator options and each authenticator driver's
// private options.
//
// Rows: {name, type, expanded, default, implemented[, alias_of, listed]}.
// Data taken from Exim 4.96's specification and `exim -bP` output; sorted by
// name. Flip `implemented` to true when the feature lands.
#include "config/options.hpp"

namespace corvid::config {
namespace {

using T = OptType;

constexpr OptionDef kGeneric[] = {
    {"client_condition", T::string, true, nullptr, false},
    {"client_set_id", T::string, true, nullptr, false},
    {"driver", T::string, false, nullptr, true},
    {"public_name", T::string, false, nullptr, true},
    {"server_advertise_condition", T::string, true, nullptr, true},
    {"server_condition", T::string, true, nullptr, true},
    {"server_debug_print", T::string, true, nullptr, false},
    {"server_mail_auth_condition", T::string, true, nullptr, false},
    {"server_set_id", T::string, true, nullptr, true},
};

constexpr OptionDef k_cram_md5[] = {
    {"client_name", T::string, true, nullptr, false},
    {"client_secret", T::string, true, nullptr, false},
    {"server_secret", T::string, true, nullptr, true},
};

constexpr OptionDef k_cyrus_sasl[] = {
    {"server_hostname", T::string, true, nullptr, false},
    {"server_mech", T::string, false, nullptr, false},
    {"server_realm", T::string, true, nullptr, false},
    {"server_service", T::string, false, "smtp", false},
};

constexpr OptionDef k_dovecot[] = {
    {"server_socket", T::string, false, "/tmp/s", false},
};

constexpr OptionDef k_external[] = {
    {"client_send", T::string, true, nullptr, false},
    {"server_param2", T::string, true, nullptr, false},
    {"server_param3", T::string, true, nullptr, false},
};

constexpr OptionDef k_gsasl[] = {
    {"client_authz", T::string, true, nullptr, false},
    {"client_channelbinding", T::boolean, false, "false", false},
    {"client_password", T::string, true, nullptr, false},
    {"client_spassword", T::string, true, nullptr, false},
    {"client_username", T::string, true, nullptr, false},
    {"server_channelbinding", T::boolean, false, "false", false},
    {"server_hostname", T::string, true, nullptr, false},
    {"server_key", T::string, true, nullptr, false},
    {"server_mech", T::string, false, nullptr, false},
    {"server_password", T::string, true, nullptr, false},
    {"server_realm", T::string, true, nullptr, false},
    {"server_scram_iter", T::string, true, "4096", false},
    {"server_scram_salt", T::string, true, nullptr, false},
    {"server_service", T::string, false, "smtp", false},
    {"server_skey", T::string, true, nullptr, false},
};

constexpr OptionDef k_heimdal_gssapi[] = {
    {"server_hostname", T::string, true, nullptr, false},
    {"server_keytab", T::string, true, nullptr, false},
    {"server_service", T::string, true, "smtp", false},
};

constexpr OptionDef k_plaintext[] = {
    {"client_ignore_invalid_base64", T::boolean, false, "false", false},
    {"client_send", T::string, true, nullptr, false},
    {"server_prompts", T::string_list, true, nullptr, true},
};

constexpr OptionDef k_spa[] = {
    {"client_domain", T::string, true, nullptr, false},
    {"client_password", T::string, true, nullptr, false},
    {"client_username", T::string, true, nullptr, false},
    {"server_password", T::string, true, nullptr, false},
};

constexpr OptionDef k_tls[] = {
    {"server_param", T::string, true, nullptr, false},
    {"server_param1", T::string, true, nullptr, false},
    {"server_param2", T::string, true, nullptr, false},
    {"server_param3", T::string, true, nullptr, false},
};

const DriverInfo kDrivers[] = {
    {"cram_md5", k_cram_md5, {}, true},
    {"cyrus_sasl", k_cyrus_sasl, {}, false},
    {"dovecot", k_dovecot, {}, false},
    {"external", k_external, {}, false},
    {"gsasl", k_gsasl, {}, false},
    {"heimdal_gssapi", k_heimdal_gssapi, {}, false},
    {"plaintext", k_plaintext, {}, true},
    {"spa", k_spa, {}, false},
    {"tls", k_tls, {}, false},
};

}  // namespace

OptionTable auth_generic_table() { return kGeneric; }
std::span<const DriverInfo> auth_driver_table() { return kDrivers; }

}  // namespace corvid::config
