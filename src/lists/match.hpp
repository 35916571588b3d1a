// Matching an item against Exim's domain, host, address, local-part and
// plain string lists.
//
// Each matcher walks the list left to right and stops at the first item that
// matches (or, with "!", matches negatively). Items may be "+name"
// references to named lists, wildcards ("*.example.com"), regular
// expressions ("^..."), lookups ("lsearch;/file", "partial-dbm;..."),
// IP addresses and CIDR blocks (host lists), and "@"/"@[]"/"@mx_*" forms
// where Exim has them. A lookup that defers makes the whole match defer,
// with the reason kept. Absolute file names ("/etc/list") are read as
// out-of-line lists. A list that ends with a negative item matches what no
// item matched, as in Exim.
//
// Host lists: items that need the host's name (wildcards, regexes,
// single-key lookups) or a name's addresses (plain host names, "@") use
// Env::host_name / Env::host_addresses; when those give nothing the item is
// "unknown": the list fails at once, unless "+include_unknown" (it matches)
// or "+ignore_unknown" (the item is skipped) came earlier. "+include_defer"
// / "+ignore_defer" do the same for lookups that defer. "@mx_*" items defer
// (DNS is not wired in yet). An IPv4-mapped IPv6 subject is compared as
// IPv4. Nothing here resolves names itself: only the Env can (so tests and
// -be never touch the machine's resolver). An empty address is "no remote
// host": only the empty item and "*" match it; other items do not match.
//
// Case: domains are always compared caselessly. Local parts (local-part
// lists and the local part in address lists) are lower-cased and compared
// caselessly by default; the item "+caseful" restores the original case
// for the items after it (a router with caseful_local_part passes
// caseless = false).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::lists {

enum class Kind { domain, host, address, localpart, string };

// A named list from the configuration ("domainlist local_domains = ...").
struct NamedList {
  Kind kind = Kind::string;
  std::string name;
  std::string text;  // the list as written (expanded at use, as Exim does)
};

struct Outcome;

// Exim caches the result of testing a subject against a named list whose
// text has no '$' (so it cannot change). An Env that wants this (one per
// message or session) returns one of these from named_list_cache().
// Thread-safe.
class NamedListCache {
 public:
  std::optional<Outcome> get(const std::string& key) const;
  void put(const std::string& key, const Outcome& outcome);
  void clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Outcome>> entries_;
};

// What matching needs from its surroundings: the named lists, expansion of
// a named list when it is used, and host-name resolution for host lists.
class Env {
 public:
  virtual ~Env() = default;
  virtual const NamedList* named_list(Kind kind, std::string_view name) const = 0;
  // Expands the text of a named list at use. Returns false with `error` set
  // when expansion fails.
  virtual bool expand_list(std::string_view text, std::string& out, std::string& error) const {
    (void)error;
    out.assign(text);
    return true;
  }
  // The verified host name of an IP address, for host lists that name hosts
  // or use "*.domain" patterns; nullopt when none can be found.
  virtual std::optional<std::string> host_name(std::string_view ip) const {
    (void)ip;
    return std::nullopt;
  }
  // Forward lookup of a host name to its addresses, for host lists naming
  // hosts; empty when none.
  virtual std::vector<std::string> host_addresses(std::string_view name) const {
    (void)name;
    return {};
  }
  // The machine's primary host name, for "@" items.
  virtual std::string primary_hostname() const { return {}; }
  // The local interface addresses, for "@[]" items (local_interfaces plus
  // extra_local_interfaces); empty by default.
  virtual std::vector<std::string> interface_addresses() const { return {}; }
  // Where results of named-list tests are cached; nullptr: no caching.
  virtual NamedListCache* named_list_cache() const { return nullptr; }
};

enum class Match { yes, no, defer };

struct Outcome {
  Match match = Match::no;
  // For defer: Exim's reason, as it ends "unable to complete match against
  // ...: REASON" (the lookup's message without its 'lookup of "KEY" gave
  // DEFER: ' prefix; empty for an unknown named list, as in Exim).
  std::string error;
  // For defer: what Exim writes to its log about it (for an unknown named
  // list: 'unknown named domain list "+name"'); else the same as error.
  std::string log_message;
  std::optional<std::string> lookup_data;  // data from a lookup item that matched
  std::vector<std::string> captures;       // regex captures ($0..$9) of a regex item
  // What Exim puts in $value after a match_* condition (and in
  // $domain_data etc. for lookup items): the lookup data for a lookup
  // item; for domain and local-part lists the item that matched ("@":
  // the primary host name); for address lists Exim's own composition
  // (see match_address.cpp; empty for a regex); for host lists empty
  // unless a lookup matched. Empty when the list matched through a final
  // negative item.
  std::string value;
};

// The message of a failed match_* condition: 'unable to complete match
// against "LIST": REASON'.
std::string defer_message(std::string_view list, const Outcome& outcome);

Outcome match_domain(std::string_view domain, std::string_view list, const Env& env);
Outcome match_localpart(std::string_view local_part, std::string_view list, const Env& env,
                        bool caseless = true);
// `address` is local_part@domain; the domain part is compared caselessly.
Outcome match_address(std::string_view address, std::string_view list, const Env& env,
                      bool caseless = true);
struct Host {
  std::string address;  // IP address, v4 or v6; empty: no remote host
  std::string name;     // known name, or empty
};
Outcome match_host(const Host& host, std::string_view list, const Env& env);
// ${if match_ip}: a host list that can match only the address (which may
// be empty). Single-key lookups are keyed on the address as if written
// "net-type;..."; items that need a host name or a name's addresses are
// "unknown" at once: the Env is never asked to resolve anything.
Outcome match_ip(std::string_view address, std::string_view list, const Env& env);
// Plain string list, as ${if inlist} / inlisti use: no wildcards, no regex.
Outcome match_string(std::string_view subject, std::string_view list, bool caseless);

}  // namespace corvid::lists
