#include "smtp/proto/proxy.hpp"

#include <algorithm>

#include <arpa/inet.h>

#include <array>
#include <vector>

namespace corvid::smtp::proto {
namespace {

constexpr std::string_view kV1Prefix = "PROXY ";

ProxyResult fail(std::string reason, std::size_t discard = 0) {
  ProxyResult r;
  r.status = ProxyStatus::error;
  r.reason = std::move(reason);
  r.discard = discard;
  return r;
}

std::size_t through_lf(std::string_view b) {
  std::size_t lf = b.find('\n');
  return lf == std::string_view::npos ? 0 : lf + 1;
}

bool is_prefix_of(std::string_view have, std::string_view full) {
  std::size_t n = std::min(have.size(), full.size());
  return have.substr(0, n) == full.substr(0, n);
}

// ---- v1 ----

bool parse_port(std::string_view s, std::uint16_t& port) {
  if (s.empty() || s.size() > 5) {
    return false;
  }
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v == 0 || v > 65535) {
    return false;
  }
  port = static_cast<std::uint16_t>(v);
  return true;
}

bool parse_ip(std::string_view s, ProxyFamily& family) {
  if (s.empty() || s.size() > 45) {
    return false;
  }
  std::string text(s);
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
    family = ProxyFamily::inet4;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), bytes.data()) == 1) {
    family = ProxyFamily::inet6;
    return true;
  }
  return false;
}

std::vector<std::string_view> split_single_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    std::size_t sp = s.find(' ');
    out.push_back(s.substr(0, sp));
    if (sp == std::string_view::npos) {
      return out;
    }
    s.remove_prefix(sp + 1);
  }
}

ProxyResult parse_v1_line(std::string_view line, std::size_t consumed) {
  std::vector<std::string_view> f = split_single_spaces(line.substr(kV1Prefix.size()));
  if (f[0] == "UNKNOWN") {
    ProxyResult r;
    r.status = ProxyStatus::ok;
    r.version = 1;
    r.local = true;
    r.consumed = consumed;
    return r;
  }
  if (f[0] != "TCP4" && f[0] != "TCP6") {
    return fail("v1: unknown protocol", consumed);
  }
  if (f.size() != 5) {
    return fail("v1: wrong number of fields", consumed);
  }
  ProxyResult r;
  ProxyFamily dst_family;
  if (!parse_ip(f[1], r.family) || !parse_ip(f[2], dst_family)) {
    return fail("v1: bad address", consumed);
  }
  if (!parse_port(f[3], r.source.port) || !parse_port(f[4], r.destination.port)) {
    return fail("v1: bad port", consumed);
  }
  r.source.address = std::string(f[1]);
  r.destination.address = std::string(f[2]);
  r.status = ProxyStatus::ok;
  r.version = 1;
  r.consumed = consumed;
  return r;
}

ProxyResult parse_v1(std::string_view b) {
  std::size_t lf = b.find('\n');
  if (lf == std::string_view::npos) {
    if (b.size() >= kProxyV1MaxLength) {
      return fail("v1: no CRLF within 107 bytes");
    }
    ProxyResult r;
    r.version = 1;
    return r;
  }
  if (lf + 1 > kProxyV1MaxLength) {
    return fail("v1: no CRLF within 107 bytes", lf + 1);
  }
  if (lf == 0 || b[lf - 1] != '\r') {
    return fail("v1: line not ended by CRLF", lf + 1);
  }
  std::string_view line = b.substr(0, lf - 1);
  if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
    return fail("v1: control character in header", lf + 1);
  }
  return parse_v1_line(line, lf + 1);
}

// ---- v2 ----

std::uint16_t be16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                    static_cast<unsigned char>(b[at + 1]));
}

std::string ip_text(int af, std::string_view raw) {
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(af, raw.data(), text, sizeof text) == nullptr) {
    return {};
  }
  return text;
}

ProxyResult v2_addresses(std::string_view b, unsigned family, std::size_t length) {
  ProxyResult r;
  std::size_t addr_len = family == 0x11 ? 4 : 16;
  if (length < addr_len * 2 + 4) {
    return fail("v2: address block shorter than the family needs");
  }
  int af = family == 0x11 ? AF_INET : AF_INET6;
  std::string_view a = b.substr(16);
  r.family = family == 0x11 ? ProxyFamily::inet4 : ProxyFamily::inet6;
  r.source.address = ip_text(af, a.substr(0, addr_len));
  r.destination.address = ip_text(af, a.substr(addr_len, addr_len));
  r.source.port = be16(a, addr_len * 2);
  r.destination.port = be16(a, addr_len * 2 + 2);
  r.status = ProxyStatus::ok;
  return r;
}

ProxyResult parse_v2(std::string_view b) {
  if (b.size() < 16) {
    ProxyResult r;
    r.version = 2;
    return r;
  }
  auto ver_cmd = static_cast<unsigned char>(b[12]);
  auto family = static_cast<unsigned char>(b[13]);
  std::size_t length = be16(b, 14);
  // A v2 header that fails after its fixed part is dropped whole (as far as
  // it has arrived), so that its binary bytes are not read as SMTP.
  std::size_t whole = std::min<std::size_t>(16 + length, b.size());
  if ((ver_cmd >> 4) != 2) {
    return fail("v2: version is not 2", whole);
  }
  if (16 + length > kProxyV2MaxLength) {
    return fail("v2: header longer than 232 bytes", kProxyV2MaxLength);
  }
  unsigned cmd = ver_cmd & 0x0f;
  if (cmd > 1) {
    return fail("v2: unknown command", whole);
  }
  if (cmd == 1 && family != 0x11 && family != 0x21) {
    return fail("v2: unsupported address family", whole);
  }
  if (b.size() < 16 + length) {
    ProxyResult r;
    r.version = 2;
    return r;
  }
  ProxyResult r;
  if (cmd == 0) {
    r.status = ProxyStatus::ok;
    r.local = true;
  } else {
    r = v2_addresses(b, family, length);
  }
  r.version = 2;
  if (r.status == ProxyStatus::ok) {
    r.consumed = 16 + length;
  }
  return r;
}

}  // namespace

ProxyResult parse_proxy_header(std::string_view buffer) {
  if (buffer.empty()) {
    return {};
  }
  if (is_prefix_of(buffer, kProxyV2Signature)) {
    return parse_v2(buffer);
  }
  if (is_prefix_of(buffer, kV1Prefix)) {
    return parse_v1(buffer);
  }
  return fail("not a PROXY protocol header", through_lf(buffer));
}

}  // namespace corvid::smtp::proto
