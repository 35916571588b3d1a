// Address rewriting (the "begin rewrite" section), as Exim 4.96 does it.
// A rule is "pattern replacement [flags]": the pattern (expanded, then
// matched as one address-list item: "*@domain", "*suffix@domain",
// "local@*.domain", a "^regex", a bare domain, a lookup) selects the
// address; the replacement is expanded with $0 (the address), $1... (what
// the wildcards or the regex captured), $local_part and $domain, and must
// give a qualified address ("Rewrite of A yielded unqualified address" or
// "... unparseable address" otherwise, and the rule does not apply). Flags
// say where the rule applies: E (F envelope sender, T envelope
// recipients), h (f From:, t To:, c Cc:, b Bcc:, r Reply-To:, s Sender:),
// none meaning all of those; q stops after this rule, R repeats it (up to
// ten times). Later rules see the address as earlier ones left it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/load_error.hpp"
#include "expand/context.hpp"
#include "expand/expansion.hpp"

namespace corvid::rewrite {

// Where an address is (one flag letter each in a rule).
enum Field : unsigned {
  kEnvelopeFrom = 1u << 0,  // F
  kEnvelopeTo = 1u << 1,    // T
  kBcc = 1u << 2,           // b
  kCc = 1u << 3,            // c
  kFrom = 1u << 4,          // f
  kReplyTo = 1u << 5,       // r
  kSender = 1u << 6,        // s
  kTo = 1u << 7,            // t
  kSmtpTime = 1u << 8,      // S (rewriting at SMTP time; not done yet)
  kEnvelope = kEnvelopeFrom | kEnvelopeTo,
  kHeaders = kBcc | kCc | kFrom | kReplyTo | kSender | kTo,
};

struct Rule {
  std::string pattern;
  std::string replacement;
  // Both compiled once, when the rules are read.
  std::shared_ptr<const expand::Expansion> pattern_expansion, replacement_expansion;
  unsigned fields = 0;
  bool quit = false;    // q
  bool repeat = false;  // R
};

class RuleSet {
 public:
  // The configuration's rules, parsed once per configuration; nullopt
  // with `error` for a line Exim would refuse.
  static std::shared_ptr<const RuleSet> of(const config::Config& config,
                                           std::optional<config::LoadError>* error = nullptr);
  const std::vector<Rule>& rules() const { return rules_; }
  bool applies_to(unsigned field) const { return (fields_ & field) != 0; }

 private:
  std::vector<Rule> rules_;
  unsigned fields_ = 0;
};

// Complaints go to the main log: `log` receives their text.
using LogFn = std::function<void(const std::string&)>;

// `address` (local@domain) as the rules leave it for `field`. `steps`,
// when given, receives the address as it was before each rule that
// changed it (Exim records those as X-rewrote-* lines).
std::string rewrite_address(const RuleSet& rules, const std::string& address, unsigned field,
                            const expand::Context& ctx, const LogFn& log,
                            std::vector<std::string>* steps = nullptr);

// A header line ("Name: value\n") with the addresses in it rewritten for
// `field`; nullopt when nothing changed.
std::optional<std::string> rewrite_header(const RuleSet& rules, const std::string& line,
                                          unsigned field, const expand::Context& ctx,
                                          const LogFn& log);

// The Field a header line's addresses are in (From: -> kFrom ...), 0 for
// a header that is not rewritten.
unsigned header_field(const std::string& line);

}  // namespace corvid::rewrite
