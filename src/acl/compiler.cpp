// ACL text -> CompiledAcl (see compiler.hpp).
#include "acl/compiler.hpp"

#include <optional>

#include "util/strings.hpp"

namespace corvid::acl {
namespace {

struct Line {
  std::string_view text;  // leading white space removed
  int line = 0;
};

bool is_name_char(char c) { return util::is_alnum(c) || c == '_'; }

std::string_view take_name(std::string_view& s) {
  size_t n = 0;
  while (n < s.size() && is_name_char(s[n])) {
    ++n;
  }
  std::string_view name = s.substr(0, n);
  s.remove_prefix(n);
  s = util::trim_left(s);
  return name;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "set acl_m_x = value": checks the variable name; on success leaves `s`
// at the '='.
std::optional<std::string> take_set_variable(std::string_view& s, std::string_view from_set,
                                             std::string& var) {
  std::string_view name = take_name(s);
  std::string where = " after \"set\" in ACL modifier " + quoted(from_set);
  if (!name.starts_with("acl_c") && !name.starts_with("acl_m")) {
    return "invalid variable name" + where + " (must start \"acl_c\" or \"acl_m\")";
  }
  if (name.size() == 5 || !(util::is_digit(name[5]) || name[5] == '_')) {
    return "invalid variable name" + where +
           " (digit or underscore must follow acl_c or acl_m)";
  }
  var.assign(name);
  return std::nullopt;
}

void compile_argument(Item& item) {
  if (item.id() == Cond::acl) {
    std::string_view rest = item.text;
    while (!(rest = util::trim_left(rest)).empty()) {
      size_t n = 0;
      while (n < rest.size() && !util::is_space(rest[n])) {
        ++n;
      }
      item.words.push_back(expand::compile(rest.substr(0, n)));
      rest.remove_prefix(n);
    }
  }
  if (item.info->expanded || item.id() == Cond::acl) {
    item.value = expand::compile(item.text);
  }
}

// One condition or modifier; `full` is the whole line for messages.
std::optional<std::string> parse_item(std::string_view s, std::string_view full, Verb verb,
                                      Item& item) {
  if (!s.empty() && s[0] == '!') {
    item.negated = true;
    s = util::trim_left(s.substr(1));
  }
  std::string_view from_name = s;
  std::string_view name = take_name(s);
  item.info = find_cond(name);
  if (item.info == nullptr) {
    return "unknown ACL condition/modifier in " + quoted(full);
  }
  if (item.negated && item.info->modifier) {
    return "ACL error: negation is not allowed with " + quoted(name);
  }
  if (item.id() == Cond::endpass) {
    if (verb != Verb::accept && verb != Verb::discard) {
      return "ACL error: \"endpass\" is not allowed with " + quoted(verb_name(verb));
    }
    return std::nullopt;
  }
  if (item.id() == Cond::set) {
    if (auto err = take_set_variable(s, from_name, item.variable)) {
      return err;
    }
  }
  if (s.empty() || s[0] != '=') {
    return "\"=\" missing after ACL " + quoted(name) +
           (item.info->modifier ? " modifier" : " condition");
  }
  item.text.assign(util::trim(s.substr(1)));
  compile_argument(item);
  return std::nullopt;
}

std::optional<CompileFailure> parse_statement(const std::vector<Line>& lines, Statement& st) {
  std::string_view first = lines[0].text;
  std::string_view rest = first;
  size_t n = 0;
  while (n < rest.size() && is_name_char(rest[n])) {
    ++n;
  }
  std::optional<Verb> verb = find_verb(rest.substr(0, n));
  if (!verb) {
    size_t w = first.find_first_of(" \t");
    return CompileFailure{lines[0].line, "unknown ACL verb " + quoted(first.substr(0, w)) +
                                             " in " + quoted(first)};
  }
  st.verb = *verb;
  st.line = lines[0].line;
  rest = util::trim_left(rest.substr(n));
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view text = i == 0 ? rest : lines[i].text;
    if (i == 0 && text.empty()) {
      continue;
    }
    Item item;
    item.line = lines[i].line;
    if (auto err = parse_item(text, lines[i].text, st.verb, item)) {
      return CompileFailure{lines[i].line, *err};
    }
    st.has_endpass = st.has_endpass || item.id() == Cond::endpass;
    st.items.push_back(std::move(item));
  }
  return std::nullopt;
}

std::vector<Line> split_lines(std::string_view text, int first_line) {
  std::vector<Line> out;
  int line = first_line;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    std::string_view t = util::trim(l);
    if (!t.empty()) {
      out.push_back(Line{t, line});
    }
    ++line;
    if (nl == std::string_view::npos) {
      break;
    }
    pos = nl + 1;
  }
  return out;
}

bool starts_with_verb(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && is_name_char(line[n])) {
    ++n;
  }
  return find_verb(line.substr(0, n)).has_value();
}

// Joins '\' continuations and drops comments and blank lines.
std::string logical_text(std::string_view text) {
  std::string out;
  bool continued = false;
  for (const Line& l : split_lines(text, 1)) {
    std::string_view t = l.text;
    if (!continued && t[0] == '#') {
      continue;
    }
    bool more = t.back() == '\\';
    if (more) {
      t = util::trim_right(t.substr(0, t.size() - 1));
    }
    out.append(t);
    out.push_back(more ? ' ' : '\n');
    continued = more;
  }
  return out;
}

bool may_block(const CompiledAcl& acl) {
  for (const Statement& st : acl.statements) {
    for (const Item& item : st.items) {
      Cond id = item.id();
      if (id == Cond::dnslists || id == Cond::verify || id == Cond::acl) return true;
      // Expansions that look DNS up, and host lists that may need the
      // client's name (the text is what the administrator wrote).
      if (item.text.find("dnsdb") != std::string::npos ||
          item.text.find("sender_host_name") != std::string::npos ||
          item.text.find("*.") != std::string::npos) {
        return true;
      }
    }
  }
  return false;
}

CompileResult compile_lines(const std::vector<Line>& lines, std::string_view name,
                            std::string_view file, int acl_line) {
  auto acl = std::make_shared<CompiledAcl>();
  acl->name.assign(name);
  acl->file.assign(file);
  acl->line = acl_line;
  std::vector<Line> group;
  auto flush = [&]() -> std::optional<CompileFailure> {
    if (group.empty()) {
      return std::nullopt;
    }
    Statement st;
    st.file.assign(file);
    if (auto err = parse_statement(group, st)) {
      return err;
    }
    acl->statements.push_back(std::move(st));
    group.clear();
    return std::nullopt;
  };
  for (const Line& l : lines) {
    if (!group.empty() && starts_with_verb(l.text)) {
      if (auto err = flush()) {
        return *err;
      }
    }
    group.push_back(l);
  }
  if (auto err = flush()) {
    return *err;
  }
  acl->may_block = may_block(*acl);
  return AclPtr(std::move(acl));
}

}  // namespace

std::variant<AclPtr, config::LoadError> compile_config_acl(const config::Acl& acl) {
  std::vector<Line> lines;
  for (const config::Statement& s : acl.statements) {
    for (const Line& l : split_lines(s.text, s.line)) {
      lines.push_back(l);
    }
  }
  CompileResult r = compile_lines(lines, acl.name, acl.file, acl.line);
  if (auto* f = std::get_if<CompileFailure>(&r)) {
    return config::LoadError{acl.file, f->line, "error in ACL: " + f->message};
  }
  return std::get<AclPtr>(r);
}

CompileResult compile_text(std::string_view text, std::string_view name, std::string_view file) {
  std::string logical = logical_text(text);
  return compile_lines(split_lines(logical, 1), name, file, 0);
}

}  // namespace corvid::acl
