// Parsing and printing of option values in the configuration file's syntax.
//
// Each parse_* function takes the value text of one setting (already taken
// from the line, quotes removed) and the option's name, and on failure
// returns the error message in Exim's wording ("integer expected for
// smtp_accept_max"). The format_* functions print values the way `exim -bP`
// does. Pure functions: no I/O, no globals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corvid::config {

// Reads a string value: either the rest of the line (trimmed) or a quoted
// string with backslash escapes. Returns an error message or nullopt.
std::optional<std::string> read_string_value(std::string_view text, std::string_view name,
                                             std::string& out);

// "true"/"yes"/"false"/"no", any case.
std::optional<bool> parse_bool_word(std::string_view word);

// Integers: decimal, 0x hex, leading-0 octal, optional K/M/G suffix; range
// of a 32-bit int as Exim has.
std::optional<std::string> parse_integer(std::string_view text, std::string_view name,
                                         std::int64_t& out);
// Kilobyte integers: plain numbers and K are kilobytes, M and G scale.
std::optional<std::string> parse_kilo_integer(std::string_view text, std::string_view name,
                                              std::int64_t& out);
// Fixed-point, in thousandths.
std::optional<std::string> parse_fixed(std::string_view text, std::string_view name,
                                       std::int64_t& out);
// Octal integer (a file mode).
std::optional<std::string> parse_octal(std::string_view text, std::string_view name,
                                       std::int64_t& out);
// Time interval in seconds: a sequence of <n>w/d/h/m/s; a plain number is
// taken as seconds (Exim itself refuses it; Corvid is lenient here).
std::optional<std::int64_t> parse_time(std::string_view text);
std::optional<std::string> parse_time_option(std::string_view text, std::string_view name,
                                             std::int64_t& out);
// A time list ("2h:4h"): each item a time.
std::optional<std::string> parse_time_list(std::string_view text, std::string_view name);

std::string format_time(std::int64_t seconds);
std::string format_fixed(std::int64_t thousandths);
std::string format_size(std::int64_t value);  // 100K, 50M, or plain
std::string format_kilo(std::int64_t kilobytes);
std::string format_octal(std::int64_t value);
// Escapes non-printing characters (newline as \n, tab as \t, others \ooo),
// as -bP shows strings.
std::string printable(std::string_view s);

}  // namespace corvid::config
