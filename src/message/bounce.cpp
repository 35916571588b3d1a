#include "message/bounce.hpp"

#include <cctype>
#include <string_view>

namespace corvid::message {

std::pair<std::string, std::string> split_smtp_error(const std::string& message) {
  static const std::string kPrefix = "SMTP error from remote mail server after ";
  if (message.rfind(kPrefix, 0) != 0) return {message, {}};
  // The command has no ": " of its own ("RCPT TO:<a>", "end of data").
  size_t sep = message.find(": ", kPrefix.size());
  if (sep == std::string::npos) return {message, {}};
  return {message.substr(0, sep + 1), message.substr(sep + 2)};
}

namespace {

// Exim checks that an ENVID is valid xtext (RFC 3461: "+" and two hex
// digits, or a printable character other than "+" and "=") but prints it
// as given.
bool valid_xtext(std::string_view s) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '+') {
      if (i + 2 >= s.size() || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
    } else if (c < 33 || c > 126 || c == '=') {
      return false;
    }
  }
  return true;
}

// The From: of every report (dsn_from).
std::string from_of(const BounceInput& in) {
  return in.from.empty() ? "Mail Delivery System <Mailer-Daemon@" + in.qualify_domain + ">"
                         : in.from;
}

// The report's first lines: who reports, and the envelope id.
std::string reporting_mta(const BounceInput& in) {
  std::string t = "Reporting-MTA: dns; " + in.primary_hostname + "\n";
  if (!in.envid.empty()) {
    t += valid_xtext(in.envid) ? "Original-Envelope-ID: " + in.envid + "\n"
                               : std::string("X-Original-Envelope-ID: error decoding xtext "
                                             "formatted ENVID\n");
  }
  return t;
}

// A field value of the DSN information, cut as Exim cuts it.
std::string info_value(std::string v) {
  if (v.size() > 900) v.resize(900);
  return v;
}

// The third part: the original message, or its header alone.
std::string returned_message(const BounceInput& in, bool headers_only) {
  std::string t = "Content-type: ";
  t += headers_only ? "text/rfc822-headers" : "message/rfc822";
  t += "\n\n" + in.original_headers + "\n";
  if (!headers_only) t += in.original_body;
  return t;
}

}  // namespace

Bounce make_bounce(const BounceInput& in) {
  Bounce b;
  std::string failed_list;
  for (size_t i = in.failed.size(); i-- > 0;) {
    failed_list += (failed_list.empty() ? "" : ",\n  ") + in.failed[i].address;
  }
  b.headers.push_back("X-Failed-Recipients: " + failed_list + "\n");
  if (!in.reply_to.empty()) b.headers.push_back("Reply-To: " + in.reply_to + "\n");
  b.headers.push_back("Auto-Submitted: auto-replied\n");
  b.headers.push_back("From: " + from_of(in) + "\n");
  b.headers.push_back("To: " + in.recipient + "\n");
  if (!in.original_message_id.empty()) {
    b.headers.push_back("References: " + in.original_message_id + "\n");
  }
  b.headers.push_back("Content-Type: multipart/report; report-type=delivery-status; boundary=" +
                      in.boundary + "\n");
  b.headers.push_back("MIME-Version: 1.0\n");
  const bool to_sender = in.recipient == in.original_sender;
  b.headers.push_back(to_sender ? "Subject: Mail delivery failed: returning message to sender\n"
                                : "Subject: Mail delivery failed\n");
  b.headers.push_back("Message-Id: <E" + in.id + "@" + in.primary_hostname + ">\n");
  b.headers.push_back("Date: " + in.date + "\n");

  std::string& t = b.body;
  t += "--" + in.boundary + "\n";
  t += "Content-type: text/plain; charset=us-ascii\n\n";
  t += "This message was created automatically by mail delivery software.\n\n";
  if (to_sender) {
    t += "A message that you sent could not be delivered to one or more of its\n"
         "recipients. This is a permanent error. The following address(es) failed:\n\n";
  } else {
    // To an errors_to address: who sent it.
    t += "A message sent by\n\n  <" + in.original_sender + ">\n\n"
         "could not be delivered to one or more of its recipients. The following\n"
         "address(es) failed:\n\n";
  }
  // The text lists the failures last first, the report first first.
  for (size_t i = in.failed.size(); i-- > 0;) {
    const FailedAddress& f = in.failed[i];
    t += "  " + f.address + "\n";
    if (!f.top.empty() && f.top != f.address) t += "    (generated from " + f.top + ")\n";
    if (!f.host_name.empty()) t += "    host " + f.host_name + " [" + f.host_ip + "]\n";
    auto [head, reply] = split_smtp_error(f.message);
    t += "    " + head + "\n";
    if (!reply.empty()) t += "    " + reply + "\n";
  }
  t += "\n--" + in.boundary + "\n";
  t += "Content-type: message/delivery-status\n\n";
  t += reporting_mta(in);
  for (const FailedAddress& f : in.failed) {
    t += "\n";
    if (!f.orcpt.empty()) t += "Original-Recipient: " + f.orcpt + "\n";
    t += "Action: failed\n";
    t += "Final-Recipient: rfc822;" + (f.top.empty() ? f.address : f.top) + "\n";
    t += "Status: 5.0.0\n";
    if (!f.host_name.empty()) {
      t += "Remote-MTA: dns; " + f.host_name + "\n";
      if (in.dsn_info) {
        if (!f.host_ip.empty()) {
          t += "Remote-MTA: X-ip; [" + f.host_ip + "]";
          if (f.host_port != 25) t += ":" + std::to_string(f.host_port);
          t += "\n";
        }
        if (!f.greeting.empty()) {
          t += "X-Remote-MTA-smtp-greeting: X-str; " + info_value(f.greeting) + "\n";
        }
        if (!f.helo_response.empty()) {
          t += "X-Remote-MTA-helo-response: X-str; " + info_value(f.helo_response) + "\n";
        }
        if (!f.message.empty()) t += "X-Exim-Diagnostic: X-str; " + info_value(f.message) + "\n";
      }
    }
    auto [head, reply] = split_smtp_error(f.message);
    if (!reply.empty()) t += "Diagnostic-Code: smtp; " + reply + "\n";
  }
  t += "\n--" + in.boundary + "\n";
  t += returned_message(in, in.headers_only);
  t += "\n--" + in.boundary + "--\n";
  return b;
}

Bounce make_success_dsn(const BounceInput& in) {
  Bounce b;
  if (!in.reply_to.empty()) b.headers.push_back("Reply-To: " + in.reply_to + "\n");
  b.headers.push_back("From: " + from_of(in) + "\n");
  b.headers.push_back("Auto-Submitted: auto-generated\n");
  b.headers.push_back("To: " + in.recipient + "\n");
  b.headers.push_back("Subject: Delivery Status Notification\n");
  if (!in.original_message_id.empty()) {
    b.headers.push_back("References: " + in.original_message_id + "\n");
  }
  b.headers.push_back("Content-Type: multipart/report; report-type=delivery-status; boundary=" +
                      in.boundary + "\n");
  b.headers.push_back("MIME-Version: 1.0\n");
  b.headers.push_back("Message-Id: <E" + in.id + "@" + in.primary_hostname + ">\n");
  b.headers.push_back("Date: " + in.date + "\n");

  std::string& t = b.body;
  t += "--" + in.boundary + "\n";
  t += "Content-type: text/plain; charset=us-ascii\n\n";
  t += "This message was created automatically by mail delivery software.\n";
  t += " ----- The following addresses had successful delivery notifications -----\n";
  for (const DeliveredAddress& d : in.delivered) {
    // Why this MTA, not the next one, reports the delivery.
    const char* why = d.last_hop               ? "relayed via non DSN router"
                      : !d.host_name.empty()   ? "relayed to non-DSN-aware mailer"
                                               : "relayed via non \"Remote SMTP\" router";
    t += "<" + d.address + "> (" + why + ")\n\n";
  }
  t += "--" + in.boundary + "\n";
  t += "Content-type: message/delivery-status\n\n";
  t += reporting_mta(in);
  for (const DeliveredAddress& d : in.delivered) {
    t += "\n";
    if (!d.orcpt.empty()) t += "Original-Recipient: " + d.orcpt + "\n";
    t += "Action: delivered\n";
    t += "Final-Recipient: rfc822;" + d.address + "\n";
    t += "Status: 2.0.0\n";
    if (!d.host_name.empty()) {
      t += "Remote-MTA: dns; " + d.host_name + "\nDiagnostic-Code: smtp; 250 Ok\n";
    } else {
      t += d.last_hop ? "Diagnostic-Code: X-Exim; relayed via non DSN router\n"
                      : "Diagnostic-Code: X-Exim; relayed via non SMTP router\n";
    }
  }
  t += "\n--" + in.boundary + "\n";
  t += returned_message(in, true);
  t += "\n--" + in.boundary + "--\n";
  return b;
}

Bounce make_delay_warning(const BounceInput& in) {
  Bounce b;
  if (!in.reply_to.empty()) b.headers.push_back("Reply-To: " + in.reply_to + "\n");
  b.headers.push_back("Auto-Submitted: auto-replied\n");
  b.headers.push_back("From: " + from_of(in) + "\n");
  b.headers.push_back("To: " + in.recipient + "\n");
  if (!in.original_message_id.empty()) {
    b.headers.push_back("References: " + in.original_message_id + "\n");
  }
  b.headers.push_back("Content-Type: multipart/report; report-type=delivery-status; boundary=" +
                      in.boundary + "\n");
  b.headers.push_back("MIME-Version: 1.0\n");
  b.headers.push_back("Subject: Warning: message " + in.original_id + " delayed " + in.delay +
                      "\n");
  b.headers.push_back("Message-Id: <E" + in.id + "@" + in.primary_hostname + ">\n");
  b.headers.push_back("Date: " + in.date + "\n");

  std::string& t = b.body;
  t += "--" + in.boundary + "\n";
  t += "Content-type: text/plain; charset=us-ascii\n\n";
  t += "This message was created automatically by mail delivery software.\n";
  t += "A message that you sent has not yet been delivered to one or more of its\n"
       "recipients after more than " + in.delay + " on the queue on " + in.primary_hostname +
       ".\n\n";
  t += "The message identifier is:     " + in.original_id + "\n";
  if (!in.original_subject.empty()) t += "The subject of the message is: " + in.original_subject + "\n";
  if (!in.original_date.empty()) t += "The date of the message is:    " + in.original_date + "\n";
  t += "\nThe addresses to which the message has not yet been delivered are:\n\n";
  for (const FailedAddress& d : in.delayed) t += "  " + d.address + "\n";
  t += "\nNo action is required on your part. Delivery attempts will continue for\n"
       "some time, and this warning may be repeated at intervals if the message\n"
       "remains undelivered. Eventually the mail delivery software will give up,\n"
       "and when that happens, the message will be returned to you.\n";
  t += "\n--" + in.boundary + "\n";
  t += "Content-type: message/delivery-status\n\n";
  t += reporting_mta(in);
  for (const FailedAddress& d : in.delayed) {
    t += "\n";
    if (!d.orcpt.empty()) t += "Original-Recipient: " + d.orcpt + "\n";
    t += "Action: delayed\n";
    t += "Final-Recipient: rfc822;" + d.address + "\n";
    t += "Status: 4.0.0\n";
    if (!d.host_name.empty()) {
      t += "Remote-MTA: dns; " + d.host_name + "\n";
      auto [head, reply] = split_smtp_error(d.message);
      if (!reply.empty()) t += "Diagnostic-Code: smtp; " + reply + "\n";
    }
  }
  t += "\n--" + in.boundary + "\n";
  t += returned_message(in, true);
  t += "\n--" + in.boundary + "--\n";
  return b;
}

}  // namespace corvid::message
