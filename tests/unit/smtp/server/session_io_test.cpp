// SessionIo: line extraction across arbitrary input splits, overlong lines,
// pipelined input detection and reply flushing.
#include "smtp/server/session_io.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "memory_stream.hpp"

namespace corvid::smtp {
namespace {

using testing::MemoryStream;
using testing::run;

struct Lines {
  std::vector<std::string> lines;
  std::vector<SessionIo::LineStatus> status;
};

Lines read_all(std::deque<std::string> chunks, size_t max_len = 512) {
  asio::io_context io;
  MemoryStream stream(io.get_executor(), std::move(chunks));
  SessionIo sio(stream, std::chrono::seconds(0));
  Lines out;
  for (;;) {
    std::string line;
    auto st = run(io, sio.read_line(line, max_len));
    out.lines.push_back(line);
    out.status.push_back(st);
    if (st != SessionIo::LineStatus::ok && st != SessionIo::LineStatus::too_long) break;
  }
  return out;
}

TEST(SessionIo, LinesAcrossEverySplit) {
  const std::string input = "EHLO x\r\nMAIL FROM:<a@b>\nQUIT\r\n";
  for (size_t cut = 0; cut <= input.size(); ++cut) {
    Lines got = read_all({input.substr(0, cut), input.substr(cut)});
    ASSERT_GE(got.lines.size(), 4u) << cut;
    EXPECT_EQ(got.lines[0], "EHLO x") << cut;
    EXPECT_EQ(got.lines[1], "MAIL FROM:<a@b>") << cut;
    EXPECT_EQ(got.lines[2], "QUIT") << cut;
    EXPECT_EQ(got.status[3], SessionIo::LineStatus::eof) << cut;
  }
}

TEST(SessionIo, OverlongLineIsCutAndReported) {
  std::string big(100000, 'x');
  Lines got = read_all({"NOOP " + big.substr(0, 50000), big.substr(50000) + "\r\nQUIT\r\n"}, 100);
  ASSERT_GE(got.lines.size(), 2u);
  EXPECT_EQ(got.status[0], SessionIo::LineStatus::too_long);
  EXPECT_EQ(got.lines[0].size(), 100u);
  EXPECT_EQ(got.lines[1], "QUIT");
  EXPECT_EQ(got.status[1], SessionIo::LineStatus::ok);
}

TEST(SessionIo, PendingInputIsSeenAndRepliesWaitForIt) {
  asio::io_context io;
  MemoryStream stream(io.get_executor(), {"RSET\r\nNOOP\r\n"});
  SessionIo sio(stream, std::chrono::seconds(0));
  std::string line;
  EXPECT_EQ(run(io, sio.read_line(line, 512)), SessionIo::LineStatus::ok);
  EXPECT_TRUE(sio.input_pending());
  sio.queue_reply("250 Reset OK\r\n");
  EXPECT_TRUE(run(io, sio.flush_if_idle()));
  EXPECT_EQ(stream.written, "");  // NOOP is still buffered: reply later
  EXPECT_EQ(run(io, sio.read_line(line, 512)), SessionIo::LineStatus::ok);
  EXPECT_FALSE(sio.input_pending());
  sio.queue_reply("250 OK\r\n");
  EXPECT_TRUE(run(io, sio.flush_if_idle()));
  EXPECT_EQ(stream.written, "250 Reset OK\r\n250 OK\r\n");
}

}  // namespace
}  // namespace corvid::smtp
