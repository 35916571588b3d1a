// The Context of -be: the configuration's variables (config::ConfigContext)
// plus what ACLs need, so that ${acl{...}} and the acl condition run the
// configuration's ACLs as `exim -be` does. There is no session: no remote
// host, no message; ACL variables live for the whole -be run.
#pragma once

#include <memory>

#include "acl/acl.hpp"
#include "acl/session.hpp"
#include "config/config_context.hpp"

namespace corvid::app {

class BeContext final : public acl::Session {
 public:
  BeContext(std::shared_ptr<const config::Config> config,
            std::shared_ptr<const acl::AclSet> acls)
      : base_(std::move(config)), acls_(std::move(acls)) {}

  // acl::Session: the ACLs run as if for a recipient, the most permissive
  // place for conditions that need no message.
  acl::Where where() const override { return acl::Where::rcpt; }
  lists::Host host() const override { return {}; }
  acl::Variables& acl_variables() override { return vars_; }
  std::optional<expand::AclCall> call_acl(std::string_view name,
                                          std::vector<TString> args) const override {
    auto* self = const_cast<BeContext*>(this);  // ACLs may set ACL variables
    return acl::call_from_expansion(*acls_, name, std::move(args), *self);
  }

  // lists::Env, from the configuration
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    return base_.named_list(kind, name);
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override {
    return expand::expand_to(text, *this, out, error);
  }
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }

 protected:
  expand::VarStatus session_variable(std::string_view name, TString& out) const override {
    return base_.variable(name, out);
  }

 private:
  config::ConfigContext base_;
  std::shared_ptr<const acl::AclSet> acls_;
  acl::Variables vars_;
};

}  // namespace corvid::app
