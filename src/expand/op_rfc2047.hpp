// RFC 2047 encoded words, as Exim's ${rfc2047} and ${rfc2047d} operators
// produce and read them.
//
// Encoding uses Q encoding in one charset, splits into several encoded words
// (separated by "?= " ) when a word passes 67 characters, never between the
// two halves of an encoded byte pair, and leaves the string alone when only
// spaces would need encoding. Decoding accepts Q and B words of at most 75
// characters, drops white space between adjacent words, replaces zero bytes
// with '?', and converts each word to the target charset with iconv; words
// that are not well formed are left as they are.
#pragma once

#include <string>
#include <string_view>

namespace corvid::expand::op {

std::string rfc2047_encode(std::string_view in, std::string_view charset);

// False with `error` set (Exim's iconv_open message) when a charset cannot
// be converted.
bool rfc2047_decode(std::string_view in, std::string_view target_charset, std::string& out,
                    std::string& error);

}  // namespace corvid::expand::op
