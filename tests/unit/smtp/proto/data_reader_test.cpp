// DATA reader. The expected spool bytes are what Debian's Exim 4.96 (with
// the smuggling fixes) wrote to its -D file for the same input via
// `exim4 -bs` (header "Subject: s" + blank line prepended there; the
// expectations here are for the body part alone where that matters).
#include "smtp/proto/data_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace corvid::smtp::proto {
namespace {

struct Case {
  std::string input;
  std::string spool;     // bytes handed to the sink
  std::size_t consumed;  // npos: the whole input and not done
};

constexpr std::size_t kAll = std::string::npos;

const Case kCases[] = {
    {"line1\r\n..dot\r\n.\r\n", "line1\n.dot\n", 17},
    {"a\nb\r\n.\r\n", "a b\n", 8},
    {"a\rb\r\n.\r\n", "a\nb\n", 8},
    {"a\r\r\nb\r\n.\r\n", "a\n\nb\n", 10},
    {"a\n\nb\r\n.\r\n", "a  b\n", 9},
    {"x\r\n.\n\r\n.\r\n", "x\n \n", 10},
    {"x\r\n.\r\r\n.\r\n", "x\n\n\n", 10},
    {"x\n.\r\ny\r\n.\r\n", "x .\ny\n", 11},
    {"x\r\n.\ry\r\n.\r\n", "x\n\ny\n", 11},
    {"x\r\n.x\r\n..\r\n.\r\n", "x\nx\n.\n", 14},
    {"x\r\n\n.\r\ny\r\n.\r\n", "x\n .\ny\n", 13},
    {"x\r\r\n.\r\ny\r\n.\r\n", "x\n\n", 7},
    {"x\r\n..\n.\r\n", "x\n. .\n", kAll},
    {"a\r.b\r\n.\r\n", "a\n.b\n", 9},
    {"a\r.\r\nb\r\n.\r\n", "a\n.\nb\n", 11},
    {"a\r\n.\n.\r\n", "a\n .\n", kAll},
    {".\r\n", "", 3},
    {".\r\nQUIT\r\n", "", 3},
    {"\r\n.\r\n", "\n", 5},
    {"a\r\n.\r\nMAIL FROM:<a@b.c>\r\n", "a\n", 6},
    {"x\n.\nafter\r\n.\r\n", "x . after\n", 14},
    {"no end", "no end", kAll},
    {"a\r", "a", kAll},
    {"a\r\n.", "a\n", kAll},
    {"a\r\n.\r", "a\n", kAll},
    {std::string("n\0l\r\n.\r\n", 8), std::string("n\0l\n", 4), 8},
};

void run_split(const std::string& in, const std::vector<std::size_t>& cuts, std::size_t& consumed,
               DataReader& r) {
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    if (r.done()) {
      break;
    }
    consumed += r.feed(std::string_view(in).substr(pos, cut - pos));
    pos = cut;
  }
}

TEST(DataReader, EveryTwoWaySplit) {
  for (const Case& c : kCases) {
    for (std::size_t split = 0; split <= c.input.size(); ++split) {
      std::string out;
      DataReader r([&out](std::string_view b) { out.append(b); });
      std::size_t consumed = 0;
      run_split(c.input, {split, c.input.size()}, consumed, r);
      EXPECT_EQ(out, c.spool) << c.input << " split " << split;
      if (c.consumed == kAll) {
        EXPECT_FALSE(r.done()) << c.input;
        EXPECT_EQ(consumed, c.input.size()) << c.input;
      } else {
        EXPECT_TRUE(r.done()) << c.input;
        EXPECT_EQ(consumed, c.consumed) << c.input << " split " << split;
      }
    }
  }
}

TEST(DataReader, OneByteAtATime) {
  for (const Case& c : kCases) {
    std::string out;
    DataReader r([&out](std::string_view b) { out.append(b); });
    std::size_t consumed = 0;
    for (char ch : c.input) {
      consumed += r.feed(std::string_view(&ch, 1));
    }
    EXPECT_EQ(out, c.spool) << c.input;
    EXPECT_EQ(r.size(), c.spool.size());
    EXPECT_EQ(r.wire_bytes(), consumed);
  }
}

TEST(DataReader, CountsAndBoundary) {
  std::string out;
  DataReader r([&out](std::string_view b) { out.append(b); });
  std::string msg = "Subject: s\r\nX: y\r\n\r\nbody1\r\nbody2\r\n.\r\n";
  EXPECT_EQ(r.feed(msg), msg.size());
  EXPECT_TRUE(r.done());
  EXPECT_EQ(out, "Subject: s\nX: y\n\nbody1\nbody2\n");
  EXPECT_EQ(r.lines(), 5u);
  EXPECT_EQ(r.body_lines(), 2u);
  EXPECT_EQ(r.body_offset(), 17);
  EXPECT_EQ(out.substr(17), "body1\nbody2\n");
  EXPECT_FALSE(r.line_too_long());
}

TEST(DataReader, NoBody) {
  DataReader r([](std::string_view) {});
  r.feed("Subject: s\r\n.\r\n");
  EXPECT_EQ(r.body_offset(), -1);
  EXPECT_EQ(r.body_lines(), 0u);
}

TEST(DataReader, LineLengthLimit) {
  DataReader::Options o;
  o.max_line_length = 5;
  DataReader ok([](std::string_view) {}, o);
  ok.feed("12345\r\n.\r\n");
  EXPECT_FALSE(ok.line_too_long());
  DataReader bad([](std::string_view) {}, o);
  bad.feed("123456\r\nx\r\n.\r\n");
  EXPECT_TRUE(bad.line_too_long());
  EXPECT_TRUE(bad.done());
}

TEST(DataReader, LargeInputFlushes) {
  std::string big(100000, 'a');
  std::string out;
  DataReader r([&out](std::string_view b) { out.append(b); });
  r.feed(big + "\r\n.\r\n");
  EXPECT_EQ(out, big + "\n");
  EXPECT_EQ(r.size(), big.size() + 1);
}

}  // namespace
}  // namespace corvid::smtp::proto
