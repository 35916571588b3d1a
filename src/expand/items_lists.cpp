// List items: ${map}, ${filter}, ${reduce}, ${sort}, ${listextract} and
// ${listquote}.
#include "expand/item_table.hpp"
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
  lists::ListBuilder result(lists::list_separator(list.text));
  bool tainted = list.tainted;
  TString mapped;
  bool ok = for_each_item(ev, list, [&](const TString&) {
    if (!ev.eval(node.args[1], mapped)) return ev.decorate(" inside \"map\" item");
    result.add(mapped.text);
    tainted = tainted || mapped.tainted;
    return true;
  });
  if (ok) out.append(TString(result.text(), tainted));
  return ok;
}

bool item_filter(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  if (!ev.eval(node.args[0], list)) return false;
  lists::ListBuilder result(lists::list_separator(list.text));
  bool ok = for_each_item(ev, list, [&](const TString& item) {
    bool keep = false;
    if (!ev.eval_condition(*node.cond, keep)) {
      return ev.decorate(" inside \"filter\" condition");
    }
    if (keep) result.add(item.text);
    return true;
  });
  if (ok) out.append(TString(result.text(), list.tainted));
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
    if (!ev.eval(node.args[2], next)) return ev.decorate(" inside \"reduce\" item");
    acc = next;
    return true;
  });
  ev.value = std::move(saved_value);
  if (ok) out.append(acc);
  return ok;
}

namespace {

// Exim's integer reading for numeric comparators: leading white space, a
// sign, digits and an optional K, M or G; anything else reads as far as it
// goes.
long sort_number(const std::string& s) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  switch (*end) {
    case 'k': case 'K': return v * 1024L;
    case 'm': case 'M': return v * 1024L * 1024;
    case 'g': case 'G': return v * 1024L * 1024 * 1024;
    default: return v;
  }
}

// True when `a` sorts before `b` with comparator `cmp` (is_sort_comparator).
bool sort_before(CondId cmp, const std::string& a, const std::string& b) {
  switch (cmp) {
    case CondId::num_lt: return sort_number(a) < sort_number(b);
    case CondId::num_le: return sort_number(a) <= sort_number(b);
    case CondId::num_gt: return sort_number(a) > sort_number(b);
    case CondId::num_ge: return sort_number(a) >= sort_number(b);
    case CondId::lt: return a.compare(b) < 0;
    case CondId::le: return a.compare(b) <= 0;
    case CondId::gt: return a.compare(b) > 0;
    case CondId::ge: return a.compare(b) >= 0;
    case CondId::lti: return util::icompare(a, b) < 0;
    case CondId::lei: return util::icompare(a, b) <= 0;
    case CondId::gti: return util::icompare(a, b) > 0;
    default: return util::icompare(a, b) >= 0;
  }
}

// The comparator named by `text`, or false with Exim's complaint.
bool sort_comparator(Evaluator& ev, const std::string& text, CondId& id) {
  std::string_view name = condition_name_prefix(text);
  if (name.empty()) {
    return ev.error("condition name expected, but found \"" + text.substr(0, 16) + "\"");
  }
  const CondInfo* info = find_condition(name);
  if (info == nullptr) return ev.error("");  // Exim gives no message here
  if (!is_sort_comparator(info->id)) return ev.error("comparator not handled for sort");
  id = info->id;
  return true;
}

}  // namespace

bool item_sort(Evaluator& ev, const ItemNode& node, TString& out) {
  TString list;
  TString cmp_text;
  if (!ev.eval(node.args[0], list)) return false;
  if (!ev.eval(node.args[1], cmp_text)) return false;
  CondId cmp = CondId::lt;
  if (!sort_comparator(ev, cmp_text.text, cmp)) return false;
  char sep = lists::list_separator(list.text);
  struct Entry {
    std::string item;
    std::string key;
  };
  std::vector<Entry> sorted;
  TString key;
  bool ok = for_each_item(ev, list, [&](const TString& item) {
    Evaluator::Saved saved = ev.save();
    bool got = ev.eval(node.args[2], key) && !key.text.empty();
    if (!got) {
      ev.clear_failure();
      ev.restore(std::move(saved));
      return ev.error("field-extract in sort: \"" + node.word + "\"");
    }
    // Insert before the first entry the new one compares true against.
    size_t at = sorted.size();
    for (size_t j = 0; j < sorted.size(); ++j) {
      if (sort_before(cmp, key.text, sorted[j].key)) {
        at = j;
        break;
      }
    }
    sorted.insert(sorted.begin() + static_cast<long>(at), Entry{item.text, key.text});
    return true;
  });
  if (!ok) return false;
  lists::ListBuilder result(sep);
  for (const Entry& e : sorted) result.add(e.item);
  out.append(TString(result.text(), list.tainted));
  return true;
}

bool item_listextract(Evaluator& ev, const ItemNode& node, TString& out) {
  TString num;
  TString list;
  if (!ev.eval(node.args[0], num)) return false;
  if (!ev.eval(node.args[1], list)) return false;
  long n = 0;
  std::string bad = index_arg_error(num.text, "listextract", &n);
  if (!bad.empty()) return ev.error(bad);
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
  // An empty separator doubles nothing; an empty string is written as a
  // space, as in a list ${map} builds.
  if (s.text.empty()) out.text.push_back(' ');
  for (char ch : s.text) {
    out.text.push_back(ch);
    if (!sep.text.empty() && ch == sep.text[0]) out.text.push_back(ch);
  }
  out.tainted = out.tainted || s.tainted;
  return true;
}

}  // namespace corvid::expand
