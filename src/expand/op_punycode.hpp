// Punycode (RFC 3492) and UTF-8 <-> code point conversion for the
// utf8_localpart_* and utf8_domain_from_alabel operators.
//
// Basic (ASCII) code points keep their case, as libidn's punycode does.
// Errors are reported with libidn's punycode_strerror() wording, which is
// what Exim prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <u32string>
