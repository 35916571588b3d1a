// Small string helpers shared by every part of Corvid. Nothing here knows
// about mail; anything specific to one subsystem lives in that subsystem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::util {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }
inline char to_upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 32) : c; }

std::string_view trim(std::string_view s);
std::string_view trim_left(std::string_view s);
std::string_view trim_right(std::string_view s);
std::string lower(std::string_view s);
std::string upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_i(std::string_view s, std::string_view prefix);
// Case-insensitive three-way compare, as strcmpic() in Exim.
int icompare(std::string_view a, std::string_view b);

}  // namespace corvid::util
