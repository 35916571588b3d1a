// Tests for option value parsing and printing (config/values.hpp).
#include "config/values.hpp"

#include <gtest/gtest.h>

namespace corvid::config {
namespace {

struct IntCase {
  const char* text;
  std::int64_t value;
  const char* error;  // nullptr: parses
};

TEST(Values, Integers) {
  const IntCase cases[] = {
      {"10", 10, nullptr},
      {"-5", -5, nullptr},
      {"0x10", 16, nullptr},
      {"010", 8, nullptr},
      {"1k", 1024, nullptr},
      {"2K", 2048, nullptr},
      {"1M", 1048576, nullptr},
      {"1G", 1073741824, nullptr},
      {" 5 ", 5, nullptr},
      {"abc", 0, "integer expected for opt"},
      {"10x", 0, "extra characters follow integer value for opt"},
      {"09", 0, "extra characters follow integer value for opt"},
      {"2G", 0, "absolute value of integer \"2G\" is too large (overflow)"},
      {"99999999999999", 0, "absolute value of integer \"99999999999999\" is too large (overflow)"},
  };
  for (const auto& c : cases) {
    std::int64_t v = 0;
    auto err = parse_integer(c.text, "opt", v);
    if (c.error == nullptr) {
      EXPECT_FALSE(err.has_value()) << c.text << ": " << err.value_or("");
      EXPECT_EQ(v, c.value) << c.text;
    } else {
      ASSERT_TRUE(err.has_value()) << c.text;
      EXPECT_EQ(*err, c.error) << c.text;
    }
  }
}

TEST(Values, KiloIntegers) {
  std::int64_t v = 0;
  EXPECT_FALSE(parse_kilo_integer("10M", "x", v));
  EXPECT_EQ(v, 10240);
  EXPECT_EQ(format_kilo(v), "10M");
  EXPECT_FALSE(parse_kilo_integer("2048", "x", v));
  EXPECT_EQ(format_kilo(v), "2M");
  EXPECT_FALSE(parse_kilo_integer("1000", "x", v));
  EXPECT_EQ(format_kilo(v), "1000K");
  EXPECT_FALSE(parse_kilo_integer("1G", "x", v));
  EXPECT_EQ(format_kilo(v), "1G");
}

TEST(Values, FixedPoint) {
  struct Case {
    const char* text;
    const char* printed;
    const char* error;
  } cases[] = {
      {"1.5", "1.5", nullptr},
      {"2", "2.0", nullptr},
      {"1.", "1.0", nullptr},
      {"1.2345", "1.234", nullptr},
      {"0.25", "0.25", nullptr},
      {"abc", nullptr, "fixed-point number expected for q"},
      {"1.x", nullptr, "extra characters follow fixed-point value for q"},
      {"-1", nullptr, "integer \"-1\" is too large (overflow)"},
  };
  for (const auto& c : cases) {
    std::int64_t v = 0;
    auto err = parse_fixed(c.text, "q", v);
    if (c.error == nullptr) {
      ASSERT_FALSE(err.has_value()) << c.text;
      EXPECT_EQ(format_fixed(v), c.printed) << c.text;
    } else {
      ASSERT_TRUE(err.has_value()) << c.text;
      EXPECT_EQ(*err, c.error);
    }
  }
}

TEST(Values, Times) {
  struct Case {
    const char* text;
    std::int64_t seconds;  // -1: invalid
  } cases[] = {
      {"1h30m", 5400}, {"2d", 172800}, {"5s", 5},   {"1w", 604800}, {"1d2h3s", 93603},
      {"90m", 5400},   {"0s", 0},      {"30", 30},  {"1x", -1},     {"", -1},
      {"1d 2h", -1},   {"h", -1},      {"1h5", -1},
  };
  for (const auto& c : cases) {
    auto t = parse_time(c.text);
    if (c.seconds < 0) {
      EXPECT_FALSE(t.has_value()) << c.text;
    } else {
      ASSERT_TRUE(t.has_value()) << c.text;
      EXPECT_EQ(*t, c.seconds) << c.text;
    }
  }
  std::int64_t v = 0;
  EXPECT_EQ(parse_time_option("1x", "auto_thaw", v).value_or(""),
            "invalid time value for auto_thaw");
  EXPECT_FALSE(parse_time_list("2h:4h:1d", "t").has_value());
  EXPECT_TRUE(parse_time_list("2h:x", "t").has_value());
}

TEST(Values, TimeFormatting) {
  EXPECT_EQ(format_time(0), "0s");
  EXPECT_EQ(format_time(5400), "1h30m");
  EXPECT_EQ(format_time(100), "1m40s");
  EXPECT_EQ(format_time(604800), "1w");
  EXPECT_EQ(format_time(93603), "1d2h3s");
}

TEST(Values, OctalAndSizes) {
  std::int64_t v = 0;
  EXPECT_FALSE(parse_octal("644", "mode", v));
  EXPECT_EQ(v, 0644);
  EXPECT_EQ(format_octal(v), "0644");
  EXPECT_EQ(format_octal(022), "022");
  EXPECT_EQ(parse_octal("9", "mode", v).value_or(""), "octal integer expected for mode");
  EXPECT_EQ(format_size(102400), "100K");
  EXPECT_EQ(format_size(52428800), "50M");
  EXPECT_EQ(format_size(1000), "1000");
}

TEST(Values, Strings) {
  std::string out;
  EXPECT_FALSE(read_string_value("  plain text  ", "o", out));
  EXPECT_EQ(out, "plain text");
  EXPECT_FALSE(read_string_value(R"("a\\tb\x41\n\101\q")", "o", out));
  EXPECT_EQ(out, "a\\tbA\nAq");
  EXPECT_EQ(read_string_value("\"abc", "qualify_domain", out).value_or(""),
            "missing quote at end of string value for qualify_domain");
  EXPECT_EQ(read_string_value("\"abc\" junk", "qualify_domain", out).value_or(""),
            "extra characters follow string value for qualify_domain");
  EXPECT_EQ(printable("a\nb\tc"), "a\\nb\\tc");
}

TEST(Values, Booleans) {
  EXPECT_EQ(parse_bool_word("YES"), true);
  EXPECT_EQ(parse_bool_word("true"), true);
  EXPECT_EQ(parse_bool_word("No"), false);
  EXPECT_EQ(parse_bool_word("false"), false);
  EXPECT_FALSE(parse_bool_word("maybe").has_value());
}

}  // namespace
}  // namespace corvid::config
