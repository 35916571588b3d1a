// IP helpers: parsing as Exim's isip/isip4/isip6, and the outputs of
// ${mask:}, ${mask_n:}, ${ipv6norm:}, ${ipv6denorm:}, ${reverse_ip:} and
// net- lookup keys, each checked against exim4 -be (4.96).
#include "lookup/ip.hpp"

#include <gtest/gtest.h>

namespace corvid::ip {
namespace {

struct ParseCase {
  const char* text;
  bool v4, v6;
};

TEST(Ip, ParseLikeExim) {
  const ParseCase cases[] = {
      {"1.2.3.4", true, false},       {"0.0.0.0", true, false},
      {"255.255.255.255", true, false}, {"01.2.3.4", false, false},
      {"1.2.3.04", false, false},     {"1.2.3.256", false, false},
      {"1.2.3", false, false},        {"1.2.3.4%x", false, false},
      {"1.2.3.4/24", false, false},   {"::1%eth0", false, true},
      {"fe80::1%eth0", false, true},  {":::1", false, false},
      {"1::2::3", false, false},      {"1:2:3:4:5:6:7:8", false, true},
      {"1:2:3:4:5:6:7:8:9", false, false}, {"1:2:3:4:5:6:7::", false, true},
      {"12345::", false, false},      {"g::", false, false},
      {"1:2:3:4:5:6:1.2.3.4", false, true}, {"::1.2.3.4", false, true},
      {"ABCD::", false, true},        {"", false, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_ip4(c.text), c.v4) << c.text;
    EXPECT_EQ(is_ip6(c.text), c.v6) << c.text;
  }
}

TEST(Ip, Norm) {
  const std::pair<const char*, const char*> cases[] = {
      {"::1", "::1"},
      {"2001:0db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      {"1:0:0:1:0:0:0:1", "1:0:0:1::1"},
      {"1:0:2:3:4:5:6:7", "1::2:3:4:5:6:7"},
      {"0:0:0:0:0:0:0:0", ":"},
      {"1::", "1::"},
      {"1.2.3.4", "::ffff:102:304"},
      {"::ffff:1.2.3.4", "::ffff:102:304"},
      {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
      {"2001:DB8::A", "2001:db8::a"},
  };
  for (const auto& [in, want] : cases) {
    EXPECT_EQ(ipv6_norm(*parse(in)), want) << in;
  }
  EXPECT_EQ(ipv6_denorm(*parse("::1")), "0000:0000:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(ipv6_denorm(*parse("1.2.3.4")), "0000:0000:0000:0000:0000:ffff:0102:0304");
}

TEST(Ip, Mask) {
  struct Case {
    const char* in;
    bool normal;
    const char* want;  // or the error
  };
  const Case cases[] = {
      {"1.2.3.4/24", false, "1.2.3.0/24"},
      {"1.2.3.4/0", false, "0.0.0.0/0"},
      {"2001:db8::1/32", false, "2001.0db8.0000.0000.0000.0000.0000.0000/32"},
      {"::1/128", false, "0000.0000.0000.0000.0000.0000.0000.0001/128"},
      {"::ffff:1.2.3.4/120", false, "0000.0000.0000.0000.0000.ffff.0102.0300/120"},
      {"2001:db8::1/32", true, "2001:db8::/32"},
      {"1.2.3.4", false, "missing mask value in \"1.2.3.4\""},
      {"1.2.3.4/33", false, "mask value too big in \"1.2.3.4/33\""},
      {"2001:db8::1/129", false, "mask value too big in \"2001:db8::1/129\""},
      {"1.2.3.4/a", false, "\"1.2.3.4/a\" is not an IP address"},
      {"1.2.3/24", false, "\"1.2.3/24\" is not an IP address"},
  };
  for (const auto& c : cases) {
    std::string error;
    auto r = mask(c.in, c.normal, error);
    EXPECT_EQ(r ? *r : error, c.want) << c.in;
  }
}

TEST(Ip, ReverseAndNetKeys) {
  EXPECT_EQ(reverse(*parse("1.2.3.4")), "4.3.2.1");
  EXPECT_EQ(reverse(*parse("::ffff:1.2.3.4")), "4.3.2.1");
  EXPECT_EQ(reverse(*parse("2001:db8::1")),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2");
  EXPECT_EQ(net_key(*parse("1.2.3.4"), 24, false), "1.2.3.0/24");
  EXPECT_EQ(net_key(*parse("1.2.3.4"), -1, false), "1.2.3.4");
  EXPECT_EQ(net_key(*parse("::ffff:1.2.3.4"), -1, false), "1.2.3.4");
  EXPECT_EQ(net_key(*parse("2001:db8::1"), -1, false),
            "2001.0db8.0000.0000.0000.0000.0000.0001");
  EXPECT_EQ(net_key(*parse("2001:db8::1"), 32, false),
            "2001.0db8.0000.0000.0000.0000.0000.0000/32");
  EXPECT_EQ(net_key(*parse("2001:db8::1"), -1, true),
            "2001:0db8:0000:0000:0000:0000:0000:0001");
}

TEST(Ip, Cidr) {
  auto in = [](const char* a, const char* net) {
    auto c = parse_cidr(net);
    return c && in_net(*parse(a), c->address, c->bits);
  };
  EXPECT_TRUE(in("1.2.3.4", "1.2.3.0/24"));
  EXPECT_FALSE(in("1.2.4.4", "1.2.3.0/24"));
  EXPECT_TRUE(in("1.2.3.4", "1.2.3.5/31"));
  EXPECT_TRUE(in("1.2.3.4", "1.2.3.4/40"));   // mask clamped, as Exim
  EXPECT_FALSE(in("1.2.3.4", "1.2.3.0/33"));
  EXPECT_TRUE(in("1.2.3.4", "1.2.3.5/"));     // empty mask is 0
  EXPECT_TRUE(in("::ffff:1.2.3.4", "1.2.3.4"));
  EXPECT_TRUE(in("::1", "::1/128"));
  EXPECT_TRUE(in("2001:db8::5", "2001:db8::/32"));
  EXPECT_FALSE(in("1.2.3.4", "::/0"));
}

}  // namespace
}  // namespace corvid::ip
