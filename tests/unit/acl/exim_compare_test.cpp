// Decisions compared with Exim 4.96. Each case is a one-statement-or-more
// RCPT ACL and what "exim4 -C t.conf -bh 1.2.3.4" answered to
// "HELO x / MAIL FROM:<a@b.c> / RCPT TO:<d@e.f>" (reply line and the text
// after "rejected RCPT <d@e.f>: " in the LOG line), recorded by hand on
// 2026-11-22 with exim4 4.96-1 (Debian heavy daemon).
//
// With CORVID_EXIM_COMPARE=1 in the environment and exim4 installed, the
// test also runs exim4 itself for each case (needs root for -C) and checks
// the recorded reply still holds.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../lookup/test_dir.hpp"
#include "acl/replies.hpp"
#include "fake_session.hpp"

namespace corvid::acl::testing {
namespace {

struct EximCase {
  const char* acl;    // the body of the RCPT ACL
  const char* reply;  // the RCPT reply exim4 sent ("" for 250 with no text check)
  const char* log;    // the rejection's log text after ": " ("" for none)
};

constexpr EximCase kCases[] = {
    {"  deny", "550 Administrative prohibition", ""},
    {"  defer", "451 Temporary local problem - please try later", ""},
    {"  drop", "550 Administrative prohibition", ""},
    {"  warn", "550 Administrative prohibition", ""},
    {"  deny message = go away", "550 go away", "go away"},
    {"  deny message = 599 5.7.1 go away", "599 5.7.1 go away", "599 5.7.1 go away"},
    {"  deny message = 499 go away", "550 go away", "550 go away"},
    {"  deny log_message = why", "550 Administrative prohibition", "why"},
    {"  require message = need\n  hosts = 9.9.9.9", "550 need", "need"},
    {"  require hosts = 9.9.9.9", "550 Administrative prohibition", ""},
    {"  accept hosts = 1.2.3.4\n  endpass\n  hosts = 9.9.9.9\n  message = endpassmsg",
     "550 Administrative prohibition", ""},
    {"  accept condition = maybe", "451 Temporary local problem - please try later",
     "invalid \"condition\" value \"maybe\""},
    {"  accept acl = nosuch", "451 Temporary local problem - please try later",
     "unknown ACL verb \"nosuch\" in \"nosuch\""},
    {"  deny message = ${if eq{1}{2}{yes}fail}", "550 Administrative prohibition", ""},
    {"  accept condition = ${if eq{1}{2}{yes}fail}", "250", ""},
    {"  accept", "250", ""},
    {"  deny ratelimit = 1/1h/strict/cmp-$tod_epoch_l\n  message = $sender_rate/$sender_rate_period",
     "550 1.0/1h", "1.0/1h"},
};

// Builds Corvid's reply line for a result, as the SMTP layer will.
std::string reply_line(const Result& r) {
  if (r.status == Status::ok || r.status == Status::discard) {
    return "250";
  }
  Reply rep = rejection_reply(Where::rcpt, r);
  std::string line = std::to_string(rep.code) + " ";
  if (!rep.extended.empty()) {
    line += rep.extended + " ";
  }
  return line + rep.text;
}

// The log text the SMTP layer will write after "rejected RCPT <x>: ".
std::string log_text(const Result& r) {
  if (r.status == Status::fail && !r.log_message.empty() && !r.user_message.empty()) {
    Reply rep = rejection_reply(Where::rcpt, r);
    if (!rep.warning.empty()) {  // Exim logs the corrected code
      return std::to_string(rep.code) + " " + rep.text.substr(0, rep.text.find('\n'));
    }
  }
  return r.log_message;
}

TEST(EximCompare, RecordedDecisions) {
  corvid::testing::TempDir dir;
  std::string error;
  auto db = RatelimitDb::open_in_spool(dir.path(), error);
  for (const EximCase& c : kCases) {
    FakeSession s;
    s.db_ = db.get();
    s.vars_["tod_epoch_l"] = "1";
    auto set = load_ok(std::string("a:\n") + c.acl + "\n");
    Result r = run(*set, *set->named("a"), s);
    EXPECT_EQ(reply_line(r), c.reply) << c.acl;
    EXPECT_EQ(log_text(r), c.log) << c.acl;
  }
}

// Live comparison (opt-in): the reply exim4 gives to RCPT for each case.
std::string exim_rcpt_reply(const std::string& dir, const std::string& acl) {
  std::string conf = dir + "/t.conf";
  std::ofstream(conf) << "spool_directory = " << dir << "/spool\nlog_file_path = " << dir
                      << "/%slog\nprimary_hostname = test.example\nacl_smtp_rcpt = a\n"
                      << "begin acl\na:\n" << acl << "\n";
  std::string cmd = "printf 'helo x\\r\\nmail from:<a@b.c>\\r\\nrcpt to:<d@e.f>\\r\\nquit\\r\\n' | "
                    "exim4 -C " + conf + " -bh 1.2.3.4 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    return {};
  }
  char buf[512];
  std::vector<std::string> replies;
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    std::string l(buf);
    if (l.size() > 3 && std::isdigit(static_cast<unsigned char>(l[0]))) {
      replies.push_back(l.substr(0, l.find_last_not_of("\r\n") + 1));
    }
  }
  ::pclose(p);
  return replies.size() >= 4 ? replies[3] : std::string();  // banner, HELO, MAIL, RCPT
}

TEST(EximCompare, LiveExim) {
  const char* want = std::getenv("CORVID_EXIM_COMPARE");
  if (want == nullptr || std::string(want) != "1" ||
      !std::filesystem::exists("/usr/sbin/exim4")) {
    GTEST_SKIP() << "set CORVID_EXIM_COMPARE=1 (and install exim4) to run exim4 -bh";
  }
  corvid::testing::TempDir dir;
  std::filesystem::create_directories(dir.path() + "/spool");
  std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  std::filesystem::permissions(dir.path() + "/spool", std::filesystem::perms::all);
  for (const EximCase& c : kCases) {
    std::string got = exim_rcpt_reply(dir.path(), c.acl);
    if (std::string(c.reply) == "250") {
      EXPECT_TRUE(got.starts_with("250")) << c.acl << " -> " << got;
    } else {
      EXPECT_EQ(got, c.reply) << c.acl;
    }
  }
}

}  // namespace
}  // namespace corvid::acl::testing
