// Addresses inside RFC 5322 header values and command-line arguments:
// "a@b, Name <c@d>, group: e@f, g;", with quoted strings and (comments)
// skipped. Used to take recipients from To/Cc/Bcc (-t), to qualify bare
// local parts in locally submitted headers, and to read recipients given
// as arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::message {

// One address found in a header value: where its addr-spec is (so that it
// can be rewritten in place) and the addr-spec itself (comments removed).
struct AddressSpan {
  size_t begin = 0;
  size_t end = 0;  // one past the last character
  std::string address;
};

// Every address of an address-list header value, in order. Malformed items
// are skipped (a header is never refused for them).
std::vector<AddressSpan> find_addresses(std::string_view value);

// One recipient written as on a command line ("u@d", "Name <u@d>", "u");
// nullopt with `error` set (the reason) when it is not an address.
std::optional<std::string> parse_one_address(std::string_view text, std::string& error);

}  // namespace corvid::message
