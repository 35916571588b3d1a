// SMTP command-line recognition (sans-I/O).
//
// Contract: parse_command() takes ONE command line with its CRLF already
// removed and says which verb it is and what its argument text is. It never
// allocates beyond the result and never fails: unknown input is
// Verb::unknown. Callers: the inbound session (smtp/server), which then
// hands MAIL/RCPT arguments to mail_rcpt.hpp.
//
// Recognition follows Exim 4.96 as observed with `exim4 -bh`:
//  - keywords are case-insensitive; the line must START with the keyword
//    (" MAIL FROM:" with a leading space is 500 unrecognized command);
//  - "MAIL FROM:" and "RCPT TO:" are single keywords with exactly one space
//    ("MAIL  FROM:", "MAIL FROM :", "MAIL\tFROM:" are all unrecognized);
//  - any other keyword must be followed by end of line or white space
//    ("NOOPX" is unrecognized);
//  - the argument has leading and trailing white space removed;
//  - a NUL anywhere gets "501 NUL characters are not allowed in SMTP
//    commands" before anything else (contains_nul is set, verb unknown).
// Exim reads at most 16384 bytes per command line (kMaxCommandLine); a longer
// line is split by its reader and each piece is answered on its own. That
// limit belongs to the session's line reader; it is exported here so both
// agree on it.
// ATRN is recognised as a verb, but Exim 4.96 does not know it and answers
// "500 unrecognized command"; the session keeps that reply.
#pragma once

#include <cstddef>
#include <string_view>

namespace corvid::smtp::proto {

inline constexpr std::size_t kMaxCommandLine = 16384;

enum class Verb {
  helo, ehlo, mail, rcpt, data, bdat, rset, noop, quit, vrfy, expn, help,
  etrn, starttls, auth, atrn, unknown,
};

struct Command {
  Verb verb = Verb::unknown;
  std::string_view argument;  // view into the line given to parse_command
  bool contains_nul = false;
};

Command parse_command(std::string_view line);

// The keyword as Exim spells it in replies and logs ("MAIL FROM", "EHLO").
std::string_view verb_name(Verb verb);

// Exim's reply texts for the generic command errors (without the code).
inline constexpr std::string_view kNulInCommand = "NUL characters are not allowed in SMTP commands";
inline constexpr std::string_view kUnrecognized = "unrecognized command";
inline constexpr std::string_view kUnexpectedArgument = "unexpected argument data";

}  // namespace corvid::smtp::proto
