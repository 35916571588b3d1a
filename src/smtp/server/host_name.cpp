// The client's host name and the checks built on it, as Exim 4.96 does them.
//
// The name is looked up (PTR, then a forward lookup that must give the
// address back) at connection time for hosts in host_lookup, at HELO when
// the HELO name is in helo_lookup_domains, and otherwise only when
// something needs it: $sender_host_name, a host list item that names
// hosts, verify = reverse_host_lookup. The result is kept for the session.
#include <algorithm>

#include "dns/resolver.hpp"
#include "lists/list_reader.hpp"
#include "net/blocking.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

void Session::ensure_host_name() const {
  if (host_lookup_done_ || peer_.address.empty()) return;
  host_lookup_done_ = true;
  std::vector<std::string> order =
      lists::split_list(config_.string_option("host_lookup_order").value_or("bydns:byaddr"));
  dns::HostNameLookup r = dns::find_host_name(peer_.address, order);
  switch (r.status) {
    case dns::LookupStatus::found:
      host_name_ = r.name;
      host_aliases_ = r.aliases;
      host_dnssec_ = r.secure;
      return;
    case dns::LookupStatus::again:
      host_lookup_deferred_ = true;
      return;
    case dns::LookupStatus::not_found:
      break;
  }
  host_lookup_failed_ = true;
  if (r.unverified_name.empty()) {
    host_lookup_msg_ = " (failed to find host name from IP address)";
    if (services_.logger) {
      log::Text t;
      t.text = "no host name found for IP address " + peer_.address;
      t.gate = log::Sel::host_lookup_failed;
      log_event(t);
    }
  } else {
    host_lookup_msg_ =
        " (" + peer_.address + " does not match any IP address for " + r.unverified_name + ")";
  }
}

asio::awaitable<void> Session::look_up_host_name() {
  if (host_lookup_done_ || peer_.address.empty()) co_return;
  co_await net::run_blocking([this] { ensure_host_name(); });
}

std::optional<std::string> Session::host_name(std::string_view ip) const {
  if (ip != peer_.address) return std::nullopt;
  ensure_host_name();
  if (host_name_.empty()) return std::nullopt;
  return host_name_;
}

std::vector<std::string> Session::host_addresses(std::string_view name) const {
  return dns::find_addresses(name).addresses;
}

bool Session::verify_helo() const {
  if (helo_verified_) return *helo_verified_;
  bool ok = false;
  if (helo_.size() > 2 && helo_.front() == '[' && helo_.back() == ']') {
    std::string literal = helo_.substr(1, helo_.size() - 2);
    if (util::starts_with_i(literal, "IPv6:")) literal = literal.substr(5);
    ok = dns::same_address(literal, peer_.address);
  } else if (!helo_.empty()) {
    ok = util::iequals(helo_, host_name_) ||
         std::any_of(host_aliases_.begin(), host_aliases_.end(),
                     [&](const std::string& a) { return util::iequals(a, helo_); });
    if (!ok) {
      dns::AddressLookup f = dns::find_addresses(helo_);
      ok = std::any_of(f.addresses.begin(), f.addresses.end(), [&](const std::string& a) {
        return dns::same_address(a, peer_.address);
      });
    }
  }
  helo_verified_ = ok;
  return ok;
}

acl::VerifyOutcome Session::verify_reverse_lookup(const acl::VerifyRequest& request) const {
  acl::VerifyOutcome o;
  if (peer_.address.empty()) {
    o.status = acl::VerifyStatus::ok;
    return o;
  }
  ensure_host_name();
  if (host_lookup_deferred_) {
    bool defer_ok = std::any_of(request.options.begin(), request.options.end(),
                                [](const std::string& s) { return util::iequals(s, "defer_ok"); });
    o.status = defer_ok ? acl::VerifyStatus::ok : acl::VerifyStatus::defer;
    o.log_message = "host lookup deferred for reverse lookup check";
    return o;
  }
  if (host_lookup_failed_) {
    o.status = acl::VerifyStatus::fail;
    o.log_message = "host lookup failed" + host_lookup_msg_;
    return o;
  }
  o.status = acl::VerifyStatus::ok;
  return o;
}

acl::VerifyOutcome Session::verify(const acl::VerifyRequest& request) {
  acl::VerifyOutcome o;
  switch (request.kind) {
    case acl::VerifyKind::reverse_host_lookup:
      return verify_reverse_lookup(request);
    case acl::VerifyKind::helo:
      // Local input has no host to check against.
      o.status = peer_.address.empty() || verify_helo() ? acl::VerifyStatus::ok
                                                        : acl::VerifyStatus::fail;
      return o;
    case acl::VerifyKind::recipient:
      return verify_address(current_rcpt_ ? current_rcpt_->address : std::string(), false);
    case acl::VerifyKind::sender:
      return verify_address(request.address ? *request.address : sender_.value_or(""), true);
    default:
      return o;  // not yet supported
  }
}

asio::awaitable<bool> Session::check_helo_host(std::string_view verb) {
  if (peer_.address.empty()) co_return true;
  // A client calling itself by one of our names: find its real one.
  if (!host_lookup_done_) {
    const config::OptionValue* v = config_.main().value("helo_lookup_domains");
    bool ok = true;
    std::string list = v != nullptr && v->is_set ? expand_option("helo_lookup_domains", ok) : "";
    if (ok && !list.empty() &&
        lists::match_domain(helo_, list, *this).match == lists::Match::yes) {
      co_await look_up_host_name();
    }
  }
  bool required = host_in_option("helo_verify_hosts");
  if (!required && !host_in_option("helo_try_verify_hosts")) co_return true;
  bool verified = false;
  co_await net::run_blocking([this, &verified] { verified = verify_helo(); });
  if (verified || !required) co_return true;
  if (services_.logger) {
    log::Text t;
    t.text = "rejected \"" + std::string(verb) + " " + helo_ + "\" from " +
             log::full_host(host_id(), services_.logger->selector());
    t.targets = log::to_main | log::to_reject;
    log_event(t);
  }
  co_await reply(550, std::string(verb) + " argument does not match calling host");
  co_return false;
}

acl::DnsAnswer Session::dns_lookup(std::string_view name, acl::DnsType type) {
  dns::Answer a = dns::lookup(name, type == acl::DnsType::a ? dns::RrType::a : dns::RrType::txt);
  acl::DnsAnswer out;
  switch (a.status) {
    case dns::Status::found:
      out.status = acl::DnsStatus::found;
      break;
    case dns::Status::again:
    case dns::Status::fail:
      out.status = acl::DnsStatus::defer;
      break;
    default:
      out.status = acl::DnsStatus::not_found;
      break;
  }
  // For TXT, Exim's DNS lists keep the first character-string only.
  for (const dns::Record& r : a.records) {
    out.records.push_back(type == acl::DnsType::txt && !r.strings.empty() ? r.strings.front()
                                                                         : r.text);
  }
  return out;
}

}  // namespace corvid::smtp
