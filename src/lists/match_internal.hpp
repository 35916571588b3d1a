// Internal to src/lists: the list walker shared by all list kinds and the
// per-kind item matchers it calls. Not for use outside this folder.
//
// walk() implements what every Exim list has in common: items split by
// ListReader, "!" negation, "+name" named lists (expanded at use, recursion
// guarded, cached when the text has no '$'), absolute file names read as
// out-of-line lists, and the "last item negative" rule. Item matchers say
// yes / no / defer, or unknown (a host list item that needs information
// that cannot be found).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "lists/match.hpp"
#include "lookup/lookup.hpp"

namespace corvid::lists::detail {

enum class Item { yes, no, defer, unknown };

enum class OnMissing { fail, include, ignore };

// What one matching call carries down into named sublists.
struct Walk {
  Kind kind;
  const Env& env;
  std::string subject;      // for the named-list cache key and messages
  bool caseless = true;     // address / local part: until "+caseful"
  OnMissing unknown = OnMissing::fail;  // host lists
  OnMissing deferred = OnMissing::fail;
  int depth = 0;
};

using ItemFn = std::function<Item(std::string_view item, Walk& walk, Outcome& out)>;

Outcome walk(std::string_view list, Walk& w, const ItemFn& fn);

// Matches `subject` against the named list "+name" of kind `w.kind`.
Item match_named(std::string_view name, Walk& w, const ItemFn& fn, Outcome& out);

// One domain-list item (also used for the domain part of address items).
Item match_domain_item(std::string_view item, std::string_view domain, Walk& w, Outcome& out);
// One local-part item (also used by "@@" lookups in address lists).
Item match_localpart_item(std::string_view item, std::string_view local, Walk& w, Outcome& out);

// Regex item: caseless unless the pattern says otherwise.
Item match_regex(std::string_view pattern, std::string_view subject, bool caseless,
                 Outcome& out);
// "*suffix" item; $0 is the subject, $1 what the star stood for.
Item match_star(std::string_view pattern, std::string_view subject, bool caseless,
                Outcome& out);

// If `item` is "type;rest" with a lookup type before the ';', returns the
// position of the ';'.
std::optional<size_t> lookup_semicolon(std::string_view item);
// Runs the lookup item "type;rest" with `key` as the key of single-key
// types; sets out.lookup_data / value on success. `allow_partial` false
// drops partial matching (address lists).
Item match_lookup(std::string_view item, size_t semi, std::string_view key, Outcome& out,
                  bool allow_partial = true);

}  // namespace corvid::lists::detail
