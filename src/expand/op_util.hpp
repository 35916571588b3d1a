// Small helpers shared by the expansion operators (operators_*.cpp).
//
// These reproduce the C-library number parsing that Exim's operators rely
// on (strtoul/strtol with their clamping and end-pointer rules), the
// "printing" escape form Exim uses for strings in error messages and for
// ${escape}, and hex output. Nothing here knows about any one operator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corvid::expand::op {

// Like C's isspace() in the C locale.
bool c_isspace(unsigned char c);

// The result of a strtoul/strtol-style parse: `value` and how many bytes were
// used (0 when no number was found, as the C functions leave endptr at the
// start then).
struct Parsed {
  uint64_t value = 0;
  size_t used = 0;
  bool overflow = false;
};

// strtoul(s, &end, 10): leading white space and a sign are allowed; "-n"
// wraps modulo 2^64; overflow clamps to UINT64_MAX.
Parsed c_strtoul10(std::string_view s);

// strtol/strtoll(s, &end, 10) on a 64-bit long: clamps to INT64_MIN/MAX.
// `value` holds the signed result bit pattern.
Parsed c_strtol10(std::string_view s);

// Exim's read_number(): leading decimal digits into an int, wrapping on
// overflow. `used` is the number of digits.
int32_t read_int_digits(std::string_view s, size_t& used);

// Exim's string_printing(): non-printing bytes as \n \r \b \f \v or \ooo;
// tab is left alone; bytes >= 0x7f count as non-printing.
std::string printing(std::string_view s);

// Lower-case or upper-case hex of every byte.
std::string hex(std::string_view bytes, bool upper);

}  // namespace corvid::expand::op
