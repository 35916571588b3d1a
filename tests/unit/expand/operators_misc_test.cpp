// Miscellaneous operators (eval, eval10, listcount, listnamed, quote,
// quote_<lookup>, expand, randint, stat): tables checked against the Exim
// 4.96 binary, plus the cases that depend on the context or the system.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "lookup/lookup.hpp"
#include "operators_test_support.hpp"

namespace corvid::expand::testing {
namespace {

// clang-format off
const OpRow kRows[] = {
    {"eval", "1/0", false, "error in expression evaluation: divide by zero (after processing \"1/0\")"},
    {"eval", "1%0", false, "error in expression evaluation: modulo by zero (after processing \"1%0\")"},
    {"eval", "", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"\")"},
    {"eval", " ", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \" \")"},
    {"eval", "1+", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"1+\")"},
    {"eval", "(1", false, "error in expression evaluation: expecting closing parenthesis (after processing \"(1\")"},
    {"eval", "1)", false, "error in expression evaluation: expecting operator (after processing \"1\")"},
    {"eval", "1 2", false, "error in expression evaluation: expecting operator (after processing \"1 \")"},
    {"eval", "010", true, "8"},
    {"eval10", "010", true, "10"},
    {"eval", "0x1F", true, "31"},
    {"eval10", "0x1F", false, "error in expression evaluation: expecting operator (after processing \"0\")"},
    {"eval", "08", false, "error in expression evaluation: expecting operator (after processing \"0\")"},
    {"eval", "2K", true, "2048"},
    {"eval", "2k", true, "2048"},
    {"eval", "1G*8G", true, "-9223372036854775808"},
    {"eval", "9223372036854775807+1", false, "error in expression evaluation: overflow in sum (after processing \"9223372036854775807+1\")"},
    {"eval", "9223372036854775808", true, "9223372036854775807"},
    {"eval", "-9223372036854775808", true, "-9223372036854775807"},
    {"eval", "-9223372036854775807-1", true, "-9223372036854775808"},
    {"eval", "(-9223372036854775807-1)/-1", true, "9223372036854775807"},
    {"eval", "(-9223372036854775807-1)%-1", true, "9223372036854775807"},
    {"eval", "1<<64", true, "1"},
    {"eval", "1<<63", true, "-9223372036854775808"},
    {"eval", "-8>>1", true, "-4"},
    {"eval", "1<<-1", true, "-9223372036854775808"},
    {"eval", "--1", true, "1"},
    {"eval", "-~-1", true, "0"},
    {"eval", "+1", true, "1"},
    {"eval", "a", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"\")"},
    {"eval", "1+a", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"1+\")"},
    {"eval", "7/-2", true, "-3"},
    {"eval", "-7%3", true, "-1"},
    {"eval", "1 + 2 * 3 ", true, "7"},
    {"eval", "3-2-1", true, "0"},
    {"eval", "1<2", false, "error in expression evaluation: expecting operator (after processing \"1\")"},
    {"eval", "0xg", true, "0"},
    {"eval", "0x", true, "0"},
    {"eval", "99999999999999999999", true, "9223372036854775807"},
    {"eval", "1M", true, "1048576"},
    {"eval", "8G*2G*4G", true, "0"},
    {"eval", "4611686018427387903+0", false, "error in expression evaluation: overflow in sum (after processing \"4611686018427387903+0\")"},
    {"eval", "4611686018427387902+9223372036854775807", true, "-4611686018427387907"},
    {"eval", "-4611686018427387903-(-4611686018427387903)", false, "error in expression evaluation: overflow in difference (after processing \"-4611686018427387903-(-4611686018427387903)\")"},
    {"eval", "-4611686018427387903+(-4611686018427387903)", false, "error in expression evaluation: overflow in sum (after processing \"-4611686018427387903+(-4611686018427387903)\")"},
    {"eval", "0xg+1", true, "1"},
    {"eval", "0xk", true, "0"},
    {"eval", "1 << 2", true, "4"},
    {"eval", "1< <2", false, "error in expression evaluation: expecting operator (after processing \"1\")"},
    {"eval", "( 1 ) + 1", true, "2"},
    {"eval", "(1)(2)", false, "error in expression evaluation: expecting operator (after processing \"(1)\")"},
    {"eval", "2*(3", false, "error in expression evaluation: expecting closing parenthesis (after processing \"2*(3\")"},
    {"eval", "((((1))))", true, "1"},
    {"eval", "1&&2", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"1&\")"},
    {"eval", "0X10", true, "16"},
    {"eval10", "-00012", true, "-12"},
    {"eval", "1 +", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"1 +\")"},
    {"eval", "\n1\t", true, "1"},
    {"eval", "077", true, "63"},
    {"eval", "1K K", false, "error in expression evaluation: expecting operator (after processing \"1K \")"},
    {"eval", "1KB", false, "error in expression evaluation: expecting operator (after processing \"1K\")"},
    {"eval", "1+2*3", true, "7"},
    {"eval", "(1+2)*3", true, "9"},
    {"eval", "2+42%5", true, "4"},
    {"eval", "0xc&5", true, "4"},
    {"eval", "0xc|5", true, "13"},
    {"eval", "0xc^5", true, "9"},
    {"eval", "0xc>>1", true, "6"},
    {"eval", "0xc<<1", true, "24"},
    {"eval", "~255&0x1234", true, "4608"},
    {"eval", "-(~255&0x1234)", true, "-4608"},
    {"eval", "1|2^3&4", true, "3"},
    {"eval", "0xFFFFFFFFFFFFFFFFF", true, "9223372036854775807"},
    {"eval", "5 % 3 * 2", true, "4"},
    {"eval", "1-2-3", true, "-4"},
    {"eval", "07777777777777777777777", true, "9223372036854775807"},
    {"eval10", "99K", true, "101376"},
    {"eval", "1 ) ", false, "error in expression evaluation: expecting operator (after processing \"1 \")"},
    {"eval", "()", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"(\")"},
    {"eval", "1^", false, "error in expression evaluation: expecting number or opening parenthesis (after processing \"1^\")"},
    {"listcount", "a:b:c", true, "3"},
    {"listcount", "", true, "0"},
    {"listcount", " ", true, "0"},
    {"listcount", "a::b", true, "1"},
    {"listcount", "<;a;b", true, "2"},
    {"listcount", "a:", true, "1"},
    {"listcount", "::", true, "1"},
    {"listcount", "a: :b", true, "3"},
    {"quote", "", true, "\"\""},
    {"quote", "abc", true, "abc"},
    {"quote", "a+b", true, "\"a+b\""},
    {"quote", "a b", true, "\"a b\""},
    {"quote", "a\"b\\c", true, "\"a\\\"b\\\\c\""},
    {"quote", "a\nb\x0d" "c", true, "\"a\\nb\\rc\""},
    {"quote", "\xe9", true, "\"\xe9\""},
    {"quote", "a_b-c.d", true, "a_b-c.d"},
    {"randint", "", false, "integer expected but \"\" found"},
    {"randint", "x", false, "integer expected but \"x\" found"},
    {"randint", "-5", false, "non-negative integer expected but \"-5\" found"},
    {"randint", "3x", false, "invalid integer \"3x\""},
    {"randint", "99999999999999999999", false, "absolute value of integer \"99999999999999999999\" is too large (overflow)"},
    {"randint", "9999999999999999999k", false, "absolute value of integer \"9999999999999999999k\" is too large (overflow)"},
};
// clang-format on

TEST(OperatorsMisc, MatchesExim) { check_rows(kRows); }

// The named lists of an Exim configuration that gave the expected values:
//   domainlist d1 = a.com : ${lc:B.COM} : +d2
//   domainlist d2 = <; x;y:z ; w
//   hostlist h1 = 1.2.3.4 : ::::1
//   localpartlist lp = <, p,q::r
//   domainlist d3 = +nope
TestContext list_context() {
  using lists::Kind;
  TestContext ctx;
  ctx.named["d1"] = {Kind::domain, "d1", "a.com : ${lc:B.COM} : +d2"};
  ctx.named["d2"] = {Kind::domain, "d2", "<; x;y:z ; w"};
  ctx.named["h1"] = {Kind::host, "h1", "1.2.3.4 : ::::1"};
  ctx.named["lp"] = {Kind::localpart, "lp", "<, p,q::r"};
  ctx.named["d3"] = {Kind::domain, "d3", "+nope"};
  return ctx;
}

TEST(OperatorsMisc, ListnamedMatchesExim) {
  // clang-format off
  const OpRow rows[] = {
      {"listnamed", "d1", true, "a.com : ${lc : B.COM} : x : y::z : w"},
      {"listnamed_d", "+d1", true, "a.com : ${lc : B.COM} : x : y::z : w"},
      {"listnamed_h", "h1", true, "1.2.3.4 : ::1"},
      {"listnamed_l", "lp", true, "p : q::::r"},
      {"listnamed_a", "d1", false, "\"d1\" is not a address named list"},
      {"listnamed_h", "d1", false, "\"d1\" is not a host named list"},
      {"listnamed_x", "d1", false, "bad suffix on \"list\" operator"},
      {"listnamed_", "d1", false, "bad suffix on \"list\" operator"},
      {"listnamed", "", false, "\"\" is not a named list"},
      {"listnamed_l", "nope", false, "\"nope\" is not a localpart named list"},
      {"listnamed_d", "d3", false, "\"nope\" is not a domain named list"},
      {"listnamed", "d3", false, "\"nope\" is not a named list"},
  };
  // clang-format on
  TestContext ctx = list_context();
  for (const OpRow& row : rows) {
    SCOPED_TRACE(std::string(row.op) + ":" + std::string(row.in));
    OpOutcome r = run_operator(row.op, TString(std::string(row.in)), ctx);
    ASSERT_EQ(r.ok, row.ok) << r.error;
    EXPECT_EQ(row.ok ? r.out.text : r.error, row.want);
  }
}

class UpperQuoter : public lookup::Driver {
 public:
  std::string_view name() const override { return "optestquote"; }
  bool single_key() const override { return false; }
  lookup::Result find(std::string_view, std::string_view, std::string_view) const override {
    return {};
  }
  std::optional<std::string> quote(std::string_view s) const override {
    return "<" + std::string(s) + ">";
  }
};

TEST(OperatorsMisc, QuoteForLookups) {
  if (lookup::find_driver("optestquote") == nullptr) {
    lookup::register_driver(std::make_unique<UpperQuoter>());
  }
  TestContext ctx;
  EXPECT_EQ(run_operator("quote_optestquote", TString("a b"), ctx).out.text, "<a b>");
  OpOutcome unknown = run_operator("quote_foo", TString("a"), ctx);
  EXPECT_FALSE(unknown.ok);
  EXPECT_EQ(unknown.error, "unknown lookup type \"foo\"");
  EXPECT_EQ(run_operator("quote_", TString("a"), ctx).error, "unknown lookup type \"\"");
  // Single-key lookups do no quoting; an option after them is an error.
  EXPECT_EQ(run_operator("quote_lsearch", TString("a b"), ctx).out.text, "a b");
  EXPECT_EQ(run_operator("quote_lsearch_x", TString("a"), ctx).error,
            "\"x\" unrecognized after \"${quote_lsearch\"");
}

TEST(OperatorsMisc, ExpandRunsTheEvaluator) {
  TestContext ctx;
  OpOutcome r = run_operator("expand", TString("${lc:ABC}"), ctx);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.out.text, "abc");
  OpOutcome bad = run_operator("expand", TString("$nosuchvar"), ctx);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error,
            "internal expansion of \"$nosuchvar\" failed: unknown variable name \"nosuchvar\"");
  EXPECT_FALSE(run_operator("expand", TString("${lc:x}", true), ctx).ok);
}

TEST(OperatorsMisc, RandintStaysInRange) {
  TestContext ctx;
  for (int i = 0; i < 200; ++i) {
    OpOutcome r = run_operator("randint", TString("7"), ctx);
    ASSERT_TRUE(r.ok);
    int n = std::stoi(r.out.text);
    EXPECT_GE(n, 0);
    EXPECT_LT(n, 7);
  }
  EXPECT_EQ(run_operator("randint", TString("0"), ctx).out.text, "0");
  EXPECT_EQ(run_operator("randint", TString("1"), ctx).out.text, "0");
  EXPECT_EQ(run_operator("randint", TString(" "), ctx).out.text, "0");
}

TEST(OperatorsMisc, StatReportsFields) {
  char path[] = "/tmp/corvid_opstat_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "hello", 5), 5);
  close(fd);
  chmod(path, 04751);
  TestContext ctx;
  OpOutcome r = run_operator("stat", TString(path), ctx);
  unlink(path);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.out.text.rfind("mode=4751 smode=-rwsr-x--x inode=", 0), 0u) << r.out.text;
  EXPECT_NE(r.out.text.find(" size=5 atime="), std::string::npos);
  OpOutcome dir = run_operator("stat", TString("/"), ctx);
  EXPECT_EQ(dir.out.text.rfind("mode=4", 0), 0u);
  EXPECT_NE(dir.out.text.find(" smode=drwx"), std::string::npos) << dir.out.text;
  EXPECT_EQ(run_operator("stat", TString("/nonexist"), ctx).error,
            "stat(/nonexist) failed: No such file or directory");
  EXPECT_EQ(run_operator("stat", TString(""), ctx).error,
            "stat() failed: No such file or directory");
}

}  // namespace
}  // namespace corvid::expand::testing
