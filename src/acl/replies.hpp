// The SMTP replies Exim gives for ACL results, for the SMTP layer:
// the default code per ACL (550, but 252 for VRFY, 458 for ETRN, 503 for
// AUTH), the default texts ("Administrative prohibition" for deny/drop,
// "Temporary local problem - please try later" with 451 for defer and
// error), and the splitting of a "message =" text that starts with its own
// code ("599 5.7.1 text"), with Exim's check that the first digit matches.
// Observed with exim4 -bh 4.96 (see tests/unit/acl/replies_test.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acl/result.hpp"
#include "acl/where.hpp"

namespace corvid::acl {

struct Reply {
  int code = 550;
  std::string extended;  // "5.7.1" or empty
  std::string text;      // may hold '\n' for a multi-line reply
  // Set when a configured code had the wrong first digit: the line Exim
  // logs ("configured error code starts with incorrect digit (expected 5)
  // in \"499 go away\"").
  std::string warning;
};

// The code an ACL rejection uses in this place (deny/drop).
int deny_code(Where where);
// The reply for a rejecting result (fail, drop, defer, error), built from
// result.user_message or the defaults.
Reply rejection_reply(Where where, const Result& result);
// Splits a configured message into code / extended code / text when it
// starts with one; its first digit must match `default_code`'s.
Reply split_message(std::string_view message, int default_code);

inline constexpr std::string_view kDenyText = "Administrative prohibition";
inline constexpr std::string_view kDeferText = "Temporary local problem - please try later";

}  // namespace corvid::acl
