// The string algorithms behind ${substr}, ${length}, ${hash} and ${nhash},
// shared by the items (${substr{1}{2}{s}}) and the operators (${s_1_2:s}).
#pragma once

#include <string>
#include <string_view>

namespace corvid::expand {

// Exim's substring rule: a negative start counts from the end; a negative
// `len` means "unset" (the rest of the string, or for a negative start,
// everything before it).
std::string_view substr_of(std::string_view s, long start, long len);

// Exim's ${hash}: a `len`-character hash of `s` drawn from the first
// `chars` characters of a-zA-Z0-9 (26 when `chars` is negative); strings
// not longer than `len` come back unchanged. False if `chars` > 62.
bool hash_of(std::string_view s, long len, long chars, std::string& out);

// Exim's ${nhash}: "n" in 0..div1-1, or "a/b" when div2 >= 0.
std::string nhash_of(std::string_view s, long div1, long div2);

}  // namespace corvid::expand
