// PROXY v1/v2 header parsing, every split point included.
#include "smtp/proto/proxy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corvid::smtp::proto {
namespace {

std::string v2(unsigned char ver_cmd, unsigned char fam, const std::string& payload) {
  std::string h(kProxyV2Signature);
  h += static_cast<char>(ver_cmd);
  h += static_cast<char>(fam);
  h += static_cast<char>((payload.size() >> 8) & 0xff);
  h += static_cast<char>(payload.size() & 0xff);
  return h + payload;
}

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) {
    s += static_cast<char>(x);
  }
  return s;
}

const std::string kTcp4 = bytes({192, 0, 2, 7, 203, 0, 113, 9, 0x9c, 0x40, 0, 25});
const std::string kTcp6 = bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                                 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
                                 0x30, 0x39, 0x01, 0xd1});

struct Case {
  std::string name;
  std::string header;  // the complete header (ok) or the bad input (error)
  ProxyStatus status;
  bool local = false;
  std::string src = "", dst = "";
  int sport = 0, dport = 0;
};

std::vector<Case> cases() {
  return {
      {"v1 tcp4", "PROXY TCP4 192.0.2.7 203.0.113.9 40000 25\r\n", ProxyStatus::ok, false,
       "192.0.2.7", "203.0.113.9", 40000, 25},
      {"v1 tcp6", "PROXY TCP6 2001:db8::1 2001:db8::2 12345 465\r\n", ProxyStatus::ok, false,
       "2001:db8::1", "2001:db8::2", 12345, 465},
      {"v1 tcp4 with v6 addresses (4.96 does not check)", "PROXY TCP4 ::1 ::2 1 2\r\n",
       ProxyStatus::ok, false, "::1", "::2", 1, 2},
      {"v1 unknown", "PROXY UNKNOWN\r\n", ProxyStatus::ok, true},
      {"v1 unknown with junk", "PROXY UNKNOWN ffff::1 x y z\r\n", ProxyStatus::ok, true},
      {"v1 max port", "PROXY TCP4 1.2.3.4 5.6.7.8 65535 65535\r\n", ProxyStatus::ok, false,
       "1.2.3.4", "5.6.7.8", 65535, 65535},
      {"v1 double space", "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", ProxyStatus::error},
      {"v1 double space before proto", "PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyStatus::error},
      {"v1 port 0", "PROXY TCP4 1.2.3.4 5.6.7.8 0 25\r\n", ProxyStatus::error},
      {"v1 port 99999", "PROXY TCP4 1.2.3.4 5.6.7.8 99999 25\r\n", ProxyStatus::error},
      {"v1 port sign", "PROXY TCP4 1.2.3.4 5.6.7.8 +1 25\r\n", ProxyStatus::error},
      {"v1 bad address", "PROXY TCP4 1.2.3 5.6.7.8 1 25\r\n", ProxyStatus::error},
      {"v1 hostname", "PROXY TCP4 example.com 5.6.7.8 1 25\r\n", ProxyStatus::error},
      {"v1 too few fields", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", ProxyStatus::error},
      {"v1 too many fields", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", ProxyStatus::error},
      {"v1 trailing space", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", ProxyStatus::error},
      {"v1 lower case", "PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyStatus::error},
      {"v1 udp", "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyStatus::error},
      {"v1 bare lf", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", ProxyStatus::error},
      {"v1 too long", "PROXY UNKNOWN " + std::string(100, 'x') + "\r\n", ProxyStatus::error},
      {"v1 no crlf in 107", "PROXY UNKNOWN " + std::string(200, 'x'), ProxyStatus::error},
      {"garbage", "EHLO x\r\n", ProxyStatus::error},
      {"lower-case proxy", "proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", ProxyStatus::error},
      {"v2 tcp4", v2(0x21, 0x11, kTcp4), ProxyStatus::ok, false, "192.0.2.7", "203.0.113.9",
       40000, 25},
      {"v2 tcp6", v2(0x21, 0x21, kTcp6), ProxyStatus::ok, false, "2001:db8::1", "2001:db8::2",
       12345, 465},
      {"v2 tcp4 with TLVs", v2(0x21, 0x11, kTcp4 + bytes({0x04, 0, 3, 'a', 'b', 'c'})),
       ProxyStatus::ok, false, "192.0.2.7", "203.0.113.9", 40000, 25},
      {"v2 local", v2(0x20, 0x00, ""), ProxyStatus::ok, true},
      {"v2 local with addresses", v2(0x20, 0x11, kTcp4), ProxyStatus::ok, true},
      {"v2 max size", v2(0x21, 0x11, kTcp4 + std::string(204, 'x')), ProxyStatus::ok, false,
       "192.0.2.7", "203.0.113.9", 40000, 25},
      {"v2 too big", v2(0x21, 0x11, kTcp4 + std::string(205, 'x')), ProxyStatus::error},
      {"v2 unspec", v2(0x21, 0x00, ""), ProxyStatus::error},
      {"v2 udp4", v2(0x21, 0x12, kTcp4), ProxyStatus::error},
      {"v2 udp6", v2(0x21, 0x22, kTcp6), ProxyStatus::error},
      {"v2 unix", v2(0x21, 0x31, std::string(216, '\0')), ProxyStatus::error},
      {"v2 bad command", v2(0x22, 0x11, kTcp4), ProxyStatus::error},
      {"v2 version 1", v2(0x11, 0x11, kTcp4), ProxyStatus::error},
      {"v2 short addresses", v2(0x21, 0x11, kTcp4.substr(0, 11)), ProxyStatus::error},
      {"v2 tcp6 short", v2(0x21, 0x21, kTcp4), ProxyStatus::error},
      {"bad signature", std::string("\r\n\r\n\0\r\nQUIX\n", 12) + "\x21\x11", ProxyStatus::error},
  };
}

void check(const Case& c, const ProxyResult& r, std::size_t total) {
  ASSERT_EQ(r.status, c.status) << c.name << " " << r.reason;
  if (c.status != ProxyStatus::ok) {
    EXPECT_FALSE(r.reason.empty());
    return;
  }
  EXPECT_EQ(r.consumed, c.header.size()) << c.name;
  EXPECT_LE(r.consumed, total);
  EXPECT_EQ(r.local, c.local) << c.name;
  EXPECT_EQ(r.source.address, c.src) << c.name;
  EXPECT_EQ(r.destination.address, c.dst) << c.name;
  EXPECT_EQ(r.source.port, c.sport) << c.name;
  EXPECT_EQ(r.destination.port, c.dport) << c.name;
}

TEST(Proxy, WholeHeaderWithTrailingSmtp) {
  for (const Case& c : cases()) {
    std::string buffer = c.header + "EHLO x\r\n";
    check(c, parse_proxy_header(buffer), buffer.size());
  }
}

// Every prefix of a good header is need_more (never ok early, never error);
// every prefix of a bad one is need_more or error, never ok.
TEST(Proxy, EveryPrefix) {
  for (const Case& c : cases()) {
    for (std::size_t n = 0; n < c.header.size(); ++n) {
      ProxyResult r = parse_proxy_header(std::string_view(c.header).substr(0, n));
      if (c.status == ProxyStatus::ok) {
        EXPECT_EQ(r.status, ProxyStatus::need_more) << c.name << " prefix " << n << r.reason;
      } else {
        EXPECT_NE(r.status, ProxyStatus::ok) << c.name << " prefix " << n;
      }
    }
    check(c, parse_proxy_header(c.header), c.header.size());
  }
}

TEST(Proxy, ErrorDiscard) {
  EXPECT_EQ(parse_proxy_header("EHLO x\r\nQUIT\r\n").discard, 8u);
  EXPECT_EQ(parse_proxy_header("GARBAGE").discard, 0u);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 1.2.3.4 5.6.7.8 0 25\r\nEHLO\r\n").discard, 33u);
  EXPECT_EQ(parse_proxy_header(v2(0x21, 0x11, kTcp4 + std::string(300, 'x'))).discard,
            kProxyV2MaxLength);
  // A bad v2 version, command or family drops the header as far as it came.
  EXPECT_EQ(parse_proxy_header(v2(0x31, 0x11, kTcp4) + "EHLO x\r\n").discard, 28u);
  EXPECT_EQ(parse_proxy_header(v2(0x21, 0x12, kTcp4)).discard, 28u);
  EXPECT_EQ(parse_proxy_header(v2(0x2f, 0x11, kTcp4).substr(0, 20)).discard, 20u);
  EXPECT_EQ(parse_proxy_header("").status, ProxyStatus::need_more);
  EXPECT_EQ(parse_proxy_header("PRO").status, ProxyStatus::need_more);
  EXPECT_EQ(parse_proxy_header(std::string("\r\n\r\n\0", 5)).status, ProxyStatus::need_more);
}

TEST(Proxy, Family) {
  EXPECT_EQ(parse_proxy_header(v2(0x21, 0x11, kTcp4)).family, ProxyFamily::inet4);
  EXPECT_EQ(parse_proxy_header(v2(0x21, 0x21, kTcp6)).family, ProxyFamily::inet6);
  EXPECT_EQ(parse_proxy_header("PROXY TCP6 ::1 ::2 1 2\r\n").family, ProxyFamily::inet6);
  EXPECT_EQ(parse_proxy_header("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n").version, 1);
}

}  // namespace
}  // namespace corvid::smtp::proto
