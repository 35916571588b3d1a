// MAIL FROM / RCPT TO arguments: ESMTP parameters and the path (sans-I/O).
//
// Contract: parse_mail() / parse_rcpt() take the argument text that
// parse_command() returned (after "MAIL FROM:" / "RCPT TO:") and return
// either the parsed command or the reply Exim 4.96 gives (code + text, no
// CRLF). Which parameters are known depends on what the session advertised
// (Extensions); a parameter that was not advertised is unknown, as in Exim.
// Callers: smtp/server mail.cpp and rcpt.cpp.
//
// Exim's parameter rules, reproduced from `exim4 -bh` observations:
//  - parameters are taken off the END of the argument one at a time: the
//    last "NAME=value" (NAME letters only, preceded by white space) or the
//    last white-space separated word (a keyword alone, whose value is then
//    the keyword itself: "NOTIFY" alone is NOTIFY=NOTIFY). Quoted strings
//    are skipped while looking for the separator;
//  - keywords are case-insensitive; the first unknown parameter stops the
//    scan and is left in the address text, so the path parser reports
//    "malformed address: FOO=bar may not follow <a@b.c> ". For RCPT, a
//    value-less unknown word is put back with its separating space turned
//    into '=' ("<x@y.z> junk" is reported as "<x@y.z>=junk"), as 4.96 does;
//  - because the scan runs right to left, for repeatable parameters (SIZE,
//    BODY, AUTH, PRDR) the LEFTMOST occurrence wins; RET, ENVID, NOTIFY,
//    ORCPT may appear once ("501 RET can be specified once only");
//  - SIZE takes strtol's reading (digits after an optional sign, junk after
//    them ignored, "abc" is 0, overflow clamps); the 552 check against
//    message_size_limit is the session's (size_exceeds() below; 4.96 also
//    answers 552 for a negative SIZE);
//  - BODY=7BIT|8BITMIME ("501 invalid data for BODY" otherwise; BINARYMIME
//    only when Extensions::binarymime, which 4.96 never offers);
//  - SMTPUTF8 must have no value (SMTPUTF8=x is an unknown parameter);
//  - AUTH=<xtext>: malformed xtext is "501 invalid data for AUTH";
//  - RET=FULL|HDRS else "501 Value for RET is invalid"; ENVID= kept raw
//    (4.96 does not check its xtext);
//  - PRDR takes any value;
//  - NOTIFY=NEVER or a list of SUCCESS,FAILURE,DELAY (an empty value and
//    one trailing comma pass; "SUCCESS,,DELAY" and NEVER with anything
//    else are "501 Invalid value for NOTIFY parameter"); ORCPT= kept raw;
//  - an empty argument is "501 MAIL must have an address operand"
//    (RCPT likewise); "<>" is the null sender (MAIL) and for RCPT the path
//    error "<>: missing or malformed local part".
// Path errors are "501 <argument>: <error>" with the argument as left after
// the parameters were taken off.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "smtp/proto/address.hpp"

namespace corvid::smtp::proto {

struct Extensions {
  bool eight_bit_mime = true;  // accept_8bitmime (BODY=)
  bool binarymime = false;
  bool dsn = false;       // dsn_advertise_hosts matched (RET ENVID NOTIFY ORCPT)
  bool smtputf8 = false;  // smtputf8_advertise_hosts matched
  bool auth = false;      // AUTH was advertised (AUTH=)
  bool prdr = false;      // prdr_enable
  PathOptions path;
};

enum class Body { none, seven_bit, eight_bit_mime, binarymime };
enum class Ret { none, full, hdrs };

struct MailFrom {
  Path path;  // path.address empty for the null sender
  bool null_sender = false;
  std::optional<std::int64_t> size;
  Body body = Body::none;
  bool smtputf8 = false;
  std::optional<std::string> auth;  // decoded xtext; "<>" kept as is
  Ret ret = Ret::none;
  std::optional<std::string> envid;  // raw xtext
  bool prdr = false;
};

enum NotifyFlags : unsigned { kNotifyNever = 1, kNotifySuccess = 2, kNotifyFailure = 4, kNotifyDelay = 8 };

struct RcptTo {
  Path path;
  unsigned notify = 0;  // NotifyFlags; 0 when no NOTIFY was given
  std::optional<std::string> orcpt;  // raw, e.g. "rfc822;a+40b.c"
};

struct ProtoError {
  int code = 501;
  std::string text;  // the reply text without the code
};

std::variant<MailFrom, ProtoError> parse_mail(std::string_view argument, const Extensions& ext);
std::variant<RcptTo, ProtoError> parse_rcpt(std::string_view argument, const Extensions& ext);

// True when a declared SIZE must be refused with
// "552 Message size exceeds maximum permitted" (limit 0 = no limit).
bool size_exceeds(std::int64_t declared, std::int64_t limit);

// RFC 3461 xtext: "+XX" (upper-case hex) stands for one byte; other bytes
// must be printable ASCII other than '+' and '='. nullopt when malformed.
std::optional<std::string> decode_xtext(std::string_view text);

}  // namespace corvid::smtp::proto
