// A Context for unit tests: a few fixed variables and named lists.
#pragma once

#include <map>
#include <string>

#include "expand/context.hpp"

namespace corvid::expand::testing {

class TestContext : public Context {
 public:
  std::map<std::string, TString, std::less<>> vars = {
      {"primary_hostname", TString("mail.example.com")},
      {"sender_address", TString("someone@example.org", true)},
      {"empty", TString("")},
  };
  std::map<std::string, lists::NamedList, std::less<>> named = {
      {"local_domains", {lists::Kind::domain, "local_domains", "example.com : *.example.net"}},
      {"relay_hosts", {lists::Kind::host, "relay_hosts", "127.0.0.1 : 10.0.0.0/8"}},
  };

  VarStatus variable(std::string_view name, TString& out) const override {
    auto it = vars.find(name);
    if (it == vars.end()) return VarStatus::unknown;
    out = it->second;
    return VarStatus::found;
  }
  bool header(std::string_view name, HeaderMode, TString& out) const override {
    if (name == "subject" || name == "Subject") {
      out = TString("Hello", true);
      return true;
    }
    return false;
  }
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    auto it = named.find(name);
    if (it == named.end() || it->second.kind != kind) return nullptr;
    return &it->second;
  }
};

}  // namespace corvid::expand::testing
