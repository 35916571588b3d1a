// RFC 2822 address extraction as Exim's ${address}, ${domain},
// ${local_part} and ${addresses} operators do it.
//
// parse_address() takes one mailbox as it may appear in a header ("Name
// <a@b>", "a@b (comment)", "<@route:a@b>", a bare local part, or with group
// syntax allowed "group: a@b;") and returns the working address with
// comments and white space removed, quoted local parts kept as written.
// The rules are Exim's (lenient about dots in local parts, strict about
// domains: letters, digits and hyphens, or a [literal]); anything Exim
// rejects yields false.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace corvid::expand::op {

struct ParsedAddress {
  std::string address;  // local_part@domain, or a bare local part
  size_t domain = 0;    // offset of the domain in `address`; 0 when none
};

// Group syntax state carried from one item of an address list to the next,
// as Exim keeps it across the items of ${addresses}.
struct GroupState {
  bool allow_group = false;
  bool found_group = false;
};

bool parse_address(std::string_view text, ParsedAddress& out, GroupState& group);

// The length of the first address in a comma-separated list: the offset of
// the separating comma (outside quotes, comments and angle brackets), or the
// whole length.
size_t find_address_end(std::string_view text);

}  // namespace corvid::expand::op
