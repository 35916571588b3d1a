#include "dns/record.hpp"

namespace corvid::dns {

const char* type_name(RrType type) {
  switch (type) {
    case RrType::a: return "A";
    case RrType::ns: return "NS";
    case RrType::cname: return "CNAME";
    case RrType::soa: return "SOA";
    case RrType::ptr: return "PTR";
    case RrType::mx: return "MX";
    case RrType::txt: return "TXT";
    case RrType::aaaa: return "AAAA";
    case RrType::srv: return "SRV";
    case RrType::tlsa: return "TLSA";
    case RrType::spf: return "SPF";
  }
  return "?";
}

}  // namespace corvid::dns
