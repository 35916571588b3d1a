// Lookup types that Exim 4.96 (as Debian builds it) has and Corvid does not
// run yet. Registering them keeps configurations and expansions that name
// them parsing as in Exim (single-key or query-style), gives
// ${quote_<type>:...} Exim's quoting, and makes any actual lookup defer
// with "<type> lookups are not yet supported by Corvid". No driver here
// touches the network: dnsdb in particular never queries DNS (the resolver
// belongs to a later piece of work).
#include <functional>

#include "lookup/builtin.hpp"
#include "lookup/quote.hpp"

namespace corvid::lookup {

namespace {

using QuoteFn = std::function<std::string(std::string_view)>;

class Unsupported final : public Driver {
 public:
  Unsupported(std::string name, bool single_key, QuoteFn quote, QuoteFn quote_dn = {})
      : name_(std::move(name)),
        single_key_(single_key),
        quote_(std::move(quote)),
        quote_dn_(std::move(quote_dn)) {}

  std::string_view name() const override { return name_; }
  bool single_key() const override { return single_key_; }

  Result find(std::string_view, std::string_view, std::string_view) const override {
    Result r;
    r.status = Status::defer;
    r.error = name_ + " lookups are not yet supported by Corvid";
    r.search_defer = true;
    return r;
  }

  std::optional<std::string> quote(std::string_view text) const override {
    return quote_ ? std::optional<std::string>(quote_(text)) : std::nullopt;
  }

  std::optional<std::string> quote(std::string_view text,
                                   std::optional<std::string_view> option) const override {
    if (option && *option == "dn" && quote_dn_) {
      return quote_dn_(text);
    }
    return Driver::quote(text, option);
  }

 private:
  std::string name_;
  bool single_key_;
  QuoteFn quote_;
  QuoteFn quote_dn_;
};

void add(std::string name, bool single_key, QuoteFn quote = {}, QuoteFn quote_dn = {}) {
  register_driver(std::make_unique<Unsupported>(std::move(name), single_key, std::move(quote),
                                                std::move(quote_dn)));
}

}  // namespace

void register_unsupported_drivers() {
  for (const char* ldap : {"ldap", "ldapdn", "ldapm"}) {
    add(ldap, false, quoting::ldap_filter, quoting::ldap_dn);
  }
  add("mysql", false, quoting::mysql);
  add("pgsql", false, quoting::pgsql);
  add("sqlite", false, quoting::sqlite);
  add("redis", false, quoting::redis);
  add("passwd", false);
  for (const char* single : {"dbm", "dbmjz", "dbmnz", "nis", "nis0"}) {
    add(single, true);
  }
}

}  // namespace corvid::lookup
