// Building SMTP replies (sans-I/O).
//
// Contract: format_reply() turns a code, an optional enhanced status code
// and a text that may contain '\n' into the bytes to send: every line but
// the last as "CODE-text\r\n", the last as "CODE text\r\n". With an
// enhanced code ("5.1.1") every line carries it after the code, as Exim
// does. A trailing '\n' does not add an empty line; an empty text gives
// "CODE \r\n" (Exim sends e.g. "504  authentication mechanism not
// supported" with two spaces when a piece is empty; that is the caller's
// text). '\r' in the text is dropped. Callers: smtp/server for every reply.
//
// format_ehlo() lays out the EHLO reply the way Exim 4.96 does: the greeting
// line first, then the extensions in Exim's fixed order (checked with
// `exim4 -bh`): SIZE, 8BITMIME, DSN, ETRN, VRFY, EXPN, PIPELINING,
// PIPECONNECT, AUTH <mechs>, CHUNKING, STARTTLS, PRDR, SMTPUTF8, HELP.
// "SIZE" has no number when message_size_limit is 0. HELP is always last.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::smtp::proto {

std::string format_reply(int code, std::string_view text, std::string_view enhanced = {});

struct EhloFeatures {
  std::string greeting;  // e.g. "test.ex Hello x [1.2.3.4]"
  bool size = true;
  std::int64_t size_limit = 0;  // 0: "SIZE" alone
  bool eight_bit_mime = true;
  bool dsn = false;
  bool etrn = false;
  bool vrfy = false;
  bool expn = false;
  bool pipelining = true;
  bool pipe_connect = false;
  std::vector<std::string> auth_mechanisms;  // empty: no AUTH line
  bool chunking = false;
  bool starttls = false;
  bool prdr = false;
  bool smtputf8 = false;
};

std::string format_ehlo(const EhloFeatures& f);

}  // namespace corvid::smtp::proto
