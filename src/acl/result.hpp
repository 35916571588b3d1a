// What running an ACL yields: the decision, the texts for the SMTP reply and
// the log, and the side effects the session must apply (headers to add or
// remove, controls, named queue, accumulated delay).
//
// Delay: the evaluator never sleeps. Every "delay =" obeyed adds to
// Result::delay; the asynchronous SMTP session waits that long (flushing
// output first unless control = no_delay_flush was seen) before it sends
// the reply. This keeps one thread free to serve other sessions.
//
// Callers: the SMTP server and the non-SMTP reception path.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace corvid::acl {

enum class Status {
  ok,       // accept
  fail,     // deny (also "require" failing, endpass, running off the end)
  defer,    // defer verb or a condition that could not be completed
  discard,  // accept, but drop the recipient / message
  drop,     // deny and close the connection
  error,    // broken ACL (bad syntax, expansion error, forbidden condition)
};

std::string_view status_name(Status s);  // "ACCEPT", "DENY", ... as -bh prints

// Which logs a line goes to (logwrite prefixes, log_reject_target).
struct LogTargets {
  bool main = true;
  bool reject = false;
  bool panic = false;
  // Written only when log_selector has dnslist_defer (on by default).
  bool dnslist_defer = false;
  bool operator==(const LogTargets&) const = default;
};

enum class HeaderPosition { at_end, at_start, after_received, at_start_rfc };

struct AddedHeader {
  std::string text;  // one header line, no trailing newline (may be folded)
  HeaderPosition position = HeaderPosition::at_end;
  bool operator==(const AddedHeader&) const = default;
};

// Every control Exim 4.96 knows.
enum class Control {
  allow_auth_unadvertised,
  caseful_local_part,
  caselower_local_part,
  cutthrough_delivery,
  debug,
  dkim_disable_verify,
  dmarc_disable_verify,
  dmarc_enable_forensic,
  dscp,
  enforce_sync,
  error,
  fakedefer,
  fakereject,
  freeze,
  no_callout_flush,
  no_delay_flush,
  no_enforce_sync,
  no_mbox_unspool,
  no_multiline_responses,
  no_pipelining,
  queue,  // also "queue_only"
  submission,
  suppress_local_fixups,
  utf8_downconvert,
};

// One obeyed "control =": which control and the text after its first '/'
// (options, e.g. "no_tell", "first_pass_route", a fakereject message).
struct ControlSetting {
  Control control;
  std::string options;
  bool operator==(const ControlSetting&) const = default;
};

struct Result {
  Status status = Status::fail;
  // The expanded "message" text (may start with "550 5.7.1 "), or empty
  // when none applies: use default_reply() then.
  std::string user_message;
  // What goes after "rejected RCPT <x>: " in the log; empty for nothing.
  std::string log_message;
  std::chrono::milliseconds delay{0};
  std::vector<AddedHeader> add_headers;
  std::vector<std::string> remove_headers;
  std::vector<ControlSetting> controls;  // in the order obeyed
  std::optional<std::string> queue;      // "queue =" modifier, last one wins
  LogTargets reject_log{true, true, false};  // log_reject_target
  bool endpass = false;   // the decision came from a failure after endpass
  bool implicit = false;  // ran off the end of the ACL (implicit deny)

  bool has_control(Control c) const;
};

}  // namespace corvid::acl
