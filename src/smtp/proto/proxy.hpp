// PROXY protocol v1 / v2 header parser (sans-I/O).
//
// Contract: parse_proxy_header() looks at the bytes received so far on a
// connection from a hosts_proxy peer and answers need_more, ok or error.
// On ok, `consumed` is the exact header length: it never counts a byte
// after the header, so the caller hands buffer[consumed..] to TLS or SMTP.
// It is pure (no I/O, no allocation beyond the strings of the result) and
// can be called again with a longer buffer after need_more; the session
// owns the deadline (proxy_protocol_timeout). Callers: smtp/server
// proxy.cpp (and `-bh` mode reading the header from stdin).
//
// Rules (docs: /work/shared/features/proxy-protocol.md; haproxy's
// proxy-protocol.txt):
//  - v2: the 12-byte signature, version nibble 2, command LOCAL (0x20):
//    ok with `local` set and no addresses (health checks) whatever the
//    family; command PROXY (0x21) with TCP4 (0x11, 12 address bytes) or TCP6
//    (0x21, 36 bytes): ok; any other family (UNSPEC, UDP, UNIX...) or
//    command: error. TLVs after the addresses are skipped. The whole header
//    may be at most 232 bytes (length field <= 216), as in 4.96; a longer
//    one is an error as soon as the 16 fixed bytes are in (discard = 232:
//    the bytes 4.96 swallows before reading SMTP from the surplus).
//  - v1: "PROXY TCP4|TCP6|UNKNOWN src dst sport dport\r\n", at most 107
//    bytes with the CRLF, exactly one space between fields. UNKNOWN: ok
//    with `local` set, rest of the line ignored. Both addresses must be IP
//    addresses (inet_pton, so no leading zeros in IPv4 octets); like 4.96
//    the family is not checked against TCP4/TCP6 (family reports what the
//    source address is). Ports: digits only, 1..65535. 4.96 has no upper
//    bound (99999 was accepted); Corvid refuses ports above 65535 because
//    no TCP peer can have one (a deliberate divergence).
//  - a v2 header whose version, command or family is wrong: error with
//    `discard` covering its 16 fixed bytes and declared length (as much of
//    it as has arrived), so its binary bytes are not read as SMTP.
//  - anything that is neither: error. On a v1/garbage error `discard` is the
//    length through the first LF in the buffer (0 if none yet): 4.96 throws
//    away the rest of that line before its failure path.
// Fields are only reported on ok, never half-filled (4.96 applies v1 fields
// as it parses them; see the digest's "known divergence").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace corvid::smtp::proto {

inline constexpr std::size_t kProxyV1MaxLength = 107;
inline constexpr std::size_t kProxyV2MaxLength = 232;
inline constexpr std::string_view kProxyV2Signature{"\r\n\r\n\0\r\nQUIT\n", 12};

enum class ProxyStatus { need_more, ok, error };
enum class ProxyFamily { unspecified, inet4, inet6 };

struct ProxyEndpoint {
  std::string address;  // text form, e.g. "192.0.2.7" or "2001:db8::1"
  std::uint16_t port = 0;
};

struct ProxyResult {
  ProxyStatus status = ProxyStatus::need_more;
  int version = 0;     // 1 or 2 once known
  bool local = false;  // v2 LOCAL or v1 UNKNOWN: keep the TCP peer
  ProxyFamily family = ProxyFamily::unspecified;
  ProxyEndpoint source;       // the real client
  ProxyEndpoint destination;  // the proxy's public side ($proxy_external_*)
  std::size_t consumed = 0;   // header length on ok
  std::size_t discard = 0;    // on error, see above
  std::string reason;         // on error, for logs and tests
};

ProxyResult parse_proxy_header(std::string_view buffer);

}  // namespace corvid::smtp::proto
