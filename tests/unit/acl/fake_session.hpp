// Test double for acl::Session: fixed host / sender / recipient, a map of
// plain variables, scripted verify and DNS answers, and a record of log
// lines and controls. Also helpers to build an AclSet from config text.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "acl/acl.hpp"
#include "acl/ratelimit_db.hpp"
#include "config/config.hpp"

namespace corvid::acl::testing {

class FakeSession : public Session {
 public:
  Where where_ = Where::rcpt;
  lists::Host host_{"1.2.3.4", ""};
  std::string helo_ = "x";
  std::optional<std::string> sender_ = "a@b.c";
  std::optional<Recipient> recipient_ = Recipient{"d@e.f", "d", "e.f"};
  std::optional<std::string> authenticator_, cipher_;
  std::int64_t size_ = -1;
  int rcpt_count_ = 0;
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point{} +
                                               std::chrono::seconds(1'800'000'000);
  std::map<std::string, std::string, std::less<>> vars_ = {{"primary_hostname", "test.example"}};
  std::map<VerifyKind, VerifyOutcome> verify_;
  std::map<std::string, DnsAnswer> dns_;
  bool dns_available_ = false;
  std::vector<std::string> logs_;
  std::vector<ControlSetting> applied_;
  Variables acl_vars_;
  RatelimitDb* db_ = nullptr;
  std::map<std::string, lists::NamedList, std::less<>> named_;

  Where where() const override { return where_; }
  lists::Host host() const override { return host_; }
  std::string helo_name() const override { return helo_; }
  std::optional<std::string> sender() const override { return sender_; }
  std::optional<Recipient> recipient() const override { return recipient_; }
  std::optional<std::string> authenticator() const override { return authenticator_; }
  std::optional<std::string> tls_cipher() const override { return cipher_; }
  std::int64_t message_size() const override { return size_; }
  int recipients_count() const override { return rcpt_count_; }
  std::chrono::system_clock::time_point now() const override { return now_; }
  Variables& acl_variables() override { return acl_vars_; }
  VerifyOutcome verify(const VerifyRequest& r) override {
    auto it = verify_.find(r.kind);
    return it == verify_.end() ? VerifyOutcome{} : it->second;
  }
  // dns_ keys: "name" for A records, "name TXT" for TXT records.
  DnsAnswer dns_lookup(std::string_view name, DnsType type) override {
    if (!dns_available_) {
      return {};
    }
    auto it = dns_.find(std::string(name) + (type == DnsType::txt ? " TXT" : ""));
    return it == dns_.end() ? DnsAnswer{DnsStatus::not_found, {}} : it->second;
  }
  void log_write(std::string_view text, LogTargets t, bool with_host) override {
    std::string prefix = with_host ? "H: " : "";
    if (!t.main || t.reject || t.panic) {
      prefix += std::string("[") + (t.main ? "m" : "") + (t.reject ? "r" : "") +
                (t.panic ? "p" : "") + "] ";
    }
    logs_.push_back(prefix + std::string(text));
  }
  void apply_control(const ControlSetting& s) override { applied_.push_back(s); }
  RatelimitDb* ratelimit_db() override { return db_; }
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    auto it = named_.find(name);
    return it == named_.end() || it->second.kind != kind ? nullptr : &it->second;
  }

 protected:
  expand::VarStatus session_variable(std::string_view name, TString& out) const override {
    if (name == "local_part" && recipient_) {
      out = TString(recipient_->local_part);
    } else if (name == "domain" && recipient_) {
      out = TString(recipient_->domain);
    } else if (name == "sender_host_address") {
      out = TString(host_.address);
    } else if (auto it = vars_.find(name); it != vars_.end()) {
      out = TString(it->second);
    } else {
      return expand::VarStatus::unknown;
    }
    return expand::VarStatus::found;
  }
};

// Loads "begin acl\n" + text as a configuration and compiles its ACLs.
inline std::variant<std::shared_ptr<const AclSet>, config::LoadError> load(
    const std::string& text) {
  config::LoadResult r = config::load_text("begin acl\n" + text, "/test.conf", {},
                                           [](const std::string&) { return std::nullopt; });
  if (!r.ok()) {
    return r.error();
  }
  return AclSet::compile(*r.config());
}

inline std::shared_ptr<const AclSet> load_ok(const std::string& text) {
  auto r = load(text);
  if (auto* e = std::get_if<config::LoadError>(&r)) {
    ADD_FAILURE() << e->render();
    return std::make_shared<AclSet>();
  }
  return std::get<0>(r);
}

}  // namespace corvid::acl::testing
