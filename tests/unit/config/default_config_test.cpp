// The embedded default configuration loads through the normal parser and
// has the shape of Exim's default configure.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace corvid::config {
namespace {

TEST(DefaultConfig, LoadsCleanly) {
  auto r = load_text(default_configuration_text(), "<default>", {}, nullptr);
  ASSERT_TRUE(r) << r.error().render();
  const Config& c = *r.config();
  ASSERT_NE(c.named_list(lists::Kind::domain, "local_domains"), nullptr);
  EXPECT_EQ(c.named_list(lists::Kind::domain, "local_domains")->text, "@");
  EXPECT_EQ(c.named_list(lists::Kind::domain, "relay_to_domains")->text, "");
  EXPECT_NE(c.named_list(lists::Kind::host, "relay_from_hosts"), nullptr);
  EXPECT_NE(c.acl("acl_check_rcpt"), nullptr);
  EXPECT_NE(c.acl("acl_check_data"), nullptr);
  EXPECT_EQ(c.string_option("acl_smtp_rcpt"), "acl_check_rcpt");
  std::vector<std::string> routers;
  for (const auto& d : c.routers()) {
    routers.push_back(d.name);
  }
  EXPECT_EQ(routers,
            (std::vector<std::string>{"dnslookup", "system_aliases", "userforward", "localuser"}));
  for (const char* t :
       {"remote_smtp", "local_delivery", "address_pipe", "address_file", "address_reply"}) {
    EXPECT_NE(c.instance(DriverKind::transport, t), nullptr) << t;
  }
  ASSERT_EQ(c.retry_rules().size(), 1u);
  EXPECT_EQ(c.retry_rules()[0].text,
            "*                      *           F,2h,15m; G,16h,1h,1.5; F,4d,6h");
  EXPECT_EQ(c.string_option("spool_directory"), "/var/lib/corvid/spool");
}

TEST(DefaultConfig, DataDirectoryFromCommandLine) {
  auto r = load_text(default_configuration_text(), "<default>",
                     {{"CORVID_DATA", "/home/u/.corvid"}}, nullptr);
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_EQ(r.config()->string_option("spool_directory"), "/home/u/.corvid/spool");
  EXPECT_EQ(r.config()->string_option("log_file_path"), "/home/u/.corvid/log/%slog");
  EXPECT_EQ(
      r.config()->instance(DriverKind::transport, "local_delivery")->string_option("directory"),
      "/home/u/.corvid/mail/${local_part_data}");
  EXPECT_FALSE(default_data_directory().empty());
}

}  // namespace
}  // namespace corvid::config
