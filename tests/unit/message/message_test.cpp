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
  in.failed = {{"bad@far.example", "SMTP error from remote mail server after RCPT "
                                   "TO:<bad@far.example>: 550 no",
                "127.0.0.2", "127.0.0.2", "550 no"},
               {"u@closed.example", "retry timeout exceeded", "", "", ""}};
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
