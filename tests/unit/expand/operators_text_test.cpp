// Text operators (lc, uc, strlen, length, substr, hash, nhash, escape, escape8bit,
// hexquote, rxquote): table of cases checked against
// the Exim 4.96 binary.
#include "operators_test_support.hpp"

namespace corvid::expand::testing {
namespace {

// clang-format off
const OpRow kRows[] = {
    {"lc", "ABC\xc4xyz", true, "abc\xc4xyz"},
    {"uc", "abc\xe4XYZ", true, "ABC\xe4XYZ"},
    {"lc_x", "A", true, "a"},
    {"strlen", "abc", true, "3"},
    {"strlen", "", true, "0"},
    {"strlen_9", "abc", true, "3"},
    {"length_2", "abc", true, "ab"},
    {"l_2", "abc", true, "ab"},
    {"length_", "abc", true, ""},
    {"length_x", "abc", false, "non-digit after underscore in \"length_x\""},
    {"length_2_3", "abc", false, "non-digit after underscore in \"length_2_3\""},
    {"length_-1", "abc", false, "non-digit after underscore in \"length_-1\""},
    {"length_4294967298", "abcd", true, "ab"},
    {"length_2147483648", "abcd", true, "abcd"},
    {"substr_1_2", "abcd", true, "bc"},
    {"s_1", "abc", true, "bc"},
    {"substr_1_1_1", "abc", false, "non-digit after underscore in \"substr_1_1_1\""},
    {"substr_-1", "abc", true, "ab"},
    {"substr_1_", "abc", false, "non-digit after underscore in \"substr_1_\""},
    {"substr_", "abc", true, "abc"},
    {"substr__2", "abc", false, "non-digit after underscore in \"substr__2\""},
    {"substr_-2_1", "abcd", true, "c"},
    {"substr_-9_6", "abcd", true, "a"},
    {"substr_9", "abcd", true, ""},
    {"substr_4294967297", "abcd", true, "bcd"},
    {"s_-", "abc", true, "abc"},
    {"substr_-_", "abc", false, "non-digit after underscore in \"substr_-_\""},
    {"substr_-5", "abc", true, ""},
    {"substr_-2_5", "abc", true, "bc"},
    {"substr_0_0", "abc", true, ""},
    {"hash_3_63", "abc", false, "hash count \"63\" too big"},
    {"hash_3_62", "abcdef", true, "vSt"},
    {"hash_3", "abcdef", true, "fmc"},
    {"hash_0", "abc", true, ""},
    {"hash_5", "abc", true, "abc"},
    {"hash_", "abcdef", true, ""},
    {"hash_3_", "abcdef", false, "non-digit after underscore in \"hash_3_\""},
    {"hash__3", "abcdef", false, "non-digit after underscore in \"hash__3\""},
    {"hash_3_4294967298", "abcdefgh", true, "baa"},
    {"hash_3_-1", "abc", false, "non-digit after underscore in \"hash_3_-1\""},
    {"hash_2_1", "abcdef", true, "aa"},
    {"hash_4_2", "\xff\xfe\x80" "abc", true, "bbab"},
    {"h_2", "abcd", true, "nc"},
    {"hash_4_62", "The quick brown fox jumps over the lazy dog", true, "kefN"},
    {"hash_10_30", "\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\x0d", true, "gezefghijk"},
    {"nhash_1000000", "abcdefghijklmnopqrstuvwxyz0123456789abc", true, "228764"},
    {"nhash_8_64", "supercalifragilistic", true, "4/47"},
    {"nhash_8", "", true, "0"},
    {"nh_3", "abc", true, "1"},
    {"nhash_-1", "abc", false, "non-digit after underscore in \"nhash_-1\""},
    {"nhash_4_2", "\xff\xfe\x80" "abc", true, "0/1"},
    {"nhash_4294967295", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", true, "360433"},
    {"nhash_99999_7", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", true, "69942/6"},
    {"escape", "a\tb\nc\x01\x7f\x80\xff\\d\x0d\x08\x0c\x0b\x1b", true, "a\tb\\nc\\001\\177\\200\\377\\d\\r\\b\\f\\v\\033"},
    {"escape", "", true, ""},
    {"escape", "\x07\x1f", true, "\\007\\037"},
    {"escape8bit", "a\tb\nc\x01\x7f\x80\xff\\d", true, "a\tb\nc\x01\\177\\200\\377\\134d"},
    {"hexquote", "a\tb c\x01\x7f\x80\xff\\d!~", true, "a\\x09b\\x20c\\x01\\x7f\\x80\\xff\\d!~"},
    {"rxquote", "a.b*c\x80_-\xff", true, "a\\.b\\*c\\\x80\\_\\-\\\xff"},
};
// clang-format on

TEST(OperatorsText, MatchesExim) { check_rows(kRows); }

TEST(OperatorsText, DivisorZeroIsAnErrorNotACrash) {
  // Exim 4.96 dies with SIGFPE on these; Corvid reports an error instead.
  TestContext ctx;
  EXPECT_FALSE(run_operator("hash_2_0", TString("abc"), ctx).ok);
  EXPECT_FALSE(run_operator("nhash_0", TString("abc"), ctx).ok);
  EXPECT_FALSE(run_operator("nhash_", TString("abc"), ctx).ok);
}

TEST(OperatorsText, TaintFollowsTextNotNumbers) {
  TestContext ctx;
  TString in("Abc", true);
  EXPECT_TRUE(run_operator("lc", in, ctx).out.tainted);
  EXPECT_TRUE(run_operator("substr_1", in, ctx).out.tainted);
  EXPECT_FALSE(run_operator("strlen", in, ctx).out.tainted);
  EXPECT_FALSE(run_operator("nhash_7", in, ctx).out.tainted);
}

}  // namespace
}  // namespace corvid::expand::testing
