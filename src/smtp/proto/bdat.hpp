// BDAT (RFC 3030 CHUNKING) framing (sans-I/O).
//
// Contract: parse_bdat() reads the argument of a BDAT command ("<size>" or
// "<size> LAST"); BdatChunk then takes exactly that many bytes out of input
// chunks of any split and hands them to the sink unchanged (BDAT data is
// not dot-stuffed and line endings are the spool writer's business). Bytes
// after the chunk are not consumed: they are the next, possibly pipelined,
// command. Callers: smtp/server bdat.cpp.
//
// Exim 4.96 replies (from `exim4 -bh`): no or non-numeric size is
// "501 missing size for BDAT command"; the size is read like strtoul
// (leading digits); a word after the size other than LAST (any case) is
// taken as not-LAST by 4.96 and the chunk is still read, so this parser
// accepts it the same way and reports it in `junk_after_size`. One
// divergence: 4.96 reads "BDAT -1" as a huge size (strtoul) and waits for
// the bytes; Corvid answers 501 missing size, as for any non-digit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <variant>

#include "smtp/proto/mail_rcpt.hpp"

namespace corvid::smtp::proto {

struct BdatCommand {
  std::uint64_t size = 0;
  bool last = false;
  bool junk_after_size = false;
};

std::variant<BdatCommand, ProtoError> parse_bdat(std::string_view argument);

class BdatChunk {
 public:
  using Sink = std::function<void(std::string_view)>;

  BdatChunk(std::uint64_t size, Sink sink) : remaining_(size), sink_(std::move(sink)) {}

  // Consumes up to the bytes still owed; returns how many it took.
  std::size_t feed(std::string_view input);
  bool done() const { return remaining_ == 0; }
  std::uint64_t remaining() const { return remaining_; }

 private:
  std::uint64_t remaining_;
  Sink sink_;
};

}  // namespace corvid::smtp::proto
