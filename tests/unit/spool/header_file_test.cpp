// The -H file: exact bytes for crafted envelopes (the bytes are those
// exim4 4.96 wrote for the same SMTP session, see exim_spool_test.cpp for
// the live comparison), round trips, and damaged files.
#include <gtest/gtest.h>

#include "spool/header_file.hpp"

namespace corvid::spool {
namespace {

// Written by exim4 4.96 for an SMTP session with DSN, SMTPUTF8 and ACL
// variables (exim4 -bs -oMa 192.0.2.7.4321 -oMi 192.0.2.1.25), after
// `exim -Mmd <id> a@b`.
const char* const kEximSmtp =
    "1xUyXv-0003cJ-0Z-H\n"
    "root 0 0\n"
    "<s@x>\n"
    "1795319239 0\n"
    "-received_time_usec .176165\n"
    "-received_time_complete 1795319239.176590\n"
    "--helo_name client.example\n"
    "--host_address [192.0.2.7]:4321\n"
    "--interface_address [192.0.2.1]:25\n"
    "-ident root\n"
    "-received_protocol utf8esmtp\n"
    "-aclc _foo 3\nbar\n"
    "-aclm _x 10\nmulti\nline\n"
    "-body_linecount 3\n"
    "-max_received_linelength 67\n"
    "-deliver_firsttime\n"
    "-tls_resumption A\n"
    "-smtputf8\n"
    "-dsn_envid abc+2Bdef\n"
    "-dsn_ret 2\n"
    "NN a@b\n"
    "3\n"
    "a@b rfc822;A@B 10,20  0,-1#3\n"
    "c@d\n"
    "e@f  0,2  0,-1#3\n"
    "\n"
    "181P Received: from [192.0.2.7] (helo=client.example ident=root)\n"
    "\tby corvid.test with utf8esmtp (Exim 4.96)\n"
    "\t(envelope-from <s@x>)\n"
    "\tid 1xUyXv-0003cJ-0Z;\n"
    "\tSun, 22 Nov 2026 03:47:19 +0000\n"
    "021F From: Some One <s@x>\n"
    "015T To: a@b,\n  c@d\n"
    "008C Cc: e@f\n"
    "014  Subject: test\n";

HeaderFile smtp_envelope() {
  HeaderFile h;
  h.id = "1xUyXv-0003cJ-0Z";
  h.originator_login = "root";
  h.sender = "s@x";
  h.received_time = 1795319239;
  h.received_time_usec = 176165;
  h.received_time_complete = {1795319239, 176590};
  h.helo_name = SpoolString{"client.example", true, ""};
  h.host_address = SpoolAddress{"192.0.2.7", 4321, true};
  h.interface_address = SpoolAddress{"192.0.2.1", 25, true};
  h.ident = SpoolString{"root", false, ""};
  h.received_protocol = SpoolString{"utf8esmtp", false, ""};
  h.acl_variables = {{'m', "_x", "multi\nline", false}, {'c', "_foo", "bar", false}};
  h.body_linecount = 3;
  h.max_received_linelength = 67;
  h.deliver_firsttime = true;
  h.smtputf8 = true;
  h.dsn_envid = "abc+2Bdef";
  h.dsn_ret = kDsnRetHeaders;
  h.non_recipients.insert("a@b");
  Recipient a;
  a.address = "a@b";
  a.orcpt = "rfc822;A@B";
  a.dsn_flags = kDsnSuccess | kDsnDelay;
  Recipient c;
  c.address = "c@d";
  Recipient e;
  e.address = "e@f";
  e.dsn_flags = kDsnNever;
  h.recipients = {a, c, e};
  h.headers = {
      {kHeaderReceived,
       "Received: from [192.0.2.7] (helo=client.example ident=root)\n"
       "\tby corvid.test with utf8esmtp (Exim 4.96)\n\t(envelope-from <s@x>)\n"
       "\tid 1xUyXv-0003cJ-0Z;\n\tSun, 22 Nov 2026 03:47:19 +0000\n"},
      {kHeaderFrom, "From: Some One <s@x>\n"},
      {kHeaderTo, "To: a@b,\n  c@d\n"},
      {kHeaderCc, "Cc: e@f\n"},
      {kHeaderOther, "Subject: test\n"},
  };
  return h;
}

TEST(HeaderFileTest, WritesEximBytes) {
  HeaderFile h = smtp_envelope();
  // Exim writes connection variables before message ones whatever the order set.
  EXPECT_EQ(write_header_file(h), kEximSmtp);
}

TEST(HeaderFileTest, ReadsEximBytes) {
  HeaderReadResult r = read_header_file(kEximSmtp, "1xUyXv-0003cJ-0Z");
  ASSERT_TRUE(r.ok()) << r.error->reason;
  const HeaderFile& h = *r.file;
  EXPECT_EQ(h.sender, "s@x");
  EXPECT_TRUE(h.helo_name->tainted);
  EXPECT_EQ(h.host_address->ip, "192.0.2.7");
  EXPECT_EQ(h.host_address->port, 4321);
  ASSERT_EQ(h.recipients.size(), 3u);
  EXPECT_EQ(h.recipients[0].orcpt, "rfc822;A@B");
  EXPECT_EQ(h.recipients[0].dsn_flags, 20);
  EXPECT_EQ(h.recipients[2].dsn_flags, kDsnNever);
  EXPECT_TRUE(h.non_recipients.contains("a@b"));
  EXPECT_EQ(h.acl_variables[1].value, "multi\nline");
  EXPECT_EQ(h.headers_size(), 181u + 21 + 15 + 8 + 14);
  EXPECT_EQ(write_header_file(h), kEximSmtp);
}

TEST(HeaderFileTest, RoundTripsEveryField) {
  HeaderFile h = smtp_envelope();
  h.host_name = SpoolString{"client.example", true, ""};
  h.host_auth = SpoolString{"plain", false, ""};
  h.auth_id = SpoolString{"user", true, "ldap"};
  h.auth_sender = SpoolString{"user@x", false, ""};
  h.active_hostname = SpoolString{"mx.example", false, ""};
  h.frozen_at = 1795319277;
  h.manual_thaw = h.local = h.localerror = h.dont_deliver = true;
  h.host_lookup_failed = h.sender_set_untrusted = h.tls_certificate_verified = true;
  h.body_zerocount = 2;
  h.tls_cipher = SpoolString{"TLS1.3:TLS_AES_256_GCM_SHA384:256", false, ""};
  h.tls_sni = SpoolString{"mx.example", true, ""};
  h.tls_ocsp = 4;
  h.tls_ver = SpoolString{"TLS1.3", false, ""};
  h.utf8_downcvt = -1;
  h.spool_file_wireformat = true;
  h.body_linecount = 0;  // not written in wire format
  h.extra_options = {"-debug_pretrigger 42"};
  Recipient child;
  child.address = "one time@x";  // spaces are legal in a quoted local part
  child.errors_to = "owner@x";
  child.parent = 0;
  h.recipients.push_back(child);
  h.headers.push_back({kHeaderDeleted, "X-Old: a\n"});
  std::string bytes = write_header_file(h);
  HeaderReadResult r = read_header_file(bytes);
  ASSERT_TRUE(r.ok()) << r.error->reason;
  // The reader returns ACL variables in file order (connection ones first).
  std::swap(h.acl_variables[0], h.acl_variables[1]);
  EXPECT_EQ(write_header_file(*r.file), write_header_file(h));
  EXPECT_EQ(*r.file, h);
  EXPECT_NE(bytes.find("--(ldap)auth_id user\n"), std::string::npos);
  EXPECT_NE(bytes.find("one time@x  0,0 owner@x 7,0#3\n"), std::string::npos);
  EXPECT_EQ(bytes.find("-body_linecount"), std::string::npos);
}

TEST(HeaderFileTest, CutShortIsAnError) {
  std::string full = kEximSmtp;
  std::size_t blank = full.find("\n\n") + 2;
  for (std::size_t n : {std::size_t{5}, full.find("-dsn_ret"), full.find("c@d\n"), blank - 1}) {
    HeaderReadResult r = read_header_file(full.substr(0, n));
    EXPECT_FALSE(r.ok()) << n;
    EXPECT_FALSE(r.file) << n;
  }
  HeaderReadResult r = read_header_file(full.substr(0, full.size() - 3));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, HeaderReadError::Kind::envelope_only);
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->recipients.size(), 3u);
}

TEST(HeaderFileTest, WrongIdIsAnError) {
  EXPECT_FALSE(read_header_file(kEximSmtp, "1xUyXv-0003cJ-0Y").ok());
}

TEST(HeaderFileTest, OldFormsAccepted) {
  std::string old = "1xUyXv-0003cJ-0Z-H\nuser name 1000 1000\n<>\n1 0\n"
                    "-host_address 192.0.2.7.25\nXX\n1\nweird#address@x\n\n";
  HeaderReadResult r = read_header_file(old);
  ASSERT_TRUE(r.ok()) << r.error->reason;
  EXPECT_EQ(r.file->originator_login, "user name");
  EXPECT_EQ(r.file->host_address->ip, "192.0.2.7");
  EXPECT_EQ(r.file->recipients[0].address, "weird#address@x");
  EXPECT_EQ(r.file->sender, "");
}

TEST(HeaderFileTest, HeaderTypes) {
  EXPECT_EQ(header_type_for("Message-ID: <a@b>\n"), kHeaderMessageId);
  EXPECT_EQ(header_type_for("reply-to: x\n"), kHeaderReplyTo);
  EXPECT_EQ(header_type_for("BCC: x\n"), kHeaderBcc);
  EXPECT_EQ(header_type_for("Subject: x\n"), kHeaderOther);
}

TEST(NonRecipientsTest, ShapesAndLookups) {
  NonRecipients t;
  EXPECT_EQ(t.write(), "XX\n");
  t.insert("b@x");
  t.insert("a@x");
  EXPECT_EQ(t.write(), "NY a@x\nNN b@x\n");
  t.insert("c@x");
  EXPECT_EQ(t.write(), "YY b@x\nNN a@x\nNN c@x\n");
  EXPECT_TRUE(t.contains("c@x"));
  EXPECT_FALSE(t.contains("C@x"));
}

}  // namespace
}  // namespace corvid::spool
