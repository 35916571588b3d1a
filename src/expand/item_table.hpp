// The names of expansion items and conditions, and the shape of their
// arguments, shared by the parser (to read them) and the evaluator.
#pragma once

#include <string>
#include <string_view>

#include "expand/ast.hpp"

namespace corvid::expand {

enum class ItemShape : unsigned char {
  subs,        // braced arguments, then '}'
  subs_yesno,  // braced arguments, then {yes}{no} / fail
  if_cond,     // a condition, then {yes}{no}
  lookup,      // {key} type {file-or-query} {yes}{no}
  extract,     // json/jsons word, 2..5 braced arguments, fail
  list_op,     // map, filter, reduce, sort
};

struct ItemInfo {
  std::string_view name;
  ItemId id;
  ItemShape shape;
  int min_args;
  int max_args;
};

enum class CondShape : unsigned char {
  none,         // first_delivery, queue_running
  def,          // def:name
  one,          // exists{x}
  two,          // eq{a}{b}
  group,        // and{{c}{c}}
  iterate,      // forall{list}{cond}
  braced_list,  // acl{{name}{arg}...}
};

struct CondInfo {
  std::string_view name;
  CondId id;
  CondShape shape;
};

const ItemInfo* find_item(std::string_view name);
// The condition name at the start of `text` as Exim reads it: letters,
// digits and underscores, or one of '<', '=', '>' with an optional '='
// after it. Empty when there is none.
std::string_view condition_name_prefix(std::string_view text);
// The numeric first argument of ${listextract} / ${extract}: white space
// around it is ignored, then an optional '-' and digits. Returns Exim's
// complaint ("first argument of \"listextract\" must be numeric"), or ""
// with `value` set.
std::string index_arg_error(std::string_view text, std::string_view item, long* value = nullptr);
// True when `text`, trimmed, is an optional '-' and digits.
bool is_index_number(std::string_view text);
// True for the conditions ${sort} accepts as comparators.
bool is_sort_comparator(CondId id);
const CondInfo* find_condition(std::string_view name);

}  // namespace corvid::expand
