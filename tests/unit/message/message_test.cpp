// The message module: header/body split, address lists in header values,
// and the header fixups of local submission (compared end to end with
// Exim in tests/integration/test_local_submission_vs_exim.py).
#include <gtest/gtest.h>

#include "message/address_list.hpp"
#include "message/header_split.hpp"
#include "message/local_headers.hpp"
#include "message/log_subject.hpp"

namespace corvid::message {
namespace {

std::vector<std::string> addresses(std::string_view v) {
  std::vector<std::string> out;
  for (const AddressSpan& a : find_addresses(v)) out.push_back(a.address);
  return out;
}

TEST(Split, HeadersAndBody) {
  std::vector<std::string> h;
  std::string body;
  split_message("A: 1\nB: 2\n  cont\n\nbody\n", h, body);
  EXPECT_EQ(h, (std::vector<std::string>{"A: 1\n", "B: 2\n  cont\n"}));
  EXPECT_EQ(body, "body\n");
  h.clear();
  split_message("not a header\nA: 1\n", h, body);
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(body, "not a header\nA: 1\n");
  EXPECT_EQ(crlf_to_lf("a\r\nb\rc\r\n"), "a\nb\rc\n");
}

TEST(AddressList, Forms) {
  EXPECT_EQ(addresses(" a@b.example, \"Eve, E\" <eve@x.example>, frank"),
            (std::vector<std::string>{"a@b.example", "eve@x.example", "frank"}));
  EXPECT_EQ(addresses(" (comment, here) u@d (x), group: g1@d, g2; last@d"),
            (std::vector<std::string>{"u@d", "g1@d", "g2", "last@d"}));
  EXPECT_EQ(addresses(" <@relay.example:u@d>"), (std::vector<std::string>{"u@d"}));
  EXPECT_TRUE(addresses(" , ,").empty());
  std::vector<AddressSpan> spans = find_addresses(" Name <u>");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 7u);
  EXPECT_EQ(spans[0].end, 8u);
}

TEST(AddressList, OneAddress) {
  std::string why;
  EXPECT_EQ(parse_one_address("Bob <bob@x.example>", why), "bob@x.example");
  EXPECT_EQ(parse_one_address("bob", why), "bob");
  EXPECT_FALSE(parse_one_address("a b c <bad", why));
  EXPECT_FALSE(parse_one_address("@x.example", why));
  EXPECT_EQ(why, "missing local part");
  EXPECT_FALSE(parse_one_address("bob@", why));
}

LocalSubmission submission() {
  LocalSubmission s;
  s.message_id = "1xV39O-0002r9-1H";
  s.primary_hostname = "mx.test.example";
  s.qualify_domain = s.qualify_recipient = "test.example";
  s.sender = "root@test.example";
  s.user_address = "root@test.example";
  s.full_name = "root";
  s.date = "Sun, 22 Nov 2026 08:42:18 +0000";
  return s;
}

TEST(LocalHeaders, AddsMissingHeaders) {
  std::vector<Header> h{{"Subject: hi\n"}};
  EXPECT_TRUE(fix_local_headers(h, submission()).empty());
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[1].text, "Message-Id: <E1xV39O-0002r9-1H@mx.test.example>\n");
  EXPECT_EQ(h[2].text, "From: root <root@test.example>\n");
  EXPECT_EQ(h[3].text, "Date: Sun, 22 Nov 2026 08:42:18 +0000\n");
  EXPECT_TRUE(h[3].added);
}

TEST(LocalHeaders, NullSenderGetsNoFrom) {
  LocalSubmission s = submission();
  s.sender.reset();
  std::vector<Header> h{{"Subject: hi\n"}, {"date: given\n"}, {"MESSAGE-ID: <x@y>\n"}};
  fix_local_headers(h, s);
  EXPECT_EQ(h.size(), 3u);
}

TEST(LocalHeaders, QualifiesAndExtracts) {
  LocalSubmission s = submission();
  s.extract_recipients = true;
  std::vector<Header> h{{"To: a@x.example, Bee <b>\n"}, {"Bcc: c\n"}, {"Reply-To: r\n"}};
  std::vector<std::string> r = fix_local_headers(h, s);
  EXPECT_EQ(r, (std::vector<std::string>{"a@x.example", "b", "c"}));
  ASSERT_GE(h.size(), 4u);
  EXPECT_TRUE(h[0].deleted);
  EXPECT_EQ(h[1].text, "To: a@x.example, Bee <b@test.example>\n");
  EXPECT_TRUE(h[2].deleted);  // Bcc: removed with -t (and so not rewritten)
  EXPECT_EQ(h[2].text, "Bcc: c\n");
  EXPECT_TRUE(h[3].deleted);
  EXPECT_EQ(h[4].text, "Reply-To: r@test.example\n");
}

TEST(LogSubject, UnfoldsAndDecodes) {
  EXPECT_EQ(subject_for_log(" =?UTF-8?Q?caf=C3=A9?=\n\tmenu\n"), "café\tmenu");
}

}  // namespace
}  // namespace corvid::message

#include "message/bounce.hpp"

namespace corvid::message {
namespace {

TEST(Bounce, SmtpErrorSplitsAfterTheCommand) {
  auto [head, reply] = split_smtp_error(
      "SMTP error from remote mail server after RCPT TO:<a@b>: 550 no such user");
  EXPECT_EQ(head, "SMTP error from remote mail server after RCPT TO:<a@b>:");
  EXPECT_EQ(reply, "550 no such user");
  EXPECT_EQ(split_smtp_error("Unrouteable address").second, "");
}

TEST(Bounce, ListsFailuresLastFirstAndReportsThemInOrder) {
  BounceInput in;
  in.id = "1xV3gx-0004gZ-1l";
  in.primary_hostname = "mx.test.example";
  in.qualify_domain = "test.example";
  in.recipient = "s@x.example";
  in.boundary = "B";
  in.date = "Sun, 22 Nov 2026 09:16:59 +0000";
  FailedAddress remote;
  remote.address = "bad@far.example";
  remote.message = "SMTP error from remote mail server after RCPT TO:<bad@far.example>: 550 no";
  remote.host_name = remote.host_ip = "127.0.0.2";
  remote.smtp_reply = "550 no";
  FailedAddress local;
  local.address = "u@closed.example";
  local.message = "retry timeout exceeded";
  in.failed = {remote, local};
  in.original_headers = "Return-path: <s@x.example>\nSubject: x\n";
  in.original_body = "body\n";
  Bounce b = make_bounce(in);
  EXPECT_EQ(b.headers[0], "X-Failed-Recipients: u@closed.example,\n  bad@far.example\n");
  EXPECT_NE(b.body.find("  u@closed.example\n    retry timeout exceeded\n  bad@far.example\n"
                        "    host 127.0.0.2 [127.0.0.2]\n"),
            std::string::npos);
  size_t first = b.body.find("Final-Recipient: rfc822;bad@far.example");
  size_t second = b.body.find("Final-Recipient: rfc822;u@closed.example");
  EXPECT_LT(first, second);
  EXPECT_NE(b.body.find("Diagnostic-Code: smtp; 550 no\n"), std::string::npos);
  EXPECT_TRUE(b.body.ends_with("\n--B--\n"));
}

}  // namespace
}  // namespace corvid::message

namespace corvid::message {
namespace {

BounceInput report_input() {
  BounceInput in;
  in.id = "1xV3gx-0004gZ-1l";
  in.primary_hostname = "mx.test.example";
  in.qualify_domain = "test.example";
  in.recipient = "s@x.example";
  in.boundary = "B";
  in.date = "Sun, 06 Dec 2026 09:16:59 +0000";
  in.original_headers = "Return-path: <s@x.example>\nSubject: x\n";
  in.original_body = "body\n";
  return in;
}

TEST(Bounce, DsnInformationFollowsRemoteMtaAndNamesAPortOtherThan25) {
  BounceInput in = report_input();
  FailedAddress f;
  f.address = "bad@far.example";
  f.message = "SMTP error from remote mail server after RCPT TO:<bad@far.example>: 550 no";
  f.host_name = "mx.far.example";
  f.host_ip = "192.0.2.7";
  f.greeting = "220 mx.far.example ESMTP";
  f.helo_response = "250-mx.far.example Hello";
  in.failed = {f};
  std::string b = make_bounce(in).body;
  EXPECT_NE(b.find("Remote-MTA: dns; mx.far.example\n"
                   "Remote-MTA: X-ip; [192.0.2.7]\n"
                   "X-Remote-MTA-smtp-greeting: X-str; 220 mx.far.example ESMTP\n"
                   "X-Remote-MTA-helo-response: X-str; 250-mx.far.example Hello\n"
                   "X-Exim-Diagnostic: X-str; SMTP error from remote mail server after "
                   "RCPT TO:<bad@far.example>: 550 no\n"
                   "Diagnostic-Code: smtp; 550 no\n"),
            std::string::npos);
  in.failed[0].host_port = 2525;
  EXPECT_NE(make_bounce(in).body.find("Remote-MTA: X-ip; [192.0.2.7]:2525\n"), std::string::npos);
  in.dsn_info = false;
  EXPECT_EQ(make_bounce(in).body.find("X-"), std::string::npos);
}

TEST(Bounce, EnvidAndOrcptAreShownAsGivenAndHdrsReturnsTheHeaderOnly) {
  BounceInput in = report_input();
  FailedAddress f;
  f.address = "u@x.example";
  f.message = "no such user";
  f.orcpt = "rfc822;U@x.example";
  in.failed = {f};
  in.envid = "a+2Bb";
  in.headers_only = true;
  std::string b = make_bounce(in).body;
  EXPECT_NE(b.find("Reporting-MTA: dns; mx.test.example\nOriginal-Envelope-ID: a+2Bb\n\n"
                   "Original-Recipient: rfc822;U@x.example\nAction: failed\n"),
            std::string::npos);
  EXPECT_TRUE(b.ends_with("Content-type: text/rfc822-headers\n\n"
                          "Return-path: <s@x.example>\nSubject: x\n\n\n--B--\n"));
  in.envid = "a=b";  // not xtext
  EXPECT_NE(make_bounce(in).body.find(
                "X-Original-Envelope-ID: error decoding xtext formatted ENVID\n"),
            std::string::npos);
}

TEST(SuccessDsn, SaysWhyThisMtaReportsEachDelivery) {
  BounceInput in = report_input();
  in.delivered = {{"local@x.example", "", "", false},
                  {"far@y.example", "rfc822;Far@y.example", "mx.y.example", false},
                  {"last@z.example", "", "mx.z.example", true}};
  Bounce b = make_success_dsn(in);
  EXPECT_EQ(b.headers[0], "From: Mail Delivery System <Mailer-Daemon@test.example>\n");
  EXPECT_EQ(b.headers[1], "Auto-Submitted: auto-generated\n");
  EXPECT_NE(b.body.find("<local@x.example> (relayed via non \"Remote SMTP\" router)\n\n"
                        "<far@y.example> (relayed to non-DSN-aware mailer)\n\n"
                        "<last@z.example> (relayed via non DSN router)\n\n--B\n"),
            std::string::npos);
  EXPECT_NE(b.body.find("Original-Recipient: rfc822;Far@y.example\nAction: delivered\n"
                        "Final-Recipient: rfc822;far@y.example\nStatus: 2.0.0\n"
                        "Remote-MTA: dns; mx.y.example\nDiagnostic-Code: smtp; 250 Ok\n"),
            std::string::npos);
  EXPECT_NE(b.body.find("Diagnostic-Code: X-Exim; relayed via non SMTP router\n"),
            std::string::npos);
  EXPECT_EQ(b.body.find("body\n"), std::string::npos);  // the header only
}

}  // namespace
}  // namespace corvid::message
