// Durable commit: files in place after success, nothing left after a
// failure, many sessions grouped into few rounds, both APIs.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "spool/commit.hpp"
#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/message_id.hpp"
#include "spool/queue_list.hpp"
#include "spool_test_support.hpp"

namespace corvid::spool {
namespace {

namespace fs = std::filesystem;

HeaderFile envelope(const std::string& id) {
  HeaderFile h;
  h.id = id;
  h.originator_login = "corvid";
  h.sender = "s@x";
  h.received_time = 1795319239;
  h.recipients.push_back(Recipient{"r@y", "", 0, "", -1});
  h.headers.push_back({kHeaderOther, "Subject: t\n"});
  return h;
}

CommitRequest prepare(const SpoolLayout& layout, const std::string& id, DataFileWriter& data) {
  EXPECT_FALSE(data.create(layout, id));
  EXPECT_FALSE(data.write("body\n"));
  return CommitRequest{layout, id, data.fd(), write_header_file(envelope(id))};
}

TEST(CommitTest, CommitNowPutsBothFilesInPlace) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), true);
  MessageIdGenerator gen;
  std::string id = gen.next();
  DataFileWriter data;
  ASSERT_FALSE(commit_now(prepare(layout, id, data)));
  EXPECT_TRUE(fs::exists(layout.input_file(id, "-H")));
  EXPECT_FALSE(fs::exists(layout.header_temp_file(id)));
  EXPECT_EQ(testing::slurp(layout.input_file(id, "-D")), id + "-D\nbody\n");
  EXPECT_EQ(list_message_ids(layout), std::vector<std::string>{id});
}

TEST(CommitTest, DuplicateIdIsRefused) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), false);
  DataFileWriter a, b;
  ASSERT_FALSE(a.create(layout, "1xUyXv-0003cJ-0Z"));
  EXPECT_EQ(b.create(layout, "1xUyXv-0003cJ-0Z"), std::errc::file_exists);
}

TEST(CommitTest, FailureLeavesNothing) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), false);
  std::string id = "1xUyXv-0003cJ-0Z";
  DataFileWriter data;
  CommitRequest r = prepare(layout, id, data);
  fs::create_directory(layout.header_temp_file(id));  // makes the hdr. open fail
  EXPECT_TRUE(commit_now(r));
  EXPECT_FALSE(fs::exists(layout.input_file(id, "-D")));
  EXPECT_FALSE(fs::exists(layout.input_file(id, "-H")));
}

TEST(CommitTest, GroupsManySessionsIntoFewRounds) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), false);
  MessageIdGenerator gen;
  Committer committer;
  constexpr int kSessions = 8, kEach = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> sessions;
  for (int s = 0; s < kSessions; ++s) {
    sessions.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        DataFileWriter data;
        std::string id = gen.next();
        if (!committer.submit(prepare(layout, id, data)).get()) ++ok;
      }
    });
  }
  for (auto& t : sessions) t.join();
  EXPECT_EQ(ok, kSessions * kEach);
  EXPECT_EQ(list_message_ids(layout).size(), std::size_t(kSessions * kEach));
  Committer::Stats st = committer.stats();
  EXPECT_EQ(st.messages, std::uint64_t(kSessions * kEach));
  EXPECT_LT(st.rounds, st.messages);
  EXPECT_EQ(st.directory_syncs, st.rounds);
}

TEST(CommitTest, CallbackFormAndBackpressure) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), false);
  MessageIdGenerator gen;
  std::vector<DataFileWriter> files(20);
  std::atomic<int> done{0}, refused{0};
  {
    Committer committer(Committer::Options{2, 1});
    for (auto& f : files) {
      committer.submit(prepare(layout, gen.next(), f), [&](std::error_code ec) {
        ++done;
        if (ec == std::errc::resource_unavailable_try_again) ++refused;
      });
    }
  }  // the destructor completes what was accepted
  EXPECT_EQ(done, 20);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(list_message_ids(layout).size(), std::size_t(20 - refused));
}

TEST(CommitTest, StaleRelicsAreRemoved) {
  testing::TempDir dir;
  SpoolLayout layout(dir.path(), false);
  fs::create_directories(layout.input_root());
  testing::spit(layout.input_root() / "1xUyXv-0003cJ-0Z-D", "x");
  testing::spit(layout.input_root() / "hdr.1xUyXv-0003cJ-0Z", "x");
  testing::spit(layout.input_root() / "1xUyXv-0003cJ-0Y-D", "x");
  testing::spit(layout.input_root() / "1xUyXv-0003cJ-0Y-H", "x");
  EXPECT_EQ(remove_stale_spool_files(layout, std::chrono::seconds(3600)), 0u);
  EXPECT_EQ(remove_stale_spool_files(layout, std::chrono::seconds(-10)), 2u);
  EXPECT_TRUE(fs::exists(layout.input_root() / "1xUyXv-0003cJ-0Y-D"));
}

}  // namespace
}  // namespace corvid::spool
