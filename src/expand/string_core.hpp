// The string algorithms behind ${substr}, ${length}, ${hash} and ${nhash},
// shared by the items (${substr{1}{2}{s}}) and the operators (${s_1_2:s}),
// reproducing Exim 4.96's results exactly (its quirks included).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corvid::expand {

// Exim's substring rule: a negative start counts from the end; a negative
// `len` means "unset" (the rest of the string, or for a negative start,
// everything before it).
std::string_view substr_of(std::string_view s, int64_t start, int64_t len);

// Exim's ${hash}: a `width`-character hash of `s` drawn from the first
// `count` characters of Exim's code table (26 when `count` is negative);
// strings not longer than `width` come back unchanged. False with `error`
// set for a count Exim rejects (or crashes on).
bool hash_of(std::string_view s, int32_t width, int32_t count, std::string& out,
             std::string& error);

// Exim's ${nhash}: "n" in 0..div1-1, or "a/b" when div2 >= 0. False with
// `error` set for a zero divisor (Exim crashes there).
bool nhash_of(std::string_view s, int32_t div1, int32_t div2, std::string& out,
              std::string& error);

}  // namespace corvid::expand
