// Verbs, conditions and modifiers run against FakeSession. Expected
// results follow exim4 4.96 -bh runs of the same statements (see
// exim_compare_test.cpp for the raw observations).
#include <gtest/gtest.h>

#include "acl/replies.hpp"
#include "fake_session.hpp"

namespace corvid::acl::testing {
namespace {

Result run_text(FakeSession& s, const std::string& acls, const std::string& name = "a") {
  auto set = load_ok(acls);
  const CompiledAcl* a = set->named(name);
  EXPECT_NE(a, nullptr);
  return a == nullptr ? Result{} : run(*set, *a, s);
}

struct VerbCase {
  const char* acl;
  Status status;
  const char* user;
  const char* log;
};

class VerbTest : public ::testing::TestWithParam<VerbCase> {};

TEST_P(VerbTest, Decides) {
  FakeSession s;
  Result r = run_text(s, std::string("a:\n") + GetParam().acl + "\n");
  EXPECT_EQ(r.status, GetParam().status) << GetParam().acl;
  EXPECT_EQ(r.user_message, GetParam().user) << GetParam().acl;
  EXPECT_EQ(r.log_message, GetParam().log) << GetParam().acl;
}

INSTANTIATE_TEST_SUITE_P(
    Verbs, VerbTest,
    ::testing::Values(
        VerbCase{"  accept", Status::ok, "", ""},
        VerbCase{"  deny", Status::fail, "", ""},
        VerbCase{"  defer", Status::defer, "", ""},
        VerbCase{"  drop", Status::drop, "", ""},
        VerbCase{"  discard", Status::discard, "", ""},
        VerbCase{"  warn", Status::fail, "", ""},  // implicit deny after warn
        VerbCase{"  require hosts = 9.9.9.9", Status::fail, "", ""},
        VerbCase{"  require hosts = 1.2.3.4", Status::fail, "", ""},  // then runs off the end
        VerbCase{"  require message = need\n  hosts = 9.9.9.9", Status::fail, "need", "need"},
        VerbCase{"  deny message = go away", Status::fail, "go away", "go away"},
        VerbCase{"  deny message = 550 a\\nb", Status::fail, "550 a\nb", "550 a"},
        VerbCase{"  deny log_message = why", Status::fail, "", "why"},
        VerbCase{"  deny hosts = 9.9.9.9\n  accept", Status::ok, "", ""},
        VerbCase{"  deny !hosts = 9.9.9.9", Status::fail, "", ""},
        // exim -bh: 550 Administrative prohibition (message not reached yet)
        VerbCase{"  accept hosts = 1.2.3.4\n  endpass\n  hosts = 9.9.9.9\n  message = ep",
                 Status::fail, "", ""},
        VerbCase{"  accept hosts = 1.2.3.4\n  endpass\n  message = ep\n  hosts = 9.9.9.9",
                 Status::fail, "ep", "ep"},
        VerbCase{"  accept hosts = 9.9.9.9\n  endpass\n  message = ep\n  deny message = d",
                 Status::fail, "d", "d"},
        VerbCase{"  discard message = gone\n  log_message = dlog", Status::discard, "gone",
                 "dlog"},
        VerbCase{"  accept condition = ${if", Status::error, "",
                 "failed to expand ACL string \"${if\": condition name expected, but found "
                 "\"\""},
        VerbCase{"  accept condition = maybe", Status::defer, "",
                 "invalid \"condition\" value \"maybe\""},
        VerbCase{"  deny message = mm\n  log_message = ll\n  condition = maybe", Status::defer,
                 "", "invalid \"condition\" value \"maybe\""},
        VerbCase{"  accept condition = ${if eq{1}{2}{yes}fail}", Status::ok, "", ""},
        VerbCase{"  deny message = ${if eq{1}{2}{yes}fail}", Status::fail, "", ""},
        VerbCase{"  warn condition = maybe\n  deny message = after", Status::fail, "after",
                 "after"},
        VerbCase{"  accept acl = nosuch", Status::error, "",
                 "unknown ACL verb \"nosuch\" in \"nosuch\""},
        VerbCase{"  warn authenticated = *\n  accept", Status::ok, "", ""},
        VerbCase{"  deny condition = ${if eq{$acl_m_q}{}}\n  message = empty", Status::fail,
                 "empty", "empty"},
        VerbCase{"  accept condition = 0", Status::fail, "", ""},
        VerbCase{"  accept condition = YES", Status::ok, "", ""},
        VerbCase{"  accept condition = -3", Status::ok, "", ""},
        VerbCase{"  accept control = nonsense", Status::error, "",
                 "syntax error in \"control=nonsense\""},
        VerbCase{"  accept control = freeze/xx", Status::error, "",
                 "syntax error in \"control=freeze/xx\""},
        VerbCase{"  accept control = error", Status::error, "", ""},
        VerbCase{"  accept delay = xx", Status::error, "",
                 "syntax error in argument for \"delay\" modifier: \"xx\" is not a time value"},
        VerbCase{"  accept queue = a/b", Status::error, "",
                 "Directory separator not permitted in queue name: 'a/b'"},
        VerbCase{"  accept udpsend = foo", Status::error, "",
                 "missing destination port in \"udpsend\" modifier"},
        VerbCase{"  accept spf = pass", Status::defer, "", "spf condition not yet supported"},
        // A lookup that cannot be answered counts as "not listed".
        VerbCase{"  accept dnslists = zen.example", Status::fail, "", ""},
        VerbCase{"  accept verify = recipient", Status::defer, "",
                 "verify = recipient not yet supported"},
        VerbCase{"  accept verify = bogus", Status::error, "",
                 "expected \"sender[=address]\", \"recipient\", \"helo\", \"header_syntax\", "
                 "\"header_sender\", \"header_names_ascii\" or \"reverse_host_lookup\" at start "
                 "of ACL condition \"verify bogus\""},
        VerbCase{"  accept verify = helo/x", Status::error, "",
                 "unexpected '/' found in \"helo/x\" (this verify item has no options)"},
        VerbCase{"  accept verify = sender/bogus", Status::error, "",
                 "unknown option \"bogus\" in ACL condition \"verify sender/bogus\""},
        VerbCase{"  accept verify = header_syntax", Status::error, "",
                 "cannot verify header_syntax in ACL for RCPT"},
        VerbCase{"  accept verify = recipient/callout=bad", Status::error, "",
                 "bad time value in ACL condition \"verify recipient/callout=bad\""}));

TEST(Evaluator, ForbiddenConditionsPerPhase) {
  FakeSession s;
  s.where_ = Where::connect;
  Result r = run_text(s, "a:\n  warn authenticated = *\n  accept\n");
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.log_message, "cannot test authenticated condition in connection ACL");
  s.where_ = Where::helo;
  r = run_text(s, "a:\n  warn add_header = X-A: b\n  accept\n");
  EXPECT_EQ(r.log_message, "cannot use add_header condition in EHLO or HELO ACL");
  s.where_ = Where::data;
  r = run_text(s, "a:\n  accept domains = x\n");
  EXPECT_EQ(r.log_message, "cannot test domains condition in DATA ACL");
  r = run_text(s, "a:\n  accept queue = x\n");
  EXPECT_EQ(r.log_message, "cannot use queue condition in DATA ACL");
  s.where_ = Where::notquit;
  r = run_text(s, "a:\n  accept delay = 1s\n");
  EXPECT_EQ(r.log_message, "cannot use delay condition in NOTQUIT ACL");
  s.where_ = Where::helo;
  r = run_text(s, "a:\n  accept control = freeze\n");
  EXPECT_EQ(r.log_message, "cannot use \"control=freeze\" in EHLO or HELO ACL");
  s.where_ = Where::mail;
  r = run_text(s, "a:\n  accept control = queue_only\n");
  EXPECT_EQ(r.status, Status::ok);
  s.where_ = Where::connect;
  r = run_text(s, "a:\n  accept control = queue_only\n");
  EXPECT_EQ(r.log_message, "cannot use \"control=queue\" in connection ACL");
}

TEST(Evaluator, NestedAclArgumentsAndMessages) {
  FakeSession s;
  Result r = run_text(s,
                      "a:\n  deny acl = sub a b  c\n"
                      "  message = n=$acl_narg 1=$acl_arg1 3=$acl_arg3 4=<$acl_arg4>\n"
                      "sub:\n  accept message = inner $acl_narg $acl_arg2\n");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.user_message, "n=0 1= 3= 4=<>");
  EXPECT_EQ(r.log_message, "inner 3 b");
  r = run_text(s,
               "a:\n  deny acl = sub a\n  message = n=$acl_narg m=$acl_m_x\n"
               "sub:\n  accept acl = sub2 q\n  set acl_m_x = $acl_narg/$acl_arg1\n"
               "sub2:\n  accept\n");
  EXPECT_EQ(r.user_message, "n=0 m=1/a");
}

TEST(Evaluator, NestedResults) {
  FakeSession s;
  Result r = run_text(s, "a:\n  deny acl = sub\nsub:\n  drop message = dropped\n");
  EXPECT_EQ(r.status, Status::fail);  // condition failed; implicit deny
  EXPECT_TRUE(r.implicit);
  EXPECT_EQ(r.user_message, "dropped");
  r = run_text(s, "a:\n  require acl = sub\nsub:\n  drop message = dropped\n");
  EXPECT_EQ(r.status, Status::drop);
  r = run_text(s, "a:\n  accept acl = sub\n  hosts = 9.9.9.9\nsub:\n  discard message = d\n");
  EXPECT_EQ(r.status, Status::discard);
  r = run_text(s, "a:\n  deny acl = sub\nsub:\n  defer message = subdefer\n");
  EXPECT_EQ(r.status, Status::defer);
  EXPECT_EQ(r.user_message, "subdefer");
  r = run_text(s,
               "a:\n  require message = mm\n  log_message = ll\n  acl = sub\n"
               "sub:\n  deny message = inner\n  log_message = innerlog\n");
  EXPECT_EQ(r.user_message, "mm");
  EXPECT_EQ(r.log_message, "ll: innerlog");
  r = run_text(s, "a:\n  accept acl = a\n");
  EXPECT_EQ(r.status, Status::error);
  EXPECT_EQ(r.log_message, "ACL nested too deep: possible loop");
  r = run_text(s, "a:\n  accept acl = accept hosts = 1.2.3.4\n");
  EXPECT_EQ(r.status, Status::ok);
}

TEST(Evaluator, WarnDeferIsLoggedAndSkipped) {
  FakeSession s;
  Result r = run_text(s,
                      "a:\n  warn acl = sub\n  logwrite = not reached\n  deny message = after\n"
                      "sub:\n  defer message = subdefer\n");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.user_message, "after");
  ASSERT_EQ(s.logs_.size(), 1u);
  EXPECT_EQ(s.logs_[0],
            "H: Warning: ACL \"warn\" statement skipped: condition test deferred: subdefer");
}

TEST(Evaluator, ListConditionsSetDataVariables) {
  FakeSession s;
  Result r = run_text(s,
                      "a:\n  deny domains = e.f\n  local_parts = d\n  hosts = 1.2.3.4\n"
                      "  senders = a@b.c\n  recipients = *@e.f\n  sender_domains = b.c\n"
                      "  message = <$domain_data> <$local_part_data> <$host_data> "
                      "<$sender_data> <$recipient_data>\n");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.user_message, "<e.f> <d> <> <a@b.c> <*@e.f>");
  s.named_["local"] = {lists::Kind::domain, "local", "e.f"};
  EXPECT_EQ(run_text(s, "a:\n  accept domains = +local\n").status, Status::ok);
  EXPECT_EQ(run_text(s, "a:\n  accept domains = !+local\n").status, Status::fail);
  s.sender_ = "";
  EXPECT_EQ(run_text(s, "a:\n  accept senders = :\n").status, Status::ok);
}

TEST(Evaluator, AuthenticatedAndEncrypted) {
  FakeSession s;
  EXPECT_EQ(run_text(s, "a:\n  accept authenticated = *\n").status, Status::fail);
  s.authenticator_ = "plain";
  EXPECT_EQ(run_text(s, "a:\n  accept authenticated = *\n").status, Status::ok);
  EXPECT_EQ(run_text(s, "a:\n  accept authenticated = login\n").status, Status::fail);
  EXPECT_EQ(run_text(s, "a:\n  accept encrypted = *\n").status, Status::fail);
  s.cipher_ = "TLS_AES_256_GCM_SHA384";
  EXPECT_EQ(run_text(s, "a:\n  accept encrypted = *\n").status, Status::ok);
}

TEST(Evaluator, ModifiersRecordEffects) {
  FakeSession s;
  Result r = run_text(s,
                      "a:\n  warn add_header = X-A: 1\n  add_header = :at_start:X-B: 2\\nbad line\n"
                      "  remove_header = x-c : x-d\n  delay = 2s\n  control = freeze/no_tell\n"
                      "  control = no_pipelining\n  queue = slow\n  set acl_c_v = cv\n"
                      "  log_reject_target = reject\n"
                      "  accept delay = 1m\n  message = 250 fine $acl_c_v\n");
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.user_message, "250 fine cv");
  ASSERT_EQ(r.add_headers.size(), 3u);
  EXPECT_EQ(r.add_headers[0], (AddedHeader{"X-A: 1", HeaderPosition::at_end}));
  EXPECT_EQ(r.add_headers[1], (AddedHeader{"X-B: 2", HeaderPosition::at_start}));
  EXPECT_EQ(r.add_headers[2].text, "X-ACL-Warn: bad line");
  EXPECT_EQ(r.remove_headers, (std::vector<std::string>{"x-c", "x-d"}));
  EXPECT_EQ(r.delay, std::chrono::seconds(62));
  ASSERT_EQ(r.controls.size(), 2u);
  EXPECT_EQ(r.controls[0], (ControlSetting{Control::freeze, "no_tell"}));
  EXPECT_TRUE(r.has_control(Control::no_pipelining));
  EXPECT_EQ(s.applied_.size(), 2u);
  EXPECT_EQ(r.queue, "slow");
  EXPECT_EQ(r.reject_log, (LogTargets{false, true, false}));
  EXPECT_EQ(s.acl_vars_.get("acl_c_v")->text, "cv");
}

TEST(Evaluator, LogwriteAndWarnLogMessage) {
  FakeSession s;
  run_text(s,
           "a:\n  warn logwrite = :main,reject: LW1\n  warn logwrite = plain\n"
           "  warn log_message = lm\n  warn log_message = lm\n  accept\n");
  EXPECT_EQ(s.logs_, (std::vector<std::string>{"[mr] LW1", "plain", "H: Warning: lm"}));
}

TEST(Evaluator, ModifiersBeforeAFailingConditionStillApply) {
  FakeSession s;
  Result r = run_text(s,
                      "a:\n  accept add_header = X-Early: 1\n  hosts = 9.9.9.9\n"
                      "  add_header = X-Late: 1\n  deny\n");
  ASSERT_EQ(r.add_headers.size(), 1u);
  EXPECT_EQ(r.add_headers[0].text, "X-Early: 1");
}

TEST(Evaluator, VerifyHook) {
  FakeSession s;
  s.verify_[VerifyKind::recipient] = {VerifyStatus::fail, "Unrouteable address", ""};
  Result r = run_text(s, "a:\n  require verify = recipient\n  accept\n");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.user_message, "Unrouteable address");
  r = run_text(s, "a:\n  deny !verify = recipient\n  message = no: $acl_verify_message\n");
  EXPECT_EQ(r.user_message, "no: Unrouteable address");
  s.verify_[VerifyKind::sender] = {VerifyStatus::ok, "", ""};
  EXPECT_EQ(run_text(s, "a:\n  accept verify = sender/callout=30s,defer_ok\n").status,
            Status::ok);
}

TEST(Evaluator, DnslistsThroughHook) {
  FakeSession s;
  s.dns_available_ = true;
  s.dns_["4.3.2.1.bl.example"] = {DnsStatus::found, {"127.0.0.2"}};
  Result r = run_text(s, "a:\n  deny dnslists = other.example : bl.example\n"
                         "  message = listed in $dnslist_domain ($dnslist_value)\n");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.user_message, "listed in bl.example (127.0.0.2)");
  EXPECT_EQ(run_text(s, "a:\n  accept dnslists = bl.example=127.0.0.3\n").status,
            Status::fail);
}

// The value restrictions of Exim's spec section 44.33-35, with a list that
// returns two addresses.
TEST(Evaluator, DnslistsValueRestrictions) {
  FakeSession s;
  s.dns_available_ = true;
  s.dns_["4.3.2.1.bl.example"] = {DnsStatus::found, {"127.0.0.1", "127.0.0.2"}};
  auto listed = [&](const std::string& cond) {
    return run_text(s, "a:\n  accept dnslists = " + cond + "\n").status == Status::ok;
  };
  EXPECT_TRUE(listed("bl.example=127.0.0.1"));
  EXPECT_FALSE(listed("bl.example==127.0.0.1"));
  EXPECT_TRUE(listed("bl.example==127.0.0.1,127.0.0.2"));
  EXPECT_FALSE(listed("bl.example!=127.0.0.1"));
  EXPECT_TRUE(listed("bl.example!==127.0.0.1"));
  EXPECT_TRUE(listed("bl.example!=127.0.0.3"));
  EXPECT_TRUE(listed("bl.example&0.0.0.1"));
  EXPECT_FALSE(listed("bl.example=&0.0.0.1"));
  EXPECT_FALSE(listed("bl.example!&0.0.0.1"));
  EXPECT_TRUE(listed("bl.example!=&0.0.0.1"));
  Result r = run_text(s, "a:\n  deny dnslists = bl.example\n"
                         "  message = $dnslist_matched $dnslist_value [$dnslist_text]\n");
  EXPECT_EQ(r.user_message, "1.2.3.4 127.0.0.1, 127.0.0.2 []");
}

TEST(Evaluator, DnslistsKeysTextAndUnknown) {
  FakeSession s;
  s.dns_available_ = true;
  s.dns_["b.example.dbl.example"] = {DnsStatus::found, {"127.0.1.2"}};
  s.dns_["b.example.dbl.example TXT"] = {DnsStatus::found, {"see here"}};
  s.dns_["4.3.2.1.wide.example"] = {DnsStatus::found, {"127.0.0.10"}};
  s.dns_["4.3.2.1.narrow.example"] = {DnsStatus::found, {"127.0.0.2"}};
  s.dns_["4.3.2.1.hijacked.example"] = {DnsStatus::found, {"10.0.0.1"}};
  s.dns_["4.3.2.1.slow.example"] = {DnsStatus::defer, {}};
  Result r = run_text(s, "a:\n  deny dnslists = dbl.example/<;9.9.9.9;b.example\n"
                         "  message = $dnslist_domain $dnslist_matched $dnslist_text\n");
  EXPECT_EQ(r.user_message, "dbl.example b.example see here");
  // "txt-domain,domain=values": the restriction applies to the second.
  r = run_text(s, "a:\n  deny dnslists = narrow.example,wide.example=127.0.0.10\n"
                  "  message = $dnslist_domain $dnslist_value\n");
  EXPECT_EQ(r.user_message, "narrow.example 127.0.0.2");
  s.logs_.clear();
  EXPECT_EQ(run_text(s, "a:\n  accept dnslists = hijacked.example\n").status, Status::fail);
  ASSERT_FALSE(s.logs_.empty());
  EXPECT_EQ(s.logs_[0],
            "DNS list lookup for 1.2.3.4 at hijacked.example returned 10.0.0.1; not in 127.0/8 "
            "and discarded");
  s.logs_.clear();
  EXPECT_EQ(run_text(s, "a:\n  accept dnslists = slow.example\n").status, Status::fail);
  EXPECT_EQ(s.logs_.at(0), "DNS list lookup defer (probably timeout) for "
                           "4.3.2.1.slow.example: assumed not in list");
  EXPECT_EQ(run_text(s, "a:\n  accept dnslists = +include_unknown : slow.example\n").status,
            Status::ok);
  EXPECT_EQ(run_text(s, "a:\n  accept dnslists = +defer_unknown : slow.example\n").status,
            Status::defer);
}

TEST(RunOption, UnsetInlineAndNamed) {
  FakeSession s;
  auto set = load_ok("a:\n  deny message = named\n");
  EXPECT_EQ(run_option(*set, std::nullopt, s).status, Status::fail);  // rcpt unset: deny
  s.where_ = Where::mail;
  EXPECT_EQ(run_option(*set, std::nullopt, s).status, Status::ok);
  EXPECT_EQ(run_option(*set, std::string("a"), s).user_message, "named");
  EXPECT_EQ(run_option(*set, std::string("accept"), s).status, Status::ok);
  EXPECT_EQ(run_option(*set, std::string("${if eq{1}{1}{a}}"), s).user_message, "named");
  Result r = run_option(*set, std::string("/nonexistent/acl"), s);
  EXPECT_EQ(r.status, Status::error);
}

TEST(Replies, DefaultsAndCodes) {
  Result deny;
  deny.status = Status::fail;
  Reply r = rejection_reply(Where::rcpt, deny);
  EXPECT_EQ(r.code, 550);
  EXPECT_EQ(r.text, "Administrative prohibition");
  EXPECT_EQ(rejection_reply(Where::vrfy, deny).code, 252);
  EXPECT_EQ(rejection_reply(Where::etrn, deny).code, 458);
  Result defer;
  defer.status = Status::defer;
  r = rejection_reply(Where::mail, defer);
  EXPECT_EQ(r.code, 451);
  EXPECT_EQ(r.text, "Temporary local problem - please try later");
  deny.user_message = "599 5.7.1 go away";
  r = rejection_reply(Where::rcpt, deny);
  EXPECT_EQ(r.code, 599);
  EXPECT_EQ(r.extended, "5.7.1");
  EXPECT_EQ(r.text, "go away");
  deny.user_message = "499 go away";
  r = rejection_reply(Where::rcpt, deny);
  EXPECT_EQ(r.code, 550);
  EXPECT_EQ(r.text, "go away");
  EXPECT_EQ(r.warning,
            "configured error code starts with incorrect digit (expected 5) in \"499 go away\"");
}

}  // namespace
}  // namespace corvid::acl::testing
