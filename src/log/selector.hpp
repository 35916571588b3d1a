// log_selector: which optional log lines and fields are written.
//
// Promises: every selector name Exim 4.96 accepts, with 4.96's default
// state; parse() applies a `+name -name ...` setting to the defaults left to
// right exactly as Exim does (names are case-sensitive, `all` sets or clears
// every bit, a sign may directly follow a name: `+all-pid`) and fails with
// Exim's own wording ("unknown log_selector setting: +foo", "malformed
// log_selector setting: + or - expected but found \"all\""). Testing a bit
// is one AND on a 64-bit word, cheap enough for every log call.
//
// Callers: config validation at load (to report the error), the Logger
// (which holds one Selector for the life of a Config), event renderers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace corvid::log {

// One bit per selector, alphabetical (the order `exim -bP` would print).
enum class Sel : std::uint8_t {
  eightbitmime,  // "8bitmime"
  acl_warn_skipped,
  address_rewrite,
  all_parents,
  arguments,
  connection_reject,
  delay_delivery,
  deliver_time,
  delivery_size,
  dkim,
  dkim_verbose,
  dnslist_defer,
  dnssec,
  etrn,
  host_lookup_failed,
  ident_timeout,
  incoming_interface,
  incoming_port,
  lost_incoming_connection,
  millisec,
  msg_id,
  msg_id_created,
  outgoing_interface,
  outgoing_port,
  pid,
  pipelining,
  protocol_detail,  // accepted and ignored, as in 4.96
  proxy,
  queue_run,
  queue_time,
  queue_time_exclusive,
  queue_time_overall,
  receive_time,
  received_recipients,
  received_sender,
  rejected_header,  // also spelt "rejected_headers"
  retry_defer,
  return_path_on_delivery,
  sender_on_delivery,
  sender_verify_fail,
  size_reject,
  skip_delivery,
  smtp_confirmation,
  smtp_connection,
  smtp_incomplete_transaction,
  smtp_mailauth,
  smtp_no_mail,
  smtp_protocol_error,
  smtp_syntax_error,
  subject,
  tls_certificate_verified,
  tls_cipher,
  tls_peerdn,
  tls_resumption,
  tls_sni,
  unknown_in_list,
  count_  // not a selector
};

struct SelectorInfo {
  std::string_view name;
  Sel sel;
  bool on_by_default;
};

// Every name parse() accepts except "all", aliases included, sorted by name.
std::span<const SelectorInfo> selector_table();
// The canonical name of a selector ("8bitmime" for Sel::eightbitmime).
std::string_view selector_name(Sel s);

struct SelectorError {
  // Exim's text without the "Exim configuration error:" heading.
  std::string message;
};

class Selector {
 public:
  // Exim's default selection.
  Selector();
  static Selector none() { return Selector(0); }
  static Selector all();
  // `setting` applied to the defaults; an empty or unset option gives the
  // defaults.
  static std::variant<Selector, SelectorError> parse(std::string_view setting);

  bool has(Sel s) const { return (bits_ >> static_cast<unsigned>(s)) & 1u; }
  bool operator()(Sel s) const { return has(s); }
  Selector& set(Sel s, bool on = true);
  // The selection as `+name -name` relative to the defaults (sorted).
  std::string describe() const;
  std::uint64_t bits() const { return bits_; }
  bool operator==(const Selector&) const = default;

 private:
  explicit Selector(std::uint64_t bits) : bits_(bits) {}
  std::uint64_t bits_;
};

}  // namespace corvid::log
