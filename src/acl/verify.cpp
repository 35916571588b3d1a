// "verify =": argument syntax and per-ACL checks as Exim 4.96 reports
// them; the check itself is the Session's verify() hook.
#include <array>

#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl::detail {
namespace {

struct VerifyType {
  std::string_view name;
  VerifyKind kind;
  bool options;
  WhereSet allowed;  // 0: anywhere
};

constexpr WhereSet kAfterData =
    bits(Where::data, Where::not_smtp, Where::mime, Where::prdr, Where::dkim);
constexpr WhereSet kSenderKnown = bits(Where::mail, Where::rcpt, Where::predata, Where::data,
                                       Where::mime, Where::prdr, Where::dkim, Where::not_smtp);

constexpr std::array<VerifyType, 10> kTypes = {{
    {"certificate", VerifyKind::certificate, false, 0},
    {"csa", VerifyKind::csa, true, 0},
    {"header_names_ascii", VerifyKind::header_names_ascii, false, kAfterData},
    {"header_sender", VerifyKind::header_sender, true, kAfterData},
    {"header_syntax", VerifyKind::header_syntax, false, kAfterData},
    {"helo", VerifyKind::helo, false, 0},
    {"not_blind", VerifyKind::not_blind, true, kAfterData},
    {"recipient", VerifyKind::recipient, true, bits(Where::rcpt, Where::prdr)},
    {"reverse_host_lookup", VerifyKind::reverse_host_lookup, true, 0},
    {"sender", VerifyKind::sender, true, kSenderKnown},
}};

// Splits on '/', where "//" stands for a literal '/'.
std::vector<std::string> split_slash(std::string_view s) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      out.back().push_back('/');
      ++i;
    } else if (s[i] == '/') {
      out.emplace_back();
    } else {
      out.back().push_back(s[i]);
    }
  }
  return out;
}

bool callout_option_ok(std::string_view v) {
  static constexpr std::string_view kNames[] = {
      "defer_ok", "fullpostmaster", "no_cache", "postmaster", "random", "use_postmaster",
      "use_sender", "hold", "pipelining", "mailfrom=", "maxwait=", "connect=",
      "postmaster_mailfrom="};
  for (std::string_view n : kNames) {
    if (n.back() == '=' ? v.starts_with(n) : v == n) {
      return true;
    }
  }
  return parse_time(v).has_value();
}

std::optional<std::string> check_options(const std::vector<std::string>& opts,
                                         const std::string& cond) {
  for (size_t i = 1; i < opts.size(); ++i) {
    std::string_view o = util::trim(opts[i]);
    if (o == "defer_ok" || o == "no_details" || o == "success_on_redirect" || o == "callout" ||
        o == "case_insensitive" || o == "quota" || o.starts_with("quota=")) {
      continue;
    }
    if (o.starts_with("callout=")) {
      std::string_view list = o.substr(8);
      while (!list.empty()) {
        size_t comma = list.find(',');
        if (!callout_option_ok(util::trim(list.substr(0, comma)))) {
          return "bad time value in " + cond;
        }
        list = comma == std::string_view::npos ? "" : list.substr(comma + 1);
      }
      continue;
    }
    return "unknown option \"" + std::string(o) + "\" in " + cond;
  }
  return std::nullopt;
}

const VerifyType* find_type(std::string_view first) {
  std::string_view name = first.substr(0, first.find('='));
  for (const VerifyType& t : kTypes) {
    if (t.name == name && (t.kind == VerifyKind::sender || name.size() == first.size())) {
      return &t;
    }
  }
  return nullptr;
}

}  // namespace

Rc eval_verify(Frame& f, const std::string& arg) {
  std::vector<std::string> parts = split_slash(arg);
  std::string cond = "ACL condition \"verify " + arg + "\"";
  const VerifyType* t = find_type(util::trim(parts[0]));
  if (t == nullptr) {
    f.log_msg = "expected \"sender[=address]\", \"recipient\", \"helo\", \"header_syntax\", "
                "\"header_sender\", \"header_names_ascii\" or \"reverse_host_lookup\" at start "
                "of " + cond;
    return Rc::error;
  }
  if (!t->options && parts.size() > 1) {
    f.log_msg = "unexpected '/' found in \"" + arg + "\" (this verify item has no options)";
    return Rc::error;
  }
  if (t->allowed != 0 && (t->allowed & bit(f.session.where())) == 0) {
    f.log_msg = "cannot verify " + std::string(t->name) + " in ACL for " +
                std::string(where_name(f.session.where()));
    return Rc::error;
  }
  if (auto err = check_options(parts, cond)) {
    f.log_msg = *err;
    return Rc::error;
  }
  VerifyRequest req{t->kind, std::nullopt, {parts.begin() + 1, parts.end()}, arg};
  size_t eq = parts[0].find('=');
  if (eq != std::string::npos) {
    req.address = std::string(util::trim(parts[0].substr(eq + 1)));
  }
  VerifyOutcome o = f.session.verify(req);
  switch (o.status) {
    case VerifyStatus::ok:
      return Rc::ok;
    case VerifyStatus::unsupported:
      f.log_msg = "verify = " + std::string(t->name) + " not yet supported";
      return Rc::defer;
    default:
      break;
  }
  f.user_msg = o.user_message;
  f.log_msg = o.log_message.empty() ? o.user_message : o.log_message;
  f.session.acl_variables().set_side(
      "acl_verify_message", TString(o.user_message.empty() ? o.log_message : o.user_message));
  return o.status == VerifyStatus::fail ? Rc::fail : Rc::defer;
}

}  // namespace corvid::acl::detail
