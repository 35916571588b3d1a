// Fuzz target: SMTP command line, MAIL/RCPT arguments, BDAT and replies.
//
// The first byte picks which extensions are advertised; the rest is one
// command line. Nothing may crash or read outside the input; a recognised
// command's argument must lie inside the line; a successful MAIL/RCPT must
// come with an ok path (or the null sender); errors carry a reply text;
// a formatted reply always ends in CRLF and has no bare CR or LF.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smtp/proto/bdat.hpp"
#include "smtp/proto/command.hpp"
#include "smtp/proto/mail_rcpt.hpp"
#include "smtp/proto/reply.hpp"

namespace proto = corvid::smtp::proto;

namespace {

void check_reply(const proto::ProtoError& e) {
  if (e.text.empty()) {
    __builtin_trap();
  }
  std::string wire = proto::format_reply(e.code, e.text);
  if (wire.size() < 6 || wire.substr(wire.size() - 2) != "\r\n") {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 20000) {
    return 0;
  }
  proto::Extensions ext;
  ext.dsn = data[0] & 1;
  ext.smtputf8 = data[0] & 2;
  ext.auth = data[0] & 4;
  ext.prdr = data[0] & 8;
  ext.eight_bit_mime = data[0] & 16;
  ext.path.allow_domain_literals = data[0] & 32;
  std::string_view line(reinterpret_cast<const char*>(data) + 1, size - 1);

  proto::Command cmd = proto::parse_command(line);
  if (cmd.verb != proto::Verb::unknown &&
      (cmd.argument.data() < line.data() ||
       cmd.argument.data() + cmd.argument.size() > line.data() + line.size())) {
    __builtin_trap();
  }
  // Exercise the argument parsers on every line, not only matching verbs.
  auto mail = proto::parse_mail(line, ext);
  if (auto* m = std::get_if<proto::MailFrom>(&mail); m && !m->path.ok) {
    __builtin_trap();
  } else if (auto* e = std::get_if<proto::ProtoError>(&mail)) {
    check_reply(*e);
  }
  auto rcpt = proto::parse_rcpt(line, ext);
  if (auto* r = std::get_if<proto::RcptTo>(&rcpt); r && (!r->path.ok || r->path.address.empty())) {
    __builtin_trap();
  } else if (auto* e = std::get_if<proto::ProtoError>(&rcpt)) {
    check_reply(*e);
  }
  (void)proto::parse_bdat(line);
  (void)proto::decode_xtext(line);
  std::string wire = proto::format_reply(250, line, data[0] & 64 ? "2.0.0" : "");
  if (wire.size() < 2 || wire.substr(wire.size() - 2) != "\r\n") {
    __builtin_trap();
  }
  return 0;
}
