// log_selector parsing. Expected error texts are what exim4 4.96 printed for
// `exim4 -C conf -bV` with `log_selector = <setting>` (stderr, after
// "Exim configuration error:").
#include "log/selector.hpp"

#include <gtest/gtest.h>

namespace corvid::log {
namespace {

Selector parsed(std::string_view s) {
  auto r = Selector::parse(s);
  EXPECT_TRUE(std::holds_alternative<Selector>(r)) << s;
  return std::get<Selector>(r);
}

std::string error_of(std::string_view s) {
  auto r = Selector::parse(s);
  EXPECT_TRUE(std::holds_alternative<SelectorError>(r)) << s;
  return std::holds_alternative<SelectorError>(r) ? std::get<SelectorError>(r).message : "";
}

TEST(Selector, DefaultsAreExims) {
  Selector s;
  for (Sel on :
       {Sel::acl_warn_skipped, Sel::connection_reject, Sel::delay_delivery, Sel::dkim,
        Sel::dnslist_defer, Sel::etrn, Sel::host_lookup_failed, Sel::lost_incoming_connection,
        Sel::msg_id, Sel::outgoing_interface, Sel::queue_run, Sel::rejected_header,
        Sel::retry_defer, Sel::sender_verify_fail, Sel::size_reject, Sel::skip_delivery,
        Sel::smtp_confirmation, Sel::tls_certificate_verified, Sel::tls_cipher}) {
    EXPECT_TRUE(s.has(on)) << selector_name(on);
  }
  for (Sel off : {Sel::pid, Sel::millisec, Sel::smtp_connection, Sel::incoming_port, Sel::subject,
                  Sel::tls_peerdn, Sel::tls_sni, Sel::proxy, Sel::pipelining,
                  Sel::received_recipients, Sel::eightbitmime}) {
    EXPECT_FALSE(s.has(off)) << selector_name(off);
  }
  EXPECT_EQ(parsed(""), Selector());
  EXPECT_EQ(Selector().describe(), "");
}

TEST(Selector, EveryNameIsAccepted) {
  // Each of these was accepted by exim4 4.96 as `+name`.
  for (const auto& info : selector_table()) {
    Selector s = parsed("+" + std::string(info.name));
    EXPECT_TRUE(s.has(info.sel)) << info.name;
    EXPECT_FALSE(parsed("-" + std::string(info.name)).has(info.sel)) << info.name;
  }
  EXPECT_EQ(selector_table().size(), 57u);
}

TEST(Selector, PlusAndMinusLeftToRight) {
  Selector s = parsed("+all -retry_defer +smtp_connection");
  EXPECT_TRUE(s.has(Sel::pid));
  EXPECT_FALSE(s.has(Sel::retry_defer));
  EXPECT_EQ(parsed("-all").bits(), 0u);
  EXPECT_EQ(parsed("+all").bits(), Selector::all().bits());
  EXPECT_FALSE(parsed("+all-pid").has(Sel::pid));  // accepted by 4.96
  EXPECT_TRUE(parsed("  +pid\t -all +pid ").has(Sel::pid));
  EXPECT_TRUE(parsed("+rejected_headers").has(Sel::rejected_header));
  EXPECT_EQ(parsed("+pid -dkim").describe(), "-dkim +pid");
}

TEST(Selector, ExitErrorsInEximsWords) {
  EXPECT_EQ(error_of("+foo"), "unknown log_selector setting: +foo");
  EXPECT_EQ(error_of("-bar +all"), "unknown log_selector setting: -bar");
  EXPECT_EQ(error_of("all"), "malformed log_selector setting: + or - expected but found \"all\"");
  EXPECT_EQ(error_of("+"), "unknown log_selector setting: +");
  EXPECT_EQ(error_of("+ pid"), "unknown log_selector setting: +");
  EXPECT_EQ(error_of("+PID"), "unknown log_selector setting: +PID");
  EXPECT_EQ(error_of("+pid,+all"),
            "malformed log_selector setting: + or - expected but found \",+all\"");
  EXPECT_EQ(error_of("+pi"), "unknown log_selector setting: +pi");
}

}  // namespace
}  // namespace corvid::log
