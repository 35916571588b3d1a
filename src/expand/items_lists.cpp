// List items: ${map}, ${filter}, ${reduce}, ${sort}, ${listextract},
// ${listquote}, and ${extract} (fields of a string, keyed or numbered, or
// of a JSON value).
#include <nlohmann/json.hpp>

#include "expand/items.hpp"
#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

namespace {

// Runs `body` for each item of the list in args[0], with $item set.
template <typename Body>
bool for_each_item(Evaluator& ev, const TString& list, Body body) {
  lists::ListReader reader(list.text);
  std::string item;
  auto saved_item = ev.item;
  bool ok = true;
  while (ok && reader.next(item)) {
    ev.item = TString(item, list.tainted);
    ok = body(*ev.item);
  }
  ev.item = std::move(saved_item);
  return ok;
}

}  // namespace

bool item_map(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  if (!ev.eval(node.args[0], list)) return false;
  char sep = lists::list_separator(list.text);
  TString result;
  result.tainted = list.tainted;
  TString mapped;
  bool ok = for_each_item(ev, list, [&](const TString&) {
    if (!ev.eval(node.args[1], mapped)) return false;
    lists::append_list_item(result.text, mapped.text, sep);
    result.tainted = result.tainted || mapped.tainted;
    return true;
  });
  if (ok) out.append(result);
  return ok;
}

bool item_filter(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  if (!ev.eval(node.args[0], list)) return false;
  char sep = lists::list_separator(list.text);
  TString result;
  result.tainted = list.tainted;
  bool ok = for_each_item(ev, list, [&](const TString& item) {
    bool keep = false;
    if (!ev.eval_condition(*node.cond, keep)) return false;
    if (keep) lists::append_list_item(result.text, item.text, sep);
    return true;
  });
  if (ok) out.append(result);
  return ok;
}

bool item_reduce(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  TString acc;
  if (!ev.eval(node.args[0], list)) return false;
  if (!ev.eval(node.args[1], acc)) return false;
  auto saved_value = ev.value;
  TString next;
  bool ok = for_each_item(ev, list, [&](const TString&) {
    ev.value = acc;
    if (!ev.eval(node.args[2], next)) return false;
    acc = next;
    return true;
  });
  ev.value = std::move(saved_value);
  if (ok) out.append(acc);
  return ok;
}

namespace {

// The comparators ${sort} accepts; false for an unknown name.
bool sort_compare(std::string_view cmp, const std::string& a, const std::string& b,
                  bool& known) {
  known = true;
  if (cmp == "<" || cmp == "<=" || cmp == ">" || cmp == ">=") {
    long x = 0;
    long y = 0;
    if (!parse_item_int(a, x) || !parse_item_int(b, y)) return false;
    if (cmp == "<") return x < y;
    if (cmp == "<=") return x <= y;
    if (cmp == ">") return x > y;
    return x >= y;
  }
  bool caseless = cmp.size() == 3 && cmp[2] == 'i';
  int c = caseless ? util::icompare(a, b) : a.compare(b);
  std::string_view base = cmp.substr(0, 2);
  if (cmp.size() == 2 || caseless) {
    if (base == "lt") return c < 0;
    if (base == "le") return c <= 0;
    if (base == "gt") return c > 0;
    if (base == "ge") return c >= 0;
  }
  known = false;
  return false;
}

}  // namespace

bool item_sort(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  TString cmp;
  if (!ev.eval(node.args[0], list)) return false;
  if (!ev.eval(node.args[1], cmp)) return false;
  char sep = lists::list_separator(list.text);
  struct Entry {
    std::string item;
    std::string key;
  };
  std::vector<Entry> sorted;
  TString key;
  bool ok = for_each_item(ev, list, [&](const TString& item) {
    if (!ev.eval(node.args[2], key)) return false;
    // Insert before the first entry the new one compares true against.
    size_t at = sorted.size();
    for (size_t j = 0; j < sorted.size(); ++j) {
      bool known = true;
      bool before = sort_compare(cmp.text, key.text, sorted[j].key, known);
      if (!known) return ev.error("");
      if (before) {
        at = j;
        break;
      }
    }
    sorted.insert(sorted.begin() + static_cast<long>(at), Entry{item.text, key.text});
    return true;
  });
  if (!ok) return false;
  TString result;
  result.tainted = list.tainted;
  for (const Entry& e : sorted) lists::append_list_item(result.text, e.item, sep);
  out.append(result);
  return true;
}

bool item_listextract(Evaluator& ev, const ItemNode& node, TString& out) {
  TString num;
  TString list;
  if (!ev.eval(node.args[0], num)) return false;
  if (!ev.eval(node.args[1], list)) return false;
  long n = 0;
  if (!parse_item_int(num.text, n)) {
    return ev.error("\"" + num.text + "\" is not a number (in \"listextract\" expansion)");
  }
  std::vector<std::string> items = lists::split_list(list.text);
  long size = static_cast<long>(items.size());
  long index = n > 0 ? n - 1 : size + n;
  bool found = n != 0 && index >= 0 && index < size;
  TString value;
  if (found) value = TString(items[static_cast<size_t>(index)], list.tainted);
  auto saved_value = ev.value;
  if (found) ev.value = value;
  bool ok = ev.eval_yesno(node, found, value, out);
  ev.value = std::move(saved_value);
  return ok;
}

bool item_listquote(Evaluator& ev, const ItemNode& node, TString& out) {
  TString sep;
  TString s;
  if (!ev.eval(node.args[0], sep)) return false;
  if (!ev.eval(node.args[1], s)) return false;
  char c = sep.text.empty() ? ':' : sep.text[0];
  for (char ch : s.text) {
    out.text.push_back(ch);
    if (ch == c) out.text.push_back(ch);
  }
  out.tainted = out.tainted || s.tainted;
  return true;
}

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

std::optional<std::string> json_field(std::string_view key, std::string_view text, bool strip) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  const nlohmann::json* found = nullptr;
  long index = 0;
  if (doc.is_object()) {
    auto it = doc.find(std::string(key));
    if (it != doc.end()) found = &*it;
  } else if (doc.is_array() && parse_item_int(key, index) && index > 0 &&
             static_cast<size_t>(index) <= doc.size()) {
    found = &doc[static_cast<size_t>(index - 1)];
  }
  if (found == nullptr) return std::nullopt;
  if (strip && found->is_string()) return found->get<std::string>();
  return found->dump();
}

}  // namespace

bool item_extract(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  // Only the fixed arguments are expanded up front; yes/no come later.
  TString first;
  if (!ev.eval(node.args[0], first)) return false;
  long field = 0;
  bool numeric = node.word.empty() && !first.text.empty() && parse_item_int(first.text, field);
  size_t fixed = numeric ? 3 : 2;
  if (node.args.size() < fixed) {
    return ev.error("missing '{' for field arg of extract");
  }
  if (node.args.size() > fixed + 2) {
    return ev.error("curly-bracket problem in conditional yes/no parsing: did not close with '}'");
  }
  std::vector<TString> fixed_vals(fixed);
  fixed_vals[0] = first;
  for (size_t i = 1; i < fixed; ++i) {
    if (!ev.eval(node.args[i], fixed_vals[i])) return false;
  }
  const TString& subject = fixed_vals.back();
  std::optional<std::string> found;
  if (numeric) {
    found = numbered_field(field, fixed_vals[1].text, subject.text);
  } else if (!node.word.empty()) {
    found = json_field(first.text, subject.text, node.word == "jsons");
  } else {
    found = keyed_field(first.text, subject.text);
  }
  TString value;
  if (found) value = TString(*found, subject.tainted);
  auto saved_value = ev.value;
  if (found) ev.value = value;
  bool ok = true;
  size_t yes_at = fixed;
  size_t no_at = fixed + 1;
  if (found) {
    if (node.args.size() > yes_at) {
      ok = ev.eval_append(node.args[yes_at], out);
    } else {
      out.append(value);
    }
  } else if (node.yesno.fail) {
    ok = ev.forced_fail("\"extract\" failed and \"fail\" requested");
  } else if (node.args.size() > no_at) {
    ok = ev.eval_append(node.args[no_at], out);
  }
  ev.value = std::move(saved_value);
  return ok;
}

}  // namespace corvid::expand
