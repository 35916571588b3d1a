// The parsed form of an expansion string.
//
// compile() turns "abc${lc:$sender}${if eq{a}{b}{x}{y}}" into a Seq of
// Parts: literal text, variable references, operator calls and items. Items
// keep their braced arguments as Seqs that the evaluator expands only when
// it needs them (the branch not taken of an ${if} is never evaluated), and
// ${if} keeps its condition as a Cond tree. Nothing here is evaluated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "expand/context.hpp"
#include "expand/operators.hpp"
#include "lookup/lookup.hpp"

namespace corvid::expand {

struct Part;
struct ItemNode;
struct CondNode;

struct Seq {
  std::vector<Part> parts;
};

enum class PartKind : unsigned char {
  literal,   // text
  variable,  // $name or ${name}
  numeric,   // $1 .. $n
  header,    // $h_name: and friends
  op,        // ${op:arg}
  item,      // ${item{...}...}
};

struct Part {
  PartKind kind = PartKind::literal;
  HeaderMode header_mode = HeaderMode::decoded;
  int number = 0;       // numeric variable index
  std::string text;     // literal text, variable or header name, operator name
  const OperatorDef* op = nullptr;
  std::string suffix;   // operator parameter suffix ("_3")
  std::unique_ptr<Seq> arg;        // operator argument
  std::unique_ptr<ItemNode> item;  // item details
};

enum class ItemId : unsigned char {
  acl, authresults, certextract, dlfunc, env, extract, filter, hash, hmac, if_,
  imapfolder, length, listextract, listquote, lookup, map, nhash, perl, prvs,
  prvscheck, readfile, readsocket, reduce, run, sg, sort, srs_encode, substr, tr,
};

// How an item ends: nothing more, yes/no strings, or "fail".
struct YesNo {
  bool present = false;  // any yes/no part at all
  std::unique_ptr<Seq> yes;
  std::unique_ptr<Seq> no;
  bool fail = false;     // "fail" given instead of the no part
};

// ${extract}: how the arguments after the first one read when the first is
// a key and when it is a field number. Exim decides while reading, from
// the first argument's value; when that is literal text the parser decides
// too and keeps one reading, otherwise both are kept (or the syntax error
// that reading would give) and the evaluator picks one.
struct ExtractForms {
  std::unique_ptr<ItemNode> as_key;     // args: {string}; yesno
  std::unique_ptr<ItemNode> as_number;  // args: {separators}{string}; yesno
  std::string key_error;
  std::string number_error;
};

struct ItemNode {
  ItemId id = ItemId::if_;
  std::string name;
  std::vector<Seq> args;            // braced arguments in order
  std::unique_ptr<CondNode> cond;   // ${if} and ${filter}
  std::string word;                 // lookup type, extract's json/jsons, sort's extractor text
  bool has_key = false;             // ${lookup{key}...}: args[0] is the key
  lookup::Spec lookup_spec;         // ${lookup}: the parsed lookup type
  YesNo yesno;
  std::unique_ptr<ExtractForms> extract;  // ${extract} only; args[0] is the key
};

enum class CondId : unsigned char {
  num_lt, num_le, num_eq, num_eq2, num_gt, num_ge, acl, and_, bool_, bool_lax,
  crypteq, def, eq, eqi, exists, first_delivery, forall, forall_json,
  forall_jsons, forany, forany_json, forany_jsons, ge, gei, gt, gti,
  inbound_srs, inlist, inlisti, isip, isip4, isip6, ldapauth, le, lei, lt, lti,
  match, match_address, match_domain, match_ip, match_local_part, or_, pam,
  pwcheck, queue_running, radius, saslauthd,
};

struct CondNode {
  CondId id = CondId::eq;
  std::string name;
  bool negated = false;
  std::vector<Seq> args;          // braced string arguments
  std::vector<CondNode> subs;     // and/or: subconditions; forall: the one to test
  std::string word;               // def: the variable name
  bool word_is_header = false;    // def:h_...
  HeaderMode header_mode = HeaderMode::decoded;
};

struct Tree {
  Seq seq;
};

}  // namespace corvid::expand
