// Table-driven tests of the expansion parser and evaluator: syntax, items,
// conditions, $value/$item/$n scoping, forced failure, taint. Expected
// values and error texts are what Exim 4.96's `exim -be` prints.
#include <gtest/gtest.h>

#include "expand/expansion.hpp"
#include "expand_case.hpp"
#include "test_context.hpp"

namespace corvid::expand {
namespace {

using testing::Case;

class ExpandTable : public ::testing::TestWithParam<Case> {};

TEST_P(ExpandTable, MatchesExim) { testing::check_case(GetParam()); }

const Case kSyntax[] = {
    {"plain text", "plain text"},
    {"abc}", "abc}"},
    {"a\\tb\\x41\\101", "a\tbAA"},
    {"\\N\\t$x\\N", "\\t$x"},
    {"$primary_hostname", "mail.example.com"},
    {"${primary_hostname}x", "mail.example.comx"},
    {"$1x", "x"},
    {"${1}", ""},
    {"$h_subject: y", "Hello y"},
    {"$h_missing:z", "z"},
    {"\\", "\\ at end of string", Status::error},
    {"$", "$ not followed by letter, digit, or {", Status::error},
    {"${", "letter or digit expected after ${", Status::error},
    {"${lc:x", "missing } at end of string", Status::error},
    {"${lc abc}", "\"${lc\" is not a known operator (or a } is missing in a variable reference)",
     Status::error},
    {"${foo:x}", "unknown expansion operator \"foo\"", Status::error},
    {"$foo", "unknown variable name \"foo\"", Status::error},
    {"${foo}", "unknown variable in \"${foo}\"", Status::error},
    {"${12x}", "} expected after number", Status::error},
};
INSTANTIATE_TEST_SUITE_P(Syntax, ExpandTable, ::testing::ValuesIn(kSyntax));

const Case kIf[] = {
    {"${if eq{a}{a}{yes}{no}}", "yes"},
    {"${if eq{a}{b}{yes}{no}}", "no"},
    {"${if eq{a}{a}}", "true"},
    {"${if eq{a}{b}}", ""},
    {"${if !eq{a}{b}{y}{n}}", "y"},
    {"${if ! ! eq{a}{b}{y}{n}}", "n"},
    {"${if eq {a} {a} {y} {n} }", "y"},
    {"${if eq{a}{a}{y}fail}", "y"},
    {"${if eq{a}{b}{y}fail}", "\"if\" failed and \"fail\" requested", Status::forced_fail},
    {"${if eq{a}{a}{y}", "syntax error in \"if\" item - \"fail\" expected", Status::error},
    {"${if eq{a}{a}y}",
     "curly-bracket problem in conditional yes/no parsing: 'yes' part did not start with "
     "'{'\n remaining string is 'y}'",
     Status::error},
    {"${if foo{a}}", "unknown condition \"foo\"", Status::error},
    {"${if}", "condition name expected, but found \"}\"", Status::error},
    {"${if eq{a}}", "missing 2nd string in {} after \"eq\"", Status::error},
    {"${if exists}", "missing { after \"exists\"", Status::error},
    {"${if def}", "\":\" expected after \"def\"", Status::error},
    {"${if def:}", "variable name omitted after \"def:\"", Status::error},
    {"${if def:foo}", "unknown variable \"foo\" after \"def:\"", Status::error},
    {"${if def:primary_hostname{y}{n}}", "y"},
    {"${if def:empty{y}{n}}", "n"},
    {"${if def:h_subject:{y}{n}}", "y"},
    {"${if and{{eq{a}{a}}{eq{b}{b}}}{y}{n}}", "y"},
    {"${if and{}{y}{n}}", "y"},
    {"${if or{}{y}{n}}", "n"},
    {"${if and{eq{a}{a}}{y}}",
     "each subcondition inside an \"and{...}\" condition must be in its own {}", Status::error},
    {"${if ={1K}{1024}}", "true"},
    {"${if <{ 1 }{2}}", "true"},
    {"${if ={a}{1}}", "integer expected but \"a\" found", Status::error},
    {"${if ={1x}{1}}", "invalid integer \"1x\"", Status::error},
    {"${if eqi{AbC}{aBc}}", "true"},
    {"${if lt{a}{b}}", "true"},
    {"${if gti{B}{a}}", "true"},
    {"${if bool{ YES }}", "true"},
    {"${if bool{}}", ""},
    {"${if bool{x}}", "unrecognised boolean value \"x\"", Status::error},
    {"${if bool_lax{no}}", ""},
    {"${if bool_lax{00}}", "true"},
    {"${if isip{1.2.3.4}}", "true"},
    {"${if isip4{::1}}", ""},
    {"${if isip6{::1}}", "true"},
    {"${if isip{1.2.3.4/24}}", ""},
    {"${if match{abc}{(b)(c)}{$2$1$0}}$1", "cbbc"},
    {"${if match{abc}{(b}{$1}}",
     "regular expression error in \"(b\": missing closing parenthesis at offset 2",
     Status::error},
    {"${if inlist{a}{b:a}}", "true"},
    {"${if inlisti{A}{b:a}}", "true"},
    {"${if forall{a:b}{eq{$item}{a}}}", ""},
    {"${if forany{a:b}{eq{$item}{a}}}", "true"},
    {"${if forall{}{eq{a}{a}}}", ""},
    {"${if forall_json{[1,2]}{>{$item}{0}}}", "true"},
    {"${if crypteq{abc}{\\{md5\\}900150983cd24fb0d6963f7d28e17f72}}", "true"},
    {"${if crypteq{abc}{\\{sha1\\}a9993e364706816aba3e25717850c26c9cd0d89d}}", "true"},
    {"${if match_domain{x.example.net}{+local_domains}}", "true"},
    {"${if match_ip{10.1.2.3}{+relay_hosts}}", "true"},
    {"${if match_ip{x}{1.2.3.4}}", "\"x\" is not an IP address", Status::error},
};
INSTANTIATE_TEST_SUITE_P(Conditions, ExpandTable, ::testing::ValuesIn(kIf));

const Case kItems[] = {
    {"${substr{1}{2}{abcdef}}", "bc"},
    {"${substr{-3}{abcdef}}", "abc"},
    {"${substr{1}}", "Not enough arguments for 'substr' (min is 2)", Status::error},
    {"${substr{1}{2}{3}{4}}", "Too many arguments for 'substr' (max is 3)", Status::error},
    {"${substr{1}{2}{abcdef}x", "missing '}' after 'substr'", Status::error},
    {"${substr{a}{1}{xyz}}", "\"a\" is not a number (in \"substr\" expansion)", Status::error},
    {"${substr{1}{-1}{xyz}}", "\"-1\" is not a positive number (in \"substr\" expansion)",
     Status::error},
    {"${length{2}{abc}}", "ab"},
    {"${length{}{abc}}", ""},
    {"${hash{3}{5}{abcdef}}", "dda"},
    {"${hash{3}{abc}}", "abc"},
    {"${nhash{7}{abcdef}}", "2"},
    {"${nhash{7}{3}{abcdef}}", "3/0"},
    {"${hmac{md5}{k}{abc}}", "75972c9c6569f2f407752ddb02ac79de"},
    {"${hmac{sha256}{k}{abc}}", "hmac algorithm \"sha256\" is not recognised", Status::error},
    {"${sg{abcb}{b}{[\\$0]}}", "a[b]c[b]"},
    {"${sg{abc}{x*}{-}}", "-a-b-c-"},
    {"${tr{abcabc}{abc}{xy}}", "xyyxyy"},
    {"${tr{abc}{}{x}}", "abc"},
    {"${map{a::b:c}{[$item]}}", "[a::b]:[c]"},
    {"${map{<; a;b ; c}{[$item]}}", "[a];[b];[c]"},
    {"${filter{a:bb:c}{eq{$item}{bb}}}", "bb"},
    {"${reduce{a:b:c}{}{$value$item}}", "abc"},
    {"${sort{c:b:a}{lti}{$item}}", "a:b:c"},
    {"${sort{3:1:2}{>}{$item}}", "3:2:1"},
    {"${sort{3:1:2}{<}}", "missing '{' for extractor arg of sort", Status::error},
    {"${map{a:b}}", "missing '{' for last arg of map", Status::error},
    {"${filter{a}{eq{a}{a}x}}",
     "missing } at end of condition or expression inside \"filter\"; could be an unquoted } "
     "in the content",
     Status::error},
    {"${listextract{2}{a:b:c}}", "b"},
    {"${listextract{-1}{a:b:c}{<$value>}}", "<c>"},
    {"${listextract{5}{a:b:c}{y}{n}}", "n"},
    {"${listquote{:}{a:b}}", "a::b"},
    {"${extract{2}{:}{a:b:c}}", "b"},
    {"${extract{y}{x=1 y=\"2 3\"}}", "2 3"},
    {"${extract{z}{x=1}{found}{missing}}", "missing"},
    {"${extract{1}{:}{a:b}{<$value>}}", "<a>"},
    {"${extract{z}{x=1}{y}fail}", "\"extract\" failed and \"fail\" requested",
     Status::forced_fail},
    {"${extract json{a}{\\{\"a\":\"x\"\\}}}", "\"x\""},
    {"${extract jsons{a}{\\{\"a\":\"x\"\\}}}", "x"},
    {"${env{CORVID_SURELY_UNSET_VAR}{y}{n}}", "n"},
    {"${lookup{a}foo{/x}}", "unknown lookup type \"foo\"", Status::error},
    {"${lookup{a}}", "missing lookup type", Status::error},
    {"${lookup lsearch{x}}", "missing {key} for single-key \"lsearch\" lookup", Status::error},
    {"${lookup{x} lsearch x}", "missing '{' for lookup file-or-query arg", Status::error},
    {"${if eq{a}{a}{$value}}", ""},
    {"${acl{}}", ""},
    {"${acl{some_acl}{arg}}", "ACLs cannot be run from this expansion", Status::error},
};
INSTANTIATE_TEST_SUITE_P(Items, ExpandTable, ::testing::ValuesIn(kItems));

TEST(Expand, TaintFollowsValues) {
  testing::TestContext ctx;
  EXPECT_TRUE(expand_string("$sender_address", ctx).value.tainted);
  EXPECT_FALSE(expand_string("$primary_hostname", ctx).value.tainted);
  EXPECT_TRUE(expand_string("x${substr{0}{3}{$sender_address}}", ctx).value.tainted);
  EXPECT_TRUE(expand_string("$h_subject:", ctx).value.tainted);
}

TEST(Expand, TaintedFileNamesAreRefused) {
  testing::TestContext ctx;
  // Exim 4.96 fails a tainted ${readfile} as if open() had been refused.
  Result r = expand_string("${readfile{$sender_address}}", ctx);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.message,
            "failed to open someone@example.org: Permission denied (tainted filename "
            "'someone@example.org')");
  r = expand_string("${lookup{x}lsearch{/tmp/$sender_address}}", ctx);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.message, "Tainted filename for search: '/tmp/someone@example.org'");
  // As in Exim 4.96, a command may carry tainted arguments (no shell runs).
  r = expand_string("${run{/bin/echo $sender_address}}", ctx);
  EXPECT_EQ(r.status, Status::ok) << r.message;
  EXPECT_EQ(r.value.text, "someone@example.org\n");
}

TEST(Expand, CompileOnceEvaluateMany) {
  testing::TestContext ctx;
  Expansion e = compile("${if eq{$primary_hostname}{mail.example.com}{yes}{no}}");
  ASSERT_TRUE(e.ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(expand(e, ctx).value.text, "yes");
  }
  ctx.vars["primary_hostname"] = TString("other");
  EXPECT_EQ(expand(e, ctx).value.text, "no");
}

TEST(Expand, SyntaxErrorIsKeptAndReportedAtUse) {
  testing::TestContext ctx;
  Expansion e = compile("${if eq{a}");
  EXPECT_FALSE(e.ok());
  Result r = expand(e, ctx);
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.message, e.parse_error());
}

TEST(Expand, DeepNestingIsRefusedNotCrashing) {
  testing::TestContext ctx;
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "${lc:";
  deep += "x";
  for (int i = 0; i < 5000; ++i) deep += "}";
  Result r = expand_string(deep, ctx);
  EXPECT_EQ(r.status, Status::error);
}

}  // namespace
}  // namespace corvid::expand
