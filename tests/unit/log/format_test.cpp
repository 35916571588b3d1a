// Escaping, intervals and host identity. The H= forms were produced with
// exim4 4.96: `exim4 -C conf -bs -oMa 127.0.0.1.4567 -oMs mx.name.ex -oMt ''`
// with log_selector = +incoming_port and the HELO shown, then a rejected
// RCPT; the mainlog line's H= field is quoted.
#include "log/format.hpp"

#include <gtest/gtest.h>

// Events are built with designated initializers that leave fields at their
// defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace corvid::log {
namespace {

using namespace std::chrono_literals;

Selector with(std::string_view s) { return std::get<Selector>(Selector::parse(s)); }

TEST(Format, FullHostFollowsHeloRules) {
  Selector sel = with("+incoming_port");
  HostId h{.name = "mx.name.ex", .helo = "", .ip = "127.0.0.1", .port = 4567};
  auto fh = [&](std::string helo) {
    h.helo = std::move(helo);
    return full_host(h, sel);
  };
  EXPECT_EQ(fh("[127.0.0.1]"), "mx.name.ex [127.0.0.1]:4567");
  EXPECT_EQ(fh("client.ex"), "mx.name.ex (client.ex) [127.0.0.1]:4567");
  EXPECT_EQ(fh("mx.name.ex"), "mx.name.ex [127.0.0.1]:4567");
  EXPECT_EQ(fh("MX.NAME.EX"), "mx.name.ex [127.0.0.1]:4567");
  EXPECT_EQ(fh("[127.0.0.2]"), "mx.name.ex ([127.0.0.2]) [127.0.0.1]:4567");
  h.name.clear();
  // `exim4 -bh 127.0.0.1.4567`, no host name: the literal stays.
  EXPECT_EQ(fh("[127.0.0.1]"), "([127.0.0.1]) [127.0.0.1]:4567");
  EXPECT_EQ(fh(""), "[127.0.0.1]:4567");
  EXPECT_EQ(full_host(h, Selector()), "[127.0.0.1]");
}

TEST(Format, HostAndIdent) {
  // -bs -oMa 192.0.2.7.40000 -oMi 10.0.0.1.25 as root, +incoming_interface
  // +incoming_port: "H=(client.ex) [192.0.2.7]:40000 I=[10.0.0.1]:25 U=root"
  HostId h{.helo = "client.ex",
           .ip = "192.0.2.7",
           .port = 40000,
           .interface_ip = "10.0.0.1",
           .interface_port = 25,
           .ident = "root"};
  EXPECT_EQ(host_and_ident(h, with("+incoming_interface +incoming_port")),
            "H=(client.ex) [192.0.2.7]:40000 I=[10.0.0.1]:25 U=root");
  EXPECT_EQ(host_and_ident(h, Selector()), "H=(client.ex) [192.0.2.7] U=root");
  HostId local{.ident = "root"};
  EXPECT_EQ(host_and_ident(local, Selector()), "U=root");
  EXPECT_EQ(connection_subject(local, Selector()), "root");
}

TEST(Format, Printing) {
  // Subject: a "q" \ b<TAB>c =?iso-8859-1?q?=E9?= <0x01>, logged by 4.96 as
  // T="a \"q\" \\ b<TAB>c \303\251 \001"
  EXPECT_EQ(printing("a \"q\" \\ b\tc \xc3\xa9 \x01", true, true),
            "a \\\"q\\\" \\\\ b\tc \\303\\251 \\001");
  EXPECT_EQ(printing("EHLO early\r\nMAIL FROM:<a@b>\r\n"), "EHLO early\\r\\nMAIL FROM:<a@b>\\r\\n");
  EXPECT_EQ(printing("a\tb"), "a\\tb");
}

TEST(Format, Intervals) {
  EXPECT_EQ(print_time(0s), "0s");
  EXPECT_EQ(print_time(225s), "3m45s");
  EXPECT_EQ(print_time(3600s), "1h");
  EXPECT_EQ(print_time(std::chrono::seconds(9 * 86400 + 7)), "1w2d7s");
  EXPECT_EQ(time_diff(302000us, Selector()), "0s");
  EXPECT_EQ(time_diff(302000us, with("+millisec")), "0.302s");
  EXPECT_EQ(time_diff(1000us, with("+millisec")), "0.001s");
  EXPECT_EQ(time_diff(4999999us, with("+millisec")), "4.999s");
  EXPECT_EQ(time_diff(65000000us, with("+millisec")), "1m5s");
}

}  // namespace
}  // namespace corvid::log
