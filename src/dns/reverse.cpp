#include "dns/reverse.hpp"

#include <arpa/inet.h>

namespace corvid::dns {

std::optional<std::string> reversed_address(std::string_view ip) {
  std::string s(ip);
  unsigned char buf[16];
  std::string out;
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    for (int i = 3; i >= 0; --i) {
      out += std::to_string(buf[i]);
      if (i > 0) out += '.';
    }
    return out;
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
      out += kDigits[buf[i] & 15];
      out += '.';
      out += kDigits[buf[i] >> 4];
      if (i > 0) out += '.';
    }
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> ptr_name(std::string_view ip) {
  std::optional<std::string> r = reversed_address(ip);
  if (!r) return std::nullopt;
  return *r + (ip.find(':') == std::string_view::npos ? ".in-addr.arpa" : ".ip6.arpa");
}

}  // namespace corvid::dns
