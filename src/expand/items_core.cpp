// ${if}, ${lookup} and ${env}: the items that choose between yes and no.
#include <cstdlib>

#include "expand/items.hpp"
#include "util/strings.hpp"

namespace corvid::expand {

bool parse_item_int(std::string_view text, long& value) {
  // strtol() semantics as Exim uses them: leading white space and a sign are
  // accepted, trailing characters are not; an empty string is zero.
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  value = std::strtol(s.c_str(), &end, 10);
  return end != nullptr && *end == '\0' && errno == 0;
}

bool item_if(Evaluator& ev, const ItemNode& node, TString& out) {
  // The condition may set $value and $1..; they last for the yes/no strings.
  auto saved_numeric = ev.numeric;
  auto saved_value = ev.value;
  bool result = false;
  if (!ev.eval_condition(*node.cond, result)) {
    return false;
  }
  static const TString kTrue("true");
  bool ok = ev.eval_yesno(node, result, kTrue, out);
  ev.numeric = std::move(saved_numeric);
  ev.value = std::move(saved_value);
  return ok;
}

bool item_lookup(Evaluator& ev, const ItemNode& node, TString& out) {
  TString key;
  TString target;
  if (node.has_key && !ev.eval(node.args.front(), key)) return false;
  if (!ev.eval(node.args.back(), target)) return false;
  const lookup::Spec& spec = node.lookup_spec;
  if (spec.driver->single_key() && target.tainted) {
    return ev.error("Tainted filename for search: '" + target.text + "'");
  }
  lookup::Result r = lookup::run(spec, key.text, target.text);
  if (r.status == lookup::Status::defer) {
    return ev.error(r.error);
  }
  auto saved_value = ev.value;
  bool found = r.status == lookup::Status::found;
  if (found) {
    ev.value = r.value;
  }
  bool ok = ev.eval_yesno(node, found, found ? r.value : TString{}, out);
  ev.value = std::move(saved_value);
  return ok;
}

bool item_env(Evaluator& ev, const ItemNode& node, TString& out) {
  TString name;
  if (!ev.eval(node.args[0], name)) return false;
  const char* v = std::getenv(name.text.c_str());
  auto saved_value = ev.value;
  TString found_value;
  if (v != nullptr) {
    found_value.text = v;
    ev.value = found_value;
  }
  bool ok = ev.eval_yesno(node, v != nullptr, found_value, out);
  ev.value = std::move(saved_value);
  return ok;
}

}  // namespace corvid::expand
