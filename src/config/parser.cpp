// The section parser: turns the reader's logical lines into a Config —
// main options and named lists, then the "begin" sections (acl, routers,
// transports, authenticators, retry, rewrite, local_scan). Also the
// loading entry points load_text / load_file.
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "config/values.hpp"
#include "util/strings.hpp"

namespace corvid::config {

class Builder {
 public:
  explicit Builder(Config& c) : c_(c) {}
  std::optional<LoadError> run();

 private:
  using Line = LogicalLine;
  std::optional<LoadError> main_line(const Line& l);
  std::optional<LoadError> named_list(const Line& l, std::string_view text, bool hide);
  std::optional<LoadError> begin(const Line& l);
  std::optional<LoadError> acl_line(const Line& l);
  std::optional<LoadError> driver_line(const Line& l, DriverKind kind);
  std::optional<LoadError> driver_option(const Line& l, DriverInstance& d);
  std::optional<LoadError> set_driver(const Line& l, DriverInstance& d, const Setting& s);
  std::optional<LoadError> check_drivers(DriverKind kind);
  std::vector<DriverInstance>& instances(DriverKind kind);
  static LoadError error(const Line& l, std::string msg) {
    return LoadError{l.file, l.line, std::move(msg)};
  }

  Config& c_;
  std::string section_ = "main";
  std::vector<std::string> seen_sections_;
};

namespace {

constexpr std::string_view kSections[] = {"acl",     "authenticators", "local_scan", "retry",
                                          "rewrite", "routers",        "transports"};

constexpr std::string_view kAclVerbs[] = {"accept", "defer",   "deny", "discard",
                                          "drop",   "require", "warn"};

struct ListKeyword {
  std::string_view word;
  lists::Kind kind;
  std::string_view description;
};
constexpr ListKeyword kListKeywords[] = {
    {"domainlist", lists::Kind::domain, "domain"},
    {"hostlist", lists::Kind::host, "host"},
    {"addresslist", lists::Kind::address, "address"},
    {"localpartlist", lists::Kind::localpart, "local part"},
};

std::string_view first_word(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && !util::is_space(s[i]) && s[i] != '=') {
    ++i;
  }
  return s.substr(0, i);
}

// "name:" — an instance or ACL header. Returns the name (empty if the line
// is not a header) and sets `extra` to any text after the colon.
std::string_view header_name(std::string_view line, std::string_view& extra) {
  std::size_t i = 0;
  while (i < line.size() &&
         (util::is_alnum(line[i]) || line[i] == '_' || line[i] == '-' || line[i] == '.')) {
    ++i;
  }
  std::size_t j = i;
  while (j < line.size() && util::is_space(line[j])) {
    ++j;
  }
  if (i == 0 || j >= line.size() || line[j] != ':') {
    return {};
  }
  extra = util::trim(line.substr(j + 1));
  return line.substr(0, i);
}

bool is_acl_verb(std::string_view word) {
  for (auto v : kAclVerbs) {
    if (util::iequals(word, v)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<DriverInstance>& Builder::instances(DriverKind kind) {
  switch (kind) {
    case DriverKind::router:
      return c_.routers_;
    case DriverKind::transport:
      return c_.transports_;
    case DriverKind::authenticator:
      break;
  }
  return c_.authenticators_;
}

std::optional<LoadError> Builder::run() {
  for (const Line& l : c_.lines_) {
    if (l.macro_definition) {
      continue;
    }
    std::optional<LoadError> e;
    if (l.text.starts_with("begin") && l.text.size() > 5 && util::is_space(l.text[5])) {
      e = begin(l);
    } else if (section_ == "main") {
      e = main_line(l);
    } else if (section_ == "acl") {
      e = acl_line(l);
    } else if (section_ == "routers") {
      e = driver_line(l, DriverKind::router);
    } else if (section_ == "transports") {
      e = driver_line(l, DriverKind::transport);
    } else if (section_ == "authenticators") {
      e = driver_line(l, DriverKind::authenticator);
    } else {
      auto& rules = section_ == "retry"     ? c_.retry_
                    : section_ == "rewrite" ? c_.rewrite_
                                            : c_.local_scan_;
      rules.push_back(Statement{l.text, l.file, l.line});
    }
    if (e) {
      return e;
    }
  }
  for (DriverKind k : {DriverKind::router, DriverKind::transport, DriverKind::authenticator}) {
    if (auto e = check_drivers(k)) {
      return e;
    }
  }
  return std::nullopt;
}

std::optional<LoadError> Builder::begin(const Line& l) {
  std::string name(util::trim(std::string_view(l.text).substr(5)));
  bool known = false;
  for (auto s : kSections) {
    known = known || s == name;
  }
  if (!known) {
    return error(l, "\"" + name + "\" is not a known configuration section name");
  }
  for (const std::string& seen : seen_sections_) {
    if (seen == name) {
      return error(l, "\"" + name + "\" section is repeated in the configuration file");
    }
  }
  seen_sections_.push_back(name);
  section_ = name;
  return std::nullopt;
}

std::optional<LoadError> Builder::main_line(const Line& l) {
  std::string_view text = l.text;
  bool hide = false;
  if (first_word(text) == "hide") {
    hide = true;
    text = util::trim_left(text.substr(4));
  }
  for (const ListKeyword& k : kListKeywords) {
    if (first_word(text) == k.word) {
      return named_list(l, text, hide);
    }
  }
  Setting s;
  if (auto msg = split_setting(l.text, s)) {
    return error(l, *msg);
  }
  int idx = c_.main_.index_of(s.name);
  if (idx >= 0 && c_.main_.value_at(std::size_t(idx)).configured) {
    return error(l, "\"" + std::string(c_.main_.def_at(std::size_t(idx)).name) +
                        "\" option set for the second time");
  }
  std::string msg;
  switch (c_.main_.apply(s, l.file, l.line, msg)) {
    case OptionSet::Applied::unknown:
      return error(l, "main option \"" + s.name + "\" unknown");
    case OptionSet::Applied::error:
      return error(l, msg);
    case OptionSet::Applied::ok:
      break;
  }
  return std::nullopt;
}

std::optional<LoadError> Builder::named_list(const Line& l, std::string_view text, bool hide) {
  const ListKeyword* key = nullptr;
  for (const ListKeyword& k : kListKeywords) {
    if (first_word(text) == k.word) {
      key = &k;
    }
  }
  text = util::trim_left(text.substr(key->word.size()));
  std::size_t i = 0;
  while (i < text.size() && (util::is_alnum(text[i]) || text[i] == '_')) {
    ++i;
  }
  std::string name(text.substr(0, i));
  std::string_view rest = util::trim_left(text.substr(i));
  if (name.empty()) {
    return error(l, "missing or malformed name for named list");
  }
  if (rest.empty() || rest[0] != '=') {
    return error(l, "missing '=' after \"" + name + "\"");
  }
  for (const NamedListEntry& e : c_.named_lists_) {
    if (e.list.kind == key->kind && e.list.name == name) {
      return error(l, "duplicate name \"" + name + "\" for a named " +
                          std::string(key->description) + " list");
    }
  }
  NamedListEntry e;
  e.list.kind = key->kind;
  e.list.name = name;
  e.list.text.assign(util::trim(rest.substr(1)));
  e.hidden = hide;
  e.file = l.file;
  e.line = l.line;
  c_.named_lists_.push_back(std::move(e));
  return std::nullopt;
}

std::optional<LoadError> Builder::acl_line(const Line& l) {
  std::string_view extra;
  std::string_view name = header_name(l.text, extra);
  if (!name.empty() && !is_acl_verb(name)) {
    if (c_.acl(name) != nullptr) {
      return error(l, "there are two ACLs called \"" + std::string(name) + "\"");
    }
    c_.acls_.push_back(Acl{std::string(name), l.file, l.line, {}});
    if (!extra.empty()) {
      c_.acls_.back().statements.push_back(Statement{std::string(extra), l.file, l.line});
    }
    return std::nullopt;
  }
  if (c_.acls_.empty()) {
    return error(l, "missing or malformed ACL name");
  }
  auto& stmts = c_.acls_.back().statements;
  if (stmts.empty() || is_acl_verb(first_word(l.text))) {
    stmts.push_back(Statement{l.text, l.file, l.line});
  } else {
    stmts.back().text += "\n" + l.text;
  }
  return std::nullopt;
}

std::optional<LoadError> Builder::driver_line(const Line& l, DriverKind kind) {
  std::string_view extra;
  std::string_view name = header_name(l.text, extra);
  auto& list = instances(kind);
  if (!name.empty()) {
    if (!extra.empty()) {
      return error(l, "extra characters follow driver name " + std::string(name));
    }
    DriverInstance d;
    d.kind = kind;
    d.name.assign(name);
    d.file = l.file;
    d.line = l.line;
    d.generic = OptionSet(generic_options(kind));
    list.push_back(std::move(d));
    return std::nullopt;
  }
  if (list.empty()) {
    return error(l, std::string(kind_name(kind)) + " name missing");
  }
  return driver_option(l, list.back());
}

std::optional<LoadError> Builder::driver_option(const Line& l, DriverInstance& d) {
  Setting s;
  if (auto msg = split_setting(l.text, s)) {
    return error(l, *msg);
  }
  std::string msg;
  auto r = d.generic.apply(s, l.file, l.line, msg);
  if (r == OptionSet::Applied::ok && s.name == "driver") {
    return set_driver(l, d, s);
  }
  if (r == OptionSet::Applied::unknown) {
    if (d.info == nullptr) {
      return error(l, "option \"" + s.name +
                          "\" unknown (\"driver\" must be specified before any private options)");
    }
    r = d.options.apply(s, l.file, l.line, msg);
  }
  if (r == OptionSet::Applied::unknown) {
    return error(l, "option \"" + s.name + "\" unknown");
  }
  if (r == OptionSet::Applied::error) {
    return error(l, msg);
  }
  return std::nullopt;
}

std::optional<LoadError> Builder::set_driver(const Line& l, DriverInstance& d, const Setting& s) {
  std::string value;
  read_string_value(s.value, "driver", value);
  const DriverInfo* info = find_driver(d.kind, value);
  std::string kind(kind_name(d.kind));
  if (info == nullptr) {
    return error(l, kind + " " + d.name + ": cannot find " + kind + " driver \"" + value + "\"");
  }
  if (d.info != nullptr) {
    return error(l, "\"driver\" option set for the second time");
  }
  d.info = info;
  d.driver = value;
  d.options = OptionSet(info->options);
  for (const GenericDefault& g : info->generic_defaults) {
    d.generic.set_default(g.name, g.value);
  }
  return std::nullopt;
}

std::optional<LoadError> Builder::check_drivers(DriverKind kind) {
  auto& list = instances(kind);
  std::string kind_s(kind_name(kind));
  for (std::size_t i = 0; i < list.size(); ++i) {
    Line at{"", list[i].file, list[i].line};
    if (list[i].info == nullptr) {
      return error(at, "no driver defined for " + kind_s + " \"" + list[i].name + "\"");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].name == list[i].name) {
        return error(at, "there are two " + kind_s + "s called \"" + list[i].name + "\"");
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> read_file_contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

LoadResult load_text(std::string_view text, std::string_view name, const MacroDefs& macros,
                     const IncludeReader& include_reader) {
  std::shared_ptr<Config> c(new Config());
  c->macros_ = MacroTable::with_builtins();
  for (const auto& [mname, value] : macros) {
    if (auto msg = c->macros_.define_command_line(mname, value)) {
      return LoadError{"", 0, *msg};
    }
  }
  c->source_path_.assign(name);
  if (auto e = read_config(text, name, c->macros_, include_reader, c->lines_)) {
    return *e;
  }
  Builder b(*c);
  if (auto e = b.run()) {
    return *e;
  }
  return std::shared_ptr<const Config>(std::move(c));
}

LoadResult load_file(const std::string& path, const MacroDefs& macros) {
  auto text = read_file_contents(path);
  if (!text) {
    return LoadError{"", 0, "non-existent configuration file(s): " + path};
  }
  return load_text(*text, path, macros, read_file_contents);
}

}  // namespace corvid::config
