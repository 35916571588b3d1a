// ${extract}: a field of a string, found by key ("key=value ..."), by
// number (split at any of a set of separators), or in a JSON object or
// array. The JSON forms scan the text the way Exim does rather than parse
// it: elements are split at commas outside brackets (quotes are not
// special there), object keys must be quoted strings, and "jsons" strips
// the quotes of a string value without unescaping it.
#include <optional>

#include "expand/item_table.hpp"
#include "expand/items.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

// "key1=value1 key2="quoted value"": the value of `key`, or nullopt.
std::optional<std::string> keyed_field(std::string_view key, std::string_view s) {
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && util::is_space(s[i])) ++i;
  };
  skip_ws();
  while (i < s.size()) {
    size_t kstart = i;
    while (i < s.size() && s[i] != '=' && !util::is_space(s[i])) ++i;
    std::string_view dkey = s.substr(kstart, i - kstart);
    skip_ws();
    if (i < s.size() && s[i] == '=') {
      ++i;
      skip_ws();
    }
    std::string data;
    if (i < s.size() && s[i] == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        data.push_back(s[i++]);
      }
      if (i < s.size()) ++i;
    } else {
      while (i < s.size() && !util::is_space(s[i])) data.push_back(s[i++]);
    }
    if (util::iequals(dkey, key)) return data;
    skip_ws();
  }
  return std::nullopt;
}

// Field `n` (1-based; negative counts from the end) of `s` split at any of
// `seps`; 0 is the whole string.
std::optional<std::string> numbered_field(long n, std::string_view seps, std::string_view s) {
  if (n == 0) return std::string(s);
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || seps.find(s[i]) != std::string_view::npos) {
      fields.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  long size = static_cast<long>(fields.size());
  long index = n > 0 ? n - 1 : size + n;
  if (index < 0 || index >= size) return std::nullopt;
  return std::string(fields[static_cast<size_t>(index)]);
}

// ---- JSON, scanned as Exim scans it ----------------------------------------

int bracket_step(char c) {
  if (c == '{' || c == '[') return 1;
  if (c == '}' || c == ']') return -1;
  return 0;
}

// The text between `open` (the first non-space character) and the bracket
// that balances it; false when either is missing.
bool json_inner(std::string_view s, char open, bool& no_open, std::string_view& inner) {
  s = util::trim_left(s);
  no_open = s.empty() || s[0] != open;
  if (no_open) return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    depth += bracket_step(s[i]);
    if (depth == 0) {
      inner = s.substr(1, i - 1);
      return true;
    }
  }
  return false;
}

// The next element of a container's inside: leading white space skipped,
// ending at a comma outside brackets. False when it is empty (the end).
bool json_next(std::string_view& rest, std::string_view& element) {
  rest = util::trim_left(rest);
  int depth = 0;
  size_t i = 0;
  while (i < rest.size() && !(rest[i] == ',' && depth == 0)) {
    depth += bracket_step(rest[i]);
    ++i;
  }
  element = rest.substr(0, i);
  rest = i < rest.size() ? rest.substr(i + 1) : std::string_view{};
  return !element.empty();
}

// The end of a quoted string starting at s[0] == '"': the index of the
// closing quote (backslash escapes skipped), or npos.
size_t json_string_end(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

struct JsonFind {
  std::optional<std::string> found;
  std::string error;
};

JsonFind json_object_field(std::string_view key, std::string_view text) {
  std::string_view inner;
  bool no_open = false;
  if (!json_inner(text, '{', no_open, inner)) {
    return {{}, no_open ? "missing '{' wrapping object for extract json"
                        : "missing '}' wrapping object for extract json"};
  }
  std::string_view element;
  while (json_next(inner, element)) {
    size_t end = element[0] == '"' ? json_string_end(element) : std::string_view::npos;
    if (end == std::string_view::npos) {
      return {{}, "missing '\"' wrapping string key for extract json"};
    }
    std::string_view name = element.substr(1, end - 1);
    std::string_view rest = util::trim_left(element.substr(end + 1));
    if (rest.empty() || rest[0] != ':') {
      return {{}, "missing object value-separator for extract json"};
    }
    if (name == key) return {std::string(util::trim_left(rest.substr(1))), {}};
  }
  return {};
}

JsonFind json_array_field(long index, std::string_view text) {
  std::string_view inner;
  bool no_open = false;
  if (!json_inner(text, '[', no_open, inner)) {
    return {{}, no_open ? "missing '[' wrapping array for extract json"
                        : "missing ']' wrapping array for extract json"};
  }
  if (index <= 0) {
    return {{}, "first argument of \"extract\" must be greater than zero"};
  }
  std::string_view element;
  for (long i = 1; json_next(inner, element); ++i) {
    if (i == index) return {std::string(util::trim_right(element)), {}};
  }
  return {};
}

// jsons: the contents of a quoted string value, not unescaped.
bool strip_json_string(std::string& value) {
  size_t end = !value.empty() && value[0] == '"' ? json_string_end(value)
                                                 : std::string_view::npos;
  if (end == std::string_view::npos) return false;
  value = value.substr(1, end - 1);
  return true;
}

// Finds the field the item asks for; false on error (reported in `ev`).
bool find_field(Evaluator& ev, const ItemNode& node, const ItemNode& form,
                const std::string& key, std::vector<TString>& args,
                std::optional<std::string>& found) {
  long n = 0;
  if (node.word.empty()) {
    if (&form == node.extract->as_number.get()) {
      index_arg_error(key, "extract", &n);
      found = numbered_field(n, args[0].text, args[1].text);
    } else {
      found = keyed_field(key, args[0].text);
    }
    return true;
  }
  JsonFind r;
  if (is_index_number(key)) {
    index_arg_error(key, "extract", &n);
    r = json_array_field(n, args[0].text);
  } else {
    r = json_object_field(key, args[0].text);
  }
  if (!r.error.empty()) return ev.error(r.error);
  found = std::move(r.found);
  if (found && node.word == "jsons" && !strip_json_string(*found)) {
    return ev.error("missing '\"' wrapping string result for extract jsons");
  }
  return true;
}

}  // namespace

bool item_extract(Evaluator& ev, const ItemNode& node, TString& out) {
  TString first;
  if (!ev.eval(node.args[0], first)) return false;
  std::string key(util::trim(first.text));
  if (key.empty()) {
    return ev.error("first argument of \"extract\" must not be empty");
  }
  const ExtractForms& forms = *node.extract;
  bool numbered = node.word.empty() && is_index_number(key);
  const ItemNode* form = numbered ? forms.as_number.get() : forms.as_key.get();
  const std::string& syntax_error = numbered ? forms.number_error : forms.key_error;
  if (!syntax_error.empty() || form == nullptr) {
    return ev.error(syntax_error);
  }
  std::vector<TString> args(form->args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    if (!ev.eval(form->args[i], args[i])) return false;
  }
  std::optional<std::string> found;
  if (!find_field(ev, node, *form, key, args, found)) return false;
  TString value;
  if (found) value = TString(*found, args.back().tainted);
  auto saved_value = ev.value;
  if (found) ev.value = value;
  bool ok = ev.eval_yesno(*form, found.has_value(), value, out);
  ev.value = std::move(saved_value);
  return ok;
}

}  // namespace corvid::expand
