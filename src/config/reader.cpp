// The configuration reader; see reader.hpp.
#include "config/reader.hpp"

#include "util/strings.hpp"

namespace corvid::config {
namespace {

constexpr int kMaxIncludeDepth = 50;

struct Source {
  std::string name;
  std::string text;
  std::size_t pos = 0;
  int line = 0;
};

struct Physical {
  std::string text;
  std::string file;
  int line = 0;
};

struct Cond {
  bool parent_active = true;
  bool taken = false;
  bool active = true;
};

std::string directory_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

// "NAME = value" or "NAME == value": a name of letters, digits and '_',
// then optional white space and '='.
bool looks_like_definition(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (util::is_alnum(text[i]) || text[i] == '_')) ++i;
  std::string_view rest = util::trim_left(text.substr(i));
  return !rest.empty() && rest[0] == '=';
}

bool sections_allow_macros(std::string_view section) {
  return section != "retry" && section != "rewrite" && section != "local_scan";
}

// The directive word of a line starting with '.', e.g. "ifdef", and its
// argument text.
bool split_directive(std::string_view line, std::string_view& word, std::string_view& arg) {
  line = util::trim_left(line);
  if (line.empty() || line[0] != '.') {
    return false;
  }
  std::size_t i = 1;
  while (i < line.size() && (util::is_alpha(line[i]) || line[i] == '_')) {
    ++i;
  }
  word = line.substr(1, i - 1);
  arg = util::trim(line.substr(i));
  return i == line.size() || util::is_space(line[i]);
}

// For a macro definition line ("NAME = ...", "NAME == ..."), the offset
// just after NAME, so that substitution leaves the name alone; else 0.
std::size_t definition_name_end(std::string_view line, std::string_view section) {
  std::size_t i = 0;
  while (i < line.size() && util::is_space(line[i])) {
    ++i;
  }
  if (!sections_allow_macros(section) || i >= line.size() || line[i] < 'A' || line[i] > 'Z') {
    return 0;
  }
  while (i < line.size() && (util::is_alnum(line[i]) || line[i] == '_')) {
    ++i;
  }
  std::size_t name_end = i;
  while (i < line.size() && util::is_space(line[i])) {
    ++i;
  }
  return i < line.size() && line[i] == '=' ? name_end : 0;
}

bool is_conditional(std::string_view w) {
  return w == "ifdef" || w == "ifndef" || w == "elifdef" || w == "elifndef" || w == "else" ||
         w == "endif";
}

class Reader {
 public:
  Reader(MacroTable& macros, const IncludeReader& inc, std::vector<LogicalLine>& out)
      : macros_(macros), include_(inc), out_(out) {}

  std::optional<LoadError> run(std::string_view text, std::string_view name);

 private:
  bool next_physical(Physical& p);
  bool active() const { return conds_.empty() || conds_.back().active; }
  std::optional<LoadError> conditional(std::string_view word, bool substituted, const Physical& p);
  std::optional<LoadError> include(std::string_view word, std::string_view arg, const Physical& p);
  std::optional<LoadError> continuation(std::string& text);
  std::optional<LoadError> finish(std::string text, const Physical& start);
  std::optional<LoadError> define_macro(std::string_view text, const Physical& start);
  LoadError error(const Physical& p, std::string message) const {
    return LoadError{p.file, p.line, std::move(message)};
  }

  MacroTable& macros_;
  const IncludeReader& include_;
  std::vector<LogicalLine>& out_;
  std::vector<Source> sources_;
  std::vector<Cond> conds_;
  std::string section_ = "main";
  Physical last_;
};

bool Reader::next_physical(Physical& p) {
  while (!sources_.empty() && sources_.back().pos >= sources_.back().text.size()) {
    sources_.pop_back();
  }
  if (sources_.empty()) {
    return false;
  }
  Source& s = sources_.back();
  std::size_t nl = s.text.find('\n', s.pos);
  std::size_t end = nl == std::string::npos ? s.text.size() : nl;
  p.text.assign(s.text, s.pos, end - s.pos);
  if (!p.text.empty() && p.text.back() == '\r') {
    p.text.pop_back();
  }
  s.pos = nl == std::string::npos ? s.text.size() : nl + 1;
  p.file = s.name;
  p.line = ++s.line;
  last_ = p;
  return true;
}

std::optional<LoadError> Reader::run(std::string_view text, std::string_view name) {
  sources_.push_back(Source{std::string(name), std::string(text)});
  Physical p;
  while (next_physical(p)) {
    std::string_view word, arg;
    if (!active()) {
      if (split_directive(p.text, word, arg) && is_conditional(word)) {
        std::string line = p.text;
        bool substituted = macros_.substitute(line);
        if (auto e = conditional(word, substituted, p)) {
          return e;
        }
      }
      continue;
    }
    std::string line = p.text;
    bool substituted = macros_.substitute(line, definition_name_end(line, section_));
    std::string_view trimmed = util::trim(line);
    if (trimmed.empty() || trimmed[0] == '#') {
      continue;
    }
    if (split_directive(trimmed, word, arg)) {
      if (is_conditional(word)) {
        if (auto e = conditional(word, substituted, p)) {
          return e;
        }
        continue;
      }
      if (word == "include" || word == "include_if_exists") {
        if (auto e = include(word, arg, p)) {
          return e;
        }
        continue;
      }
    }
    std::string logical(trimmed);
    if (auto e = continuation(logical)) {
      return e;
    }
    if (auto e = finish(std::move(logical), p)) {
      return e;
    }
  }
  if (!conds_.empty()) {
    return error(last_, "Unexpected end of configuration file: .endif missing");
  }
  return std::nullopt;
}

std::optional<LoadError> Reader::conditional(std::string_view word, bool substituted,
                                             const Physical& p) {
  if (word == "ifdef" || word == "ifndef") {
    bool cond = word == "ifdef" ? substituted : !substituted;
    bool parent = active();
    conds_.push_back(Cond{parent, parent && cond, parent && cond});
    return std::nullopt;
  }
  if (conds_.empty()) {
    return error(p, "." + std::string(word) + " without matching .ifdef");
  }
  Cond& c = conds_.back();
  if (word == "endif") {
    conds_.pop_back();
  } else if (word == "else") {
    c.active = c.parent_active && !c.taken;
    c.taken = true;
  } else {
    bool cond = word == "elifdef" ? substituted : !substituted;
    c.active = c.parent_active && !c.taken && cond;
    c.taken = c.taken || c.active;
  }
  return std::nullopt;
}

std::optional<LoadError> Reader::include(std::string_view word, std::string_view arg,
                                         const Physical& p) {
  std::string path(arg);
  if (path.size() >= 2 && path.front() == '"' && path.back() == '"') {
    path = path.substr(1, path.size() - 2);
  }
  bool optional = word == "include_if_exists";
  if (path.empty() || path[0] != '/') {
    if (optional || path.empty()) {
      return error(p, ".include specifies a non-absolute path \"" + path + "\"");
    }
    path = directory_of(p.file) + path;
  }
  if (sources_.size() >= kMaxIncludeDepth) {
    return error(p, ".include nested too deeply at " + path);
  }
  auto text = include_ ? include_(path) : std::nullopt;
  if (!text) {
    if (optional) {
      return std::nullopt;
    }
    return error(p, "failed to open included configuration file " + path);
  }
  sources_.push_back(Source{path, std::move(*text)});
  return std::nullopt;
}

// Joins continuation lines onto `text` while it ends in a backslash.
std::optional<LoadError> Reader::continuation(std::string& text) {
  Physical p;
  while (!text.empty() && text.back() == '\\') {
    text.pop_back();
    for (;;) {
      if (!next_physical(p)) {
        return std::nullopt;
      }
      std::string line = p.text;
      macros_.substitute(line);
      std::string_view t = util::trim(line);
      std::string_view word, arg;
      if (!t.empty() && t[0] == '#') {
        continue;
      }
      if (split_directive(t, word, arg) && (word == "include" || word == "include_if_exists")) {
        if (auto e = include(word, arg, p)) {
          return e;
        }
        continue;
      }
      if (t.empty()) {
        return std::nullopt;  // a blank line ends the continuation
      }
      text.append(t);
      break;
    }
  }
  return std::nullopt;
}

std::optional<LoadError> Reader::define_macro(std::string_view text, const Physical& start) {
  std::size_t i = 0;
  while (i < text.size() && (util::is_alnum(text[i]) || text[i] == '_')) {
    ++i;
  }
  std::string_view name = text.substr(0, i);
  std::string_view rest = util::trim_left(text.substr(i));
  if (rest.empty() || rest[0] != '=') {
    return error(start, "malformed macro definition");
  }
  bool redefine = rest.size() > 1 && rest[1] == '=';
  std::string_view value = util::trim(rest.substr(redefine ? 2 : 1));
  if (auto msg = macros_.define_from_file(name, value, redefine)) {
    return error(start, *msg);
  }
  return std::nullopt;
}

std::optional<LoadError> Reader::finish(std::string text, const Physical& start) {
  bool is_macro = sections_allow_macros(section_) && text[0] >= 'A' && text[0] <= 'Z';
  // Outside the main section Exim takes such a line as a macro definition
  // only when it has the form "NAME = ..."; otherwise it belongs to the
  // section ("Accept hosts = *" is then an unknown ACL verb, as in Exim).
  if (is_macro && section_ != "main" && !looks_like_definition(text)) is_macro = false;
  if (is_macro) {
    if (auto e = define_macro(text, start)) {
      return e;
    }
  } else if (text.starts_with("begin") && text.size() > 5 && util::is_space(text[5])) {
    section_.assign(util::trim(std::string_view(text).substr(5)));
  }
  out_.push_back(LogicalLine{std::move(text), start.file, start.line, is_macro});
  return std::nullopt;
}

}  // namespace

std::optional<LoadError> read_config(std::string_view text, std::string_view name,
                                     MacroTable& macros, const IncludeReader& include_reader,
                                     std::vector<LogicalLine>& out) {
  Reader reader(macros, include_reader, out);
  return reader.run(text, name);
}

}  // namespace corvid::config
