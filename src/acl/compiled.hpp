// The compiled form of an ACL: statements of verb + items, each item a
// condition or modifier with its argument parsed once into an expansion
// tree. Immutable after compile(); shared by every session.
//
// Produced by compiler.cpp; consumed by the evaluator.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "acl/names.hpp"
#include "expand/expansion.hpp"

namespace corvid::acl {

struct Item {
  const CondInfo* info = nullptr;
  bool negated = false;
  std::string text;          // the argument as written (after "=")
  expand::Expansion value;   // compiled argument (for expanded items)
  std::string variable;      // "set": the acl_c / acl_m name
  std::vector<expand::Expansion> words;  // "acl": name and arguments
  int line = 0;
  Cond id() const { return info->id; }
};

struct Statement {
  Verb verb = Verb::deny;
  std::vector<Item> items;
  std::string file;
  int line = 0;
  bool has_endpass = false;
};

struct CompiledAcl {
  std::string name;  // configured name; inline ACLs: the text, files: path
  std::string file;
  int line = 0;
  std::vector<Statement> statements;
  // Some condition may wait on the network (dnslists, verify, a dnsdb
  // lookup, the host name, another ACL): a server runs this ACL off its
  // event loop so that other sessions do not wait with it.
  bool may_block = false;
};

using AclPtr = std::shared_ptr<const CompiledAcl>;

}  // namespace corvid::acl
