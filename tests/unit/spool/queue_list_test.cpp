// Queue listing text and the -M operations.
#include <gtest/gtest.h>

#include "spool/commit.hpp"
#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/queue_list.hpp"
#include "spool/queue_ops.hpp"
#include "spool_test_support.hpp"

namespace corvid::spool {
namespace {

TEST(QueueListTest, Sizes) {
  EXPECT_EQ(format_queue_size(286), "  286");
  EXPECT_EQ(format_queue_size(1023), " 1023");
  EXPECT_EQ(format_queue_size(1024), " 1.0K");
  EXPECT_EQ(format_queue_size(20000), "  20K");
  EXPECT_EQ(format_queue_size(5 * 1024 * 1024), " 5.0M");
  EXPECT_EQ(format_queue_size(50u * 1024 * 1024), "  50M");
}

TEST(QueueListTest, Ages) {
  EXPECT_EQ(format_queue_age(59), " 0m ");
  EXPECT_EQ(format_queue_age(90 * 60), "90m ");
  EXPECT_EQ(format_queue_age(91 * 60), " 2h ");
  EXPECT_EQ(format_queue_age(72 * 3600), "72h ");
  EXPECT_EQ(format_queue_age(80 * 3600), " 3d ");
}

TEST(QueueListTest, MessageBlock) {
  QueuedMessage m;
  m.id = "1xUyXv-0003cJ-0Z";
  m.received_time = 1000;
  m.size = 396;
  m.envelope_read = true;
  m.sender = "s@x";
  m.frozen = true;
  m.recipients = {{"a@b", true}, {"c@d", false}};
  EXPECT_EQ(format_queued_message(m, 1000),
            " 0m   396 1xUyXv-0003cJ-0Z <s@x> *** frozen ***\n        D a@b\n          c@d\n\n");
  ListingOptions u;
  u.undelivered_only = true;
  EXPECT_EQ(format_queued_message(m, 1000, u),
            " 0m   396 1xUyXv-0003cJ-0Z <s@x> *** frozen ***\n          c@d\n\n");
}

class QueueOpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HeaderFile h;
    h.id = id_;
    h.sender = "s@x";
    h.received_time = 1795319239;
    h.recipients = {Recipient{"a@b", "", 0, "", -1}, Recipient{"c@d", "", 0, "", -1}};
    h.headers = {{kHeaderOther, "Subject: t\n"}};
    DataFileWriter data;
    ASSERT_FALSE(data.create(layout_, id_));
    ASSERT_FALSE(data.write("body\n"));
    ASSERT_FALSE(commit_now(CommitRequest{layout_, id_, data.fd(), write_header_file(h)}));
    ASSERT_FALSE(append_msglog(layout_, id_, "2026-11-22 03:47:19 Received from s@x"));
    ASSERT_FALSE(append_journal(layout_, id_, "c@d"));
  }
  testing::TempDir dir_;
  SpoolLayout layout_{dir_.path(), true};
  std::string id_ = "1xUyXv-0003cJ-0Z";
};

TEST_F(QueueOpsTest, ScanMarksJournalDeliveries) {
  auto q = scan_queue(SpoolLayout(dir_.path(), false));  // found in the split subdirectory
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].size, 11u + 5 + 1);
  EXPECT_FALSE(q[0].recipients[0].delivered);
  EXPECT_TRUE(q[0].recipients[1].delivered);
}

TEST_F(QueueOpsTest, ViewsAndRemove) {
  EXPECT_EQ(view_data_file(layout_, id_).text, id_ + "-D\nbody\n");
  EXPECT_EQ(view_message_log(layout_, id_).text, "2026-11-22 03:47:19 Received from s@x\n");
  EXPECT_TRUE(view_header_file(layout_, id_).text.starts_with(id_ + "-H\n"));
  OpResult gone = view_header_file(layout_, "1xUyXv-0003cJ-0Y");
  EXPECT_FALSE(gone.ok);
  EXPECT_EQ(gone.text, "Failed to open input file for 1xUyXv-0003cJ-0Y-H: No such file or directory\n");
  OpResult rm = remove_message(layout_, id_);
  EXPECT_TRUE(rm.ok);
  EXPECT_EQ(rm.text, "Message " + id_ + " has been removed\n");
  EXPECT_TRUE(scan_queue(layout_).empty());
  EXPECT_FALSE(remove_message(layout_, id_).ok);
}

}  // namespace
}  // namespace corvid::spool
