// Public entry point of the ACL module.
//
//   auto set = acl::AclSet::compile(config);      // once, at config load
//   if (!set) -> print set.error().render(), exit 1 (as exim -bV would)
//   acl::Result r = acl::run_option(*set, raw_acl_smtp_rcpt, session);
//
// An ACL is named by the (expanded) value of an acl_smtp_* option or of an
// "acl =" condition: a value starting with '/' is a file holding ACL text,
// a value without spaces that names a configured ACL is that ACL, anything
// else is inline ACL text ("acl_smtp_vrfy = accept"). Inline and file ACLs
// are compiled on first use and cached (thread-safe).
//
// See result.hpp for what a run yields and replies.hpp for the SMTP codes
// and default texts.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "acl/compiled.hpp"
#include "acl/result.hpp"
#include "acl/session.hpp"
#include "config/config.hpp"

namespace corvid::acl {

class AclSet {
 public:
  // Compiles every ACL of the configuration; the first error wins.
  static std::variant<std::shared_ptr<const AclSet>, config::LoadError> compile(
      const config::Config& config);
  // An empty set (tests; configurations without an acl section).
  AclSet() = default;
  void add(AclPtr acl);

  const CompiledAcl* named(std::string_view name) const;

  // Finds the ACL a (already expanded) value designates, compiling inline
  // text or a file on first use. On failure returns nullptr and sets
  // `error` (Exim's message, e.g. 'unknown ACL verb "x" in "x"').
  AclPtr resolve(std::string_view value, const Session& session, std::string& error) const;

 private:
  std::map<std::string, AclPtr, std::less<>> named_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, AclPtr, std::less<>> cache_;
};

// Runs a compiled ACL.
Result run(const AclSet& set, const CompiledAcl& acl, Session& session);

// Runs the ACL named by `value` (an ACL name, inline text or "/file",
// already expanded). Resolution failures are Status::error.
Result run_named(const AclSet& set, std::string_view value, Session& session);

// Runs the ACL an acl_smtp_* option designates: `raw` is the option's
// unexpanded text (nullopt: option unset -> default_for_unset()).
Result run_option(const AclSet& set, const std::optional<std::string>& raw, Session& session);

// Runs ACL `name` for the ${acl} item or the acl condition, with
// $acl_arg1.. set to `args` and restored afterwards (Exim allows at most
// nine; more is an error, as is an ACL that cannot be found).
expand::AclCall call_from_expansion(const AclSet& set, std::string_view name,
                                    std::vector<TString> args, Session& session);

// True when the ACL an acl_smtp_* option designates may wait on the
// network (see CompiledAcl::may_block). An expanded or inline value is
// judged by its text.
bool option_may_block(const AclSet& set, const std::optional<std::string>& raw);

// What Exim does when the ACL option for `where` is not set: accept for
// connect, helo, mail, mailauth, predata, data, mime, dkim, auth,
// starttls, not_smtp, not_smtp_start, quit, notquit, prdr; deny for rcpt,
// vrfy, expn, etrn.
Status default_for_unset(Where where);

}  // namespace corvid::acl
