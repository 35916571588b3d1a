// Reading the "begin rewrite" section into rules, once per configuration.
#include <algorithm>
#include <map>
#include <mutex>

#include "rewrite/rewrite.hpp"

namespace corvid::rewrite {
namespace {

// One item of a rule line: quoted ("...", with \" \\ \n \t) or up to white
// space.
std::string next_item(const std::string& line, size_t& pos) {
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
  std::string out;
  if (pos < line.size() && line[pos] == '"') {
    for (++pos; pos < line.size() && line[pos] != '"'; ++pos) {
      char c = line[pos];
      if (c == '\\' && pos + 1 < line.size()) {
        c = line[++pos];
        if (c == 'n') c = '\n';
        if (c == 't') c = '\t';
      }
      out += c;
    }
    if (pos < line.size()) ++pos;  // the closing quote
    return out;
  }
  while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') out += line[pos++];
  return out;
}

std::optional<std::string> parse_rule(const std::string& line, Rule& rule) {
  size_t pos = 0;
  rule.pattern = next_item(line, pos);
  rule.replacement = next_item(line, pos);
  if (rule.replacement.empty() && pos >= line.size()) return "missing rewrite replacement string";
  for (; pos < line.size(); ++pos) {
    switch (line[pos]) {
      case ' ': case '\t': break;
      case 'E': rule.fields |= kEnvelope; break;
      case 'F': rule.fields |= kEnvelopeFrom; break;
      case 'T': rule.fields |= kEnvelopeTo; break;
      case 'h': rule.fields |= kHeaders; break;
      case 'b': rule.fields |= kBcc; break;
      case 'c': rule.fields |= kCc; break;
      case 'f': rule.fields |= kFrom; break;
      case 'r': rule.fields |= kReplyTo; break;
      case 's': rule.fields |= kSender; break;
      case 't': rule.fields |= kTo; break;
      case 'S': rule.fields |= kSmtpTime; break;
      case 'q': rule.quit = true; break;
      case 'R': rule.repeat = true; break;
      case 'Q': case 'w': break;  // accepted; not acted on yet
      default:
        return std::string("unknown rewrite flag character '") + line[pos] +
               "' (could be missing quotes round replacement item)";
    }
  }
  rule.pattern_expansion = std::make_shared<expand::Expansion>(expand::compile(rule.pattern));
  rule.replacement_expansion =
      std::make_shared<expand::Expansion>(expand::compile(rule.replacement));
  // No place given: every header and envelope field (not SMTP time).
  if (rule.fields == 0) {
    rule.fields |= kEnvelope | kHeaders;
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<const RuleSet> RuleSet::of(const config::Config& config,
                                           std::optional<config::LoadError>* error) {
  // Parsed once per configuration. The rule texts are kept with the
  // result so that a configuration at the address of a freed one (tests
  // load many) is never given another's rules.
  static std::mutex mu;
  static std::map<const config::Config*,
                  std::pair<std::vector<std::string>, std::shared_ptr<const RuleSet>>>
      parsed;
  // (Called for every message received: a hit compares in place and
  // copies nothing.)
  const std::vector<config::Statement>& statements = config.rewrite_rules();
  std::lock_guard lock(mu);
  if (auto it = parsed.find(&config); it != parsed.end()) {
    const std::vector<std::string>& kept = it->second.first;
    if (std::equal(kept.begin(), kept.end(), statements.begin(), statements.end(),
                   [](const std::string& k, const config::Statement& st) { return k == st.text; })) {
      return it->second.second;
    }
  }
  std::vector<std::string> texts;
  for (const config::Statement& st : statements) texts.push_back(st.text);
  auto set = std::make_shared<RuleSet>();
  for (const config::Statement& st : config.rewrite_rules()) {
    Rule rule;
    if (std::optional<std::string> why = parse_rule(st.text, rule)) {
      if (error != nullptr) *error = config::LoadError{st.file, st.line, *why};
      return nullptr;
    }
    set->fields_ |= rule.fields;
    set->rules_.push_back(std::move(rule));
  }
  parsed[&config] = {std::move(texts), set};
  return set;
}

}  // namespace corvid::rewrite
