// The ACL variables of one SMTP connection (or one non-SMTP reception):
// $acl_c_* / $acl_c0.. (connection lifetime), $acl_m_* / $acl_m0..
// (message lifetime, cleared by reset_message()), the arguments of the
// current nested ACL call ($acl_arg1..9, $acl_narg), and the variables that
// ACL conditions set as a side effect ($domain_data, $local_part_data,
// $sender_data, $host_data, $recipient_data, $sender_address_data,
// $sender_rate, $sender_rate_limit, $sender_rate_period,
// $acl_verify_message, $dnslist_*).
//
// A Session owns one of these; acl::Session::variable() answers from it
// first, so expansions see what "set" wrote. Not thread-safe: one session
// uses it at a time.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/tstring.hpp"

namespace corvid::acl {

class Variables {
 public:
  // True when `name` is a valid ACL variable name ("acl_c" or "acl_m"
  // followed by a digit or '_', then letters, digits, '_').
  static bool valid_acl_name(std::string_view name);

  void set(std::string_view name, TString value);
  std::optional<TString> get(std::string_view name) const;
  // All acl_c / acl_m values (for the spool -H file).
  const std::map<std::string, TString, std::less<>>& all() const { return acl_; }

  // Clears $acl_m* and the warn log_message dedupe set (MAIL, RSET, EHLO,
  // HELO, after STARTTLS, end of message).
  void reset_message();

  // Variables set by conditions ("domain_data", "sender_rate", ...).
  void set_side(std::string_view name, TString value);
  void clear_side(std::string_view name);

  // $acl_arg1..9 / $acl_narg of the ACL call being run.
  std::vector<TString>& args() { return args_; }

  // Answers $name when it is one of the variables above (unset ACL
  // variables are empty, as with strict_acl_vars false).
  bool lookup(std::string_view name, TString& out) const;

  // For "warn log_message": true the first time a line is seen per message.
  bool first_warning(const std::string& line) { return warned_.insert(line).second; }

  // Rates already computed for a ratelimit key: per connection (per_conn)
  // or per message (per_mail, per_byte, per_rcpt outside RCPT), so the
  // same limit tested twice does not count twice.
  std::map<std::string, double, std::less<>>& rate_cache(bool connection) {
    return connection ? conn_rates_ : mail_rates_;
  }

 private:
  std::map<std::string, TString, std::less<>> acl_;
  std::map<std::string, TString, std::less<>> side_;
  std::vector<TString> args_;
  std::set<std::string> warned_;
  std::map<std::string, double, std::less<>> conn_rates_, mail_rates_;
};

}  // namespace corvid::acl
