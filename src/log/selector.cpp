// log_selector parsing; see selector.hpp. Defaults and names checked against
// exim4 4.96 (every name below is accepted by `exim4 -C conf -bV` with
// `log_selector = +name`; the error texts are the ones it prints).
#include "log/selector.hpp"

#include <algorithm>
#include <array>

namespace corvid::log {
namespace {

constexpr std::array kTable = {
    SelectorInfo{"8bitmime", Sel::eightbitmime, false},
    SelectorInfo{"acl_warn_skipped", Sel::acl_warn_skipped, true},
    SelectorInfo{"address_rewrite", Sel::address_rewrite, false},
    SelectorInfo{"all_parents", Sel::all_parents, false},
    SelectorInfo{"arguments", Sel::arguments, false},
    SelectorInfo{"connection_reject", Sel::connection_reject, true},
    SelectorInfo{"delay_delivery", Sel::delay_delivery, true},
    SelectorInfo{"deliver_time", Sel::deliver_time, false},
    SelectorInfo{"delivery_size", Sel::delivery_size, false},
    SelectorInfo{"dkim", Sel::dkim, true},
    SelectorInfo{"dkim_verbose", Sel::dkim_verbose, false},
    SelectorInfo{"dnslist_defer", Sel::dnslist_defer, true},
    SelectorInfo{"dnssec", Sel::dnssec, false},
    SelectorInfo{"etrn", Sel::etrn, true},
    SelectorInfo{"host_lookup_failed", Sel::host_lookup_failed, true},
    SelectorInfo{"ident_timeout", Sel::ident_timeout, false},
    SelectorInfo{"incoming_interface", Sel::incoming_interface, false},
    SelectorInfo{"incoming_port", Sel::incoming_port, false},
    SelectorInfo{"lost_incoming_connection", Sel::lost_incoming_connection, true},
    SelectorInfo{"millisec", Sel::millisec, false},
    SelectorInfo{"msg_id", Sel::msg_id, true},
    SelectorInfo{"msg_id_created", Sel::msg_id_created, false},
    // On by default in 4.96: it only matters once incoming_interface is set.
    SelectorInfo{"outgoing_interface", Sel::outgoing_interface, true},
    SelectorInfo{"outgoing_port", Sel::outgoing_port, false},
    SelectorInfo{"pid", Sel::pid, false},
    SelectorInfo{"pipelining", Sel::pipelining, false},
    SelectorInfo{"protocol_detail", Sel::protocol_detail, false},
    SelectorInfo{"proxy", Sel::proxy, false},
    SelectorInfo{"queue_run", Sel::queue_run, true},
    SelectorInfo{"queue_time", Sel::queue_time, false},
    SelectorInfo{"queue_time_exclusive", Sel::queue_time_exclusive, false},
    SelectorInfo{"queue_time_overall", Sel::queue_time_overall, false},
    SelectorInfo{"receive_time", Sel::receive_time, false},
    SelectorInfo{"received_recipients", Sel::received_recipients, false},
    SelectorInfo{"received_sender", Sel::received_sender, false},
    SelectorInfo{"rejected_header", Sel::rejected_header, true},
    SelectorInfo{"rejected_headers", Sel::rejected_header, true},
    SelectorInfo{"retry_defer", Sel::retry_defer, true},
    SelectorInfo{"return_path_on_delivery", Sel::return_path_on_delivery, false},
    SelectorInfo{"sender_on_delivery", Sel::sender_on_delivery, false},
    SelectorInfo{"sender_verify_fail", Sel::sender_verify_fail, true},
    SelectorInfo{"size_reject", Sel::size_reject, true},
    SelectorInfo{"skip_delivery", Sel::skip_delivery, true},
    SelectorInfo{"smtp_confirmation", Sel::smtp_confirmation, true},
    SelectorInfo{"smtp_connection", Sel::smtp_connection, false},
    SelectorInfo{"smtp_incomplete_transaction", Sel::smtp_incomplete_transaction, false},
    SelectorInfo{"smtp_mailauth", Sel::smtp_mailauth, false},
    SelectorInfo{"smtp_no_mail", Sel::smtp_no_mail, false},
    SelectorInfo{"smtp_protocol_error", Sel::smtp_protocol_error, false},
    SelectorInfo{"smtp_syntax_error", Sel::smtp_syntax_error, false},
    SelectorInfo{"subject", Sel::subject, false},
    SelectorInfo{"tls_certificate_verified", Sel::tls_certificate_verified, true},
    SelectorInfo{"tls_cipher", Sel::tls_cipher, true},
    SelectorInfo{"tls_peerdn", Sel::tls_peerdn, false},
    SelectorInfo{"tls_resumption", Sel::tls_resumption, false},
    SelectorInfo{"tls_sni", Sel::tls_sni, false},
    SelectorInfo{"unknown_in_list", Sel::unknown_in_list, false},
};

constexpr unsigned kCount = static_cast<unsigned>(Sel::count_);
static_assert(kCount <= 64, "selectors must fit one word");
constexpr std::uint64_t kAllBits = kCount == 64 ? ~0ull : ((1ull << kCount) - 1);

std::uint64_t bit(Sel s) { return 1ull << static_cast<unsigned>(s); }

std::uint64_t default_bits() {
  std::uint64_t b = 0;
  for (const auto& i : kTable) {
    if (i.on_by_default) {
      b |= bit(i.sel);
    }
  }
  return b;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const SelectorInfo* find(std::string_view name) {
  auto it = std::lower_bound(kTable.begin(), kTable.end(), name,
                             [](const SelectorInfo& i, std::string_view n) { return i.name < n; });
  return (it != kTable.end() && it->name == name) ? &*it : nullptr;
}

}  // namespace

std::span<const SelectorInfo> selector_table() { return kTable; }

std::string_view selector_name(Sel s) {
  for (const auto& i : kTable) {
    if (i.sel == s) {
      return i.name;
    }
  }
  return {};
}

Selector::Selector() : bits_(default_bits()) {}

Selector Selector::all() { return Selector(kAllBits); }

Selector& Selector::set(Sel s, bool on) {
  bits_ = on ? (bits_ | bit(s)) : (bits_ & ~bit(s));
  return *this;
}

std::variant<Selector, SelectorError> Selector::parse(std::string_view setting) {
  std::uint64_t bits = default_bits();
  std::size_t i = 0;
  while (true) {
    while (i < setting.size() && is_white(setting[i])) {
      ++i;
    }
    if (i >= setting.size()) {
      break;
    }
    char sign = setting[i];
    if (sign != '+' && sign != '-') {
      return SelectorError{"malformed log_selector setting: + or - expected but found \"" +
                           std::string(setting.substr(i)) + "\""};
    }
    std::size_t start = ++i;
    while (i < setting.size() && is_name_char(setting[i])) {
      ++i;
    }
    std::string_view name = setting.substr(start, i - start);
    std::uint64_t mask = 0;
    if (name == "all") {
      mask = kAllBits;
    } else if (const SelectorInfo* info = find(name)) {
      mask = bit(info->sel);
    } else {
      return SelectorError{"unknown log_selector setting: " + std::string(1, sign) +
                           std::string(name)};
    }
    bits = sign == '+' ? (bits | mask) : (bits & ~mask);
  }
  return Selector(bits);
}

std::string Selector::describe() const {
  std::string out;
  const std::uint64_t defaults = default_bits();
  for (const auto& i : kTable) {
    if (i.name == "rejected_headers") {
      continue;
    }
    bool on = has(i.sel);
    if (on != bool(defaults & bit(i.sel))) {
      out += out.empty() ? "" : " ";
      out += on ? '+' : '-';
      out += i.name;
    }
  }
  return out;
}

}  // namespace corvid::log
