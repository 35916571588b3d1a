// Table-driven tests of behaviour found by comparing `corvid -be` with
// `exim4 -be` (Exim 4.96): error context suffixes, ${extract} and its JSON
// scanning, list building, ${sort} comparators, ${imapfolder}, SRS, NUL
// handling and argument-count wording. Expected texts are Exim's.
#include <gtest/gtest.h>

#include "expand/expansion.hpp"
#include "expand_case.hpp"
#include "test_context.hpp"

namespace corvid::expand {
namespace {

using testing::Case;

class ParityTable : public ::testing::TestWithParam<Case> {};

TEST_P(ParityTable, MatchesExim) { testing::check_case(GetParam()); }

constexpr Status E = Status::error;
constexpr Status F = Status::forced_fail;

const Case kContext[] = {
    {"${if and{{eq{a}{a}}{nosuch{b}}}{y}{n}}",
     "unknown condition \"nosuch\" inside \"and{...}\" condition", E},
    {"${if and{{or{{nosuch}}}}}",
     "unknown condition \"nosuch\" inside \"or{...}\" condition inside \"and{...}\" condition", E},
    {"${if forall{a}{eq{a}}}", "missing 2nd string in {} after \"eq\" inside \"forall\" condition",
     E},
    {"${filter{a}{b}}", "unknown condition \"b\" inside \"filter\" item", E},
    {"${map{a}{${if eq{a}}}}", "missing 2nd string in {} after \"eq\" inside \"map\" item", E},
    {"${map{a}{$nosuchvar}}", "unknown variable name \"nosuchvar\" inside \"map\" item", E},
    {"${reduce{a}{}{$nosuchvar}}", "unknown variable name \"nosuchvar\" inside \"reduce\" item", E},
    {"${filter{a}{eq{${if eq{a}{b}{}fail}}{}}}",
     "\"if\" failed and \"fail\" requested inside \"filter\" condition", F},
    {"${if or{{eq{a}{a}}{eq{$nosuchvar}{}}}}", "true"},  // Exim fails: see report
    {"$acl_x", "unknown variable name \"acl_x\" (user-defined ACL variables must start acl_c or "
               "acl_m)", E},
    {"${acl_z0}", "unknown variable in \"${acl_z0}\" (user-defined ACL variables must start "
                  "acl_c or acl_m)", E},
};
INSTANTIATE_TEST_SUITE_P(Context, ParityTable, ::testing::ValuesIn(kContext));

const Case kExtract[] = {
    {"${extract{ key }{key=1}}", "1"},
    {"${extract{ 2 }{:}{a:b:c}}", "b"},
    {"${extract{-}{:}{a:b}}", "a:b"},
    {"${extract{+1}{:}{a:b}}", ""},
    {"${extract{}{a=1}}", "first argument of \"extract\" must not be empty", E},
    {"${extract{a}}", "missing '{' for arg 2 of extract", E},
    {"${extract{0}{:}}", "missing '{' for arg 3 of extract", E},
    {"${extract jsonx{a}{x}}", "missing '{' for arg 1 of extract", E},
    {"${extract{a}{a=2}fail}",
     "curly-bracket problem in conditional yes/no parsing: 'yes' part did not start with '{'\n"
     " remaining string is 'fail}'", E},
    {"${extract{$primary_hostname}{a}{b}{c}}", "c"},
    {"${extract{${length_1:1}}{:}{a:b}}", "a"},
    {"${extract json{a}{not json}}", "missing '{' wrapping object for extract json", E},
    {"${extract json{a}{{\"a\":1}}}", "missing '}' wrapping object for extract json", E},
    {"${extract json{a}{\\{ \"a\" : \"x\" \\} }}", "\"x\" "},
    {"${extract json{a}{\\{\"a\":1\\}x}}", "1"},
    {"${extract json{a}{\\{\"a\":\"x,y\"\\}}}", "\"x"},
    {"${extract json{a}{\\{a:5\\}}}", "missing '\"' wrapping string key for extract json", E},
    {"${extract json{a}{\\{\"a\"  5\\}}}", "missing object value-separator for extract json", E},
    {"${extract json{1}{[[1 ] ,2]}}", "[1 ]"},
    {"${extract json{2}{[1,,3]}{y}{n}}", "n"},
    {"${extract json{-1}{[1,2]}}", "first argument of \"extract\" must be greater than zero", E},
    {"${extract json{1}{[1,2}}", "missing ']' wrapping array for extract json", E},
    {"${extract jsons{a}{\\{\"a\":\"x\\\\\"y\"\\}}}", "x\\\"y"},
    {"${extract jsons{a}{\\{\"a\":5\\}}}",
     "missing '\"' wrapping string result for extract jsons", E},
};
INSTANTIATE_TEST_SUITE_P(Extract, ParityTable, ::testing::ValuesIn(kExtract));

const Case kLists[] = {
    {"${map{a:b:c}{}}", ": : "},
    {"${map{a:b}{${if eq{$item}{a}{}{x}}}}", ":x"},
    {"${filter{<, ,a}{bool_lax{1}}}", ",a"},
    {"${listquote{:}{}}", " "},
    {"${listquote{}{a:b}}", "a:b"},
    {"${listextract{a}}", "first argument of \"listextract\" must be numeric", E},
    {"${listextract{}{a:b}}", "first argument of \"listextract\" must not be empty", E},
    {"${listextract{1}}", "missing '{' for arg 2 of listextract", E},
    {"${listextract{ 1 }{a:b}}", "a"},
    {"${sort{3:2:1}{eq}{$item}}", "comparator not handled for sort", E},
    {"${sort{a:b}{bad}{$item}}", "", E},
    {"${sort{a:b}{ lt }{$item}}", "condition name expected, but found \" lt \"", E},
    {"${sort{b:a}{lt x}{$item}}", "a:b"},
    {"${sort{1K:9}{<}{$item}}", "9:1K"},
    {"${sort{a:b}{lt}{}}", "field-extract in sort: \"\"", E},
    {"${sort{a:b}{lt}{${if eq{a}{b}{}fail}}}", "field-extract in sort: \"${if eq{a}{b}{}fail}\"",
     E},
};
INSTANTIATE_TEST_SUITE_P(Lists, ParityTable, ::testing::ValuesIn(kLists));

const Case kMisc[] = {
    {"${substr_-1:abcde}", "abcd"},
    {"${substr_-3_2:abcde}", "cd"},
    {"\\x", ""},
    {"a\\0b", "a"},
    {"${strlen:a\\0b}", "1"},
    {"${base64:\\x00\\x01}", ""},
    {"${if 1{a}}", "unknown condition \"1\"", E},
    {"${if <<{1}{2}}", "missing { after \"<\"", E},
    {"${if isip{fe80::1%eth0}{y}{n}}", "y"},
    {"${if isip4{1.2.3.4%eth0}{y}{n}}", "n"},
    {"${if crypteq{test}{\\{nosuch\\}xyz}{y}{n}}",
     "unknown encryption mechanism in \"{nosuch}xyz\"", E},
    {"${if inlist{42}{0 : 1 : 42}{found $value}{no}}", "found 42"},
    {"${run}", "missing '{' for command arg of run", E},
    {"${run{}{y}{n}}$runrc", "n127"},
    {"${env}", "", E},
    {"${prvscheck}", "Not enough arguments for 'prvscheck' (min is 1)", E},
    {"${prvscheck{a}{b}{c}{d}}", "Too many arguments for 'prvscheck' (max is 2)", E},
    {"${if acl{x}}", "too few arguments or bracketing error for acl", E},
    {"${if inbound_srs{a}}", "too few arguments or bracketing error for inbound_srs", E},
    {"${if saslauthd{{a}{b}{c}{d}{e}}}", "Too many arguments for '' (max is 4)", E},
    {"${imapfolder{INBOX.foo}}", "imapfolder: illegal character '.'", E},
    {"${imapfolder{a/b}}", "a.b"},
    {"${imapfolder{x/y}{/}{x/}}", "&AHg-.y"},
    {"${imapfolder{\xc3\x9cn\xc3\xaf" "code}}", "&ANw-n&AO8-code"},
    {"${imapfolder{a&b}}", "a&-b"},
    {"${imapfolder{\xf0\x9f\x98\x80}}", "&2D3eAA-"},
    {"${imapfolder{a}{}}", "IMAP folder separator must be one character, found \"\"", E},
    {"${srs_encode{secret}{}{example.com}}", ""},
    {"${if inbound_srs{plain@example.com}{secret}{yes}{no}}", "no"},
    {"${if inbound_srs{${local_part:${srs_encode{k}{User@X.org}{d.com}}}}{k}{$srs_recipient}}",
     "user@x.org"},
    {"${if inbound_srs{${local_part:${srs_encode{k}{u@x.org}{d.com}}}}{other}{y}{n}}", "n"},
};
INSTANTIATE_TEST_SUITE_P(Misc, ParityTable, ::testing::ValuesIn(kMisc));

}  // namespace
}  // namespace corvid::expand
