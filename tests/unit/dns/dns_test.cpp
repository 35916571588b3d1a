// The resolver-independent parts of the DNS module: RDATA decoding (bytes
// as libunbound hands them over), reversed names, /etc/hosts parsing.
// The resolver itself is tested against a real unbound server in
// tests/integration/test_dns_*.py.
#include <gtest/gtest.h>

#include "dns/hosts_file.hpp"
#include "dns/rdata.hpp"
#include "dns/resolver.hpp"
#include "dns/reverse.hpp"

namespace corvid::dns {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

// "mx.test." in wire form.
const std::string kName = bytes({2, 'm', 'x', 4, 't', 'e', 's', 't', 0});

TEST(Rdata, Addresses) {
  EXPECT_EQ(decode_rdata(RrType::a, bytes({127, 0, 0, 2}))->text, "127.0.0.2");
  std::string v6(16, '\0');
  v6[15] = 1;
  EXPECT_EQ(decode_rdata(RrType::aaaa, v6)->text, "::1");
  EXPECT_FALSE(decode_rdata(RrType::a, bytes({127, 0, 0})));
  EXPECT_FALSE(decode_rdata(RrType::aaaa, bytes({1, 2, 3, 4})));
}

TEST(Rdata, NamesAndPreferences) {
  EXPECT_EQ(decode_rdata(RrType::ptr, kName)->text, "mx.test");
  std::optional<Record> mx = decode_rdata(RrType::mx, bytes({0, 10}) + kName);
  ASSERT_TRUE(mx);
  EXPECT_EQ(mx->preference, 10);
  EXPECT_EQ(mx->text, "mx.test");
  std::optional<Record> srv = decode_rdata(RrType::srv, bytes({0, 1, 0, 2, 0, 25}) + kName);
  ASSERT_TRUE(srv);
  EXPECT_EQ(srv->priority, 1);
  EXPECT_EQ(srv->weight, 2);
  EXPECT_EQ(srv->port, 25);
  EXPECT_EQ(decode_rdata(RrType::ptr, bytes({0}))->text, "");  // the root
}

TEST(Rdata, MalformedNamesAreRefused) {
  EXPECT_FALSE(decode_rdata(RrType::ptr, bytes({5, 'a', 'b'})));             // runs past the end
  EXPECT_FALSE(decode_rdata(RrType::ptr, bytes({0xc0, 0x0c})));              // compression
  EXPECT_FALSE(decode_rdata(RrType::ptr, bytes({1, 'a'})));                  // no root label
  EXPECT_FALSE(decode_rdata(RrType::ptr, kName + "x"));                       // trailing bytes
  EXPECT_FALSE(decode_rdata(RrType::mx, bytes({0})));                          // short field
  EXPECT_EQ(decode_rdata(RrType::ptr, bytes({3, 'a', '.', 0x01, 0}))->text, "a\\046\\001");
}

TEST(Rdata, TxtStringsAndTlsa) {
  std::optional<Record> txt = decode_rdata(RrType::txt, bytes({2, 'h', 'i', 0, 3, 'y', 'o', 'u'}));
  ASSERT_TRUE(txt);
  EXPECT_EQ(txt->text, "hiyou");
  EXPECT_EQ(txt->strings, (std::vector<std::string>{"hi", "", "you"}));
  EXPECT_FALSE(decode_rdata(RrType::txt, bytes({4, 'a'})));
  std::optional<Record> tlsa = decode_rdata(RrType::tlsa, bytes({3, 1, 1, 0xab, 0x01}));
  ASSERT_TRUE(tlsa);
  EXPECT_EQ(tlsa->usage, 3);
  EXPECT_EQ(tlsa->text, "ab01");
}

TEST(Reverse, Ipv4AndIpv6) {
  EXPECT_EQ(reversed_address("192.0.2.1"), "1.2.0.192");
  EXPECT_EQ(ptr_name("192.0.2.1"), "1.2.0.192.in-addr.arpa");
  EXPECT_EQ(ptr_name("2001:db8::1"),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
  EXPECT_FALSE(reversed_address("example.com"));
}

TEST(ServerSpec, AddressWithOptionalPort) {
  EXPECT_EQ(server_spec("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(server_spec("127.0.0.1.5353"), "127.0.0.1@5353");
  EXPECT_EQ(server_spec("::1.53"), "::1@53");
  EXPECT_EQ(server_spec("::1"), "::1");
  EXPECT_FALSE(server_spec("127.0.0.1.99999"));
  EXPECT_FALSE(server_spec("ns.example"));
}

TEST(HostsFile, Parses) {
  auto e = parse_hosts("# c\n127.0.0.1 localhost lh # x\n\nbad line\n::1 ip6-localhost\n10.0.0.1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].names, (std::vector<std::string>{"localhost", "lh"}));
  EXPECT_EQ(e[1].address, "::1");
}

TEST(Resolver, NoResolverInstalledMeansTryAgain) {
  install_resolver(nullptr);
  Answer a = lookup("example.test", RrType::a);
  EXPECT_EQ(a.status, Status::again);
  EXPECT_EQ(a.error, "no DNS resolver is configured");
}

}  // namespace
}  // namespace corvid::dns
