// Fuzz target: DNS RDATA decoding (bytes that come from the network).
//
// The first byte picks the record type; decoding must never read out of
// bounds, and a decoded name must be re-decodable from its own wire bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dns/rdata.hpp"

namespace dns = corvid::dns;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 2048) {
    return 0;
  }
  static constexpr dns::RrType kTypes[] = {
      dns::RrType::a,   dns::RrType::ns,  dns::RrType::cname, dns::RrType::soa,
      dns::RrType::ptr, dns::RrType::mx,  dns::RrType::txt,   dns::RrType::aaaa,
      dns::RrType::srv, dns::RrType::tlsa, dns::RrType::spf,
  };
  dns::RrType type = kTypes[data[0] % (sizeof kTypes / sizeof kTypes[0])];
  std::string_view rdata(reinterpret_cast<const char*>(data + 1), size - 1);
  std::optional<dns::Record> r = dns::decode_rdata(type, rdata);
  size_t used = 0;
  std::optional<std::string> name = dns::decode_name(rdata, used);
  if (name && (used == 0 || used > rdata.size())) {
    __builtin_trap();
  }
  if (r && type == dns::RrType::txt) {
    size_t total = 0;
    for (const std::string& s : r->strings) total += s.size() + 1;
    if (total != rdata.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
