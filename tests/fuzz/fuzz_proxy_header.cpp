// Fuzz target: the PROXY v1/v2 header parser.
//
// On ok the header length never exceeds the buffer nor the protocol's
// maximum, the same bytes alone parse to the same result, and no shorter
// prefix is already ok (the parser never claims a header early). A
// prefix of a buffer that is need_more or ok is never an error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "smtp/proto/proxy.hpp"

namespace proto = corvid::smtp::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) {
    return 0;
  }
  std::string_view in(reinterpret_cast<const char*>(data), size);
  proto::ProxyResult r = proto::parse_proxy_header(in);
  if (r.status == proto::ProxyStatus::error) {
    if (r.reason.empty() || r.discard > proto::kProxyV2MaxLength + size) {
      __builtin_trap();
    }
    return 0;
  }
  std::size_t limit = r.status == proto::ProxyStatus::ok ? r.consumed : size;
  for (std::size_t n = 0; n < limit && n < 300; ++n) {
    proto::ProxyResult p = proto::parse_proxy_header(in.substr(0, n));
    if (p.status != proto::ProxyStatus::need_more) {
      __builtin_trap();
    }
  }
  if (r.status != proto::ProxyStatus::ok) {
    return 0;
  }
  std::size_t max = r.version == 1 ? proto::kProxyV1MaxLength : proto::kProxyV2MaxLength;
  if (r.consumed == 0 || r.consumed > size || r.consumed > max) {
    __builtin_trap();
  }
  proto::ProxyResult again = proto::parse_proxy_header(in.substr(0, r.consumed));
  if (again.status != proto::ProxyStatus::ok || again.consumed != r.consumed ||
      again.source.address != r.source.address || again.source.port != r.source.port ||
      again.destination.address != r.destination.address || again.local != r.local) {
    __builtin_trap();
  }
  if (!r.local && (r.source.address.empty() || r.destination.address.empty())) {
    __builtin_trap();
  }
  return 0;
}
