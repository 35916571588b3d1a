// The ACL variable store (see variables.hpp).
#include "acl/variables.hpp"

#include "util/strings.hpp"

namespace corvid::acl {
namespace {

// Names of the variables conditions set; unset ones read as empty.
constexpr std::string_view kSideNames[] = {
    "domain_data",    "local_part_data",   "sender_data",        "host_data",
    "recipient_data", "sender_address_data", "sender_rate",      "sender_rate_limit",
    "sender_rate_period", "acl_verify_message", "dnslist_domain", "dnslist_matched",
    "dnslist_text",   "dnslist_value"};

bool is_side_name(std::string_view name) {
  for (std::string_view n : kSideNames) {
    if (n == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool Variables::valid_acl_name(std::string_view name) {
  if (name.size() < 6 || !(name.starts_with("acl_c") || name.starts_with("acl_m"))) {
    return false;
  }
  if (!(util::is_digit(name[5]) || name[5] == '_')) {
    return false;
  }
  for (char c : name) {
    if (!(util::is_alnum(c) || c == '_')) {
      return false;
    }
  }
  return true;
}

void Variables::set(std::string_view name, TString value) {
  acl_.insert_or_assign(std::string(name), std::move(value));
}

std::optional<TString> Variables::get(std::string_view name) const {
  auto it = acl_.find(name);
  if (it == acl_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void Variables::reset_message() {
  for (auto it = acl_.begin(); it != acl_.end();) {
    it = it->first.starts_with("acl_m") ? acl_.erase(it) : std::next(it);
  }
  warned_.clear();
  mail_rates_.clear();
}

void Variables::set_side(std::string_view name, TString value) {
  side_.insert_or_assign(std::string(name), std::move(value));
}

void Variables::clear_side(std::string_view name) {
  auto it = side_.find(name);
  if (it != side_.end()) {
    side_.erase(it);
  }
}

bool Variables::lookup(std::string_view name, TString& out) const {
  if (valid_acl_name(name)) {
    auto it = acl_.find(name);
    out = it == acl_.end() ? TString() : it->second;
    return true;
  }
  if (name == "acl_narg") {
    out = TString(std::to_string(args_.size()));
    return true;
  }
  if (name.size() == 8 && name.starts_with("acl_arg") && name[7] >= '1' && name[7] <= '9') {
    size_t i = static_cast<size_t>(name[7] - '1');
    out = i < args_.size() ? args_[i] : TString();
    return true;
  }
  auto it = side_.find(name);
  if (it != side_.end()) {
    out = it->second;
    return true;
  }
  if (is_side_name(name)) {
    out = TString();
    return true;
  }
  return false;
}

}  // namespace corvid::acl
