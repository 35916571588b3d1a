// Default replies and message code splitting (see replies.hpp).
#include "acl/replies.hpp"

#include "util/strings.hpp"

namespace corvid::acl {

int deny_code(Where where) {
  switch (where) {
    case Where::vrfy: return 252;
    case Where::etrn: return 458;
    case Where::auth: return 503;
    default: return 550;
  }
}

Reply split_message(std::string_view message, int default_code) {
  Reply r;
  r.code = default_code;
  bool has_code = message.size() >= 4 && util::is_digit(message[0]) &&
                  util::is_digit(message[1]) && util::is_digit(message[2]) && message[3] == ' ';
  if (!has_code) {
    r.text.assign(message);
    return r;
  }
  int code = (message[0] - '0') * 100 + (message[1] - '0') * 10 + (message[2] - '0');
  std::string_view rest = message.substr(4);
  if (message[0] - '0' != default_code / 100) {
    r.warning = "configured error code starts with incorrect digit (expected " +
                std::to_string(default_code / 100) + ") in \"" + std::string(message) + "\"";
    r.text.assign(rest);
    return r;
  }
  r.code = code;
  size_t sp = rest.find(' ');
  std::string_view ext = rest.substr(0, sp);
  bool is_ext = sp != std::string_view::npos && ext.size() >= 5 && ext[0] == message[0] &&
                ext[1] == '.' && ext.find_first_not_of("0123456789.") == std::string_view::npos;
  if (is_ext) {
    r.extended.assign(ext);
    rest = rest.substr(sp + 1);
  }
  r.text.assign(rest);
  return r;
}

Reply rejection_reply(Where where, const Result& result) {
  bool temporary = result.status == Status::defer || result.status == Status::error;
  int code = temporary ? 451 : deny_code(where);
  std::string_view fallback = temporary ? kDeferText : kDenyText;
  if (result.status == Status::error || result.user_message.empty()) {
    return Reply{code, {}, std::string(fallback), {}};
  }
  return split_message(result.user_message, code);
}

}  // namespace corvid::acl
