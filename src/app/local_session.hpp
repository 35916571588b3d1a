// The acl::Session (and expansion Context) of a locally submitted message
// (-bm, -t): no remote host; the caller's login is $sender_ident and
// $authenticated_id; $received_protocol is "local". acl_not_smtp_start,
// acl_not_smtp and the Received: header expand against it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "acl/acl.hpp"
#include "acl/session.hpp"
#include "config/config_context.hpp"
#include "log/writer.hpp"
#include "message/local_headers.hpp"

namespace corvid::app {

class LocalSession final : public acl::Session {
 public:
  LocalSession(std::shared_ptr<const config::Config> config,
               std::shared_ptr<const acl::AclSet> acls)
      : base_(std::move(config)), acls_(std::move(acls)) {}

  // What the submission has established so far.
  acl::Where where_ = acl::Where::not_smtp_start;
  std::string login;
  std::string sender_address;  // "" for <>
  std::vector<std::string> recipients;
  std::string message_id;
  std::int64_t size = -1;
  const std::vector<message::Header>* headers = nullptr;
  std::shared_ptr<log::Logger> logger;  // for logwrite and warn log_message

  acl::Where where() const override { return where_; }
  lists::Host host() const override { return {}; }
  std::optional<std::string> sender() const override { return sender_address; }
  std::int64_t message_size() const override { return size; }
  int recipients_count() const override { return static_cast<int>(recipients.size()); }
  acl::Variables& acl_variables() override { return vars_; }
  void log_write(std::string_view text, acl::LogTargets targets, bool with_host) override;
  bool header(std::string_view name, expand::HeaderMode mode, TString& out) const override;
  std::optional<expand::AclCall> call_acl(std::string_view name,
                                          std::vector<TString> args) const override {
    auto* self = const_cast<LocalSession*>(this);  // ACLs may set ACL variables
    return acl::call_from_expansion(*acls_, name, std::move(args), *self);
  }

  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    return base_.named_list(kind, name);
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override {
    return expand::expand_to(text, *this, out, error);
  }
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }
  const config::ConfigContext& base() const { return base_; }

 protected:
  expand::VarStatus session_variable(std::string_view name, TString& out) const override;

 private:
  config::ConfigContext base_;
  std::shared_ptr<const acl::AclSet> acls_;
  acl::Variables vars_;
};

}  // namespace corvid::app
