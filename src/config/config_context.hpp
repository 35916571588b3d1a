// The expansion Context used outside any message: -be, and the options
// that are expanded at start-up. It answers the variables Exim has without
// a message (the configuration's, the process's, the time of day) and gives
// every other known variable its empty value, as Exim does in -be.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "expand/context.hpp"

namespace corvid::config {

class ConfigContext : public expand::Context {
 public:
  explicit ConfigContext(std::shared_ptr<const config::Config> config);

  expand::VarStatus variable(std::string_view name, TString& out) const override;
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override;
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override;
  // Named-list results are remembered for this context's lifetime (one
  // -be run, one session), as Exim remembers them.
  lists::NamedListCache* named_list_cache() const override { return &list_cache_; }
  std::string primary_hostname() const override { return primary_hostname_; }
  const std::string& qualify_domain() const { return qualify_domain_; }
  const std::string& qualify_recipient() const { return qualify_recipient_; }

 private:
  std::shared_ptr<const config::Config> config_;
  mutable lists::NamedListCache list_cache_;
  std::string primary_hostname_;
  std::string qualify_domain_;
  std::string qualify_recipient_;
  std::string caller_;
};

}  // namespace corvid::config
