// What a DNS lookup gives back, independent of the resolver library: the
// status Exim distinguishes (found / no such name / no data / try again /
// hard failure), whether the answer was DNSSEC-validated, and the records
// decoded into the fields that routers, ACLs and ${lookup dnsdb} use.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace corvid::dns {

enum class RrType : std::uint16_t {
  a = 1,
  ns = 2,
  cname = 5,
  soa = 6,
  ptr = 12,
  mx = 15,
  txt = 16,
  aaaa = 28,
  srv = 33,
  tlsa = 52,
  spf = 99,
};

struct Record {
  RrType type = RrType::a;
  // a/aaaa: the address as text; ns/cname/ptr/mx/srv/soa: the (target or
  // primary server) name without the trailing dot; txt/spf: the character
  // strings joined; tlsa: the association data in lower-case hex.
  std::string text;
  std::vector<std::string> strings;  // txt/spf: each character-string
  std::uint16_t preference = 0;      // mx
  std::uint16_t priority = 0;        // srv
  std::uint16_t weight = 0;          // srv
  std::uint16_t port = 0;            // srv
  std::uint8_t usage = 0;            // tlsa
  std::uint8_t selector = 0;         // tlsa
  std::uint8_t matching = 0;         // tlsa
  std::string rname;                 // soa: the mailbox name
  std::uint32_t serial = 0;          // soa
};

enum class Status {
  found,     // at least one record of the type
  nxdomain,  // the name does not exist
  nodata,    // the name exists, with no record of this type
  again,     // temporary failure (SERVFAIL, timeout, unreachable server)
  fail,      // permanent failure (REFUSED, a malformed name, a bogus answer)
};

struct Answer {
  Status status = Status::fail;
  bool secure = false;         // DNSSEC-validated
  bool bogus = false;          // DNSSEC validation failed
  std::string canonical_name;  // after CNAMEs, without the trailing dot
  std::vector<Record> records;
  std::string error;  // why, for again/fail (for logs)

  bool found() const { return status == Status::found; }
};

// "A", "MX", ... for messages.
const char* type_name(RrType type);

}  // namespace corvid::dns
