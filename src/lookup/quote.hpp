// The quoting that ${quote_<lookup>:...} applies for the query-style lookup
// types of Exim 4.96 (LDAP URLs and DNs, SQL strings, redis commands).
// Pure functions on bytes, used by the drivers in unsupported.cpp (and by
// the real drivers when they exist); unit-tested in tests/unit/lookup.
#pragma once

#include <string>
#include <string_view>

namespace corvid::lookup::quoting {

// ${quote_ldap:}: RFC 4515 filter escapes (\XX for * ( ) \) and then URL
// encoding (%XX for all but letters, digits and ! $ ' ( ) * + - . _).
std::string ldap_filter(std::string_view text);
// ${quote_ldap_dn:}: RFC 4514 DN escapes (a backslash before , + " \ < > ;,
// a leading '#', and leading or trailing spaces), then URL encoding.
std::string ldap_dn(std::string_view text);
// ${quote_mysql:}: \n \t \r \b as escapes; ' " \ get a backslash.
std::string mysql(std::string_view text);
// ${quote_pgsql:}: as mysql, except that ' is doubled.
std::string pgsql(std::string_view text);
// ${quote_sqlite:}: ' is doubled.
std::string sqlite(std::string_view text);
// ${quote_redis:}: a backslash before white space and backslash.
std::string redis(std::string_view text);

}  // namespace corvid::lookup::quoting
