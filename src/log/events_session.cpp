// SMTP session events: connections, rejections, errors, losses; see
// events.hpp. Texts as exim4 4.96 writes them (daemon and -bs sessions,
// collected with log_selector unset, +all and in between; see the tests).
#include <algorithm>

#include "log/events.hpp"

namespace corvid::log {
namespace {

std::string id_prefix(const std::string& message_id) {
  return message_id.empty() ? std::string() : message_id + ' ';
}

// The words after "rejected " for each ACL.
std::string rejected_what(const Rejection& r) {
  switch (r.where) {
    case AclWhere::connect:
      return "connection in \"connect\" ACL";
    case AclWhere::helo:
      return "EHLO or HELO " + r.argument;
    case AclWhere::mail:
      return "MAIL <" + r.argument + ">";
    case AclWhere::rcpt:
      return "RCPT <" + r.argument + ">";
    case AclWhere::predata:
      return "DATA";
    case AclWhere::data:
      return "after DATA";
    case AclWhere::mime:
      return "during MIME ACL checks";
    case AclWhere::dkim:
      return "after DATA";
    case AclWhere::prdr:
      return "after DATA PRDR";
    case AclWhere::vrfy:
      return "VRFY " + r.argument;
    case AclWhere::expn:
      return "EXPN " + r.argument;
    case AclWhere::etrn:
      return "ETRN " + r.argument;
    case AclWhere::starttls:
      return "STARTTLS";
    case AclWhere::auth:
      return "AUTH " + r.argument;
  }
  return {};
}

bool shows_sender(AclWhere w) {
  return w == AclWhere::rcpt || w == AclWhere::data || w == AclWhere::mime || w == AclWhere::dkim ||
         w == AclWhere::prdr;
}

// Envelope and header lines for the reject log.
std::string reject_block(const RejectedMessage& m) {
  std::string out = "Envelope-from: <" + m.envelope_from + ">\n";
  for (std::size_t i = 0; i < m.envelope_to.size(); ++i) {
    out += (i == 0 ? "Envelope-to: <" : "    <") + m.envelope_to[i] + ">\n";
  }
  for (const auto& h : m.headers) {
    out += h.flag;
    out += ' ';
    out += h.text;
    if (h.text.empty() || h.text.back() != '\n') {
      out += '\n';
    }
  }
  return out;
}

std::string list_tail(const std::vector<std::string>& items, std::size_t keep) {
  std::string out;
  std::size_t start = items.size() > keep ? items.size() - keep : 0;
  if (start > 0) {
    out = "...";
  }
  for (std::size_t i = start; i < items.size(); ++i) {
    out += (i == start ? "" : ",") + items[i];
  }
  return out;
}

}  // namespace

std::optional<Line> SmtpConnection::render(const Selector& sel) const {
  if (!sel.has(Sel::smtp_connection)) {
    return std::nullopt;
  }
  std::string text = "SMTP connection from " + connection_subject(host, sel);
  if (!host.local() && connection_count > 0) {  // the daemon's count; -bh has none
    text += " (TCP/IP connection count = " + std::to_string(connection_count) + ")";
  }
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> Closed::render(const Selector& sel) const {
  if (!sel.has(Sel::smtp_connection)) {
    return std::nullopt;
  }
  return Line{
      "SMTP connection from " + connection_subject(host, sel) + " closed by " + how, to_main, {}};
}

std::optional<Line> TooManyConnections::render(const Selector& sel) const {
  if (!sel.has(Sel::connection_reject)) {
    return std::nullopt;
  }
  return Line{
      "Connection from " + connection_subject(host, sel) + " refused: " + reason, to_main, {}};
}

std::optional<Line> Rejection::render(const Selector& sel) const {
  if (where == AclWhere::connect && !sel.has(Sel::connection_reject)) {
    return std::nullopt;
  }
  std::string text = id_prefix(message_id) + host_and_ident(host, sel);
  if (sender && shows_sender(where)) {
    text += " F=<" + *sender + ">";
    if (!auth.authenticator.empty()) {
      text += " A=" + auth.authenticator + (auth.id.empty() ? "" : ":" + printing(auth.id));
    }
  }
  text += temporary ? " temporarily rejected " : " rejected ";
  text += rejected_what(*this);
  if (!message.empty()) {
    text += ": " + message;
  }
  Line line{std::move(text), to_main | to_reject, {}};
  if (rejected && sel.has(Sel::rejected_header)) {
    line.reject_extra = reject_block(*rejected);
  }
  return line;
}

std::optional<Line> SyncError::render(const Selector& sel) const {
  std::string shown = printing(std::string_view(input).substr(0, 128));
  std::string text = "SMTP protocol synchronization error (";
  if (kind == Kind::before_greeting) {
    text += "input sent without waiting for greeting): rejected connection from " +
            host_and_ident(host, sel) + " input=\"" + shown + "\"";
  } else {
    text += std::string("next input sent too soon: pipelining was") +
            (pipelining_advertised ? "" : " not") + " advertised): rejected \"" +
            printing(command) + "\" " + host_and_ident(host, sel) + " next input=\"" + shown + "\"";
  }
  return Line{std::move(text), to_main | to_reject, {}};
}

std::optional<Line> LostConnection::render(const Selector& sel) const {
  const std::string who = connection_subject(host, sel);
  const std::string d = " D=" + time_diff(duration, sel);
  switch (when) {
    case When::command:
      if (!sel.has(Sel::smtp_connection)) {
        return std::nullopt;
      }
      return Line{"SMTP connection from " + who + " lost" + d, to_main, {}};
    case When::command_reset:
      if (!sel.has(Sel::lost_incoming_connection)) {
        return std::nullopt;
      }
      return Line{
          "unexpected disconnection while reading SMTP command from " + who + d, to_main, {}};
    case When::command_timeout:
      if (!sel.has(Sel::lost_incoming_connection)) {
        return std::nullopt;
      }
      return Line{"SMTP command timeout on connection from " + who, to_main, {}};
    case When::data:
      return Line{"SMTP connection from " + who + " lost while reading message data", to_main, {}};
    case When::data_after_header:
      return Line{"SMTP connection from " + who + " lost while reading message data (after header)",
                  to_main,
                  {}};
    case When::data_timeout:
      return Line{
          "SMTP data timeout (message abandoned) on connection from " + who + " F=<" + sender + ">",
          to_main,
          {}};
  }
  return std::nullopt;
}

std::optional<Line> ProtocolError::render(const Selector& sel) const {
  if (!sel.has(syntax ? Sel::smtp_syntax_error : Sel::smtp_protocol_error)) {
    return std::nullopt;
  }
  std::string text = syntax ? "SMTP syntax error in \"" : "SMTP protocol error in \"";
  text += printing(command) + "\" " + host_and_ident(host, sel) + ' ' + message;
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> CallDropped::render(const Selector& sel) const {
  return Line{"SMTP call from " + connection_subject(host, sel) + " dropped: " + reason,
              to_main | to_reject,
              {}};
}

CallDropped too_many_unknown_commands(HostId host, std::string_view last) {
  return {std::move(host), "too many unrecognized commands (last was \"" + printing(last) + "\")"};
}

CallDropped too_many_nonmail_commands(HostId host, std::string_view last) {
  return {std::move(host), "too many nonmail commands (last was \"" + printing(last) + "\")"};
}

// 4.96 writes two spaces before C= here.
CallDropped too_many_errors(HostId host, std::string_view last, std::string_view commands) {
  return {std::move(host), "too many syntax or protocol errors (last command was \"" +
                               printing(last) + "\",  C=" + std::string(commands) + ")"};
}

std::optional<Line> NoMail::render(const Selector& sel) const {
  if (!sel.has(Sel::smtp_no_mail)) {
    return std::nullopt;
  }
  std::string text = "no MAIL in SMTP connection from " + connection_subject(host, sel) +
                     " D=" + time_diff(duration, sel);
  text += auth_field(auth, sel) + tls_fields(tls, sel, false);
  if (!commands.empty()) {
    text += " C=" + list_tail(commands, 20);
  }
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> IncompleteTransaction::render(const Selector& sel) const {
  if (!sel.has(Sel::smtp_incomplete_transaction)) {
    return std::nullopt;
  }
  std::string text =
      host_and_ident(host, sel) + " incomplete transaction (" + reason + ") from <" + sender + ">";
  if (!recipients.empty()) {
    text += " for";
    for (const auto& r : recipients) {
      text += ' ' + r;
    }
  }
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> Etrn::render(const Selector& sel) const {
  if (!sel.has(Sel::etrn)) {
    return std::nullopt;
  }
  return Line{"ETRN " + printing(argument) + " received from " + connection_subject(host, sel),
              to_main,
              {}};
}

std::optional<Line> PrdrRecipient::render(const Selector&) const {
  std::string text = id_prefix(message_id) + "PRDR ";
  if (!this->text.empty()) {
    text += recipient + ' ' + this->text;
  } else {
    static constexpr const char* kWords[] = {"acceptance", "temporary refusal", "refusal"};
    text += "R=<" + recipient + "> " + kWords[static_cast<int>(outcome)];
  }
  return Line{std::move(text), to_main, {}};
}

std::optional<Line> Text::render(const Selector& sel) const {
  if (gate && !sel.has(*gate)) {
    return std::nullopt;
  }
  return Line{id_prefix(message_id) + text, targets, {}};
}

}  // namespace corvid::log
