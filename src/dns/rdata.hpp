// Decoding of record data as a resolver hands it over: the RDATA bytes of
// one record, names uncompressed. Kept apart from the resolver so that it
// can be unit-tested and fuzzed on raw bytes.
#pragma once

#include <optional>
#include <string_view>

#include "dns/record.hpp"

namespace corvid::dns {

// Decodes RDATA of `type`; nullopt when the bytes are malformed (a short
// field, a label running past the end, a compression pointer).
std::optional<Record> decode_rdata(RrType type, std::string_view rdata);

// A domain name in wire form (uncompressed labels) as text without the
// trailing dot; "" for the root. Bytes that are not printable or are
// special in names ('.', '\\') are written \DDD as in zone files.
// nullopt on malformed input; `used` gets the bytes consumed.
std::optional<std::string> decode_name(std::string_view wire, size_t& used);

}  // namespace corvid::dns
