// Live comparison with exim4 4.96: spools that Exim writes at run time are
// read by Corvid, written back byte for byte, and listed as `exim -bp`
// lists them. Skipped without exim4 or root.
#include <gtest/gtest.h>

#include <ctime>

#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/queue_list.hpp"
#include "spool_test_support.hpp"

namespace corvid::spool {
namespace {

using testing::TempDir;

const char* const kSmtpSession =
    "EHLO client.example\r\n"
    "MAIL FROM:<s@x> RET=HDRS ENVID=abc+2Bdef SMTPUTF8\r\n"
    "RCPT TO:<a@b> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;A@B\r\n"
    "RCPT TO:<c@d>\r\n"
    "RCPT TO:<e@f> NOTIFY=NEVER\r\n"
    "DATA\r\n"
    "From: Some One <s@x>\r\nTo: a@b,\r\n  c@d\r\nCc: e@f\r\nBcc: h@h\r\nReply-To: r@x\r\n"
    "Sender: snd@x\r\nMessage-ID: <abc@x>\r\nSubject: test\r\n\r\nline one\r\n\r\n..dot\r\n.\r\n"
    "QUIT\r\n";

class EximSpoolTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (std::string why = testing::exim_unavailable(); !why.empty()) GTEST_SKIP() << why;
    split_ = GetParam();
    conf_ = testing::write_exim_config(dir_.path(), split_ ? "split_spool_directory\n" : "");
    ASSERT_EQ(testing::run_exim(conf_, "-odq -f sender@x rcpt@y", "Subject: hi\nTo: a@b\n\nbody\n"), 0);
    ASSERT_EQ(testing::run_exim(conf_, "-bs -oMa 192.0.2.7.4321 -oMi 192.0.2.1.25", kSmtpSession), 0);
  }
  SpoolLayout layout() const { return SpoolLayout(dir_.path() / "spool", split_); }

  TempDir dir_;
  std::filesystem::path conf_;
  bool split_ = false;
};

TEST_P(EximSpoolTest, ReadsAndRewritesExactly) {
  auto ids = list_message_ids(layout());
  ASSERT_EQ(ids.size(), 2u);
  for (const std::string& id : ids) {
    std::string bytes = testing::slurp(layout().input_file(id, "-H"));
    HeaderReadResult r = read_header_file(bytes, id);
    ASSERT_TRUE(r.ok()) << id << ": " << r.error->reason;
    EXPECT_EQ(write_header_file(*r.file), bytes) << id;
    std::error_code ec;
    EXPECT_TRUE(read_data_body(layout(), id, ec)) << ec.message();
  }
}

TEST_P(EximSpoolTest, CraftedLocalEnvelopeMatchesExim) {
  std::string id = list_message_ids(layout()).front();
  std::string exim_bytes = testing::slurp(layout().input_file(id, "-H"));
  HeaderFile seen = *read_header_file(exim_bytes).file;
  HeaderFile h;  // what Corvid fills in for `-odq -f sender@x rcpt@y` from root
  h.id = id;
  h.originator_login = "root";
  h.sender = "sender@x";
  h.received_time = seen.received_time;
  h.received_time_usec = seen.received_time_usec;
  h.received_time_complete = seen.received_time_complete;
  h.ident = SpoolString{"root", false, ""};
  h.received_protocol = SpoolString{"local", false, ""};
  h.body_linecount = 1;
  h.max_received_linelength = seen.max_received_linelength;
  h.allow_unqualified_recipient = h.allow_unqualified_sender = h.deliver_firsttime = true;
  h.recipients = {Recipient{"rcpt@y", "", 0, "", -1}};
  h.headers = seen.headers;  // built by message/, not by the spool
  EXPECT_EQ(write_header_file(h), exim_bytes);
}

TEST_P(EximSpoolTest, ListingMatchesEximBp) {
  auto ids = list_message_ids(layout());
  ASSERT_EQ(testing::run_exim(conf_, "-Mmd " + ids[1] + " a@b", ""), 0);
  ASSERT_EQ(testing::run_exim(conf_, "-Mf " + ids[0], ""), 0);
  ASSERT_EQ(testing::run_exim(conf_, "-bp", ""), 0);
  std::string exim_out = testing::slurp(dir_.path() / "exim-output");
  std::string ours = format_queue_listing(scan_queue(layout()), std::time(nullptr));
  EXPECT_EQ(ours, exim_out);
}

INSTANTIATE_TEST_SUITE_P(SplitOrNot, EximSpoolTest, ::testing::Bool());

}  // namespace
}  // namespace corvid::spool
