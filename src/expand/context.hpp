// The Context through which an expansion reads the world.
//
// The expander knows nothing of SMTP sessions, deliveries or the command
// line: variables, headers and named lists reach it only through this
// interface, which a server session, a delivery and the -be test mode each
// implement. Evaluation state that belongs to the expansion itself ($value,
// $item, $1..$9) is kept by the evaluator, not here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lists/match.hpp"
#include "util/tstring.hpp"

namespace corvid::expand {

// How a $h_ / $rh_ / $bh_ / $lh_ header variable wants its value.
enum class HeaderMode { decoded, raw, basic, list };

enum class VarStatus { found, unknown };

// What an ACL called from an expansion (${acl}, the acl condition) decided.
struct AclCall {
  enum class Outcome { accept, deny, defer, error };
  Outcome outcome = Outcome::error;
  std::string message;  // the ACL's "message =" text, if any
};

class Context : public lists::Env {
 public:
  // Looks up a variable by name (without the '$'). Unknown names make the
  // expansion fail with Exim's "unknown variable name" error.
  virtual VarStatus variable(std::string_view name, TString& out) const = 0;

  // Header variables: the value of header `name` (without the colon), or
  // false when the message has no such header (or there is no message).
  virtual bool header(std::string_view name, HeaderMode mode, TString& out) const {
    (void)name;
    (void)mode;
    (void)out;
    return false;
  }

  // Runs the named ACL with $acl_arg1.. set to `args` (restored after).
  // nullopt where no ACLs can run (the expansion then fails saying so).
  // Running an ACL may change ACL variables: that side effect is part of
  // the language, hence const here.
  virtual std::optional<AclCall> call_acl(std::string_view name,
                                          std::vector<TString> args) const {
    (void)name;
    (void)args;
    return std::nullopt;
  }

  // lists::Env: no named lists unless the context has a configuration.
  const lists::NamedList* named_list(lists::Kind, std::string_view) const override {
    return nullptr;
  }
};

}  // namespace corvid::expand
