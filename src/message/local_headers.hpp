// The header changes Exim makes to a message submitted locally (-bm, -t):
// bare local parts in address headers qualified, recipients taken from
// To/Cc/Bcc with -t (and Bcc: removed), and Message-Id:, From: and Date:
// added when missing. A rewritten or removed header is kept, marked
// deleted, as Exim keeps it in the spool; a rewritten one is followed by
// its new version.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace corvid::message {

struct Header {
  std::string text;  // "Name: value\n", continuations included
  bool deleted = false;
  bool added = false;  // created here (not in the submitted message)
};

struct LocalSubmission {
  std::string message_id;   // Exim's id: Message-Id: <E<id>@<primary_hostname>>
  std::string primary_hostname;
  std::string qualify_domain;     // for From:, Sender:, Reply-To:
  std::string qualify_recipient;  // for To:, Cc:, Bcc:
  std::optional<std::string> sender;  // nullopt: the null sender (<>): no From: added
  std::string user_address;           // login@qualify_domain
  bool sender_given = false;          // -f: From: shows the bare sender
  // -F, else (without -f) the caller's name from the password file; a
  // From: without a name is the bare address.
  std::optional<std::string> full_name;
  bool extract_recipients = false;       // -t
  std::string date;                      // "Sun, 22 Nov 2026 08:42:18 +0000"
};

// Adds Message-Id:, From: and Date: where missing (what Exim's
// "control = submission" does to a message received by SMTP, and the last
// step of fix_local_headers).
void add_missing_headers(std::vector<Header>& headers, const LocalSubmission& s);

// The header's name, "" when the line is not "Name: ...".
std::string header_name(const std::string& text);

// Applies the changes to `headers`; with -t, returns the recipients found
// as written there (in order, duplicates kept out), else an empty list.
std::vector<std::string> fix_local_headers(std::vector<Header>& headers,
                                           const LocalSubmission& s);

}  // namespace corvid::message
