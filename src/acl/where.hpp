// The places an ACL can run (Exim's ACL "where" values) and the per-place
// facts the rest of Corvid needs: the name Exim prints in "cannot test X
// condition in <name> ACL", the SMTP code used when such an ACL denies,
// and the bit used in the condition/control permission tables.
//
// Callers: the ACL compiler and evaluator, and the SMTP server when it
// picks the ACL and the reply for a command.
#pragma once

#include <cstdint>
#include <string_view>

namespace corvid::acl {

enum class Where : std::uint8_t {
  rcpt,
  mail,
  predata,
  mime,  // acl_smtp_mime and acl_not_smtp_mime
  dkim,
  data,
  prdr,
  not_smtp,
  auth,
  connect,
  etrn,
  expn,
  helo,
  mailauth,
  not_smtp_start,
  notquit,
  quit,
  starttls,
  vrfy,
};

inline constexpr int kWhereCount = 19;

using WhereSet = std::uint32_t;
constexpr WhereSet bit(Where w) { return WhereSet{1} << static_cast<int>(w); }
template <typename... W>
constexpr WhereSet bits(W... w) {
  return (bit(w) | ...);
}
inline constexpr WhereSet kAllWheres = (WhereSet{1} << kWhereCount) - 1;

// "RCPT", "connection", "EHLO or HELO", "non-SMTP" ... as Exim prints them.
std::string_view where_name(Where w);

// True for the ACLs that deal with receiving a message (discard allowed).
bool is_message_acl(Where w);

}  // namespace corvid::acl
