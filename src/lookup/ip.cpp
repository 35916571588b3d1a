// IP address parsing and formatting; see ip.hpp for the contract.
#include "lookup/ip.hpp"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>

namespace corvid::ip {

namespace {

const std::array<std::uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_mapped(const Address& a) {
  return a.v6 && std::memcmp(a.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0;
}

Address map_v4(const Address& a) {
  if (a.v6) {
    return a;
  }
  Address m;
  m.v6 = true;
  std::memcpy(m.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size());
  std::memcpy(m.bytes.data() + 12, a.bytes.data(), 4);
  return m;
}

unsigned group(const Address& a, int i) { return (unsigned(a.bytes[2 * i]) << 8) | a.bytes[2 * i + 1]; }

std::optional<int> parse_bits(std::string_view s) {
  if (s.size() > 4) {
    return std::nullopt;
  }
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::optional<Address> parse(std::string_view text) {
  if (text.empty() || text.size() > 63) {
    return std::nullopt;
  }
  std::string s(text);
  Address a;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) != 1) {
      return std::nullopt;
    }
    return a;
  }
  if (auto pct = s.find('%'); pct != std::string::npos) {
    if (pct + 1 == s.size()) {
      return std::nullopt;
    }
    s.resize(pct);
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) {
    return std::nullopt;
  }
  a.v6 = true;
  return a;
}

bool is_ip4(std::string_view text) {
  auto a = parse(text);
  return a && !a->v6;
}

bool is_ip6(std::string_view text) {
  auto a = parse(text);
  return a && a->v6;
}

Address unmap(const Address& a) {
  if (!is_mapped(a)) {
    return a;
  }
  Address v4;
  std::memcpy(v4.bytes.data(), a.bytes.data() + 12, 4);
  return v4;
}

Address masked(const Address& a, int bits) {
  Address m = a;
  int total = a.bits();
  for (int i = 0; i < total / 8; ++i) {
    int keep = bits - i * 8;
    if (keep >= 8) {
      continue;
    }
    m.bytes[i] = keep <= 0 ? 0 : std::uint8_t(a.bytes[i] & (0xff << (8 - keep)));
  }
  return m;
}

bool in_net(const Address& a, const Address& net, int bits) {
  Address x = unmap(a);
  Address n = unmap(net);
  if (x.v6 != n.v6) {
    return false;
  }
  if (bits > x.bits()) {
    bits = x.bits();
  }
  if (bits < 0) {
    bits = 0;
  }
  return masked(x, bits) == masked(n, bits);
}

std::optional<Cidr> parse_cidr(std::string_view text, bool mask_optional) {
  auto slash = text.find('/');
  Cidr c;
  auto addr = parse(text.substr(0, slash));
  if (!addr) {
    return std::nullopt;
  }
  c.address = *addr;
  if (slash == std::string_view::npos) {
    if (!mask_optional) {
      return std::nullopt;
    }
    c.bits = addr->bits();
    return c;
  }
  auto bits = parse_bits(text.substr(slash + 1));
  if (!bits) {
    return std::nullopt;
  }
  c.bits = *bits;
  return c;
}

std::string to_string(const Address& a) {
  if (a.v6) {
    return ipv6_norm(a);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]);
  return buf;
}

std::string ipv6_norm(const Address& in) {
  Address a = map_v4(in);
  int best = -1;
  int best_len = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && group(a, j) == 0) {
      ++j;
    }
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  if (best_len == 8) {
    return ":";  // Exim 4.96 prints the all-zero address this way
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += i == 0 ? "::" : ":";
      i += best_len - 1;
      continue;
    }
    std::snprintf(buf, sizeof buf, "%x", group(a, i));
    out += buf;
    if (i < 7) {
      out += ':';
    }
  }
  return out;
}

std::string full_v6(const Address& a, char sep) {
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    std::snprintf(buf, sizeof buf, "%04x", group(a, i));
    if (i > 0) {
      out += sep;
    }
    out += buf;
  }
  return out;
}

std::string ipv6_denorm(const Address& a) { return full_v6(map_v4(a), ':'); }

std::string reverse(const Address& in) {
  Address a = unmap(in);
  std::string out;
  char buf[8];
  if (!a.v6) {
    std::snprintf(buf, sizeof buf, "%u", a.bytes[3]);
    out = buf;
    for (int i = 2; i >= 0; --i) {
      std::snprintf(buf, sizeof buf, ".%u", a.bytes[i]);
      out += buf;
    }
    return out;
  }
  const char* hex = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out += hex[a.bytes[i] & 0xf];
    out += '.';
    out += hex[a.bytes[i] >> 4];
    if (i > 0) {
      out += '.';
    }
  }
  return out;
}

std::optional<std::string> mask(std::string_view text, bool normal_form, std::string& error) {
  auto slash = text.find('/');
  auto addr = parse(text.substr(0, slash));
  std::optional<int> bits;
  if (slash != std::string_view::npos) {
    bits = parse_bits(text.substr(slash + 1));
  }
  if (!addr || (slash != std::string_view::npos && !bits)) {
    error = "\"" + std::string(text) + "\" is not an IP address";
    return std::nullopt;
  }
  if (slash == std::string_view::npos) {
    error = "missing mask value in \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  if (*bits > addr->bits()) {
    error = "mask value too big in \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  Address m = masked(*addr, *bits);
  std::string out = !m.v6 ? to_string(m) : normal_form ? ipv6_norm(m) : full_v6(m, '.');
  return out + "/" + std::to_string(*bits);
}

std::string net_key(const Address& in, int bits, bool colons) {
  Address a = unmap(in);
  if (bits >= 0) {
    a = masked(a, bits);
  }
  std::string key = a.v6 ? full_v6(a, colons ? ':' : '.') : to_string(a);
  if (bits >= 0) {
    key += "/" + std::to_string(bits);
  }
  return key;
}

}  // namespace corvid::ip
