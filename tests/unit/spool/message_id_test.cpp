// Message ids: Exim 4.96's encoding and Corvid's uniqueness scheme.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "spool/message_id.hpp"

namespace corvid::spool {
namespace {

using namespace std::chrono;

TEST(MessageIdTest, Base62RoundTrip) {
  EXPECT_EQ(base62(1795319231, 6), "1xUyXn");
  EXPECT_EQ(base62(13559, 6), "0003Wh");
  EXPECT_EQ(base62(196, 2), "3A");
  EXPECT_EQ(*decode_base62("1xUyXn"), 1795319231u);
  EXPECT_FALSE(decode_base62("1x-y"));
}

TEST(MessageIdTest, ParsesAndValidates) {
  EXPECT_TRUE(is_message_id("1xUyXn-0003Wh-3A"));
  EXPECT_FALSE(is_message_id("1xUyXn-0003Wh-3"));
  EXPECT_FALSE(is_message_id("1xUyXn_0003Wh-3A"));
  EXPECT_FALSE(is_message_id("1xUyXn-0003Wh-3!"));
  auto p = parse_message_id("1xUyXn-0003Wh-3A");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->seconds, 1795319231);
  EXPECT_EQ(p->pid_field, 13559u);
  EXPECT_EQ(p->fraction, 196u);
  EXPECT_EQ(format_message_id(*p), "1xUyXn-0003Wh-3A");
  EXPECT_EQ(split_subdirectory("1xUyXn-0003Wh-3A"), "n");
}

// Values read from spools that exim4 4.96 wrote (received_time_usec -> FF).
TEST(MessageIdTest, FractionAsExim496) {
  EXPECT_EQ(id_fraction(982108, std::nullopt), 196u);
  EXPECT_EQ(id_fraction(176165, std::nullopt), 35u);
  EXPECT_EQ(base62(id_fraction(722740, 3), 2), "C0");  // localhost_number = 3
  EXPECT_EQ(id_fraction(999999, 16), 3399u);          // the largest: still two digits
}

system_clock::time_point at(std::int64_t sec, std::int64_t usec) {
  return system_clock::time_point(seconds(sec) + microseconds(usec));
}

TEST(MessageIdTest, GeneratorMatchesEximWhenIdle) {
  MessageIdGenerator gen(std::nullopt, 13559);
  EXPECT_EQ(gen.next(at(1795319231, 982108)), "1xUyXn-0003Wh-3A");
  MessageIdGenerator gen3(3, 13559);
  EXPECT_EQ(gen3.next(at(1795319325, 722740)).substr(14), "C0");
}

TEST(MessageIdTest, SameTickTakesNextTickThenPidLanes) {
  MessageIdGenerator gen(std::nullopt, 4242);
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(gen.next(at(1795319231, 0)));
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  // The first ids lead the clock by at most kMaxLeadTicks ticks ...
  auto last_lead = parse_message_id(ids[MessageIdGenerator::kMaxLeadTicks]);
  EXPECT_EQ(last_lead->fraction, unsigned(MessageIdGenerator::kMaxLeadTicks));
  EXPECT_EQ(last_lead->pid_field, 4242u);
  // ... then reuse that tick with pid + k * 2^22.
  auto lane = parse_message_id(ids[MessageIdGenerator::kMaxLeadTicks + 1]);
  EXPECT_EQ(lane->fraction, last_lead->fraction);
  EXPECT_EQ(lane->pid_field, 4242u + (1u << 22));
  // Sorted by (time, fraction, pid field), the order of issue is kept.
  auto sorted = ids;
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    auto x = *parse_message_id(a), y = *parse_message_id(b);
    return std::tie(x.seconds, x.fraction, x.pid_field) < std::tie(y.seconds, y.fraction, y.pid_field);
  });
  EXPECT_EQ(sorted, ids);
}

TEST(MessageIdTest, ClockGoingBackDoesNotRepeat) {
  MessageIdGenerator gen(std::nullopt, 7);
  std::string a = gen.next(at(1000, 500000));
  std::string b = gen.next(at(999, 0));
  EXPECT_NE(a, b);
}

TEST(MessageIdTest, UniqueAcrossThreads) {
  MessageIdGenerator gen;
  std::vector<std::vector<std::string>> per(4);
  std::vector<std::thread> threads;
  for (auto& v : per) {
    threads.emplace_back([&gen, &v] {
      for (int i = 0; i < 5000; ++i) v.push_back(gen.next());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (auto& v : per) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), 20000u);
  gen.wait_past_last_tick();
}

TEST(MessageIdTest, OneGeneratorPerProcess) {
  // Reception and the bounces a delivery writes share it: never the same id.
  MessageIdGenerator& a = process_id_generator(std::nullopt);
  MessageIdGenerator& b = process_id_generator(std::nullopt);
  EXPECT_EQ(&a, &b);
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) EXPECT_TRUE(seen.insert(i % 2 ? a.next() : b.next()).second);
}

}  // namespace
}  // namespace corvid::spool
