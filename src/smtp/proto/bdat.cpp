#include "smtp/proto/bdat.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace corvid::smtp::proto {

std::variant<BdatCommand, ProtoError> parse_bdat(std::string_view argument) {
  std::string_view s = util::trim(argument);
  BdatCommand cmd;
  std::size_t i = 0;
  bool overflow = false;
  for (; i < s.size() && util::is_digit(s[i]); ++i) {
    unsigned d = static_cast<unsigned>(s[i] - '0');
    overflow = overflow || cmd.size > (UINT64_MAX - d) / 10;
    cmd.size = cmd.size * 10 + d;
  }
  if (i == 0 || overflow) {
    return ProtoError{501, "missing size for BDAT command"};
  }
  std::string_view rest = util::trim(s.substr(i));
  if (util::iequals(rest, "LAST")) {
    cmd.last = true;
  } else if (!rest.empty()) {
    cmd.junk_after_size = true;
  }
  return cmd;
}

std::size_t BdatChunk::feed(std::string_view input) {
  std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size()));
  if (take > 0) {
    sink_(input.substr(0, take));
    remaining_ -= take;
  }
  return take;
}

}  // namespace corvid::smtp::proto
