// Expansion operators: ${name:string} and ${name_params:string}.
//
// An operator is a function of one already-expanded argument. Operators are
// grouped by theme in operators_*.cpp files; each file exports one table,
// and find_operator() searches them all. Names with parameters after an
// underscore ("length_3", "sha3_512", "quote_lsearch", "listnamed_d") are
// found through their base name with `takes_suffix` set; the operator then
// parses `suffix` itself (it holds "_3", "_512", ...).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "expand/context.hpp"
#include "util/tstring.hpp"

namespace corvid::expand {

struct OpCall {
  std::string_view name;    // the name as written, e.g. "length_3"
  std::string_view suffix;  // text after the base name, e.g. "_3"; empty if none
  const TString& in;        // the expanded argument
  TString& out;             // result; its taint starts as the argument's
  const Context& ctx;
  std::string error;        // set by the operator when it returns false
};

// Returns false (with call.error set) when the operator fails; the
// expansion then fails with that message.
using OperatorFn = bool (*)(OpCall& call);

struct OperatorDef {
  std::string_view name;
  OperatorFn fn;
  bool takes_suffix = false;  // also matches "name_<params>"
};

// Finds the operator for `name` (exact name first, then a base name that
// takes a suffix). Sets `suffix` to the parameter part. nullptr if unknown.
const OperatorDef* find_operator(std::string_view name, std::string_view& suffix);

// The tables, one per operators_*.cpp file.
std::span<const OperatorDef> text_operators();     // lc uc strlen length substr hash nhash escape ...
std::span<const OperatorDef> codec_operators();    // md5 sha1 sha256 sha3 base64 base62 base32 hex2b64 str2b64 xtextd ...
std::span<const OperatorDef> address_operators();  // address addresses domain local_part quote_local_part ...
std::span<const OperatorDef> ip_operators();       // mask ipv6norm ipv6denorm reverse_ip ...
std::span<const OperatorDef> time_operators();     // time_eval time_interval ...
std::span<const OperatorDef> utf8_operators();     // from_utf8 utf8clean utf8_domain_to_alabel ...
std::span<const OperatorDef> misc_operators();     // eval eval10 listcount listnamed expand quote stat ...

}  // namespace corvid::expand
