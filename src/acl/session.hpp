// acl::Session: everything an ACL can ask of the SMTP session (or the
// non-SMTP reception) that runs it. The SMTP server implements it; unit
// tests implement a fake.
//
// It is an expand::Context, so ACL strings expand against it. Implementers
// provide session_variable() for ordinary variables; variable() first
// answers the ACL variables held in acl_variables() ($acl_c*, $acl_m*,
// $acl_arg*, $domain_data, $sender_rate ...), so "set" is visible at once.
//
// Hooks with a default that says "not yet supported" (verify, DNS, UDP)
// make the condition DEFER with a clear message until the subsystem exists;
// nothing here ever touches the system resolver or the network itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acl/result.hpp"
#include "acl/variables.hpp"
#include "acl/where.hpp"
#include "expand/context.hpp"
#include "lists/match.hpp"

namespace corvid::acl {

class RatelimitDb;

enum class VerifyKind {
  certificate,
  csa,
  header_names_ascii,
  header_sender,
  header_syntax,
  helo,
  not_blind,
  recipient,
  reverse_host_lookup,
  sender,
};

struct VerifyRequest {
  VerifyKind kind = VerifyKind::sender;
  std::optional<std::string> address;  // "sender=ADDRESS"
  std::vector<std::string> options;    // after the first '/', in order
  std::string text;                    // the whole expanded argument
};

enum class VerifyStatus { ok, fail, defer, unsupported };

struct VerifyOutcome {
  VerifyStatus status = VerifyStatus::unsupported;
  std::string user_message;  // for the SMTP reply (may be empty)
  std::string log_message;   // for the log (may be empty)
};

struct Recipient {
  std::string address;     // local_part@domain
  std::string local_part;  // as $local_part shows it now
  std::string domain;
};

enum class DnsStatus { found, not_found, defer, not_available };

struct DnsAnswer {
  DnsStatus status = DnsStatus::not_available;
  std::vector<std::string> records;  // A/AAAA addresses or TXT strings
};

enum class DnsType { a, txt };

class Session : public expand::Context {
 public:
  // --- where we are and who is talking
  virtual Where where() const = 0;
  virtual lists::Host host() const = 0;  // address empty: no remote host
  virtual std::string helo_name() const { return {}; }
  // nullopt before MAIL; "" for the null sender.
  virtual std::optional<std::string> sender() const { return std::nullopt; }
  // The recipient of the RCPT (or VRFY) being checked.
  virtual std::optional<Recipient> recipient() const { return std::nullopt; }
  // The authenticator's public name once AUTH succeeded.
  virtual std::optional<std::string> authenticator() const { return std::nullopt; }
  virtual std::optional<std::string> tls_cipher() const { return std::nullopt; }
  // $message_size: the SIZE= value before DATA, the real size after; -1
  // when unknown.
  virtual std::int64_t message_size() const { return -1; }
  virtual int recipients_count() const { return 0; }
  virtual std::chrono::system_clock::time_point now() const {
    return std::chrono::system_clock::now();
  }

  // --- ACL variables
  virtual Variables& acl_variables() = 0;
  const Variables& acl_variables() const { return const_cast<Session*>(this)->acl_variables(); }

  // --- hooks
  virtual VerifyOutcome verify(const VerifyRequest& request) {
    (void)request;
    return {};
  }
  virtual DnsAnswer dns_lookup(std::string_view name, DnsType type) {
    (void)name;
    (void)type;
    return {};
  }
  // logwrite, warn log_message, deferred-warn notes. `text` has no host
  // prefix; with_host asks for Exim's "H=(helo) [ip] " in front.
  virtual void log_write(std::string_view text, LogTargets targets, bool with_host) {
    (void)text;
    (void)targets;
    (void)with_host;
  }
  // Called as each control is obeyed (caseful_local_part must change
  // $local_part at once); the control is also recorded in the Result.
  virtual void apply_control(const ControlSetting& setting) { (void)setting; }
  // udpsend: false means "not supported" (the modifier then defers).
  virtual bool udp_send(std::string_view host, int port, std::string_view data) {
    (void)host;
    (void)port;
    (void)data;
    return false;
  }
  // The ratelimit hints database (<spool_directory>/db/ratelimit.lmdb);
  // nullptr: ratelimit defers.
  virtual RatelimitDb* ratelimit_db() { return nullptr; }
  // Reads an ACL file ("acl_smtp_rcpt = /etc/acls/x"); nullopt if unreadable.
  virtual std::optional<std::string> read_acl_file(const std::string& path) const;

  // expand::Context
  expand::VarStatus variable(std::string_view name, TString& out) const final;

 protected:
  virtual expand::VarStatus session_variable(std::string_view name, TString& out) const = 0;
};

}  // namespace corvid::acl
