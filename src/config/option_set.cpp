// Values of one option table; see option_set.hpp.
#include "config/option_set.hpp"

#include "config/values.hpp"
#include "util/strings.hpp"

namespace corvid::config {
namespace {

bool is_name_char(char c) { return util::is_alnum(c) || c == '_'; }

bool prints_bare_when_unset(OptType t) {
  return t == OptType::uid_list || t == OptType::gid_list || t == OptType::fixed;
}

std::string_view strip_negation(std::string_view name) {
  if (name.starts_with("no_")) {
    return name.substr(3);
  }
  if (name.starts_with("not_")) {
    return name.substr(4);
  }
  return {};
}

std::optional<std::string> set_boolean(const OptionDef& def, const Setting& s, bool negated,
                                       OptionValue& v) {
  if (negated && s.has_value) {
    return "extra characters follow boolean option " + s.name;
  }
  if (!s.has_value) {
    if (!util::trim(s.value).empty()) {
      return "extra characters follow boolean option " + s.name;
    }
    v.flag = !negated;
    return std::nullopt;
  }
  std::string_view rest = util::trim(s.value);
  if (rest.empty()) {
    v.flag = true;
    return std::nullopt;
  }
  if (def.expanded && rest.find('$') != std::string_view::npos) {
    v.deferred = true;
    v.text.assign(rest);
    return std::nullopt;
  }
  std::size_t end = 0;
  while (end < rest.size() && !util::is_space(rest[end])) {
    ++end;
  }
  auto word = rest.substr(0, end);
  auto b = parse_bool_word(word);
  if (!b) {
    return "\"" + std::string(word) + "\" is not a valid value for the \"" + std::string(def.name) +
           "\" option";
  }
  if (!util::trim(rest.substr(end)).empty()) {
    return "extra characters follow \"" + std::string(word) + "\" for boolean option " +
           std::string(def.name);
  }
  v.flag = *b;
  v.text.assign(word);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> split_setting(std::string_view line, Setting& out) {
  line = util::trim(line);
  out = Setting{};
  if (line.starts_with("hide") && line.size() > 4 && util::is_space(line[4])) {
    out.hide = true;
    line = util::trim_left(line.substr(4));
  }
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) {
    ++i;
  }
  if (i == 0) {
    return "option setting expected: " + std::string(line);
  }
  out.name.assign(line.substr(0, i));
  std::string_view rest = util::trim_left(line.substr(i));
  if (!rest.empty() && rest[0] == '=') {
    out.has_value = true;
    rest = rest.substr(1);
  }
  out.value.assign(util::trim(rest));
  return std::nullopt;
}

OptionSet::OptionSet(OptionTable table) : table_(table), values_(table.size()) {
  for (std::size_t i = 0; i < table_.size(); ++i) {
    if (table_[i].default_value != nullptr && table_[i].alias_of.empty()) {
      auto err = store(table_[i], table_[i].default_value, values_[i], true);
      values_[i].is_set = !err.has_value();
    }
  }
}

int OptionSet::index_of(std::string_view name) const {
  const OptionDef* d = find_option(table_, name);
  if (d != nullptr && !d->alias_of.empty()) {
    d = find_option(table_, d->alias_of);
  }
  return d == nullptr ? -1 : int(d - table_.data());
}

void OptionSet::set_default(std::string_view name, const char* value) {
  int i = index_of(name);
  if (i >= 0 && !values_[i].configured) {
    values_[i] = OptionValue{};
    values_[i].is_set = !store(table_[i], value, values_[i], true).has_value();
  }
}

const OptionValue* OptionSet::value(std::string_view name) const {
  int i = index_of(name);
  return i < 0 ? nullptr : &values_[i];
}

OptionSet::Applied OptionSet::apply(const Setting& s, std::string_view file, int line,
                                    std::string& error) {
  bool negated = false;
  int i = index_of(s.name);
  if (i < 0) {
    auto bare = strip_negation(s.name);
    i = bare.empty() ? -1 : index_of(bare);
    negated = i >= 0;
  }
  if (i < 0) {
    return Applied::unknown;
  }
  const OptionDef& def = table_[i];
  OptionValue v;
  std::optional<std::string> err;
  if (def.type == OptType::boolean) {
    err = set_boolean(def, s, negated, v);
  } else if (negated) {
    err = "negation prefix applied to a non-boolean option";
  } else if (!s.has_value) {
    err = s.value.empty() ? "unexpected end of line (data missing) after " + s.name
                          : "missing \"=\" after " + s.name;
  } else {
    err = store(def, s.value, v);
  }
  if (err) {
    error = *err;
    return Applied::error;
  }
  v.is_set = true;
  v.configured = true;
  v.hidden = s.hide || values_[i].hidden;
  v.file.assign(file);
  v.line = line;
  values_[i] = std::move(v);
  return Applied::ok;
}

std::optional<std::string> OptionSet::store(const OptionDef& def, std::string_view text,
                                            OptionValue& v, bool is_default) {
  if (def.type == OptType::boolean) {
    auto b = parse_bool_word(text);
    v.flag = b.value_or(false);
    return std::nullopt;
  }
  if (is_default) {
    v.text.assign(text);  // defaults are exact, spaces and newlines included
  } else if (auto err = read_string_value(text, def.name, v.text)) {
    return err;
  }
  std::string_view t = v.text;
  v.expansion.reset();
  if (def.expanded && t.find_first_of("$\\") != std::string_view::npos) {
    v.expansion = std::make_shared<const expand::Expansion>(expand::compile(t));
  }
  bool numeric = def.type == OptType::integer || def.type == OptType::size_int ||
                 def.type == OptType::kilo_int || def.type == OptType::fixed ||
                 def.type == OptType::time || def.type == OptType::octal ||
                 def.type == OptType::time_list;
  if (numeric && def.expanded && t.find('$') != std::string_view::npos) {
    v.deferred = true;
    return std::nullopt;
  }
  switch (def.type) {
    case OptType::integer:
    case OptType::size_int:
      return parse_integer(t, def.name, v.number);
    case OptType::kilo_int:
      return parse_kilo_integer(t, def.name, v.number);
    case OptType::fixed:
      return parse_fixed(t, def.name, v.number);
    case OptType::time:
      return parse_time_option(t, def.name, v.number);
    case OptType::time_list:
      return parse_time_list(t, def.name);
    case OptType::octal:
      return parse_octal(t, def.name, v.number);
    default:
      return std::nullopt;
  }
}

std::string OptionSet::value_text(std::size_t i) const {
  const OptionDef& def = table_[i];
  const OptionValue& v = values_[i];
  if (!v.is_set) {
    return {};
  }
  if (v.deferred) {
    return printable(v.text);
  }
  switch (def.type) {
    case OptType::boolean:
      return v.flag ? "true" : "false";
    case OptType::integer:
      return std::to_string(v.number);
    case OptType::size_int:
      return format_size(v.number);
    case OptType::kilo_int:
      return format_kilo(v.number);
    case OptType::fixed:
      return format_fixed(v.number);
    case OptType::time:
      return format_time(v.number);
    case OptType::octal:
      return format_octal(v.number);
    default:
      return printable(v.text);
  }
}

std::string OptionSet::display(std::size_t i, bool show_hidden) const {
  const OptionDef& def = table_[i];
  const OptionValue& v = values_[i];
  std::string name(def.name);
  if (v.hidden && !show_hidden) {
    return name + " = <value not displayable>";
  }
  if (def.type == OptType::boolean && !v.deferred) {
    return v.flag ? name : "no_" + name;
  }
  if (!v.is_set && prints_bare_when_unset(def.type)) {
    return name + " =";
  }
  return name + " = " + value_text(i);
}

}  // namespace corvid::config
