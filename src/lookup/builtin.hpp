// Internal: factories of the lookup drivers built into this module, and the
// one function that registers them all (called once, lazily, by
// find_driver). Not for use outside src/lookup.
#pragma once

#include <memory>

#include "lookup/lookup.hpp"

namespace corvid::lookup {

std::unique_ptr<Driver> make_lsearch();
std::unique_ptr<Driver> make_iplsearch();
std::unique_ptr<Driver> make_wildlsearch(bool expand_keys);  // wild / nwild
std::unique_ptr<Driver> make_dsearch();
std::unique_ptr<Driver> make_cdb();
std::unique_ptr<Driver> make_json();
std::unique_ptr<Driver> make_lmdb();
std::unique_ptr<Driver> make_dnsdb();
// Lookup types of Exim 4.96 that Corvid does not run yet (ldap,
// mysql, ...): registered so lookup types parse and ${quote_NAME:} works;
// their find() defers.
void register_unsupported_drivers();

// The key expander installed by set_key_expander (or the minimal default).
bool expand_wild_key(std::string_view in, std::string& out, std::string& error);

}  // namespace corvid::lookup
