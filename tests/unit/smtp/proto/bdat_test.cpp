// BDAT parsing and chunk framing; replies from `exim4 -bh` (4.96).
#include "smtp/proto/bdat.hpp"

#include <gtest/gtest.h>

#include <string>

namespace corvid::smtp::proto {
namespace {

struct Case {
  std::string argument;
  bool ok;
  std::uint64_t size;
  bool last;
  bool junk;
};

TEST(Bdat, ParseTable) {
  const Case cases[] = {
      {"10", true, 10, false, false},
      {"10 LAST", true, 10, true, false},
      {"0 last", true, 0, true, false},
      {"  7   LAST  ", true, 7, true, false},
      {"5x", true, 5, false, true},
      {"3 junk", true, 3, false, true},
      {"10 LAST x", true, 10, false, true},
      {"", false, 0, false, false},
      {"x", false, 0, false, false},
      {"LAST", false, 0, false, false},
      {"-1", false, 0, false, false},
      {"99999999999999999999999", false, 0, false, false},
  };
  for (const Case& c : cases) {
    auto r = parse_bdat(c.argument);
    if (!c.ok) {
      ASSERT_TRUE(std::holds_alternative<ProtoError>(r)) << c.argument;
      EXPECT_EQ(std::get<ProtoError>(r).text, "missing size for BDAT command");
      EXPECT_EQ(std::get<ProtoError>(r).code, 501);
      continue;
    }
    ASSERT_TRUE(std::holds_alternative<BdatCommand>(r)) << c.argument;
    auto cmd = std::get<BdatCommand>(r);
    EXPECT_EQ(cmd.size, c.size) << c.argument;
    EXPECT_EQ(cmd.last, c.last) << c.argument;
    EXPECT_EQ(cmd.junk_after_size, c.junk) << c.argument;
  }
}

// "BDAT 3\r\nabcBDAT 2 LAST\r\nxyNOOP\r\n": the chunk bytes and what is left
// for the command reader, over every two- and three-way split.
TEST(Bdat, ChunkAcrossEverySplit) {
  const std::string stream = "abcBDAT 2 LAST\r\n";
  for (std::size_t a = 0; a <= stream.size(); ++a) {
    for (std::size_t b = a; b <= stream.size(); ++b) {
      std::string got;
      BdatChunk chunk(3, [&got](std::string_view s) { got.append(s); });
      std::size_t pos = 0;
      for (std::size_t cut : {a, b, stream.size()}) {
        pos += chunk.feed(std::string_view(stream).substr(pos, cut - pos));
        if (pos < cut) {
          break;  // the rest belongs to the next command
        }
      }
      EXPECT_TRUE(chunk.done());
      EXPECT_EQ(got, "abc");
      EXPECT_EQ(stream.substr(pos), "BDAT 2 LAST\r\n") << a << "," << b;
    }
  }
}

TEST(Bdat, ZeroAndBinary) {
  BdatChunk zero(0, [](std::string_view) { FAIL(); });
  EXPECT_TRUE(zero.done());
  EXPECT_EQ(zero.feed("QUIT\r\n"), 0u);
  std::string got;
  std::string raw("\r\n.\r\n\0x", 7);
  BdatChunk bin(7, [&got](std::string_view s) { got.append(s); });
  EXPECT_EQ(bin.feed(raw + "NOOP"), 7u);
  EXPECT_EQ(got, raw);
  BdatChunk partial(10, [](std::string_view) {});
  EXPECT_EQ(partial.feed("abcd"), 4u);
  EXPECT_EQ(partial.remaining(), 6u);
  EXPECT_FALSE(partial.done());
}

}  // namespace
}  // namespace corvid::smtp::proto
