// The dnsdb lookup: ${lookup dnsdb{[>sep[,sep2]] [modifiers,]type=domain-list}}.
//
// As Exim 4.96: the default type is TXT; "a+" asks for AAAA then A; "mxh"
// gives MX target names without preferences; "ptr=IP" reverses the address
// itself; several domains (a ':' list, "<" changes the separator) give all
// their records, joined by the output separator (newline by default); for
// TXT and SPF a second separator, when given, goes between the strings of
// one record (by default only the first string is given; ";" instead of
// ",X" joins them with nothing). defer_strict /
// defer_lax (default) / defer_never decide what a temporary DNS failure
// does; dnssec_strict refuses answers that were not DNSSEC-validated.
// Queries go through the process's dns::Resolver only.
#include <arpa/inet.h>

#include <cctype>

#include "dns/resolver.hpp"
#include "dns/reverse.hpp"
#include "lookup/builtin.hpp"

namespace corvid::lookup {
namespace {

enum class DeferMode { strict, lax, never };
enum class DnssecMode { strict, lax, never };

struct TypeName {
  std::string_view name;
  dns::RrType type;
};

constexpr TypeName kTypes[] = {
    {"a", dns::RrType::a},     {"aaaa", dns::RrType::aaaa}, {"cname", dns::RrType::cname},
    {"mx", dns::RrType::mx},   {"mxh", dns::RrType::mx},    {"ns", dns::RrType::ns},
    {"ptr", dns::RrType::ptr}, {"soa", dns::RrType::soa},   {"spf", dns::RrType::spf},
    {"srv", dns::RrType::srv}, {"tlsa", dns::RrType::tlsa}, {"txt", dns::RrType::txt},
};

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// Splits the domain list: ':' or the "<X" separator, doubled = literal.
std::vector<std::string> domains(std::string_view list) {
  char sep = ':';
  list = skip_space(list);
  if (list.size() >= 2 && list[0] == '<' && std::ispunct(static_cast<unsigned char>(list[1]))) {
    sep = list[1];
    list.remove_prefix(2);
  }
  std::vector<std::string> out;
  std::string cur;
  auto push = [&] {
    size_t b = cur.find_first_not_of(" \t\n");
    size_t e = cur.find_last_not_of(" \t\n");
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i] == sep && i + 1 < list.size() && list[i + 1] == sep) {
      cur += sep;
      ++i;
    } else if (list[i] == sep) {
      push();
    } else {
      cur += list[i];
    }
  }
  push();
  return out;
}

std::string format_record(const dns::Record& r, bool mxh,
                          const std::optional<std::string>& txt_sep) {
  using T = dns::RrType;
  switch (r.type) {
    case T::mx:
      return mxh ? r.text : std::to_string(r.preference) + " " + r.text;
    case T::srv:
      return std::to_string(r.priority) + " " + std::to_string(r.weight) + " " +
             std::to_string(r.port) + " " + r.text;
    case T::tlsa:
      return std::to_string(r.usage) + " " + std::to_string(r.selector) + " " +
             std::to_string(r.matching) + " " + r.text;
    case T::soa:
      return r.text + " " + r.rname + " " + std::to_string(r.serial);
    case T::txt:
    case T::spf: {
      if (!txt_sep) return r.strings.empty() ? r.text : r.strings.front();
      std::string out;
      for (size_t i = 0; i < r.strings.size(); ++i) {
        if (i > 0) out += *txt_sep;
        out += r.strings[i];
      }
      return out;
    }
    default:
      return r.text;
  }
}

class Dnsdb final : public Driver {
 public:
  std::string_view name() const override { return "dnsdb"; }
  bool single_key() const override { return false; }

  Result find(std::string_view query, std::string_view, std::string_view) const override {
    Result res;
    std::string_view q = skip_space(query);
    char out_sep = '\n';
    // TXT/SPF records with several strings: only the first, unless ",X"
    // gives a separator or ";" asks for them joined as they are.
    std::optional<std::string> txt_sep;
    if (!q.empty() && q.front() == '>') {
      if (q.size() >= 2) out_sep = q[1];
      q.remove_prefix(std::min<size_t>(2, q.size()));
      if (!q.empty() && q.front() == ',') {
        if (q.size() >= 2) txt_sep = std::string(1, q[1]);
        q.remove_prefix(std::min<size_t>(2, q.size()));
      } else if (!q.empty() && q.front() == ';') {
        txt_sep = "";
        q.remove_prefix(1);
      }
      q = skip_space(q);
    }
    DeferMode defer = DeferMode::lax;
    DnssecMode dnssec = DnssecMode::lax;
    for (;;) {
      std::string_view word = q.substr(0, q.find(','));
      std::string_view w = word;
      while (!w.empty() && std::isspace(static_cast<unsigned char>(w.back()))) w.remove_suffix(1);
      bool known = true;
      if (starts_with_nocase(w, "defer_")) {
        std::string_view m = w.substr(6);
        if (m == "strict") defer = DeferMode::strict;
        else if (m == "lax") defer = DeferMode::lax;
        else if (m == "never") defer = DeferMode::never;
        else return fail(res, "unsupported dnsdb defer behaviour: " + std::string(w));
      } else if (starts_with_nocase(w, "dnssec_")) {
        std::string_view m = w.substr(7);
        if (m == "strict") dnssec = DnssecMode::strict;
        else if (m == "lax") dnssec = DnssecMode::lax;
        else if (m == "never") dnssec = DnssecMode::never;
        else return fail(res, "unsupported dnsdb dnssec behaviour: " + std::string(w));
      } else if (starts_with_nocase(w, "retrans_") || starts_with_nocase(w, "retry_")) {
        // Timing belongs to the resolver's settings; accepted for compatibility.
      } else {
        known = false;
      }
      if (!known) break;
      if (word.size() == q.size()) return fail(res, "dnsdb modifier without a following comma");
      q = skip_space(q.substr(word.size() + 1));
    }
    // Whatever comes before an '=' must be a record type.
    std::string type_word = "txt";
    size_t eq = q.find('=');
    if (eq != std::string_view::npos) {
      std::string_view t = q.substr(0, eq);
      while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
      type_word.clear();
      for (char c : t) type_word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      q = q.substr(eq + 1);
    }
    std::vector<dns::RrType> types;
    bool mxh = type_word == "mxh";
    if (type_word == "a+") {
      types = {dns::RrType::aaaa, dns::RrType::a};
    } else {
      for (const TypeName& t : kTypes) {
        if (t.name == type_word) types = {t.type};
      }
    }
    if (types.empty()) return fail(res, "unsupported DNS record type");

    std::string out;
    bool any = false, deferred = false;
    // "ptr=2001:db8::1" is one IPv6 address, not a ':' list.
    std::vector<std::string> names = domains(q);
    if (types.front() == dns::RrType::ptr && dns::reversed_address(skip_space(q))) {
      names = {std::string(skip_space(q))};
    }
    for (std::string domain : names) {
      if (types.front() == dns::RrType::ptr) {
        if (std::optional<std::string> p = dns::ptr_name(domain)) domain = *p;
      }
      for (dns::RrType type : types) {
        dns::Answer a = dns::lookup(domain, type);
        if (a.status == dns::Status::again) {
          // Exim gives no reason with a DNS defer.
          if (defer == DeferMode::strict) return fail(res, "");
          if (defer == DeferMode::lax) deferred = true;
          continue;
        }
        if (!a.found()) continue;
        if (dnssec == DnssecMode::strict && !a.secure) continue;
        for (const dns::Record& r : a.records) {
          if (any) out += out_sep;
          out += format_record(r, mxh, txt_sep);
          any = true;
        }
      }
    }
    if (!any) {
      if (deferred) return fail(res, "");
      res.status = Status::not_found;
      return res;
    }
    res.status = Status::found;
    res.value = TString(out, true);
    return res;
  }

 private:
  static Result fail(Result& r, std::string why) {
    r.status = Status::defer;
    r.error = std::move(why);
    r.search_defer = true;
    return r;
  }
};

}  // namespace

std::unique_ptr<Driver> make_dnsdb() { return std::make_unique<Dnsdb>(); }

}  // namespace corvid::lookup
