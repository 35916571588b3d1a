// AUTH: the server side of SMTP authentication (RFC 4954) with the
// configuration's authenticators, as Exim 4.96 answers: 503 when AUTH was
// not advertised, after a successful AUTH or inside a transaction; 504 for
// an unknown mechanism; acl_smtp_auth first; then the mechanism's
// challenges (334) until 235, 535, 435 or 501. Failures are logged
// ("<name> authenticator failed for ...") but are not protocol errors.
#include "auth/server.hpp"
#include "expand/expansion.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

namespace {

// The session as an authenticator sees it.
class AuthContext final : public auth::ServerContext {
 public:
  AuthContext(Session& session, std::vector<std::string>& values, std::string hostname)
      : session_(session), values_(values), hostname_(std::move(hostname)) {}
  void set_auth_values(std::vector<std::string> values) override { values_ = std::move(values); }
  Expanded expand(const config::OptionValue& option, std::string& out,
                  std::string& error) override {
    if (!option.expansion) {
      out = option.text;
      return Expanded::ok;
    }
    expand::Result r = expand::expand(*option.expansion, session_);
    if (r.ok()) {
      out = r.value.text;
      return Expanded::ok;
    }
    error = r.message;
    return r.status == expand::Status::forced_fail ? Expanded::forced_fail : Expanded::error;
  }
  std::string primary_hostname() const override { return hostname_; }

 private:
  Session& session_;
  std::vector<std::string>& values_;
  std::string hostname_;
};

}  // namespace

std::vector<const config::DriverInstance*> Session::server_authenticators() const {
  std::vector<const config::DriverInstance*> out;
  for (const config::DriverInstance& a : config_.authenticators()) {
    if (!auth::has_server(a)) continue;
    // server_advertise_condition: empty or a forced failure hides it.
    if (const config::OptionValue* c = a.option("server_advertise_condition"); c && c->is_set) {
      bool ok = true;
      std::string v = c->text;
      if (c->expansion) {
        expand::Result r = expand::expand(*c->expansion, *this);
        ok = r.ok();
        v = r.value.text;
      }
      std::string_view t = util::trim(v);
      if (!ok || t.empty() || t == "0" || util::iequals(t, "no") || util::iequals(t, "false")) {
        continue;
      }
    }
    out.push_back(&a);
  }
  return out;
}

std::string Session::auth_set_id(const config::DriverInstance& a) {
  const config::OptionValue* v = a.option("server_set_id");
  if (v == nullptr || !v->is_set) return {};
  if (!v->expansion) return v->text;
  expand::Result r = expand::expand(*v->expansion, *this);
  return r.ok() ? r.value.text : std::string();
}

asio::awaitable<bool> Session::on_auth(std::string_view arg) {
  if (!ext_.auth) co_return co_await synprot_error(503, "AUTH command used when not advertised");
  if (!authenticator_.empty()) co_return co_await synprot_error(503, "already authenticated");
  if (sender_) co_return co_await synprot_error(503, "not permitted in mail transaction");
  std::string_view rest = util::trim(arg);
  std::string mech(rest.substr(0, rest.find(' ')));
  std::optional<std::string> initial;
  if (mech.size() < rest.size()) initial = std::string(util::trim(rest.substr(mech.size())));
  const config::DriverInstance* chosen = nullptr;
  for (const config::DriverInstance* a : server_authenticators()) {
    std::string pub = a->string_option("public_name").value_or(a->name);
    if (util::iequals(pub, mech)) chosen = a;
  }
  if (chosen == nullptr) {
    co_return co_await synprot_error(504, mech + " authentication mechanism not supported");
  }
  acl::Result r = co_await run_acl(acl::Where::auth, "acl_smtp_auth");
  // The log names the mechanism only, never the (secret) initial response.
  if (r.status != acl::Status::ok) co_return co_await reject(acl::Where::auth, r, mech);

  AuthContext context(*this, auth_values_, primary_hostname());
  std::unique_ptr<auth::ServerMechanism> m = auth::make_server(*chosen, context);
  auth::Step step = m->start(initial);
  while (step.kind == auth::Step::Kind::challenge) {
    co_await send_now(334, auth::base64_encode(step.text));
    std::string line;
    SessionIo::LineStatus st = co_await io_.read_line(line, proto::kMaxCommandLine);
    if (st != SessionIo::LineStatus::ok) co_return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    step = m->respond(line);
  }
  using K = auth::Step::Kind;
  if (step.kind == K::ok) {
    authenticator_ = chosen->name;
    authenticator_public_ = chosen->string_option("public_name").value_or(chosen->name);
    authenticated_id_ = auth_set_id(*chosen);
    authenticated_fail_id_.clear();
    co_await reply(235, "Authentication succeeded");
    co_return true;
  }
  int code = step.kind == K::fail ? 535 : step.kind == K::defer ? 435 : 501;
  std::string text = step.kind == K::fail        ? "Incorrect authentication data"
                     : step.kind == K::defer     ? "Unable to authenticate at present"
                     : step.kind == K::cancelled ? "Authentication cancelled"
                                                 : "Invalid base64 data";
  authenticated_fail_id_ = auth_set_id(*chosen);
  std::string why = chosen->name + " authenticator failed for " +
                    log::full_host(host_id(), services_.logger->selector()) + ": " +
                    std::to_string(code) + " " + text;
  if (!authenticated_fail_id_.empty()) why += " (set_id=" + authenticated_fail_id_ + ")";
  if (step.kind == K::defer && !step.error.empty()) why += ": " + step.error;
  log_write(why, acl::LogTargets{}, false);
  co_await reply(code, text);
  co_return true;
}

}  // namespace corvid::smtp
