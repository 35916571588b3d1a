#include "rewrite/rewrite.hpp"

#include <cctype>

#include "expand/expansion.hpp"
#include "lists/match.hpp"
#include "lookup/regex.hpp"
#include "message/address_list.hpp"
#include "util/strings.hpp"

namespace corvid::rewrite {
namespace {

// $local_part and $domain of the address being rewritten, over `base`.
class RewriteContext final : public expand::Context {
 public:
  RewriteContext(const expand::Context& base, std::string local_part, std::string domain)
      : base_(base), local_part_(std::move(local_part)), domain_(std::move(domain)) {}
  expand::VarStatus variable(std::string_view n, TString& out) const override {
    if (n == "local_part") {
      out = TString(local_part_, true);
      return expand::VarStatus::found;
    }
    if (n == "domain") {
      out = TString(domain_, true);
      return expand::VarStatus::found;
    }
    return base_.variable(n, out);
  }
  bool header(std::string_view name, expand::HeaderMode mode, TString& out) const override {
    return base_.header(name, mode, out);
  }
  const lists::NamedList* named_list(lists::Kind k, std::string_view n) const override {
    return base_.named_list(k, n);
  }
  bool expand_list(std::string_view text, std::string& out, std::string& error) const override {
    return base_.expand_list(text, out, error);
  }
  std::vector<std::string> host_addresses(std::string_view name) const override {
    return base_.host_addresses(name);
  }
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  lists::NamedListCache* named_list_cache() const override { return base_.named_list_cache(); }

 private:
  const expand::Context& base_;
  std::string local_part_, domain_;
};

// One side of an address pattern: "*" (anything), "*suffix" (a suffix,
// the rest captured), or the text itself (caselessly).
bool match_part(std::string_view pattern, std::string_view value, std::vector<TString>& caps) {
  if (!pattern.empty() && pattern.front() == '*') {
    std::string suffix = util::lower(pattern.substr(1));
    std::string v = util::lower(value);
    if (v.size() < suffix.size() || v.compare(v.size() - suffix.size(), suffix.size(), suffix)) {
      return false;
    }
    caps.emplace_back(std::string(value.substr(0, value.size() - suffix.size())), true);
    return true;
  }
  return util::lower(pattern) == util::lower(value);
}

// Whether `pattern` (expanded) selects `address`; `caps` gets $0, $1...
bool matches(const std::string& pattern, const std::string& address, const expand::Context& ctx,
             std::vector<TString>& caps) {
  caps.assign(1, TString(address, true));
  size_t at = address.rfind('@');
  std::string local = address.substr(0, at), domain = address.substr(at + 1);
  if (pattern.starts_with('^')) {
    std::string error;
    auto re = lookup::Regex::compile(pattern, true, error);
    std::vector<std::string> groups;
    if (!re || !re->match(address, &groups)) return false;
    caps.clear();
    for (std::string& g : groups) caps.emplace_back(std::move(g), true);
    return true;
  }
  // Lookups and named lists: a yes or no, with $0 only.
  if (pattern.find(';') != std::string::npos || pattern.starts_with('+')) {
    return lists::match_address(address, pattern, ctx).match == lists::Match::yes;
  }
  size_t pat_at = pattern.rfind('@');
  if (pat_at == std::string::npos) return match_part(pattern, domain, caps);  // a domain
  return match_part(std::string_view(pattern).substr(0, pat_at), local, caps) &&
         match_part(std::string_view(pattern).substr(pat_at + 1), domain, caps);
}

bool atom_start(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~\"<.").find(c) != std::string_view::npos;
}

// Applies `rule` once; the new address, or nullopt when it does not apply.
std::optional<std::string> apply(const Rule& rule, const std::string& address,
                                 const expand::Context& ctx, const LogFn& log) {
  expand::Result p = expand::expand(*rule.pattern_expansion, ctx);
  if (!p.ok()) {
    if (p.status == expand::Status::error) {
      log("failed to expand \"" + rule.pattern + "\" while checking a list: " + p.message);
    }
    return std::nullopt;
  }
  std::vector<TString> caps;
  if (!matches(p.value.text, address, ctx, caps)) return std::nullopt;
  size_t at = address.rfind('@');
  RewriteContext rctx(ctx, address.substr(0, at), address.substr(at + 1));
  expand::Result r = expand::expand(*rule.replacement_expansion, rctx, std::move(caps));
  if (!r.ok()) return std::nullopt;  // forced failure: no rewriting
  std::string out(r.value.text);
  if (out.empty() || !atom_start(out.front())) {
    log("Rewrite of " + address + " yielded unparseable address: missing or malformed local " +
        "part (expected word or \"<\") in address " + out);
    return std::nullopt;
  }
  if (out.find('@') == std::string::npos) {
    log("Rewrite of " + address + " yielded unqualified address \"" + out + "\"");
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::string rewrite_address(const RuleSet& rules, const std::string& address, unsigned field,
                            const expand::Context& ctx, const LogFn& log,
                            std::vector<std::string>* steps) {
  std::string current = address;
  if (current.find('@') == std::string::npos) return current;
  for (const Rule& rule : rules.rules()) {
    if (!(rule.fields & field)) continue;
    bool applied = false;
    for (int round = 0; round < (rule.repeat ? 10 : 1); ++round) {
      std::optional<std::string> next = apply(rule, current, ctx, log);
      if (!next) break;
      if (steps != nullptr) steps->push_back(current);
      current = *next;
      applied = true;
    }
    if (applied && rule.quit) break;
  }
  return current;
}

unsigned header_field(const std::string& line) {
  std::string name = util::lower(line.substr(0, line.find(':')));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  if (name == "from") return kFrom;
  if (name == "to") return kTo;
  if (name == "cc") return kCc;
  if (name == "bcc") return kBcc;
  if (name == "reply-to") return kReplyTo;
  if (name == "sender") return kSender;
  return 0;
}

std::optional<std::string> rewrite_header(const RuleSet& rules, const std::string& line,
                                          unsigned field, const expand::Context& ctx,
                                          const LogFn& log) {
  size_t colon = line.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string value = line.substr(colon + 1);
  bool changed = false;
  // Last first, so that the spans before stay where they are.
  std::vector<message::AddressSpan> spans = message::find_addresses(value);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    std::string rewritten = rewrite_address(rules, it->address, field, ctx, log);
    if (rewritten == it->address) continue;
    value.replace(it->begin, it->end - it->begin, rewritten);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return line.substr(0, colon + 1) + value;
}

}  // namespace corvid::rewrite
