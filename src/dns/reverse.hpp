// The names under which DNS keeps facts about IP addresses: PTR names
// (in-addr.arpa / ip6.arpa) and the reversed-address keys of DNS lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace corvid::dns {

// "192.0.2.1" -> "1.2.0.192", "2001:db8::1" -> the 32 nibbles reversed and
// dot-separated; nullopt for something that is not an IP address.
std::optional<std::string> reversed_address(std::string_view ip);

// reversed_address + ".in-addr.arpa" or ".ip6.arpa".
std::optional<std::string> ptr_name(std::string_view ip);

}  // namespace corvid::dns
