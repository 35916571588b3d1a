// MAIL FROM / RCPT TO arguments. Every "expect" text below is what
// `exim4 -bh` (Debian 4.96) answered to the same line, with DSN, PRDR,
// SMTPUTF8 and AUTH advertised.
#include "smtp/proto/mail_rcpt.hpp"

#include <gtest/gtest.h>

#include <string>

namespace corvid::smtp::proto {
namespace {

Extensions all_on() {
  Extensions e;
  e.dsn = e.smtputf8 = e.auth = e.prdr = true;
  return e;
}

// expect: "" for success, else "CODE text".
struct Case {
  std::string argument;
  std::string expect;
  std::string address = "";
};

std::string outcome(const std::variant<MailFrom, ProtoError>& r) {
  if (auto* e = std::get_if<ProtoError>(&r)) {
    return std::to_string(e->code) + " " + e->text;
  }
  return "";
}
std::string outcome(const std::variant<RcptTo, ProtoError>& r) {
  if (auto* e = std::get_if<ProtoError>(&r)) {
    return std::to_string(e->code) + " " + e->text;
  }
  return "";
}

TEST(Mail, ExiMReplies) {
  const Case cases[] = {
      {"<a@b.c>", "", "a@b.c"},
      {"a@b.c", "", "a@b.c"},
      {"<>", "", ""},
      {"<> SIZE=10", "", ""},
      {"<a@b.c", "501 <a@b.c: '>' missing at end of address"},
      {"<@x.y,@z.w:a@b.c>", "", "a@b.c"},
      {"<@x.y:a@b.c>", "", "a@b.c"},
      {"<a@b.c> size=100", "", "a@b.c"},
      {"<a@b.c> SIZE=abc", "", "a@b.c"},
      {"<a@b.c> FOO=bar", "501 <a@b.c> FOO=bar: malformed address: FOO=bar may not follow <a@b.c> "},
      {"<a@b.c> BODY=8BITMIME", "", "a@b.c"},
      {"<a@b.c> body=7bit", "", "a@b.c"},
      {"<a@b.c> BODY=BINARYMIME", "501 invalid data for BODY"},
      {"<a@b.c> BODY=junk", "501 invalid data for BODY"},
      {"<a@b.c> BODY", "501 invalid data for BODY"},
      {"<a@b.c> BODY=7BIT BODY=8BITMIME", "", "a@b.c"},
      {"<a@b.c> SMTPUTF8", "", "a@b.c"},
      {"<a@b.c> SMTPUTF8=x",
       "501 <a@b.c> SMTPUTF8=x: malformed address: SMTPUTF8=x may not follow <a@b.c> "},
      {"<a@b.c> RET=FULL ENVID=abc+2Bdef", "", "a@b.c"},
      {"<a@b.c> RET=hdrs", "", "a@b.c"},
      {"<a@b.c> RET=junk", "501 Value for RET is invalid"},
      {"<a@b.c> RET", "501 Value for RET is invalid"},
      {"<a@b.c> RET=FULL RET=HDRS", "501 RET can be specified once only"},
      {"<a@b.c> ENVID=x ENVID=y", "501 ENVID can be specified once only"},
      {"<a@b.c> ENVID=a+zz", "", "a@b.c"},
      {"<a@b.c> ENVID=", "", "a@b.c"},
      {"<a@b.c> AUTH=<>", "", "a@b.c"},
      {"<a@b.c> AUTH=x@y", "", "a@b.c"},
      {"<a@b.c> AUTH=", "", "a@b.c"},
      {"<a@b.c> AUTH=a+zz", "501 invalid data for AUTH"},
      {"<a@b.c> AUTH=<> AUTH=<>", "", "a@b.c"},
      {"<a@b.c> PRDR", "", "a@b.c"},
      {"<a@b.c> PRDR=x", "", "a@b.c"},
      {"<a@b.c> PRDR PRDR", "", "a@b.c"},
      {"<a b@c.d>", "501 <a b@c.d>: \"@\" or \".\" expected after \"a\""},
      {"<a.b c@d>", "501 <a.b c@d>: \"@\" or \".\" expected after \"a.b\""},
      {"<\"a b\"@c.d>", "", "\"a b\"@c.d"},
      {"<\"a b\"@c.d> SIZE=10", "", "\"a b\"@c.d"},
      {"<a@b.c> junk", "501 <a@b.c> junk: malformed address: junk may not follow <a@b.c> "},
      {"<a@b.c> SIZE=10 junk",
       "501 <a@b.c> SIZE=10 junk: malformed address: SIZE=10 junk may not follow <a@b.c> "},
      {"<a@b.c> 01234567890123456789012345678901234567890123456789",
       "501 <a@b.c> 01234567890123456789012345678901234567890123456789: malformed address: "
       "01234567890123456789012345678901 may not follow <a@b.c> "},
      {"", "501 MAIL must have an address operand"},
      {"<a@>", "501 <a@>: domain missing or malformed"},
      {"<@b.c>", "501 <@b.c>: no local part"},
      {"<a>", "", "a"},
      {"<a@b.c>x", "501 <a@b.c>x: malformed address: x may not follow <a@b.c>"},
      {"<a@b.c>  SIZE=10", "", "a@b.c"},
      {"<a@b.c> SIZE=10 SIZE=20", "", "a@b.c"},
      {"<a@b.c> NOTIFY=NEVER",
       "501 <a@b.c> NOTIFY=NEVER: malformed address: NOTIFY=NEVER may not follow <a@b.c> "},
      {"a b@c.d", "501 a b@c.d: missing or malformed local part (expected word or \"<\")"},
      {"Name <a@b.c>", "", "a@b.c"},
      {"<a@b.c> (comment)", "", "a@b.c"},
      {"<a @ b.c>", "", "a@b.c"},
  };
  for (const Case& c : cases) {
    auto r = parse_mail(c.argument, all_on());
    EXPECT_EQ(outcome(r), c.expect) << c.argument;
    if (c.expect.empty() && std::holds_alternative<MailFrom>(r)) {
      EXPECT_EQ(std::get<MailFrom>(r).path.address, c.address) << c.argument;
    }
  }
}

TEST(Mail, Values) {
  auto r = std::get<MailFrom>(parse_mail(
      "<a@b.c> SIZE=999999999 SIZE=10 BODY=8bitmime RET=HDRS ENVID=e+2B AUTH=x+40y SMTPUTF8 PRDR",
      all_on()));
  EXPECT_EQ(r.size, 999999999);  // leftmost wins
  EXPECT_EQ(r.body, Body::eight_bit_mime);
  EXPECT_EQ(r.ret, Ret::hdrs);
  EXPECT_EQ(r.envid, "e+2B");
  EXPECT_EQ(r.auth, "x@y");
  EXPECT_TRUE(r.smtputf8);
  EXPECT_TRUE(r.prdr);
  EXPECT_FALSE(r.null_sender);
  EXPECT_TRUE(std::get<MailFrom>(parse_mail("<>", all_on())).null_sender);
  EXPECT_EQ(std::get<MailFrom>(parse_mail("<a@b.c> SIZE=-5", all_on())).size, -5);
  EXPECT_EQ(std::get<MailFrom>(parse_mail("<a@b.c> SIZE=99999999999999999999", all_on())).size,
            INT64_MAX);
  EXPECT_EQ(std::get<MailFrom>(parse_mail("<a@b.c> SIZE=+5", all_on())).size, 5);
  EXPECT_EQ(std::get<MailFrom>(parse_mail("<a@b.c> SIZE", all_on())).size, 0);
}

TEST(Mail, NotAdvertisedIsUnknown) {
  Extensions plain;
  EXPECT_EQ(outcome(parse_mail("<a@b.c> RET=FULL", plain)),
            "501 <a@b.c> RET=FULL: malformed address: RET=FULL may not follow <a@b.c> ");
  EXPECT_EQ(outcome(parse_mail("<a@b.c> PRDR", plain)),
            "501 <a@b.c> PRDR: malformed address: PRDR may not follow <a@b.c> ");
  EXPECT_EQ(outcome(parse_mail("<a@b.c> SIZE=5", plain)), "");
  plain.eight_bit_mime = false;
  EXPECT_EQ(outcome(parse_mail("<a@b.c> BODY=7BIT", plain)),
            "501 <a@b.c> BODY=7BIT: malformed address: BODY=7BIT may not follow <a@b.c> ");
}

TEST(Mail, SizeExceeds) {
  EXPECT_TRUE(size_exceeds(999999999, 52428800));
  EXPECT_FALSE(size_exceeds(100, 52428800));
  EXPECT_FALSE(size_exceeds(1LL << 40, 0));
  EXPECT_TRUE(size_exceeds(-5, 52428800));
}

TEST(Rcpt, EximReplies) {
  const Case cases[] = {
      {"<x@y.z>", "", "x@y.z"},
      {"x@y.z", "", "x@y.z"},
      {"<>", "501 <>: missing or malformed local part"},
      {"<postmaster>", "", "postmaster"},
      {"<@a.b:x@y.z>", "", "x@y.z"},
      {"<x@y.z> NOTIFY=SUCCESS,FAILURE", "", "x@y.z"},
      {"<x@y.z> notify=never", "", "x@y.z"},
      {"<x@y.z>\tNOTIFY=NEVER", "", "x@y.z"},
      {"<x@y.z>  NOTIFY=NEVER   ", "", "x@y.z"},
      {"<x@y.z> NOTIFY=NEVER,SUCCESS", "501 Invalid value for NOTIFY parameter"},
      {"<x@y.z> NOTIFY=junk", "501 Invalid value for NOTIFY parameter"},
      {"<x@y.z> NOTIFY", "501 Invalid value for NOTIFY parameter"},
      {"<x@y.z> NOTIFY=", "", "x@y.z"},
      {"<x@y.z> NOTIFY=SUCCESS,", "", "x@y.z"},
      {"<x@y.z> NOTIFY=SUCCESS,,DELAY", "501 Invalid value for NOTIFY parameter"},
      {"<x@y.z> NOTIFY=NEVER,NEVER", "501 Invalid value for NOTIFY parameter"},
      {"<x@y.z> NOTIFY=DELAY NOTIFY=DELAY", "501 NOTIFY can be specified once only"},
      {"<x@y.z> ORCPT=rfc822;x+40y.z", "", "x@y.z"},
      {"<x@y.z> ORCPT=x", "", "x@y.z"},
      {"<x@y.z> ORCPT=", "", "x@y.z"},
      {"<x@y.z> ORCPT=rfc822;a ORCPT=rfc822;b", "501 ORCPT can be specified once only"},
      {"<x@y.z> SIZE=10", "501 <x@y.z> SIZE=10: malformed address: SIZE=10 may not follow <x@y.z> "},
      {"<x@y.z> FOO=bar NOTIFY=NEVER",
       "501 <x@y.z> FOO=bar: malformed address: FOO=bar may not follow <x@y.z> "},
      {"<x@y.z> NOTIFY=NEVER FOO=bar",
       "501 <x@y.z> NOTIFY=NEVER FOO=bar: malformed address: NOTIFY=NEVER FOO=bar may not follow "
       "<x@y.z> "},
      {"", "501 RCPT must have an address operand"},
      {"<x@y.z", "501 <x@y.z: '>' missing at end of address"},
      {"<x@y.z> junk", "501 <x@y.z>=junk: malformed address: =junk may not follow <x@y.z>"},
      {"<x@y.z> SMTPUTF8", "501 <x@y.z>=SMTPUTF8: malformed address: =SMTPUTF8 may not follow <x@y.z>"},
      {"<x@y.z> =foo", "501 <x@y.z> =foo: malformed address: =foo may not follow <x@y.z> "},
      {"x@y.z junk", "501 x@y.z=junk: malformed address: =junk may not follow x@y.z"},
      {"<x@y.z>junk", "501 <x@y.z>junk: malformed address: junk may not follow <x@y.z>"},
      {"<x@y.z> (comment)",
       "501 <x@y.z>=(comment): malformed address: =(comment) may not follow <x@y.z>"},
      {"<x@y.z> 01234567890123456789012345678901234567890123456789",
       "501 <x@y.z>=01234567890123456789012345678901234567890123456789: malformed address: "
       "=0123456789012345678901234567890 may not follow <x@y.z>"},
      {"<x y@z>", "", "x=y@z"},
      {"<x @ y.z>", "501 <x @=y.z>: domain missing or malformed"},
      {"<\"x y\"@z.a>", "", "\"x y\"@z.a"},
      {"<x(comment)@y.z>", "", "x@y.z"},
      {"<x@[1.2.3.4]>", "501 <x@[1.2.3.4]>: domain literals not allowed"},
      {"<x@[1.2.3.4>", "501 <x@[1.2.3.4>: domain literals not allowed"},
      {"<x@y..z>", "501 <x@y..z>: domain missing or malformed"},
      {"<x.@y.z>", "", "x.@y.z"},
      {"<.x@y.z>", "", ".x@y.z"},
      {"<x..y@y.z>", "", "x..y@y.z"},
      {"<x@-y.z>", "501 <x@-y.z>: domain missing or malformed"},
      {"<x@y-.com>", "", "x@y-.com"},
      {"<x@y_z.com>", "501 <x@y_z.com>: malformed address: _z.com> may not follow <x@y"},
      {"<x@y.com.>", "501 <x@y.com.>: domain missing or malformed"},
      {"<x@1.2.3.4>", "", "x@1.2.3.4"},
      {"<x@b.c@d.e>", "501 <x@b.c@d.e>: malformed address: @d.e> may not follow <x@b.c"},
      {"<x@>", "501 <x@>: domain missing or malformed"},
      {"<@>", "501 <@>: domain missing or malformed"},
      {"<@a.b>", "501 <@a.b>: no local part"},
      {"<@a.b:>", "501 <@a.b:>: missing or malformed local part"},
      {"<@a.b,x@y.z>", "501 <@a.b,x@y.z>: colon expected after route list"},
      {"<@a..b:x@y.z>", "501 <@a..b:x@y.z>: domain missing or malformed"},
      {"<x\"y\"@y.z>", "501 <x\"y\"@y.z>: \"@\" or \".\" expected after \"x\""},
      {"<\"x@y.z>", "501 <\"x@y.z>: unmatched doublequote in local part"},
      {"<x\\y@y.z>", "", "x\\y@y.z"},
      {"<", "501 <: missing or malformed local part"},
      {">", "501 >: missing or malformed local part (expected word or \"<\")"},
      {"<x;y@y.z>", "501 <x;y@y.z>: \"@\" or \".\" expected after \"x\""},
      {"<x@y;z>", "501 <x@y;z>: malformed address: ;z> may not follow <x@y"},
      {"x@y.z>", "501 x@y.z>: malformed address: > may not follow x@y.z"},
      {"<x@y.z>>", "501 <x@y.z>>: malformed address: > may not follow <x@y.z>"},
      {"<<x@y.z>>", "501 <<x@y.z>>: missing or malformed local part"},
      {"<x@y.z>,<a@b.c>", "501 <x@y.z>,<a@b.c>: malformed address: ,<a@b.c> may not follow <x@y.z>"},
      {"<x@\xc3\xa4.z>", "501 <x@\xc3\xa4.z>: domain missing or malformed"},
      {"<\xc3\xa4@y.z>", "", "\xc3\xa4@y.z"},
      {"Name <x@y.z>", "", "x@y.z"},
  };
  for (const Case& c : cases) {
    auto r = parse_rcpt(c.argument, all_on());
    EXPECT_EQ(outcome(r), c.expect) << c.argument;
    if (c.expect.empty() && std::holds_alternative<RcptTo>(r)) {
      EXPECT_EQ(std::get<RcptTo>(r).path.address, c.address) << c.argument;
    }
  }
}

TEST(Rcpt, Values) {
  auto r = std::get<RcptTo>(parse_rcpt("<x@y.z> NOTIFY=success,delay ORCPT=rfc822;x+40y", all_on()));
  EXPECT_EQ(r.notify, unsigned(kNotifySuccess | kNotifyDelay));
  EXPECT_EQ(r.orcpt, "rfc822;x+40y");
  EXPECT_EQ(std::get<RcptTo>(parse_rcpt("<x@y.z> NOTIFY=NEVER", all_on())).notify,
            unsigned(kNotifyNever));
  Extensions lit = all_on();
  lit.path.allow_domain_literals = true;
  EXPECT_EQ(std::get<RcptTo>(parse_rcpt("<x@[1.2.3.4]>", lit)).path.domain, "[1.2.3.4]");
  EXPECT_EQ(std::get<RcptTo>(parse_rcpt("<x>", all_on())).path.domain, "");
  EXPECT_EQ(unqualified_error(false), "recipient address must contain a domain");
  EXPECT_EQ(unqualified_error(true), "sender address must contain a domain");
}

TEST(Xtext, Decode) {
  EXPECT_EQ(decode_xtext("abc+2Bdef"), "abc+def");
  EXPECT_EQ(decode_xtext("x+40y"), "x@y");
  EXPECT_EQ(decode_xtext(""), "");
  EXPECT_EQ(decode_xtext("a+zz"), std::nullopt);
  EXPECT_EQ(decode_xtext("a+4"), std::nullopt);
  EXPECT_EQ(decode_xtext("a b"), std::nullopt);
  EXPECT_EQ(decode_xtext("a\x7f"), std::nullopt);
}

}  // namespace
}  // namespace corvid::smtp::proto
