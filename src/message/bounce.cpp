#include "message/bounce.hpp"

namespace corvid::message {

std::pair<std::string, std::string> split_smtp_error(const std::string& message) {
  static const std::string kPrefix = "SMTP error from remote mail server after ";
  if (message.rfind(kPrefix, 0) != 0) return {message, {}};
  // The command has no ": " of its own ("RCPT TO:<a>", "end of data").
  size_t sep = message.find(": ", kPrefix.size());
  if (sep == std::string::npos) return {message, {}};
  return {message.substr(0, sep + 1), message.substr(sep + 2)};
}

Bounce make_bounce(const BounceInput& in) {
  Bounce b;
  std::string failed_list;
  for (size_t i = in.failed.size(); i-- > 0;) {
    failed_list += (failed_list.empty() ? "" : ",\n  ") + in.failed[i].address;
  }
  b.headers.push_back("X-Failed-Recipients: " + failed_list + "\n");
  b.headers.push_back("Auto-Submitted: auto-replied\n");
  b.headers.push_back("From: Mail Delivery System <Mailer-Daemon@" + in.qualify_domain + ">\n");
  b.headers.push_back("To: " + in.recipient + "\n");
  if (!in.original_message_id.empty()) {
    b.headers.push_back("References: " + in.original_message_id + "\n");
  }
  b.headers.push_back("Content-Type: multipart/report; report-type=delivery-status; boundary=" +
                      in.boundary + "\n");
  b.headers.push_back("MIME-Version: 1.0\n");
  b.headers.push_back("Subject: Mail delivery failed: returning message to sender\n");
  b.headers.push_back("Message-Id: <E" + in.id + "@" + in.primary_hostname + ">\n");
  b.headers.push_back("Date: " + in.date + "\n");

  std::string& t = b.body;
  t += "--" + in.boundary + "\n";
  t += "Content-type: text/plain; charset=us-ascii\n\n";
  t += "This message was created automatically by mail delivery software.\n\n";
  t += "A message that you sent could not be delivered to one or more of its\n"
       "recipients. This is a permanent error. The following address(es) failed:\n\n";
  // The text lists the failures last first, the report first first.
  for (size_t i = in.failed.size(); i-- > 0;) {
    const FailedAddress& f = in.failed[i];
    t += "  " + f.address + "\n";
    if (!f.host_name.empty()) t += "    host " + f.host_name + " [" + f.host_ip + "]\n";
    auto [head, reply] = split_smtp_error(f.message);
    t += "    " + head + "\n";
    if (!reply.empty()) t += "    " + reply + "\n";
  }
  t += "\n--" + in.boundary + "\n";
  t += "Content-type: message/delivery-status\n\n";
  t += "Reporting-MTA: dns; " + in.primary_hostname + "\n";
  for (const FailedAddress& f : in.failed) {
    t += "\nAction: failed\n";
    t += "Final-Recipient: rfc822;" + f.address + "\n";
    t += "Status: 5.0.0\n";
    if (!f.host_name.empty()) t += "Remote-MTA: dns; " + f.host_name + "\n";
    auto [head, reply] = split_smtp_error(f.message);
    if (!reply.empty()) t += "Diagnostic-Code: smtp; " + reply + "\n";
  }
  t += "\n--" + in.boundary + "\n";
  t += "Content-type: message/rfc822\n\n";
  t += in.original_headers + "\n" + in.original_body;
  t += "\n--" + in.boundary + "--\n";
  return b;
}

}  // namespace corvid::message
