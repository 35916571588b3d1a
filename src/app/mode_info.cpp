// -bP and -bV; see mode_info.hpp. Output formats follow `exim -bP` and
// `exim -bV` of Exim 4.96 line for line where they apply.
#include "app/mode_info.hpp"

#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corvid::app {
namespace {

using config::Config;
using config::DriverKind;

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) {
    return "localhost";
  }
  return buf;
}

// Options whose default Exim computes at start-up rather than in the table.
std::optional<std::string> runtime_default(const Config& c, std::string_view name) {
  if (name != "primary_hostname" && name != "qualify_domain" && name != "qualify_recipient") {
    return std::nullopt;
  }
  const auto* v = c.main().value(name);
  if (v != nullptr && v->is_set) {
    return std::nullopt;
  }
  if (name == "qualify_recipient") {
    if (auto qd = runtime_default(c, "qualify_domain")) {
      return qd;
    }
    return c.main_option_text("qualify_domain");
  }
  if (name == "qualify_domain") {
    if (auto ph = runtime_default(c, "primary_hostname")) {
      return ph;
    }
    return c.main_option_text("primary_hostname");
  }
  return host_name();
}

std::string main_line(const Config& c, std::size_t i, bool admin) {
  auto name = c.main().def_at(i).name;
  if (auto rd = runtime_default(c, name)) {
    return std::string(name) + " = " + *rd;
  }
  return c.main().display(i, admin);
}

void print_all_main(const Config& c, std::ostream& out, bool admin) {
  for (std::size_t i = 0; i < c.main().size(); ++i) {
    const auto& d = c.main().def_at(i);
    if (d.listed && d.alias_of.empty()) {
      out << main_line(c, i, admin) << "\n";
    }
  }
}

void print_instance(const config::DriverInstance& d, std::ostream& out, bool admin) {
  for (const std::string& line : d.display_lines(admin)) {
    out << line << "\n";
  }
}

void print_instances(const Config& c, DriverKind kind, std::ostream& out, bool admin) {
  for (const auto& d : c.instances(kind)) {
    out << "\n" << d.name << " " << config::kind_name(kind) << ":\n";
    print_instance(d, out, admin);
  }
}

std::optional<DriverKind> kind_word(std::string_view w, bool plural) {
  for (DriverKind k : {DriverKind::router, DriverKind::transport, DriverKind::authenticator}) {
    std::string name(config::kind_name(k));
    if (w == (plural ? name + "s" : name)) {
      return k;
    }
  }
  return std::nullopt;
}

std::string_view list_keyword(lists::Kind k) {
  switch (k) {
    case lists::Kind::domain:
      return "domainlist";
    case lists::Kind::host:
      return "hostlist";
    case lists::Kind::address:
      return "addresslist";
    case lists::Kind::localpart:
      return "localpartlist";
    case lists::Kind::string:
      break;
  }
  return "list";
}

bool print_named_list(const Config& c, std::string_view name, std::ostream& out, bool admin) {
  const auto* e = c.named_list_any(name);
  if (e == nullptr) {
    out << "no address, domain, host, or local part list called \"" << name << "\" exists\n";
    return false;
  }
  out << list_keyword(e->list.kind) << " " << name << " = "
      << (e->hidden && !admin ? "<value not displayable>" : e->list.text) << "\n";
  return true;
}

// Collapses runs of white space in the part of a line up to the value
// after its first "=", as Exim's -bP config shows settings.
std::string tidy(std::string_view line) {
  std::string out;
  std::size_t eq = line.find('=');
  std::size_t i = 0;
  while (i < line.size()) {
    bool space = line[i] == ' ' || line[i] == '\t';
    if (space && (eq == std::string_view::npos || i <= eq + 1)) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
      }
      out.push_back(' ');
      continue;
    }
    out.push_back(line[i++]);
  }
  return out;
}

void print_config_text(const Config& c, std::ostream& out) {
  out << "# Exim Configuration (4.96)\n# 1 \"" << c.source_path() << "\"\n";
  std::string section = "main";
  for (const auto& logical : c.lines()) {
    std::string text = tidy(logical.text);
    const config::LogicalLine l{text, logical.file, logical.line, logical.macro_definition};
    if (l.text.starts_with("begin ")) {
      section = l.text.substr(6);
      out << "\n" << l.text << "\n";
      continue;
    }
    bool header = !l.text.empty() && l.text.back() == ':' && l.text.find(' ') == std::string::npos;
    if (section == "main" || l.macro_definition) {
      out << l.text << "\n";
    } else if (section == "retry" || section == "rewrite" || section == "local_scan") {
      out << "  " << l.text << "\n";
    } else if (header) {
      out << "\n  " << l.text << "\n";
    } else {
      out << "    " << l.text << "\n";
    }
  }
}

void print_macros(const Config& c, std::ostream& out) {
  const auto& all = c.macros().all();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    out << it->name << "=" << it->value << "\n";
  }
}

// One -bP item (with its argument for "router NAME" and the like); true
// when it was found.
bool print_item(const CommandLine& cl, std::size_t& i, const Config& c, std::ostream& out,
                bool admin) {
  const std::string& w = cl.args[i];
  if (w == "config_file") {
    out << c.source_path() << "\n";
    return true;
  }
  if (w == "config") {
    print_config_text(c, out);
    return true;
  }
  if (w == "macros") {
    print_macros(c, out);
    return true;
  }
  if (!w.empty() && w[0] == '+') {
    return print_named_list(c, std::string_view(w).substr(1), out, admin);
  }
  if (w.ends_with("_list")) {
    if (auto k = kind_word(std::string_view(w).substr(0, w.size() - 5), false)) {
      for (const auto& d : c.instances(*k)) {
        out << d.name << "\n";
      }
      return true;
    }
  }
  if (auto k = kind_word(w, true)) {
    print_instances(c, *k, out, admin);
    return true;
  }
  bool named = (kind_word(w, false) || w == "macro") && i + 1 < cl.args.size();
  if (named) {
    const std::string& name = cl.args[++i];
    if (w == "macro") {
      const auto* m = c.macros().find(name);
      if (m == nullptr) {
        out << "macro " << name << " not found\n";
        return false;
      }
      out << m->name << "=" << m->value << "\n";
      return true;
    }
    const auto* d = c.instance(*kind_word(w, false), name);
    if (d == nullptr) {
      out << w << " " << name << " not found\n";
      return false;
    }
    print_instance(*d, out, admin);
    return true;
  }
  int idx = c.main().index_of(w);
  if (idx < 0) {
    out << w << " is not a known option\n";
    return false;
  }
  out << main_line(c, std::size_t(idx), admin) << "\n";
  return true;
}

bool caller_is_admin() { return ::getuid() == 0 || ::getuid() == ::geteuid(); }

}  // namespace

int print_bP(const CommandLine& cl, const Config& config, std::ostream& out, bool admin) {
  if (cl.args.empty()) {
    print_all_main(config, out, admin);
    return 0;
  }
  bool ok = true;
  for (std::size_t i = 0; i < cl.args.size(); ++i) {
    ok = print_item(cl, i, config, out, admin);
  }
  return ok ? 0 : 1;
}

int run_bP(const CommandLine& cl, const Config& config) {
  return print_bP(cl, config, std::cout, caller_is_admin());
}

void print_bV(const Config& config, std::ostream& out) {
  // Only what works is listed as supported; the rest of the mission's
  // features are recognised in the configuration and named separately, so
  // an administrator is never told a feature is there when it is not yet.
  out << "Corvid version " << CORVID_VERSION << " (Exim 4.96 compatible)\n"
      << "Support for: IPv6 I18N\n"
      << "Recognised, not yet supported: OpenSSL TLS_resume Content_Scanning DANE DKIM DMARC "
         "DNSSEC Event OCSP PIPECONNECT PRDR PROXY SOCKS SPF SRS ARC DCC\n"
      << "Lookups (built-in): lsearch wildlsearch nwildlsearch iplsearch cdb dsearch json "
         "lmdb\n"
      << "Lookups not yet supported: redis dnsdb\n";
  for (DriverKind k : {DriverKind::authenticator, DriverKind::router, DriverKind::transport}) {
    std::string title(config::kind_name(k));
    title[0] = char(title[0] - 'a' + 'A');
    out << title << "s (recognised, not yet supported):";
    for (const auto& d : config::drivers(k)) {
      out << " " << d.name << (d.name == "appendfile" ? "/maildir" : "");
    }
    out << "\n";
  }
  out << "Fixed never_users: 0\n"
      << "Configuration file is " << config.source_path() << "\n";
  // Options Corvid recognises but does not act on yet: name them rather
  // than ignore them.
  std::vector<std::string> unsupported = config.unsupported_options_used();
  if (!unsupported.empty()) {
    out << "Set in this configuration but not yet supported by Corvid:\n";
    for (const std::string& u : unsupported) out << "  " << u << "\n";
  }
}

int run_bV(const CommandLine& cl, const Config& config) {
  (void)cl;
  print_bV(config, std::cout);
  return 0;
}

}  // namespace corvid::app
