// Lookup drivers behind one interface, as Exim's ${lookup} and list items
// ("lsearch;/etc/aliases") use them.
//
// A driver is either single-key (a key looked up in a file: lsearch, cdb,
// dsearch, ...) or query-style (the whole query is the key: dnsdb, redis,
// json's ...). Drivers register themselves in one registry by name; the
// "partial-", "*" and "*@" forms and ",opt=value" options of a lookup type
// are parsed once into a Spec and applied by run(), so drivers only ever see
// plain keys.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/tstring.hpp"

namespace corvid::lookup {

enum class Status { found, not_found, defer };

struct Result {
  Status status = Status::not_found;
  TString value;  // the data found (taint as Exim 4.96 gives it)
  // For defer: the message ${lookup} fails with. run() prefixes a defer that
  // came from the search itself (not from opening the file) with
  // 'lookup of "KEY" gave DEFER: ', as Exim does.
  std::string error;
  // For defer, after run(): the driver's message without that prefix (what
  // list matching reports in "unable to complete match against ...").
  std::string reason;
  // Set by a driver's find() when the defer came from the key or the search
  // rather than from opening the file or database.
  bool search_defer = false;
};

class Driver {
 public:
  virtual ~Driver() = default;
  virtual std::string_view name() const = 0;
  // True for "key + file" lookups, false for query-style lookups.
  virtual bool single_key() const = 0;
  // `file_or_query` is the file name (single-key) or the query (query-style).
  // `options` holds the text after the first ',' of the lookup type.
  virtual Result find(std::string_view file_or_query, std::string_view key,
                      std::string_view options) const = 0;
  // Quoting for ${quote_<name>:...}; nullopt when the driver has none
  // (Exim then gives the string unchanged).
  virtual std::optional<std::string> quote(std::string_view) const { return std::nullopt; }
  // ${quote_<name>[_<option>]:text} in full: `option` is set when the
  // operator name had a '_' after the driver name ("dn" for quote_ldap_dn,
  // possibly empty). Returns the text to substitute (the text unchanged for
  // a driver without quoting), or nullopt when the option is not one this
  // driver knows (Exim: "OPT" unrecognized after "${quote_NAME").
  virtual std::optional<std::string> quote(std::string_view text,
                                           std::optional<std::string_view> option) const {
    if (option) {
      return std::nullopt;
    }
    std::optional<std::string> q = quote(text);
    return q ? *q : std::string(text);
  }
};

// The parsed form of a lookup type such as "partial2-lsearch*@,ret=key".
struct Spec {
  const Driver* driver = nullptr;
  int partial_min = -1;       // -1: no partial matching
  std::string partial_affix;  // "*." unless given as partial(affix)
  bool star = false;          // "*": fall back to the key "*"
  bool star_at = false;       // "*@": fall back to "*@domain" then "*"
  std::string options;        // after the first ','
};

// Looks a driver up by name; nullptr if there is none.
const Driver* find_driver(std::string_view name);

// Adds a driver to the registry (called once per driver at start-up).
void register_driver(std::unique_ptr<Driver> driver);

// Parses a lookup type. On failure returns nullopt and sets `error` to
// Exim's message (for example: unknown lookup type "foo").
std::optional<Spec> parse_spec(std::string_view type, std::string& error);

// Runs a lookup, applying the partial / default forms of `spec`.
// Single-key lookups with an empty key fail (not_found) without a search.
// With the option "ret=key", a found result is replaced by the (untainted)
// key as given. Every result is untainted, as in Exim 4.96. A defer keeps
// the driver's message in `reason`; `error` has Exim's 'lookup of "KEY" gave
// DEFER: ' prefix when the driver marked it search_defer.
Result run(const Spec& spec, std::string_view key, std::string_view file_or_query);

// The value of option `name` in a ",opt=value,opt2=value2" option string
// (without the leading comma); nullopt if absent.
std::optional<std::string> find_option(std::string_view options, std::string_view name);

// wildlsearch expands each key of its file before matching. The expansion
// engine lives above this module, so it installs itself here at start-up
// (thread-safe). Without one, keys get a minimal expansion that handles
// \N...\N and backslash escapes and refuses any other '$' item.
// The function returns false with `error` set (Exim's message) on failure.
using KeyExpander = std::function<bool(std::string_view in, std::string& out, std::string& error)>;
void set_key_expander(KeyExpander expander);

}  // namespace corvid::lookup
