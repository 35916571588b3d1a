// Fuzz target: the DATA body reader.
//
// The first byte picks a chunk size (1..256); the rest is the data stream.
// Feeding it whole and feeding it in chunks must give the same sink bytes,
// the same consumed count and the same done state; the reader never takes
// more than it was given; when done, the consumed bytes end in "\r\n.\r\n"
// (or are exactly ".\r\n"); the sink never sees a CR.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/proto/data_reader.hpp"

namespace proto = corvid::smtp::proto;

namespace {

struct Run {
  std::string out;
  std::size_t consumed = 0;
  bool done = false;
};

Run feed(std::string_view in, std::size_t chunk) {
  Run run;
  proto::DataReader reader([&run](std::string_view b) { run.out.append(b); });
  std::size_t pos = 0;
  while (pos < in.size() && !reader.done()) {
    std::string_view part = in.substr(pos, chunk);
    std::size_t took = reader.feed(part);
    if (took > part.size()) {
      __builtin_trap();
    }
    run.consumed += took;
    pos += part.size();
    if (took < part.size() && !reader.done()) {
      __builtin_trap();  // stopped early without the end marker
    }
  }
  run.done = reader.done();
  if (reader.size() != run.out.size()) {
    __builtin_trap();
  }
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::size_t chunk = 1 + data[0];
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  Run whole = feed(in, in.size() + 1);
  Run parts = feed(in, chunk);
  if (whole.out != parts.out || whole.consumed != parts.consumed || whole.done != parts.done) {
    __builtin_trap();
  }
  if (whole.out.find('\r') != std::string::npos) {
    __builtin_trap();
  }
  if (whole.done) {
    std::string_view used = in.substr(0, whole.consumed);
    bool at_start = used == ".\r\n";
    bool after_crlf = used.size() >= 5 && used.substr(used.size() - 5) == "\r\n.\r\n";
    if (!at_start && !after_crlf) {
      __builtin_trap();
    }
  }
  return 0;
}
