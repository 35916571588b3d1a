// ratelimit: the smoothing formula, update modes, per_* counting, unique=,
// caching, persistence in a temporary LMDB file, and argument errors (texts
// as exim4 4.96 -bh logged them; the -bh runs also showed: first sight
// rate = count, an immediate second strict hit 2.0, readonly 2.0 without
// update, leaky over the limit 3.0 not stored, count=2.5 adds 2.5,
// per_byte keyed as per_mail, per_addr as per_rcpt/unique).
#include <gtest/gtest.h>

#include <cmath>

#include "../lookup/test_dir.hpp"
#include "acl/ratelimit.hpp"
#include "fake_session.hpp"

namespace corvid::acl::testing {
namespace {

class RatelimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    db_ = RatelimitDb::open_in_spool(dir_.path(), error);
    ASSERT_NE(db_, nullptr) << error;
    s_.db_ = db_.get();
  }
  // Runs "deny ratelimit = ARG" with a message showing the variables.
  Result check(const std::string& arg) {
    auto set = load_ok("a:\n  deny ratelimit = " + arg +
                       "\n  message = $sender_rate/$sender_rate_period/$sender_rate_limit\n"
                       "  accept message = $sender_rate/$sender_rate_period/$sender_rate_limit\n");
    s_.acl_vars_.reset_message();
    return run(*set, *set->named("a"), s_);
  }
  corvid::testing::TempDir dir_;
  std::unique_ptr<RatelimitDb> db_;
  FakeSession s_;
};

TEST(RateFormula, Smoothing) {
  EXPECT_DOUBLE_EQ(compute_rate(std::nullopt, 100, 3600, 1), 1.0);
  RateRecord r{100, 2.0, 0, {}};
  EXPECT_NEAR(compute_rate(r, 100, 3600, 1), 3.0, 1e-6);
  double a = std::exp(-1.0);
  EXPECT_NEAR(compute_rate(r, 3700, 3600, 1), (1 - a) * 1 + a * 2.0, 1e-9);
  EXPECT_NEAR(compute_rate(r, 100 + 36000, 3600, 0), 2.0 * std::exp(-10.0), 1e-12);
}

TEST_F(RatelimitTest, ModesAsEximShowed) {
  EXPECT_EQ(check("1/1h/strict").user_message, "1.0/1h/1");
  EXPECT_EQ(check("1/1h/strict").user_message, "2.0/1h/1");
  EXPECT_EQ(check("1/1h/readonly").user_message, "2.0/1h/1");
  EXPECT_EQ(check("1/1h/leaky").user_message, "3.0/1h/1");
  EXPECT_EQ(check("1/1h/leaky").user_message, "3.0/1h/1");  // not stored
  EXPECT_EQ(check("1.50/1h/count=2.5").user_message, "4.5/1h/1.50");
  Result r = check("10/1h/readonly");
  EXPECT_EQ(r.status, Status::ok);  // 2.0 < 10: condition false, accept
  EXPECT_EQ(r.user_message, "2.0/1h/10");
}

TEST_F(RatelimitTest, DecaysWithTime) {
  check("100/1h/strict");
  s_.now_ += std::chrono::hours(1);
  double expected = (1 - std::exp(-1.0)) + std::exp(-1.0) * 1.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f/1h/100", expected);
  EXPECT_EQ(check("100/1h/strict").user_message, buf);
}

TEST_F(RatelimitTest, PersistsAcrossOpen) {
  check("5/1d/strict/key1");
  check("5/1d/strict/key1");
  s_.db_ = nullptr;
  db_.reset();
  std::string error;
  db_ = RatelimitDb::open_in_spool(dir_.path(), error);
  s_.db_ = db_.get();
  std::optional<RateRecord> rec = db_->get("1d/per_mail/key1", error);
  ASSERT_TRUE(rec.has_value());
  EXPECT_NEAR(rec->rate, 2.0, 1e-6);
  EXPECT_EQ(check("5/1d/readonly/key1").user_message, "2.0/1d/5");
}

TEST_F(RatelimitTest, PerOptions) {
  EXPECT_EQ(check("1/1h/readonly/per_rcpt").user_message, "0.0/1h/1");
  s_.size_ = 2048;
  EXPECT_EQ(check("2K/1h/per_byte/strict/k").user_message, "2048.0/1h/2K");
  s_.where_ = Where::data;
  s_.rcpt_count_ = 4;
  EXPECT_EQ(check("100/1h/per_rcpt/strict/k2").user_message, "4.0/1h/100");
  s_.where_ = Where::connect;
  Result r = check("100/1h/per_mail/k3");  // not allowed here: readonly
  EXPECT_EQ(r.user_message, "0.0/1h/100");
  r = check("100/1h/per_mail/strict/k3");
  EXPECT_EQ(r.status, Status::error);
}

TEST_F(RatelimitTest, UniqueCountsDistinctValues) {
  check("10/1h/strict/unique=x/u");
  check("10/1h/strict/unique=x/u");
  EXPECT_EQ(check("10/1h/strict/unique=y/u").user_message, "2.0/1h/10");
  s_.recipient_ = Recipient{"p@q.r", "p", "q.r"};
  check("10/1h/per_addr/strict/v");
  EXPECT_EQ(check("10/1h/per_addr/strict/v").user_message, "1.0/1h/10");
}

TEST_F(RatelimitTest, SameLimitTwiceInOneMessageCountsOnce) {
  auto set = load_ok("a:\n  warn ratelimit = 10/1h/strict/c\n  warn ratelimit = 10/1h/strict/c\n"
                     "  accept message = $sender_rate\n");
  EXPECT_EQ(run(*set, *set->named("a"), s_).user_message, "1.0");
}

TEST_F(RatelimitTest, ArgumentErrors) {
  struct Case {
    const char* arg;
    const char* error;
  } cases[] = {
      {"x/1h", "\"x\" is not a positive number"},
      {"1/xx", "\"xx\" is not a time value"},
      {"1", "\"NULL\" is not a time value"},
      {"-1/1h", "\"-1\" is not a positive number"},
      {"1/0s", "\"0s\" is not a time value"},
      {"1/1h/count=x", "\"count=x\" is not a positive number"},
      {"1/1h/per_mail/per_rcpt", "conflicting per_* options"},
      {"1/1h/strict/leaky", "conflicting update modes"},
  };
  for (const Case& c : cases) {
    Result r = check(c.arg);
    EXPECT_EQ(r.status, Status::error) << c.arg;
    EXPECT_EQ(r.log_message, std::string("error in arguments to \"ratelimit\" condition: ") +
                                 c.error);
  }
}

TEST(Ratelimit, NoDatabaseDefers) {
  FakeSession s;
  auto set = load_ok("a:\n  deny ratelimit = 1/1h\n");
  Result r = run(*set, *set->named("a"), s);
  EXPECT_EQ(r.status, Status::defer);
  EXPECT_EQ(r.log_message, "ratelimit database not available");
}

}  // namespace
}  // namespace corvid::acl::testing
