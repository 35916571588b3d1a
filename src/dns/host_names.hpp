// Host names for IP addresses and addresses for host names, the way Exim
// looks them up for $sender_host_name, host lists and verify = helo /
// reverse_host_lookup.
//
// A reverse lookup is only trusted after a forward check: a name that the
// PTR records (or /etc/hosts) give counts only if looking that name up
// again yields the address. The first name that passes becomes the host
// name and the others that pass its aliases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corvid::dns {

enum class LookupStatus { found, not_found, again };

struct AddressLookup {
  LookupStatus status = LookupStatus::not_found;
  std::vector<std::string> addresses;  // /etc/hosts first, then A, then AAAA
  bool secure = false;                 // every DNS answer used was validated
};

// Exim's host_find_byname: /etc/hosts, then DNS A and AAAA.
AddressLookup find_addresses(std::string_view name);

struct HostNameLookup {
  LookupStatus status = LookupStatus::not_found;
  std::string name;  // verified name (lower case); empty when none
  std::vector<std::string> aliases;
  bool secure = false;  // the PTR and the forward check were DNSSEC-validated
  // When no name verified: the name the PTR gave (for Exim's
  // " (IP does not match any IP address for NAME)" message); empty when
  // there was no PTR at all.
  std::string unverified_name;
};

// `order` is host_lookup_order: "bydns" (PTR records) and "byaddr" (the
// system's address-to-name lookup, here /etc/hosts then PTR), tried in turn
// until one yields names.
HostNameLookup find_host_name(std::string_view ip, const std::vector<std::string>& order);

// True when `a` and `b` are the same IP address (any spelling).
bool same_address(std::string_view a, std::string_view b);

}  // namespace corvid::dns
