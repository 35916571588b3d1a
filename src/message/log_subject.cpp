#include "message/log_subject.hpp"

#include "expand/op_rfc2047.hpp"

namespace corvid::message {

std::string subject_for_log(std::string_view raw) {
  std::string unfolded;
  size_t b = raw.find_first_not_of(" \t");
  size_t e = raw.find_last_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  for (char c : raw.substr(b, e - b + 1)) {
    if (c != '\n' && c != '\r') unfolded += c;
  }
  std::string decoded, error;
  if (!expand::op::rfc2047_decode(unfolded, "UTF-8", decoded, error)) return unfolded;
  return decoded;
}

}  // namespace corvid::message
