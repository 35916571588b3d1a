// ACL conditions: list tests (hosts, domains, local_parts, senders,
// sender_domains, recipients, authenticated, encrypted), "condition",
// nested "acl" calls, and the conditions whose subsystem is not there yet
// (they DEFER with "... not yet supported").
#include <cstdlib>

#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

constexpr int kMaxDepth = 20;

// Turns a list outcome into a condition result, setting `var` (e.g.
// $domain_data) on a match.
Rc list_result(Frame& f, const lists::Outcome& o, std::string_view list, std::string_view var) {
  if (o.match == lists::Match::yes) {
    if (!var.empty()) {
      f.session.acl_variables().set_side(var, TString(o.value, true));
    }
    return Rc::ok;
  }
  if (o.match == lists::Match::defer) {
    f.log_msg = lists::defer_message(list, o);
    return Rc::defer;
  }
  return Rc::fail;
}

std::string domain_of(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

Rc recipient_list(Frame& f, Cond id, const std::string& list) {
  std::optional<Recipient> r = f.session.recipient();
  if (!r) {
    return Rc::fail;
  }
  switch (id) {
    case Cond::domains:
      return list_result(f, lists::match_domain(r->domain, list, f.session), list,
                         "domain_data");
    case Cond::local_parts:
      return list_result(f, lists::match_localpart(r->local_part, list, f.session), list,
                         "local_part_data");
    default:
      return list_result(f, lists::match_address(r->address, list, f.session), list,
                         "recipient_data");
  }
}

Rc sender_list(Frame& f, Cond id, const std::string& list) {
  std::string sender = f.session.sender().value_or("");
  if (id == Cond::senders) {
    return list_result(f, lists::match_address(sender, list, f.session), list, "sender_data");
  }
  return list_result(f, lists::match_domain(domain_of(sender), list, f.session), list, "");
}

// "condition =": Exim's truth values.
Rc truth(Frame& f, const std::string& arg) {
  std::string_view v = util::trim(arg);
  if (v.empty() || util::iequals(v, "no") || util::iequals(v, "false")) {
    return Rc::fail;
  }
  if (util::iequals(v, "yes") || util::iequals(v, "true")) {
    return Rc::ok;
  }
  std::string s(v);
  char* end = nullptr;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (end != s.c_str() && *end == '\0') {
    return n != 0 ? Rc::ok : Rc::fail;
  }
  f.log_msg = "invalid \"condition\" value \"" + arg + "\"";
  return Rc::defer;
}

Rc optional_string_list(Frame& f, const std::optional<std::string>& value,
                        const std::string& list) {
  if (!value) {
    return Rc::fail;
  }
  return list_result(f, lists::match_domain(*value, list, f.session), list, "");
}

Rc not_supported(Frame& f, const Item& item) {
  f.log_msg = std::string(item.info->name) + " condition not yet supported";
  return Rc::defer;
}

}  // namespace

Rc eval_condition(Frame& f, const Item& item, const std::string& arg) {
  switch (item.id()) {
    case Cond::hosts:
      return list_result(f, lists::match_host(f.session.host(), arg, f.session), arg,
                         "host_data");
    case Cond::domains:
    case Cond::local_parts:
    case Cond::recipients:
      return recipient_list(f, item.id(), arg);
    case Cond::senders:
    case Cond::sender_domains:
      return sender_list(f, item.id(), arg);
    case Cond::authenticated:
      return optional_string_list(f, f.session.authenticator(), arg);
    case Cond::encrypted:
      return optional_string_list(f, f.session.tls_cipher(), arg);
    case Cond::condition:
      return truth(f, arg);
    case Cond::ratelimit:
      return eval_ratelimit(f, arg);
    case Cond::verify:
      return eval_verify(f, arg);
    case Cond::dnslists:
      return eval_dnslists(f, arg);
    default:
      return not_supported(f, item);
  }
}

Rc eval_nested_acl(Frame& f, const Item& item) {
  if (f.depth + 1 >= kMaxDepth) {
    f.log_msg = "ACL nested too deep: possible loop";
    return Rc::error;
  }
  bool error = false;
  std::vector<TString> args;
  for (const expand::Expansion& w : item.words) {
    std::optional<std::string> v = expand_arg(f, w, error);
    if (error) {
      return Rc::error;
    }
    args.emplace_back(v.value_or(""), false);
  }
  std::string name = args.empty() ? std::string() : args[0].text;
  AclPtr acl;
  std::string resolve_error;
  if (!args.empty() && f.set.named(name) != nullptr && args.size() <= 10) {
    acl = f.set.resolve(name, f.session, resolve_error);
    args.erase(args.begin());
  } else {
    std::optional<std::string> whole = expand_arg(f, item.value, error);
    if (!whole) {
      return error ? Rc::error : Rc::ok;
    }
    acl = f.set.resolve(*whole, f.session, resolve_error);
    args.clear();
  }
  if (!acl) {
    f.log_msg = resolve_error;
    return Rc::error;
  }
  Variables& vars = f.session.acl_variables();
  std::vector<TString> saved = std::exchange(vars.args(), std::move(args));
  Outcome o = run_acl(f.set, *acl, f.session, f.effects, f.depth + 1);
  vars.args() = std::move(saved);
  if (!o.user_msg.empty()) {
    f.user_msg = o.user_msg;
  }
  if (!o.log_msg.empty()) {
    f.log_msg = o.log_msg;
  }
  switch (o.status) {
    case Status::ok: return Rc::ok;
    case Status::fail: return Rc::fail;
    case Status::defer: return Rc::defer;
    case Status::discard: return Rc::discard;
    case Status::drop: return Rc::drop;
    case Status::error: return Rc::error;
  }
  return Rc::error;
}

}  // namespace corvid::acl::detail
