// Session and reception events against real exim4 4.96 lines.
//
// How the expected lines were produced: exim4 4.96 (Debian) ran as a daemon
// (`exim4 -C conf -bd -odq`, daemon_smtp_ports = 2525, log_file_path =
// /tmp/ex/log/%slog, pipelining_connect_advertise_hosts = 127.0.0.1,
// smtp_accept_max_per_host = 2, smtp_accept_max_nonmail = 3, TLS with a
// self-signed certificate, a plaintext authenticator named "plain") and a
// Python client played each session from 127.0.0.1 (127.0.0.2 for the
// early-talker, 127.0.0.9 for the connect-ACL reject); swaks did the TLS +
// AUTH one. This was repeated with log_selector unset, `+all`,
// `+smtp_connection` and `+all -smtp_connection -incoming_interface
// -millisec -pid`. Each expected value is a mainlog line with its
// timestamp (and [pid]) cut off; rejectlog blocks are quoted whole.
#include <gtest/gtest.h>

// Events are built with designated initializers that leave fields at their
// defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "log/events.hpp"

namespace corvid::log {
namespace {

using namespace std::chrono_literals;

Selector sel(std::string_view s) { return std::get<Selector>(Selector::parse(s)); }
const Selector kDefault;
const Selector kAll = Selector::all();
const Selector kNoConn = sel("+all -smtp_connection -incoming_interface -millisec -pid");

HostId client(int port, std::string helo = "client.ex", std::string ip = "127.0.0.1") {
  return HostId{.helo = std::move(helo),
                .ip = std::move(ip),
                .port = port,
                .interface_ip = "127.0.0.1",
                .interface_port = 2525};
}

template <class E>
std::string text(const E& e, const Selector& s) {
  auto l = e.render(s);
  return l ? l->text : "<nothing>";
}

PipeliningInfo not_pipelined() { return {.advertised = true, .pipe_connect_advertised = true}; }

Received basic_received(int port) {
  Received r;
  r.message_id = "1xUyXr-0003aL-1U";
  r.sender = "a@b.ex";
  r.host = client(port);
  r.protocol = "esmtp";
  r.pipelining = not_pipelined();
  r.size = 239;
  r.receive_time = 1200us;
  r.header_message_id = "<m1@b.ex>";
  r.subject = "caf\xc3\xa9 hello";
  r.original_sender = "a@b.ex";
  r.recipients = {"u1@test.ex", "u2@test.ex"};
  return r;
}

TEST(Received, PlainSessionUnderThreeSelectors) {
  Received r = basic_received(38297);
  EXPECT_EQ(text(r, kAll),
            "1xUyXr-0003aL-1U <= a@b.ex H=(client.ex) [127.0.0.1]:38297 I=[127.0.0.1]:2525 "
            "P=esmtp L.- S=239 M8S=0 RT=0.001s id=m1@b.ex T=\"caf\\303\\251 hello\" from "
            "<a@b.ex> for u1@test.ex u2@test.ex");
  r.host.port = 57973;
  EXPECT_EQ(text(r, kNoConn),
            "1xUyXr-0003aL-1U <= a@b.ex H=(client.ex) [127.0.0.1]:57973 P=esmtp L.- S=239 M8S=0 "
            "RT=0s id=m1@b.ex T=\"caf\\303\\251 hello\" from <a@b.ex> for u1@test.ex u2@test.ex");
  r.size = 228;
  EXPECT_EQ(text(r, kDefault),
            "1xUyXr-0003aL-1U <= a@b.ex H=(client.ex) [127.0.0.1] P=esmtp S=228 id=m1@b.ex");
}

TEST(Received, PipelinedChunkingNullSender) {
  Received r = basic_received(39699);
  r.pipelining->used = true;
  r.size = 207;
  r.receive_time = 302400us;
  r.header_message_id.clear();
  r.subject = "x";
  r.recipients = {"u1@test.ex"};
  EXPECT_EQ(text(r, kAll),
            "1xUyXr-0003aL-1U <= a@b.ex H=(client.ex) [127.0.0.1]:39699 I=[127.0.0.1]:2525 "
            "P=esmtp L. S=207 M8S=0 RT=0.302s T=\"x\" from <a@b.ex> for u1@test.ex");

  Received k = basic_received(48897);
  k.message_id = "1xUyXy-0003dj-1z";
  k.chunking = true;
  k.size = 211;
  k.eightbitmime = 8;
  k.receive_time = 300us;
  k.header_message_id.clear();
  k.subject = "chunk";
  k.recipients = {"u1@test.ex"};
  EXPECT_EQ(text(k, kAll),
            "1xUyXy-0003dj-1z <= a@b.ex H=(client.ex) [127.0.0.1]:48897 I=[127.0.0.1]:2525 "
            "P=esmtp L.- K S=211 M8S=8 RT=0.000s T=\"chunk\" from <a@b.ex> for u1@test.ex");
  k.size = 200;
  EXPECT_EQ(text(k, kDefault),
            "1xUyXy-0003dj-1z <= a@b.ex H=(client.ex) [127.0.0.1] P=esmtp K S=200");

  Received n;  // HELO [1.2.3.4], MAIL FROM:<>, no PIPELINING offered to HELO
  n.message_id = "1xUyXz-0003dk-0O";
  n.host = client(59585, "[1.2.3.4]");
  n.protocol = "smtp";
  n.pipelining = PipeliningInfo{};
  n.size = 169;
  n.recipients = {"u1@test.ex"};
  EXPECT_EQ(text(n, kAll),
            "1xUyXz-0003dk-0O <= <> H=([1.2.3.4]) [127.0.0.1]:59585 I=[127.0.0.1]:2525 P=smtp "
            "S=169 M8S=0 RT=0.000s from <> for u1@test.ex");
}

TEST(Received, TlsAuthAndPrdr) {
  Received r = basic_received(37612);
  r.message_id = "1xUyY0-0003f7-09";
  r.sender = r.original_sender = "s@b.ex";
  r.host.helo = "tlsclient.ex";
  r.protocol = "esmtpsa";
  r.tls = {.cipher = "TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256",
           .verified = TlsInfo::Verified::yes,
           .peer_dn = "CN=client.ex,O=Client Org",
           .sni = "sni.test.ex"};
  r.auth = {.authenticator = "plain", .id = "joe"};
  r.size = 454;
  r.receive_time = 0us;
  r.header_message_id = "<20261122034723.014080@vm>";
  r.subject = "tls test";
  r.recipients = {"u1@test.ex"};
  EXPECT_EQ(text(r, kAll),
            "1xUyY0-0003f7-09 <= s@b.ex H=(tlsclient.ex) [127.0.0.1]:37612 I=[127.0.0.1]:2525 "
            "P=esmtpsa L.- X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes "
            "DN=\"CN=client.ex,O=Client Org\" SNI=sni.test.ex A=plain:joe S=454 M8S=0 RT=0.000s "
            "id=20261122034723.014080@vm T=\"tls test\" from <s@b.ex> for u1@test.ex");
  r.size = 443;
  r.header_message_id = "<20261122034749.015364@vm>";
  EXPECT_EQ(text(r, kDefault),
            "1xUyY0-0003f7-09 <= s@b.ex H=(tlsclient.ex) [127.0.0.1] P=esmtpsa "
            "X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256 CV=yes A=plain:joe "
            "S=443 id=20261122034749.015364@vm");

  Received p = basic_received(49407);
  p.message_id = "1xUyY0-0003fD-19";
  p.prdr = true;
  p.size = 191;
  p.receive_time = 0us;
  p.header_message_id.clear();
  p.subject = "p";
  EXPECT_EQ(text(p, kAll),
            "1xUyY0-0003fD-19 <= a@b.ex H=(client.ex) [127.0.0.1]:49407 I=[127.0.0.1]:2525 "
            "P=esmtp L.- PRDR S=191 M8S=0 RT=0.000s T=\"p\" from <a@b.ex> for u1@test.ex "
            "u2@test.ex");
  PrdrRecipient pr{.message_id = "1xUyY0-0003fD-19", .recipient = "u1@test.ex"};
  EXPECT_EQ(text(pr, kDefault), "1xUyY0-0003fD-19 PRDR R=<u1@test.ex> acceptance");
}

TEST(Received, ProxyFieldPlacement) {
  // From the proxy-protocol seed notes (4.96): "<= a@b.c H=(x) [192.0.2.7]:40000
  // P=esmtp L.- PRX=127.0.0.1 S=194".
  Received r;
  r.sender = "a@b.c";
  r.host = HostId{.helo = "x", .ip = "192.0.2.7", .port = 40000};
  r.protocol = "esmtp";
  r.pipelining = not_pipelined();
  r.proxy_local_address = "127.0.0.1";
  r.size = 194;
  EXPECT_EQ(text(r, sel("+proxy +pipelining +incoming_port")),
            "<= a@b.c H=(x) [192.0.2.7]:40000 P=esmtp L.- PRX=127.0.0.1 S=194");
  EXPECT_EQ(text(r, kDefault), "<= a@b.c H=(x) [192.0.2.7] P=esmtp S=194");
}

TEST(Received, LocalSubmissionAndBounce) {
  // `exim4 -C conf -odq u1@test.ex ...` as root, then its bounce from -qf.
  Received r;
  r.message_id = "1xUyZ3-0005DJ-0x";
  r.sender = r.original_sender = "root@test.ex";
  r.host.ident = "root";
  r.protocol = "local";
  r.size = 270;
  r.header_message_id = "E1xUyZ3-0005DJ-0x@mx.test.ex";
  r.message_id_created = true;
  r.subject = "local";
  r.recipients = {"u1@test.ex", "u2@test.ex", "bounce@test.ex", "deferme@test.ex", "list@test.ex"};
  EXPECT_EQ(text(r, kAll),
            "1xUyZ3-0005DJ-0x <= root@test.ex U=root P=local S=270 M8S=0 RT=0.000s "
            "id*=E1xUyZ3-0005DJ-0x@mx.test.ex T=\"local\" from <root@test.ex> for u1@test.ex "
            "u2@test.ex bounce@test.ex deferme@test.ex list@test.ex");
  EXPECT_EQ(text(r, kDefault), "1xUyZ3-0005DJ-0x <= root@test.ex U=root P=local S=270");

  Received b;
  b.message_id = "1xUyZ2-0005DB-0t";
  b.bounce_ref = "1xUyZ2-0005D4-0o";
  b.host.ident = "root";
  b.protocol = "local";
  b.size = 1599;
  b.header_message_id = "E1xUyZ2-0005DB-0t@mx.test.ex";
  b.message_id_created = true;
  EXPECT_EQ(text(b, kDefault), "1xUyZ2-0005DB-0t <= <> R=1xUyZ2-0005D4-0o U=root P=local S=1599");
}

TEST(Session, ConnectionOpenCloseLost) {
  SmtpConnection c{.host = client(38297, ""), .connection_count = 1};
  EXPECT_EQ(text(c, kAll),
            "SMTP connection from [127.0.0.1]:38297 I=[127.0.0.1]:2525 (TCP/IP connection count "
            "= 1)");
  EXPECT_EQ(text(c, kDefault), "<nothing>");
  EXPECT_EQ(text(c, sel("+smtp_connection")),
            "SMTP connection from [127.0.0.1] (TCP/IP connection count = 1)");
  Closed q{.host = client(38297)};
  EXPECT_EQ(text(q, kAll),
            "SMTP connection from (client.ex) [127.0.0.1]:38297 I=[127.0.0.1]:2525 closed by QUIT");
  LostConnection l{.when = LostConnection::When::command, .host = client(49817), .duration = 80us};
  EXPECT_EQ(text(l, kAll),
            "SMTP connection from (client.ex) [127.0.0.1]:49817 I=[127.0.0.1]:2525 lost D=0.000s");
  EXPECT_EQ(text(l, sel("+smtp_connection")),
            "SMTP connection from (client.ex) [127.0.0.1] lost D=0s");
  EXPECT_EQ(text(l, kDefault), "<nothing>");
  LostConnection d{.when = LostConnection::When::data, .host = client(1)};
  EXPECT_EQ(text(d, kDefault),
            "SMTP connection from (client.ex) [127.0.0.1] lost while reading message data");
  d.when = LostConnection::When::data_after_header;
  EXPECT_EQ(text(d, sel("+incoming_port")),
            "SMTP connection from (client.ex) [127.0.0.1]:1 lost while reading message data "
            "(after header)");
  // `exim4 -bh 127.0.0.1` with stdin ending mid-session (EOF while reading).
  LostConnection r{.when = LostConnection::When::command_reset,
                   .host = client(0, "early", "127.0.0.2")};
  EXPECT_EQ(text(r, kDefault),
            "unexpected disconnection while reading SMTP command from (early) [127.0.0.2] D=0s");
  // -bs as root: the local user stands in for the host.
  HostId local{.ident = "root"};
  EXPECT_EQ(text(SmtpConnection{.host = local}, kAll), "SMTP connection from root");
  EXPECT_EQ(text(Closed{.host = local}, kAll), "SMTP connection from root closed by QUIT");
}

TEST(Session, TooManyConnections) {
  TooManyConnections t{.host = client(33251, "")};
  EXPECT_EQ(text(t, kAll),
            "Connection from [127.0.0.1]:33251 I=[127.0.0.1]:2525 refused: too many connections "
            "from that IP address");
  EXPECT_EQ(text(t, kDefault),
            "Connection from [127.0.0.1] refused: too many connections from that IP address");
  EXPECT_EQ(text(t, sel("-connection_reject")), "<nothing>");
}

TEST(Rejection, AclRejectionsGoToMainAndReject) {
  Rejection r{.host = client(38297),
              .where = AclWhere::rcpt,
              .argument = "nobody@test.ex",
              .sender = "a@b.ex",
              .message = "no such user"};
  EXPECT_EQ(text(r, kAll),
            "H=(client.ex) [127.0.0.1]:38297 I=[127.0.0.1]:2525 F=<a@b.ex> rejected RCPT "
            "<nobody@test.ex>: no such user");
  EXPECT_EQ(text(r, kDefault),
            "H=(client.ex) [127.0.0.1] F=<a@b.ex> rejected RCPT <nobody@test.ex>: no such user");
  EXPECT_EQ(r.render(kDefault)->targets, to_main | to_reject);
  r.temporary = true;
  r.argument = "later@test.ex";
  r.message = "try later please";
  EXPECT_EQ(text(r, kDefault),
            "H=(client.ex) [127.0.0.1] F=<a@b.ex> temporarily rejected RCPT <later@test.ex>: try "
            "later please");

  Rejection m{.host = client(1),
              .where = AclWhere::mail,
              .argument = "x@bad.ex",
              .sender = "x@bad.ex",
              .message = "bad sender"};
  EXPECT_EQ(text(m, kDefault), "H=(client.ex) [127.0.0.1] rejected MAIL <x@bad.ex>: bad sender");
  Rejection h{.host = client(1, "badhelo"),
              .where = AclWhere::helo,
              .argument = "badhelo",
              .message = "bad helo"};
  EXPECT_EQ(text(h, kDefault), "H=(badhelo) [127.0.0.1] rejected EHLO or HELO badhelo: bad helo");
  Rejection c{
      .host = client(37247, "", "127.0.0.9"), .where = AclWhere::connect, .message = "go away"};
  EXPECT_EQ(text(c, kAll),
            "H=[127.0.0.9]:37247 I=[127.0.0.1]:2525 rejected connection in \"connect\" ACL: go "
            "away");
  EXPECT_EQ(text(c, sel("-connection_reject")), "<nothing>");
  c.temporary = true;  // `defer` in the connect ACL, exim4 -bh 127.0.0.9
  EXPECT_EQ(text(c, kDefault),
            "H=[127.0.0.9] temporarily rejected connection in \"connect\" ACL: go away");
}

TEST(Rejection, OtherAclsFromBsSession) {
  // exim4 -C conf -bs -oMa 192.0.2.7.4567 -oMt '' (acl_smtp_vrfy/expn/etrn/
  // predata set; the EXPN deny has no message).
  HostId h{.helo = "client.ex", .ip = "192.0.2.7", .port = 4567};
  auto r = [&](AclWhere w, std::string arg, std::string msg) {
    return text(Rejection{.host = h,
                          .where = w,
                          .argument = std::move(arg),
                          .sender = "pre@b.ex",
                          .message = std::move(msg)},
                kDefault);
  };
  EXPECT_EQ(r(AclWhere::vrfy, "x@y", "no vrfy"),
            "H=(client.ex) [192.0.2.7] rejected VRFY x@y: no vrfy");
  EXPECT_EQ(r(AclWhere::expn, "list", ""), "H=(client.ex) [192.0.2.7] rejected EXPN list");
  EXPECT_EQ(r(AclWhere::etrn, "#foo", "no etrn"),
            "H=(client.ex) [192.0.2.7] rejected ETRN #foo: no etrn");
  EXPECT_EQ(r(AclWhere::rcpt, "nomsg@test.ex", ""),
            "H=(client.ex) [192.0.2.7] F=<pre@b.ex> rejected RCPT <nomsg@test.ex>");
  EXPECT_EQ(r(AclWhere::predata, "", ""), "H=(client.ex) [192.0.2.7] rejected DATA");
  EXPECT_EQ(text(Etrn{.host = h, .argument = "#foo"}, kDefault),
            "ETRN #foo received from (client.ex) [192.0.2.7]");
}

TEST(Rejection, AfterDataAddsHeadersToRejectLog) {
  Rejection r{.message_id = "1xUybG-000063-0P",
              .host = HostId{.helo = "client.ex", .ip = "192.0.2.7", .port = 4567},
              .where = AclWhere::data,
              .sender = "a@b.ex",
              .message = "content rejected"};
  r.rejected = RejectedMessage{
      .envelope_from = "a@b.ex",
      .envelope_to = {"u1@test.ex", "u2@test.ex"},
      .headers = {{'P',
                   "Received: from [192.0.2.7] (helo=client.ex)\n\tby mx.test.ex with esmtp (Exim "
                   "4.96)\n\t(envelope-from <a@b.ex>)\n\tid 1xUybG-000063-0P;\n\tSun, 22 Nov "
                   "2026 03:50:46 +0000\n"},
                  {' ', "Subject: reject me\n"},
                  {'T', "To: u1@test.ex,\n  u2@test.ex\n"},
                  {'I', "Message-ID: <q@b>\n"}}};
  auto line = r.render(kDefault);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->text,
            "1xUybG-000063-0P H=(client.ex) [192.0.2.7] F=<a@b.ex> rejected after DATA: content "
            "rejected");
  // The rejectlog lines that followed it, verbatim.
  EXPECT_EQ(line->reject_extra,
            "Envelope-from: <a@b.ex>\n"
            "Envelope-to: <u1@test.ex>\n"
            "    <u2@test.ex>\n"
            "P Received: from [192.0.2.7] (helo=client.ex)\n"
            "\tby mx.test.ex with esmtp (Exim 4.96)\n"
            "\t(envelope-from <a@b.ex>)\n"
            "\tid 1xUybG-000063-0P;\n"
            "\tSun, 22 Nov 2026 03:50:46 +0000\n"
            "  Subject: reject me\n"
            "T To: u1@test.ex,\n"
            "  u2@test.ex\n"
            "I Message-ID: <q@b>\n");
  // With -rejected_header only the line is written.
  EXPECT_EQ(r.render(sel("-rejected_header"))->reject_extra, "");
}

TEST(Session, SyncErrors) {
  SyncError s{.host = client(58573, "", "127.0.0.2"), .input = "EHLO early\r\nMAIL FROM:<a@b>\r\n"};
  EXPECT_EQ(text(s, kAll),
            "SMTP protocol synchronization error (input sent without waiting for greeting): "
            "rejected connection from H=[127.0.0.2]:58573 I=[127.0.0.1]:2525 input=\"EHLO "
            "early\\r\\nMAIL FROM:<a@b>\\r\\n\"");
  EXPECT_EQ(s.render(kDefault)->targets, to_main | to_reject);
  SyncError p{.kind = SyncError::Kind::pipelining_not_advertised,
              .host = client(56415),
              .command = "MAIL FROM:<a@b.ex>",
              .input = "RCPT TO:<u1@test.ex>\r\n"};
  EXPECT_EQ(text(p, sel("+incoming_port")),
            "SMTP protocol synchronization error (next input sent too soon: pipelining was not "
            "advertised): rejected \"MAIL FROM:<a@b.ex>\" H=(client.ex) [127.0.0.1]:56415 next "
            "input=\"RCPT TO:<u1@test.ex>\\r\\n\"");
  SyncError big{.host = client(1), .input = std::string(300, 'x')};
  EXPECT_EQ(text(big, kDefault).size(), text(big, kDefault).find("input=") + 6 + 2 + 128);
}

TEST(Session, CommandErrorsAndDroppedCalls) {
  ProtocolError u{.syntax = true,
                  .host = client(43187, ""),
                  .command = "FOO",
                  .message = "unrecognized command"};
  EXPECT_EQ(text(u, kAll),
            "SMTP syntax error in \"FOO\" H=[127.0.0.1]:43187 I=[127.0.0.1]:2525 unrecognized "
            "command");
  EXPECT_EQ(text(u, kDefault), "<nothing>");
  ProtocolError p{
      .host = client(59433), .command = "MAIL FROM:<a@b.ex>", .message = "sender already given"};
  EXPECT_EQ(text(p, kAll),
            "SMTP protocol error in \"MAIL FROM:<a@b.ex>\" H=(client.ex) [127.0.0.1]:59433 "
            "I=[127.0.0.1]:2525 sender already given");
  ProtocolError local{.syntax = true,
                      .host = HostId{.ident = "root"},
                      .command = "FOO",
                      .message = "unrecognized command"};
  EXPECT_EQ(text(local, kAll), "SMTP syntax error in \"FOO\" U=root unrecognized command");

  EXPECT_EQ(text(too_many_unknown_commands(client(43187, ""), "QUX"), kAll),
            "SMTP call from [127.0.0.1]:43187 I=[127.0.0.1]:2525 dropped: too many unrecognized "
            "commands (last was \"QUX\")");
  EXPECT_EQ(text(too_many_nonmail_commands(client(1, "a.ex"), "EXPN"), kDefault),
            "SMTP call from (a.ex) [127.0.0.1] dropped: too many nonmail commands (last was "
            "\"EXPN\")");
  auto e = too_many_errors(client(1), "oo", "EHLO,RCPT,DATA,BDAT");
  EXPECT_EQ(text(e, kDefault),
            "SMTP call from (client.ex) [127.0.0.1] dropped: too many syntax or protocol errors "
            "(last command was \"oo\",  C=EHLO,RCPT,DATA,BDAT)");
  EXPECT_EQ(e.render(kDefault)->targets, to_main | to_reject);
}

TEST(Session, NoMailAndIncompleteTransaction) {
  NoMail n{.host = client(36409, ""), .duration = 200400us, .commands = {"EHLO", "QUIT"}};
  EXPECT_EQ(text(n, kAll),
            "no MAIL in SMTP connection from [127.0.0.1]:36409 I=[127.0.0.1]:2525 D=0.200s "
            "C=EHLO,QUIT");
  n.host.port = 44759;
  EXPECT_EQ(text(n, kNoConn), "no MAIL in SMTP connection from [127.0.0.1]:44759 D=0s C=EHLO,QUIT");
  EXPECT_EQ(text(n, kDefault), "<nothing>");
  n.commands.clear();
  EXPECT_EQ(text(n, kNoConn), "no MAIL in SMTP connection from [127.0.0.1]:44759 D=0s");

  IncompleteTransaction i{.host = client(49713),
                          .reason = "QUIT",
                          .sender = "a@b.ex",
                          .recipients = {"u1@test.ex", "u2@test.ex"}};
  EXPECT_EQ(text(i, kAll),
            "H=(client.ex) [127.0.0.1]:49713 I=[127.0.0.1]:2525 incomplete transaction (QUIT) "
            "from <a@b.ex> for u1@test.ex u2@test.ex");
  IncompleteTransaction r{.host = client(56505), .reason = "RSET", .sender = "a@b.ex"};
  EXPECT_EQ(text(r, kNoConn),
            "H=(client.ex) [127.0.0.1]:56505 incomplete transaction (RSET) from <a@b.ex>");
  EXPECT_EQ(text(
                IncompleteTransaction{
                    .host = HostId{.ident = "root"}, .reason = "QUIT", .sender = "a@b.ex"},
                kAll),
            "U=root incomplete transaction (QUIT) from <a@b.ex>");
}

TEST(Text, GateAndTargets) {
  Text t{.message_id = "1xUyX1-000356-2f",
         .text = "User 0 set for t1 transport is on the fixed_never_users list",
         .targets = to_main | to_panic};
  auto l = t.render(kDefault);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->text,
            "1xUyX1-000356-2f User 0 set for t1 transport is on the fixed_never_users list");
  EXPECT_EQ(l->targets, to_main | to_panic);
  Text g{.text = "Start queue run: pid=17035 -qf", .gate = Sel::queue_run};
  EXPECT_EQ(text(g, sel("-queue_run")), "<nothing>");
}

}  // namespace
}  // namespace corvid::log
