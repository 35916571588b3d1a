// Internal to the ACL module: the state of one ACL invocation and the
// item evaluators shared by evaluator.cpp, conditions.cpp, modifiers.cpp,
// controls.cpp and ratelimit.cpp. Not for use outside src/acl.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "acl/acl.hpp"
#include "acl/compiled.hpp"

namespace corvid::acl::detail {

// What a condition (or modifier) yields. drop: a nested ACL said "drop".
enum class Rc { ok, fail, defer, error, discard, drop };

struct Frame {
  const AclSet& set;
  Session& session;
  Result& effects;  // side effects, shared by nested calls
  int depth = 0;
  std::string user_msg;  // the underlying reply text (verify, nested ACL)
  std::string log_msg;   // the underlying log text / error
};

// Per-statement state: the message modifiers seen so far.
struct StatementState {
  const Item* message = nullptr;
  const Item* log_message = nullptr;
  bool after_endpass = false;
};

// Runs one ACL (nested calls pass depth + 1).
struct Outcome {
  Status status = Status::fail;
  std::string user_msg;
  std::string log_msg;
  bool endpass = false;
  bool implicit = false;
};
Outcome run_acl(const AclSet& set, const CompiledAcl& acl, Session& session, Result& effects,
                int depth);

// Expands an item's argument: nullopt on forced failure (item skipped) or
// error (frame.log_msg set, `error` true).
std::optional<std::string> expand_arg(Frame& f, const expand::Expansion& e, bool& error);

Rc eval_condition(Frame& f, const Item& item, const std::string& arg);
Rc eval_modifier(Frame& f, const Item& item, const std::string& arg, StatementState& st);
Rc eval_control(Frame& f, const std::string& arg);
Rc eval_ratelimit(Frame& f, const std::string& arg);
Rc eval_verify(Frame& f, const std::string& arg);
Rc eval_dnslists(Frame& f, const std::string& arg);
Rc eval_nested_acl(Frame& f, const Item& item);

// Exim time values ("30s", "1h30m", "2d", a bare number of seconds).
std::optional<long long> parse_time(std::string_view s);

}  // namespace corvid::acl::detail
