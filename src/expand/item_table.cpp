#include "expand/item_table.hpp"

#include <array>
#include <cstdlib>
#include <string>

#include "util/strings.hpp"

namespace corvid::expand {

namespace {

constexpr std::array<ItemInfo, 29> kItems = {{
    {"acl", ItemId::acl, ItemShape::subs, 1, 10},
    {"authresults", ItemId::authresults, ItemShape::subs, 1, 1},
    {"certextract", ItemId::certextract, ItemShape::subs_yesno, 2, 2},
    {"dlfunc", ItemId::dlfunc, ItemShape::subs, 2, 10},
    {"env", ItemId::env, ItemShape::subs_yesno, 1, 1},
    {"extract", ItemId::extract, ItemShape::extract, 2, 5},
    {"filter", ItemId::filter, ItemShape::list_op, 2, 2},
    {"hash", ItemId::hash, ItemShape::subs, 2, 3},
    {"hmac", ItemId::hmac, ItemShape::subs, 3, 3},
    {"if", ItemId::if_, ItemShape::if_cond, 0, 0},
    {"imapfolder", ItemId::imapfolder, ItemShape::subs, 1, 3},
    {"length", ItemId::length, ItemShape::subs, 2, 2},
    {"listextract", ItemId::listextract, ItemShape::subs_yesno, 2, 2},
    {"listquote", ItemId::listquote, ItemShape::subs, 2, 2},
    {"lookup", ItemId::lookup, ItemShape::lookup, 0, 0},
    {"map", ItemId::map, ItemShape::list_op, 2, 2},
    {"nhash", ItemId::nhash, ItemShape::subs, 2, 3},
    {"perl", ItemId::perl, ItemShape::subs, 1, 10},
    {"prvs", ItemId::prvs, ItemShape::subs, 2, 3},
    {"prvscheck", ItemId::prvscheck, ItemShape::subs, 2, 3},
    {"readfile", ItemId::readfile, ItemShape::subs, 1, 2},
    {"readsocket", ItemId::readsocket, ItemShape::subs, 2, 5},
    {"reduce", ItemId::reduce, ItemShape::list_op, 3, 3},
    {"run", ItemId::run, ItemShape::subs_yesno, 1, 1},
    {"sg", ItemId::sg, ItemShape::subs, 3, 3},
    {"sort", ItemId::sort, ItemShape::list_op, 3, 3},
    {"srs_encode", ItemId::srs_encode, ItemShape::subs, 3, 3},
    {"substr", ItemId::substr, ItemShape::subs, 2, 3},
    {"tr", ItemId::tr, ItemShape::subs, 3, 3},
}};

constexpr std::array<CondInfo, 48> kConditions = {{
    {"<", CondId::num_lt, CondShape::two},
    {"<=", CondId::num_le, CondShape::two},
    {"=", CondId::num_eq, CondShape::two},
    {"==", CondId::num_eq2, CondShape::two},
    {">", CondId::num_gt, CondShape::two},
    {">=", CondId::num_ge, CondShape::two},
    {"acl", CondId::acl, CondShape::braced_list},
    {"and", CondId::and_, CondShape::group},
    {"bool", CondId::bool_, CondShape::one},
    {"bool_lax", CondId::bool_lax, CondShape::one},
    {"crypteq", CondId::crypteq, CondShape::two},
    {"def", CondId::def, CondShape::def},
    {"eq", CondId::eq, CondShape::two},
    {"eqi", CondId::eqi, CondShape::two},
    {"exists", CondId::exists, CondShape::one},
    {"first_delivery", CondId::first_delivery, CondShape::none},
    {"forall", CondId::forall, CondShape::iterate},
    {"forall_json", CondId::forall_json, CondShape::iterate},
    {"forall_jsons", CondId::forall_jsons, CondShape::iterate},
    {"forany", CondId::forany, CondShape::iterate},
    {"forany_json", CondId::forany_json, CondShape::iterate},
    {"forany_jsons", CondId::forany_jsons, CondShape::iterate},
    {"ge", CondId::ge, CondShape::two},
    {"gei", CondId::gei, CondShape::two},
    {"gt", CondId::gt, CondShape::two},
    {"gti", CondId::gti, CondShape::two},
    {"inbound_srs", CondId::inbound_srs, CondShape::two},
    {"inlist", CondId::inlist, CondShape::two},
    {"inlisti", CondId::inlisti, CondShape::two},
    {"isip", CondId::isip, CondShape::one},
    {"isip4", CondId::isip4, CondShape::one},
    {"isip6", CondId::isip6, CondShape::one},
    {"ldapauth", CondId::ldapauth, CondShape::one},
    {"le", CondId::le, CondShape::two},
    {"lei", CondId::lei, CondShape::two},
    {"lt", CondId::lt, CondShape::two},
    {"lti", CondId::lti, CondShape::two},
    {"match", CondId::match, CondShape::two},
    {"match_address", CondId::match_address, CondShape::two},
    {"match_domain", CondId::match_domain, CondShape::two},
    {"match_ip", CondId::match_ip, CondShape::two},
    {"match_local_part", CondId::match_local_part, CondShape::two},
    {"or", CondId::or_, CondShape::group},
    {"pam", CondId::pam, CondShape::one},
    {"pwcheck", CondId::pwcheck, CondShape::one},
    {"queue_running", CondId::queue_running, CondShape::none},
    {"radius", CondId::radius, CondShape::one},
    {"saslauthd", CondId::saslauthd, CondShape::braced_list},
}};

}  // namespace

const ItemInfo* find_item(std::string_view name) {
  for (const ItemInfo& info : kItems) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const CondInfo* find_condition(std::string_view name) {
  for (const CondInfo& info : kConditions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::string_view condition_name_prefix(std::string_view text) {
  auto is_name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  size_t n = 0;
  if (!text.empty() && is_name_char(text[0])) {
    while (n < text.size() && is_name_char(text[n])) ++n;
  } else if (!text.empty() && (text[0] == '<' || text[0] == '=' || text[0] == '>')) {
    n = text.size() > 1 && text[1] == '=' ? 2 : 1;
  }
  return text.substr(0, n);
}

bool is_index_number(std::string_view text) {
  text = util::trim(text);
  if (text.empty()) return false;
  if (text[0] == '-') text.remove_prefix(1);  // "-" alone reads as 0
  for (char c : text) {
    if (!util::is_digit(c)) return false;
  }
  return true;
}

std::string index_arg_error(std::string_view text, std::string_view item, long* value) {
  std::string_view t = util::trim(text);
  std::string prefix = "first argument of \"" + std::string(item) + "\" must ";
  if (t.empty()) return prefix + "not be empty";
  if (!is_index_number(t)) return prefix + "be numeric";
  if (value != nullptr) *value = std::strtol(std::string(t).c_str(), nullptr, 10);
  return {};
}

bool is_sort_comparator(CondId id) {
  switch (id) {
    case CondId::num_lt: case CondId::num_le: case CondId::num_gt: case CondId::num_ge:
    case CondId::lt: case CondId::lti: case CondId::le: case CondId::lei:
    case CondId::gt: case CondId::gti: case CondId::ge: case CondId::gei:
      return true;
    default:
      return false;
  }
}

}  // namespace corvid::expand
