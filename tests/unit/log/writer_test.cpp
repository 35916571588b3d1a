// The Logger, log_file_path naming and syslog splitting, in a temp dir.
// Prefix formats were checked against exim4 4.96 logs: "2026-11-22
// 03:47:15 " by default, "2026-11-22 03:47:15.876 [13740] " with +millisec
// +pid, "2026-11-22 03:48:38.449 +0000 [20372] " with log_timezone = true.
#include "log/writer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "log/events.hpp"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace corvid::log {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "corvid-log-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// 2026-11-22 03:47:15.876 UTC, whatever TZ says: tests run with TZ=UTC.
std::chrono::system_clock::time_point fixed_time() {
  return std::chrono::system_clock::from_time_t(1795319235) + std::chrono::milliseconds(876);
}

struct Recorder : SyslogSink {
  std::vector<std::pair<int, std::string>> calls;
  void send(int priority, std::string_view piece) override {
    calls.emplace_back(priority, std::string(piece));
  }
};

class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  LoggerOptions options(std::string selector = "") {
    LoggerOptions o;
    o.destinations.file_pattern = (dir.path / "%slog").string();
    o.selector = std::get<Selector>(Selector::parse(selector));
    o.pid = 13740;
    o.clock = fixed_time;
    return o;
  }
  TempDir dir;
};

TEST_F(LoggerTest, PrefixFollowsSelectors) {
  EXPECT_EQ(Logger(options()).prefix(), "2026-11-22 03:47:15 ");
  EXPECT_EQ(Logger(options("+millisec +pid")).prefix(), "2026-11-22 03:47:15.876 [13740] ");
  auto o = options("+millisec +pid");
  o.log_timezone = true;
  EXPECT_EQ(Logger(o).prefix(), "2026-11-22 03:47:15.876 +0000 [13740] ");
}

TEST_F(LoggerTest, RejectionGoesToMainAndRejectWithHeaders) {
  Logger log(options());
  Rejection r{.message_id = "1xUybG-000063-0P",
              .host = HostId{.helo = "client.ex", .ip = "192.0.2.7"},
              .where = AclWhere::data,
              .sender = "a@b.ex",
              .message = "content rejected",
              .rejected = RejectedMessage{.envelope_from = "a@b.ex",
                                          .envelope_to = {"u1@test.ex"},
                                          .headers = {{' ', "Subject: reject me\n"}}}};
  EXPECT_TRUE(log.log(r));
  const std::string line =
      "2026-11-22 03:47:15 1xUybG-000063-0P H=(client.ex) [192.0.2.7] F=<a@b.ex> rejected after "
      "DATA: content rejected\n";
  EXPECT_EQ(slurp(dir.path / "mainlog"), line);
  EXPECT_EQ(slurp(dir.path / "rejectlog"),
            line + "Envelope-from: <a@b.ex>\nEnvelope-to: <u1@test.ex>\n  Subject: reject me\n");
  EXPECT_FALSE(fs::exists(dir.path / "paniclog"));
  EXPECT_FALSE(log.log(SmtpConnection{.host = HostId{.ip = "1.2.3.4"}}));  // -smtp_connection
}

TEST_F(LoggerTest, WriteRejectlogFalse) {
  auto o = options();
  o.write_rejectlog = false;
  Logger log(o);
  log.write(Line{"x", to_main | to_reject, {}});
  EXPECT_TRUE(fs::exists(dir.path / "mainlog"));
  EXPECT_FALSE(fs::exists(dir.path / "rejectlog"));
}

TEST_F(LoggerTest, ReopensAfterRotation) {
  Logger log(options());
  log.write(Line{"one", to_main, {}});
  fs::rename(dir.path / "mainlog", dir.path / "mainlog.1");
  log.write(Line{"two", to_main, {}});
  EXPECT_EQ(slurp(dir.path / "mainlog.1"), "2026-11-22 03:47:15 one\n");
  EXPECT_EQ(slurp(dir.path / "mainlog"), "2026-11-22 03:47:15 two\n");
  fs::remove(dir.path / "mainlog");
  log.write(Line{"three", to_main, {}});
  EXPECT_EQ(slurp(dir.path / "mainlog"), "2026-11-22 03:47:15 three\n");
}

TEST_F(LoggerTest, CreatesMissingDirectory) {
  auto o = options();
  o.destinations.file_pattern = (dir.path / "log" / "%slog").string();
  Logger(o).write(Line{"x", to_main, {}});
  EXPECT_EQ(slurp(dir.path / "log" / "mainlog"), "2026-11-22 03:47:15 x\n");
}

TEST_F(LoggerTest, DatestampedNamesRollAtMidnight) {
  auto o = options();
  o.destinations.file_pattern = (dir.path / "%slog-%D").string();
  auto now = fixed_time();
  o.clock = [&now] { return now; };
  Logger log(o);
  log.write(Line{"a", to_main | to_panic, {}});
  now += std::chrono::hours(24);
  log.write(Line{"b", to_main, {}});
  EXPECT_EQ(slurp(dir.path / "mainlog-20261122"), "2026-11-22 03:47:15 a\n");
  EXPECT_EQ(slurp(dir.path / "mainlog-20261123"), "2026-11-23 03:47:15 b\n");
  EXPECT_EQ(slurp(dir.path / "paniclog"), "2026-11-22 03:47:15 a\n");
}

TEST_F(LoggerTest, ConcurrentLoggersNeverInterleave) {
  constexpr int kThreads = 4, kLines = 500;
  Logger shared(options());
  Logger other(options());  // a second Logger on the same files (another process's view)
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Logger& log = (t % 2) ? shared : other;
      std::string body(200, char('a' + t));
      for (int i = 0; i < kLines; ++i) {
        log.write(Line{body, to_main, {}});
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  std::ifstream in(dir.path / "mainlog");
  std::string l;
  int n = 0;
  while (std::getline(in, l)) {
    ++n;
    ASSERT_EQ(l.size(), 20u + 200u);
    EXPECT_EQ(l.substr(20), std::string(200, l[20]));
  }
  EXPECT_EQ(n, kThreads * kLines);
}

TEST_F(LoggerTest, SyslogEntries) {
  auto o = options("+pid");
  o.destinations.syslog = true;
  o.destinations.file_pattern.reset();
  auto rec = std::make_unique<Recorder>();
  Recorder* r = rec.get();
  Logger log(o, std::move(rec));
  log.write(Line{"hello", to_main | to_reject, "Envelope-from: <a@b>\n"});
  ASSERT_EQ(r->calls.size(), 3u);
  EXPECT_EQ(r->calls[0],
            std::make_pair(LOG_NOTICE, std::string("[1\\2] 2026-11-22 03:47:15 [13740] hello")));
  EXPECT_EQ(r->calls[1], std::make_pair(LOG_NOTICE, std::string("[2/2] Envelope-from: <a@b>")));
  EXPECT_EQ(r->calls[2],
            std::make_pair(LOG_INFO, std::string("2026-11-22 03:47:15 [13740] hello")));

  o.syslog.timestamp = false;
  o.syslog.pid = false;
  o.syslog.duplication = false;
  auto rec2 = std::make_unique<Recorder>();
  Recorder* r2 = rec2.get();
  Logger quiet(o, std::move(rec2));
  quiet.write(Line{"x", to_main | to_reject, {}});
  ASSERT_EQ(r2->calls.size(), 1u);
  EXPECT_EQ(r2->calls[0], std::make_pair(LOG_NOTICE, std::string("x")));
}

TEST_F(LoggerTest, EchoModeForHostChecking) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto o = options("+pid");
  o.echo_fd = fds[1];
  Logger(o).write(Line{"H=(x) [127.0.0.1] F=<a@b.ex> rejected RCPT <nobody@test.ex>: no such user",
                       to_main | to_reject,
                       {}});
  ::close(fds[1]);
  char buf[256];
  ssize_t n = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  // exim4 -bh 127.0.0.1 with +pid printed this (pid aside).
  EXPECT_EQ(std::string(buf, std::size_t(n)),
            "LOG: [13740] H=(x) [127.0.0.1] F=<a@b.ex> rejected RCPT <nobody@test.ex>: no such "
            "user\n");
  EXPECT_FALSE(fs::exists(dir.path / "mainlog"));
}

TEST(LogPath, ParsesEntries) {
  auto d = std::get<LogDestinations>(parse_log_file_path(std::nullopt, "/var/spool/exim"));
  EXPECT_EQ(*d.file_pattern, "/var/spool/exim/log/%slog");
  EXPECT_FALSE(d.syslog);
  d = std::get<LogDestinations>(parse_log_file_path("syslog", "/s"));
  EXPECT_TRUE(d.syslog);
  EXPECT_FALSE(d.file_pattern);
  d = std::get<LogDestinations>(parse_log_file_path(":syslog", "/s"));
  EXPECT_TRUE(d.syslog);
  EXPECT_EQ(*d.file_pattern, "/s/log/%slog");
  d = std::get<LogDestinations>(parse_log_file_path("syslog : /usr/log/exim_%s", "/s"));
  EXPECT_TRUE(d.syslog);
  EXPECT_EQ(*d.file_pattern, "/usr/log/exim_%s");
  // 4.96 wrote this to the panic log (and the main log) for two file paths.
  d = std::get<LogDestinations>(
      parse_log_file_path("/tmp/ex/log/%slog-%D : /tmp/ex/log/%s.%M", "/s"));
  EXPECT_EQ(*d.file_pattern, "/tmp/ex/log/%slog-%D");
  EXPECT_EQ(d.warning, "More than one path given in log_file_path: using /tmp/ex/log/%slog-%D");
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_log_file_path("rel/%slog", "/s")));
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_log_file_path("/var/log/x", "/s")));
}

TEST(LogPath, NamesFromTheSpec) {
  std::tm day{};
  day.tm_year = 2002 - 1900;
  day.tm_mon = 11;
  day.tm_mday = 25;
  struct Case {
    const char* pattern;
    const char* main;
    const char* reject;
    const char* panic;
  } cases[] = {
      {"/var/spool/exim/log/%slog-%D", "/var/spool/exim/log/mainlog-20021225",
       "/var/spool/exim/log/rejectlog-20021225", "/var/spool/exim/log/paniclog"},
      {"/var/log/exim-%s-%D.log", "/var/log/exim-main-20021225.log",
       "/var/log/exim-reject-20021225.log", "/var/log/exim-panic.log"},
      {"/var/spool/exim/log/%D-%slog", "/var/spool/exim/log/20021225-mainlog",
       "/var/spool/exim/log/20021225-rejectlog", "/var/spool/exim/log/paniclog"},
      {"/var/log/exim/%s.%M", "/var/log/exim/main.200212", "/var/log/exim/reject.200212",
       "/var/log/exim/panic"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(log_file_name(c.pattern, LogKind::main, day), c.main);
    EXPECT_EQ(log_file_name(c.pattern, LogKind::reject, day), c.reject);
    EXPECT_EQ(log_file_name(c.pattern, LogKind::panic, day), c.panic);
    EXPECT_TRUE(is_datestamped(c.pattern));
  }
  EXPECT_FALSE(is_datestamped("/var/log/%slog"));
}

TEST(Syslog, FacilityNames) {
  EXPECT_EQ(std::get<int>(parse_syslog_facility("mail")), LOG_MAIL);
  EXPECT_EQ(std::get<int>(parse_syslog_facility("LOG_LOCAL3")), LOG_LOCAL3);  // 4.96 accepts
  EXPECT_EQ(std::get<int>(parse_syslog_facility("Local3")), LOG_LOCAL3);
  EXPECT_EQ(std::get<std::string>(parse_syslog_facility("bogus")),
            "failed to interpret syslog_facility \"bogus\"");
}

TEST(Syslog, SplitsLikeTheSpecExample) {
  // The spec's example with the limit set to 50 instead of 870.
  auto p = split_for_syslog(
      "2002-09-16 16:09:43 16RdAL-0006pc-00 rejected from [127.0.0.1] (ph10): syntax error in "
      "'From' header when scanning for sender: missing or malformed local part in \"<>\" "
      "(envelope sender is <ph10@cam.example>)",
      50);
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[0], "[1/5] 2002-09-16 16:09:43 16RdAL-0006pc-00 rejected from");
  EXPECT_EQ(p[1], "[2/5]  [127.0.0.1] (ph10): syntax error in 'From' header");
  EXPECT_EQ(p[4], "[5/5] mple>)");
  auto q = split_for_syslog("line\nRecipients: x\n", 50);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0], "[1\\2] line");
  EXPECT_EQ(q[1], "[2/2] Recipients: x");
  EXPECT_EQ(split_for_syslog("short\n")[0], "short");
}

}  // namespace
}  // namespace corvid::log

namespace corvid::log {
namespace {

std::variant<LoggerOptions, std::string> from_text(const std::string& text) {
  auto r = config::load_text(text, "test.conf", {},
                             [](const std::string&) { return std::optional<std::string>(); });
  EXPECT_TRUE(r.ok());
  return options_from_config(*r.config());
}

TEST(LoggerOptionsFromConfig, ReadsMainOptions) {
  auto o = std::get<LoggerOptions>(
      from_text("spool_directory = /sp\nlog_selector = +pid -dkim\nlog_timezone = true\n"
                "syslog_facility = local3\nlog_file_path = :syslog\n"));
  EXPECT_TRUE(o.selector.has(Sel::pid));
  EXPECT_FALSE(o.selector.has(Sel::dkim));
  EXPECT_TRUE(o.log_timezone);
  EXPECT_TRUE(o.destinations.syslog);
  EXPECT_EQ(*o.destinations.file_pattern, "/sp/log/%slog");
  EXPECT_EQ(o.syslog.facility, LOG_LOCAL3);
  EXPECT_EQ(std::get<std::string>(from_text("log_selector = +foo\n")),
            "unknown log_selector setting: +foo");
}

}  // namespace
}  // namespace corvid::log
