// Fuzz target: addresses in header values and command-line recipients
// (text from local users and from messages).
//
// Every span returned lies inside the value, in order, and holds exactly
// the address reported when that address has no comment or quote inside.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "message/address_list.hpp"

namespace message = corvid::message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) {
    return 0;
  }
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t last_end = 0;
  for (const message::AddressSpan& a : message::find_addresses(in)) {
    if (a.begin > a.end || a.end > in.size() || a.begin < last_end || a.address.empty()) {
      __builtin_trap();
    }
    std::string_view span = in.substr(a.begin, a.end - a.begin);
    if (span.find_first_of("(\" \t\r\n") == std::string_view::npos && span != a.address) {
      __builtin_trap();
    }
    last_end = a.end;
  }
  std::string why;
  if (!message::parse_one_address(in, why) && why.empty()) {
    __builtin_trap();
  }
  return 0;
}
