// Tables of verbs, conditions/modifiers and controls (see names.hpp).
#include "acl/names.hpp"

#include <array>

namespace corvid::acl {
namespace {

using W = Where;

constexpr std::array<std::string_view, 7> kVerbs = {"accept", "defer",   "deny", "discard",
                                                     "drop",   "require", "warn"};

// Sets used by several entries.
constexpr WhereSet kNotSmtp = bits(W::not_smtp, W::not_smtp_start);
constexpr WhereSet kMessageAcls =
    bits(W::mail, W::rcpt, W::predata, W::data, W::prdr, W::mime, W::not_smtp, W::dkim,
         W::not_smtp_start);
constexpr WhereSet only(WhereSet allowed) { return kAllWheres & ~allowed; }
constexpr WhereSet kSenderForbidden = bits(W::auth, W::connect, W::helo, W::mailauth, W::quit,
                                           W::etrn, W::expn, W::starttls, W::vrfy);
constexpr WhereSet kSpfForbidden = bits(W::auth, W::connect, W::helo, W::mailauth, W::etrn,
                                        W::expn, W::not_smtp, W::not_smtp_start, W::starttls,
                                        W::vrfy);
constexpr WhereSet kScanAcls = bits(W::data, W::prdr, W::not_smtp);

// Alphabetical, as Exim lists them. {id, name, modifier, expanded, forbidden}
constexpr std::array<CondInfo, 38> kConds = {{
    {Cond::acl, "acl", false, false, 0},
    {Cond::add_header, "add_header", true, true, only(kMessageAcls)},
    {Cond::authenticated, "authenticated", false, true, kNotSmtp | bits(W::connect, W::helo)},
    {Cond::condition, "condition", false, true, 0},
    {Cond::continue_, "continue", true, true, 0},
    {Cond::control, "control", true, true, 0},
    {Cond::dcc, "dcc", false, true, only(bits(W::data, W::not_smtp))},
    {Cond::decode, "decode", false, true, only(bit(W::mime))},
    {Cond::delay, "delay", true, true, bit(W::notquit)},
    {Cond::dkim_signers, "dkim_signers", false, true, only(bit(W::dkim))},
    {Cond::dkim_status, "dkim_status", false, true, only(bit(W::dkim))},
    {Cond::dmarc_status, "dmarc_status", false, true, only(bit(W::data))},
    {Cond::dnslists, "dnslists", false, true, kNotSmtp},
    {Cond::domains, "domains", false, true, only(bits(W::rcpt, W::vrfy, W::prdr))},
    {Cond::encrypted, "encrypted", false, true, kNotSmtp | bit(W::helo)},
    {Cond::endpass, "endpass", true, false, 0},
    {Cond::hosts, "hosts", false, true, kNotSmtp},
    {Cond::local_parts, "local_parts", false, true, only(bits(W::rcpt, W::vrfy, W::prdr))},
    {Cond::log_message, "log_message", true, true, 0},
    {Cond::log_reject_target, "log_reject_target", true, true, 0},
    {Cond::logwrite, "logwrite", true, true, 0},
    {Cond::malware, "malware", false, true, only(kScanAcls)},
    {Cond::message, "message", true, true, 0},
    {Cond::mime_regex, "mime_regex", false, true, only(bit(W::mime))},
    {Cond::queue, "queue", true, true, bit(W::data)},
    {Cond::ratelimit, "ratelimit", false, true, 0},
    {Cond::recipients, "recipients", false, true, only(bits(W::rcpt, W::prdr))},
    {Cond::regex, "regex", false, true, only(bits(W::data, W::mime, W::not_smtp, W::prdr))},
    {Cond::remove_header, "remove_header", true, true, only(kMessageAcls)},
    {Cond::seen, "seen", false, true, 0},
    {Cond::sender_domains, "sender_domains", false, true, kSenderForbidden},
    {Cond::senders, "senders", false, true, kSenderForbidden},
    {Cond::set, "set", true, true, 0},
    {Cond::spam, "spam", false, true, only(kScanAcls)},
    {Cond::spf, "spf", false, true, kSpfForbidden},
    {Cond::spf_guess, "spf_guess", false, true, kSpfForbidden},
    {Cond::udpsend, "udpsend", true, true, 0},
    {Cond::verify, "verify", false, true, bit(W::not_smtp_start)},
}};

constexpr WhereSet kReceiving =
    bits(W::mail, W::rcpt, W::predata, W::data, W::mime, W::prdr, W::dkim);

constexpr std::array<ControlInfo, 24> kControls = {{
    {Control::allow_auth_unadvertised, "allow_auth_unadvertised", false,
     only(bits(W::connect, W::helo))},
    {Control::caseful_local_part, "caseful_local_part", false, only(bit(W::rcpt))},
    {Control::caselower_local_part, "caselower_local_part", false, only(bit(W::rcpt))},
    {Control::cutthrough_delivery, "cutthrough_delivery", true, kNotSmtp},
    {Control::debug, "debug", true, 0},
    {Control::dkim_disable_verify, "dkim_disable_verify", false,
     bits(W::data, W::dkim, W::not_smtp)},
    {Control::dmarc_disable_verify, "dmarc_disable_verify", false, bits(W::data, W::not_smtp)},
    {Control::dmarc_enable_forensic, "dmarc_enable_forensic", false,
     bits(W::data, W::not_smtp)},
    {Control::dscp, "dscp", true, kNotSmtp},
    {Control::enforce_sync, "enforce_sync", false, kNotSmtp},
    {Control::error, "error", false, 0},
    {Control::fakedefer, "fakedefer", true, only(kReceiving)},
    {Control::fakereject, "fakereject", true, only(kReceiving)},
    {Control::freeze, "freeze", true, only(kMessageAcls)},
    {Control::no_callout_flush, "no_callout_flush", false, kNotSmtp},
    {Control::no_delay_flush, "no_delay_flush", false, kNotSmtp},
    {Control::no_enforce_sync, "no_enforce_sync", false, kNotSmtp},
    {Control::no_mbox_unspool, "no_mbox_unspool", false,
     only(kReceiving | bit(W::not_smtp))},
    {Control::no_multiline_responses, "no_multiline_responses", false, kNotSmtp},
    {Control::no_pipelining, "no_pipelining", false, kNotSmtp},
    {Control::queue, "queue", true, only(kMessageAcls)},
    {Control::submission, "submission", true, only(bits(W::mail, W::rcpt, W::predata))},
    {Control::suppress_local_fixups, "suppress_local_fixups", false,
     only(bits(W::mail, W::rcpt, W::predata, W::not_smtp_start))},
    {Control::utf8_downconvert, "utf8_downconvert", true, only(bits(W::rcpt, W::vrfy))},
}};

}  // namespace

std::optional<Verb> find_verb(std::string_view word) {
  for (size_t i = 0; i < kVerbs.size(); ++i) {
    if (kVerbs[i] == word) {
      return static_cast<Verb>(i);
    }
  }
  return std::nullopt;
}

std::string_view verb_name(Verb v) { return kVerbs[static_cast<size_t>(v)]; }

const CondInfo* find_cond(std::string_view name) {
  for (const CondInfo& c : kConds) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

const CondInfo& cond_info(Cond id) { return kConds[static_cast<size_t>(id)]; }

const ControlInfo* find_control(std::string_view name) {
  if (name == "queue_only") {
    return &control_info(Control::queue);
  }
  for (const ControlInfo& c : kControls) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

const ControlInfo& control_info(Control id) { return kControls[static_cast<size_t>(id)]; }

}  // namespace corvid::acl
