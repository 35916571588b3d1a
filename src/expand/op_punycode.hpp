// Punycode (RFC 3492) and UTF-8 <-> code point conversion for the
// utf8_localpart_* and utf8_domain_from_alabel operators.
//
// Basic (ASCII) code points keep their case, as libidn's punycode does.
// Errors are reported with libidn's punycode_strerror() wording, which is
// what Exim prints.
#pragma once

#include <string>
#include <string_view>

namespace corvid::expand::op {

// Strict UTF-8 decoding; false on malformed input.
bool utf8_to_code_points(std::string_view in, std::u32string& out);
void append_utf8(std::string& out, char32_t cp);

// False with `error` set when the input cannot be encoded / decoded.
bool punycode_encode(const std::u32string& in, std::string& out, std::string& error);
bool punycode_decode(std::string_view in, std::u32string& out, std::string& error);

}  // namespace corvid::expand::op
