// The vocabulary of Exim 4.96 ACLs: verbs, the conditions and modifiers
// (with whether they are modifiers, whether their argument is expanded,
// and the ACLs that may not use them), and the controls (with the ACLs
// that may use them). The tables were learned from the specification and
// checked against exim4 -bh (see tests/unit/acl/exim_compare_test.cpp).
//
// Callers: the compiler (names), the evaluator (permission checks).
#pragma once

#include <optional>
#include <string_view>

#include "acl/result.hpp"
#include "acl/where.hpp"

namespace corvid::acl {

enum class Verb { accept, defer, deny, discard, drop, require, warn };

std::optional<Verb> find_verb(std::string_view word);
std::string_view verb_name(Verb v);

enum class Cond {
  acl,
  add_header,
  authenticated,
  condition,
  continue_,
  control,
  dcc,
  decode,
  delay,
  dkim_signers,
  dkim_status,
  dmarc_status,
  dnslists,
  domains,
  encrypted,
  endpass,
  hosts,
  local_parts,
  log_message,
  log_reject_target,
  logwrite,
  malware,
  message,
  mime_regex,
  queue,
  ratelimit,
  recipients,
  regex,
  remove_header,
  seen,
  sender_domains,
  senders,
  set,
  spam,
  spf,
  spf_guess,
  udpsend,
  verify,
};

struct CondInfo {
  Cond id;
  std::string_view name;
  bool modifier;   // "use" rather than "test" in errors; no negation
  bool expanded;   // argument is expanded before use
  WhereSet forbidden;
};

const CondInfo* find_cond(std::string_view name);
const CondInfo& cond_info(Cond id);

struct ControlInfo {
  Control id;
  std::string_view name;
  bool takes_options;  // "/..." allowed after the name
  WhereSet forbidden;
};

// Longest-name match of the start of `text` ("queue_only", "queue/...").
const ControlInfo* find_control(std::string_view name);
const ControlInfo& control_info(Control id);

}  // namespace corvid::acl
