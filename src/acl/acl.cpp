// AclSet (compile, named lookup, inline/file resolution) and the public
// run functions (see acl.hpp); also the small shared definitions of
// where.hpp, result.hpp and session.hpp.
#include "acl/acl.hpp"

#include <utility>

#include <array>
#include <fstream>
#include <sstream>

#include "acl/compiler.hpp"
#include "acl/eval.hpp"

namespace corvid::acl {

std::string_view where_name(Where w) {
  static constexpr std::array<std::string_view, kWhereCount> kNames = {
      "RCPT", "MAIL",       "PREDATA", "MIME", "DKIM",         "DATA",           "PRDR",
      "non-SMTP", "AUTH",   "connection", "ETRN", "EXPN",      "EHLO or HELO",   "MAILAUTH",
      "non-SMTP-start", "NOTQUIT", "QUIT", "STARTTLS", "VRFY"};
  return kNames[static_cast<size_t>(w)];
}

bool is_message_acl(Where w) {
  return (bit(w) & bits(Where::mail, Where::rcpt, Where::predata, Where::data, Where::prdr,
                        Where::mime, Where::not_smtp, Where::dkim, Where::not_smtp_start)) != 0;
}

std::string_view status_name(Status s) {
  static constexpr std::string_view kNames[] = {"ACCEPT", "DENY", "DEFER",
                                                "DISCARD", "DROP", "ERROR"};
  return kNames[static_cast<int>(s)];
}

bool Result::has_control(Control c) const {
  for (const ControlSetting& s : controls) {
    if (s.control == c) {
      return true;
    }
  }
  return false;
}

expand::VarStatus Session::variable(std::string_view name, TString& out) const {
  if (acl_variables().lookup(name, out)) {
    return expand::VarStatus::found;
  }
  return session_variable(name, out);
}

std::optional<std::string> Session::read_acl_file(const std::string& path) const {
  std::ifstream in(path);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::variant<std::shared_ptr<const AclSet>, config::LoadError> AclSet::compile(
    const config::Config& config) {
  auto set = std::make_shared<AclSet>();
  for (const config::Acl& acl : config.acls()) {
    auto r = compile_config_acl(acl);
    if (auto* e = std::get_if<config::LoadError>(&r)) {
      return *e;
    }
    set->add(std::get<AclPtr>(r));
  }
  return std::shared_ptr<const AclSet>(std::move(set));
}

void AclSet::add(AclPtr acl) {
  std::string name = acl->name;
  named_[name] = std::move(acl);
}

const CompiledAcl* AclSet::named(std::string_view name) const {
  auto it = named_.find(name);
  return it == named_.end() ? nullptr : it->second.get();
}

AclPtr AclSet::resolve(std::string_view value, const Session& session,
                       std::string& error) const {
  bool file = !value.empty() && value[0] == '/';
  if (!file && value.find_first_of(" \t\n") == std::string_view::npos) {
    auto it = named_.find(value);
    if (it != named_.end()) {
      return it->second;
    }
  }
  std::lock_guard lock(cache_mutex_);
  auto cached = cache_.find(value);
  if (cached != cache_.end()) {
    return cached->second;
  }
  std::string text(value);
  if (file) {
    std::optional<std::string> content = session.read_acl_file(text);
    if (!content) {
      error = "failed to open ACL file \"" + text + "\"";
      return nullptr;
    }
    text = *content;
  }
  CompileResult r = compile_text(text, value, file ? value : std::string_view("inline ACL"));
  if (auto* f = std::get_if<CompileFailure>(&r)) {
    error = f->message;
    return nullptr;
  }
  AclPtr acl = std::get<AclPtr>(r);
  cache_.emplace(std::string(value), acl);
  return acl;
}

Result run(const AclSet& set, const CompiledAcl& acl, Session& session) {
  Result result;
  detail::Outcome o = detail::run_acl(set, acl, session, result, 0);
  result.status = o.status;
  result.user_message = std::move(o.user_msg);
  result.log_message = std::move(o.log_msg);
  result.endpass = o.endpass;
  result.implicit = o.implicit;
  return result;
}

Result run_named(const AclSet& set, std::string_view value, Session& session) {
  std::string error;
  AclPtr acl = set.resolve(value, session, error);
  if (!acl) {
    Result r;
    r.status = Status::error;
    r.log_message = error;
    return r;
  }
  return run(set, *acl, session);
}

Result run_option(const AclSet& set, const std::optional<std::string>& raw, Session& session) {
  if (!raw) {
    Result r;
    r.status = default_for_unset(session.where());
    return r;
  }
  expand::Result e = expand::expand_string(*raw, session);
  if (!e.ok()) {
    Result r;
    r.status = Status::error;
    r.log_message = "failed to expand ACL string \"" + *raw + "\": " + e.message;
    return r;
  }
  return run_named(set, e.value.text, session);
}

expand::AclCall call_from_expansion(const AclSet& set, std::string_view name,
                                    std::vector<TString> args, Session& session) {
  expand::AclCall call;
  if (args.size() > 9) return call;  // Outcome::error
  Variables& vars = session.acl_variables();
  std::vector<TString> saved = std::exchange(vars.args(), std::move(args));
  Result r = run_named(set, name, session);
  vars.args() = std::move(saved);
  call.message = r.user_message;
  switch (r.status) {
    case Status::ok: call.outcome = expand::AclCall::Outcome::accept; break;
    case Status::fail: call.outcome = expand::AclCall::Outcome::deny; break;
    case Status::defer: call.outcome = expand::AclCall::Outcome::defer; break;
    default: call.outcome = expand::AclCall::Outcome::error; break;
  }
  return call;
}

Status default_for_unset(Where where) {
  switch (where) {
    case Where::rcpt:
    case Where::vrfy:
    case Where::expn:
    case Where::etrn:
      return Status::fail;
    default:
      return Status::ok;
  }
}

bool option_may_block(const AclSet& set, const std::optional<std::string>& raw) {
  if (!raw) return false;
  if (const CompiledAcl* acl = set.named(*raw)) return acl->may_block;
  for (std::string_view word : {"dnslists", "verify", "dnsdb", "sender_host_name", "acl", "*."}) {
    if (raw->find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace corvid::acl
