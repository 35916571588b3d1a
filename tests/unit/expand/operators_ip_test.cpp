// IP operators (mask, mask_n, ipv6norm, ipv6denorm, reverse_ip): table of cases checked against
// the Exim 4.96 binary.
#include "operators_test_support.hpp"

namespace corvid::expand::testing {
namespace {

// clang-format off
const OpRow kRows[] = {
    {"mask", "10.111.131.206/28", true, "10.111.131.192/28"},
    {"mask", "3ffe:ffff:836f:0a00:000a:0800:200a:c031/99", true, "3ffe.ffff.836f.0a00.000a.0800.2000.0000/99"},
    {"mask_n", "3ffe:ffff:836f:0a00:000a:0800:200a:c031/99", true, "3ffe:ffff:836f:a00:a:800:2000::/99"},
    {"mask", "1.2.3.4", false, "missing mask value in \"1.2.3.4\""},
    {"mask", "1.2.3.4/33", false, "mask value too big in \"1.2.3.4/33\""},
    {"mask", "1.2.3.4/0", true, "0.0.0.0/0"},
    {"mask", "1.2.3.4/-1", false, "\"1.2.3.4/-1\" is not an IP address"},
    {"mask", "1.2.3/8", false, "\"1.2.3/8\" is not an IP address"},
    {"mask", "::1/128", true, "0000.0000.0000.0000.0000.0000.0000.0001/128"},
    {"mask", "::1/129", false, "mask value too big in \"::1/129\""},
    {"mask_n", "::/0", true, ":/0"},
    {"mask", "1.2.3.4/8x", false, "\"1.2.3.4/8x\" is not an IP address"},
    {"mask", "1.2.3.4/ 8", true, "1.0.0.0/8"},
    {"mask", "x/8", false, "\"x/8\" is not an IP address"},
    {"mask", "::ffff:1.2.3.4/120", true, "0000.0000.0000.0000.0000.ffff.0102.0300/120"},
    {"mask_n", "::ffff:1.2.3.4/120", true, "::ffff:102:300/120"},
    {"mask", "1.2.3.4/32", true, "1.2.3.4/32"},
    {"mask", "1.2.3.4/", true, "0.0.0.0/0"},
    {"mask", "01.2.3.4/8", false, "\"01.2.3.4/8\" is not an IP address"},
    {"mask", "256.1.1.1/8", false, "\"256.1.1.1/8\" is not an IP address"},
    {"mask_n", "1.2.3.4/24", true, "1.2.3.0/24"},
    {"mask_n", "1:2:3:4:5:6:7:8/128", true, "1:2:3:4:5:6:7:8/128"},
    {"mask", "fe80::1%eth0/64", false, "\"fe80::1%eth0/64\" is not an IP address"},
    {"mask", "1.2.3.4/08", true, "1.0.0.0/8"},
    {"mask", "1.2.3.4/4294967304", true, "1.0.0.0/8"},
    {"mask_nx", "1::/8", true, ":/8"},
    {"mask_x", "1::/8", true, "0000.0000.0000.0000.0000.0000.0000.0000/8"},
    {"mask", "1.2.3.4/+8", true, "1.0.0.0/8"},
    {"mask", "1.2.3.4/99999999999999999999", false, "mask value too big in \"1.2.3.4/99999999999999999999\""},
    {"mask_n", "::1/127", true, ":/127"},
    {"ipv6norm", "::", true, ":"},
    {"ipv6norm", "::1", true, "::1"},
    {"ipv6norm", "1::", true, "1::"},
    {"ipv6norm", "1:0:0:2:0:0:0:3", true, "1:0:0:2::3"},
    {"ipv6norm", "1:0:0:2:0:0:3:4", true, "1::2:0:0:3:4"},
    {"ipv6norm", "1:0:2:3:4:5:6:7", true, "1::2:3:4:5:6:7"},
    {"ipv6norm", "0:0:1:0:0:1:0:0", true, "::1:0:0:1:0:0"},
    {"ipv6norm", "1.2.3.4", true, "::ffff:102:304"},
    {"ipv6norm", "::ffff:1.2.3.4", true, "::ffff:102:304"},
    {"ipv6norm", "ABCD::EF", true, "abcd::ef"},
    {"ipv6norm", "x", false, "\"x\" is not an IP address"},
    {"ipv6norm", "1::2/64", false, "\"1::2/64\" is not an IP address"},
    {"ipv6norm", "fe80::1%eth0", true, "fe80::1"},
    {"ipv6norm", "fe80::1%", true, "fe80::1"},
    {"ipv6norm", "fe80::1% x", false, "\"fe80::1% x\" is not an IP address"},
    {"ipv6norm", "1.2.3.4%x", false, "\"1.2.3.4%x\" is not an IP address"},
    {"ipv6norm", "", false, "\"\" is not an IP address"},
    {"ipv6norm", "1.2.3.4/8", false, "\"1.2.3.4/8\" is not an IP address"},
    {"ipv6norm", "0:0:0:0:0:0:0:1", true, "::1"},
    {"ipv6norm", "1:0:0:0:0:0:0:0", true, "1::"},
    {"ipv6norm", "0:1:0:0:0:0:0:0", true, "0:1::"},
    {"ipv6norm", "1:0:1:0:1:0:1:0", true, "1::1:0:1:0:1:0"},
    {"ipv6norm", "1:2:3:4:5:6:7:0", true, "1:2:3:4:5:6:7::"},
    {"ipv6norm", "0:2:3:4:5:6:7:8", true, "::2:3:4:5:6:7:8"},
    {"ipv6denorm", "::", true, "0000:0000:0000:0000:0000:0000:0000:0000"},
    {"ipv6denorm", "1.2.3.4", true, "0000:0000:0000:0000:0000:ffff:0102:0304"},
    {"ipv6denorm", "1::2", true, "0001:0000:0000:0000:0000:0000:0000:0002"},
    {"ipv6denorm", "x", false, "\"x\" is not an IP address"},
    {"ipv6denorm", "1::2/64", false, "\"1::2/64\" is not an IP address"},
    {"ipv6denorm", "fe80::1%eth0", true, "fe80:0000:0000:0000:0000:0000:0000:0001"},
    {"reverse_ip", "192.0.2.4", true, "4.2.0.192"},
    {"reverse_ip", "2001:0db8:c42:9:1:abcd:192.0.2.127", true, "f.7.2.0.0.0.0.c.d.c.b.a.1.0.0.0.9.0.0.0.2.4.c.0.8.b.d.0.1.0.0.2"},
    {"reverse_ip", "x", false, "reverse_ip() not given an IP address [x]"},
    {"reverse_ip", "", false, "reverse_ip() not given an IP address []"},
    {"reverse_ip", "1.2.3.4/8", true, "4.3.2.1"},
    {"reverse_ip", "fe80::1%eth0", true, "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f"},
    {"reverse_ip", "::", true, "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"},
    {"reverse_ip", "::ffff:1.2.3.4", true, "4.3.2.1"},
};
// clang-format on

TEST(OperatorsIp, MatchesExim) { check_rows(kRows); }

}  // namespace
}  // namespace corvid::expand::testing
