// ${acl}, ${authresults}, and the items whose subsystems are not built
// yet (${certextract} ...): those fail with a clear "not yet supported"
// message instead of a wrong answer.
#include "expand/items.hpp"

namespace corvid::expand {

bool item_authresults(Evaluator& ev, const ItemNode& node, TString& out) {
  TString server;
  if (!ev.eval(node.args[0], server)) return false;
  // The per-method results (spf=, dkim=, dmarc=, arc=) are appended by the
  // message-authentication code through the context once it exists.
  out.append("Authentication-Results: ");
  out.append(server);
  return true;
}

bool item_acl(Evaluator& ev, const ItemNode& node, TString& out) {
  std::vector<TString> v(node.args.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (!ev.eval(node.args[i], v[i])) return false;
  }
  if (v[0].text.empty()) return true;  // no ACL named: an empty result, as Exim gives
  std::string name = v[0].text;
  v.erase(v.begin());
  std::optional<AclCall> r = ev.ctx().call_acl(name, std::move(v));
  if (!r) return ev.error("ACLs cannot be run from this expansion");
  switch (r->outcome) {
    case AclCall::Outcome::accept:
    case AclCall::Outcome::deny:
      out.append(r->message);
      return true;
    case AclCall::Outcome::defer:
      return ev.forced_fail("\"acl\" failed and \"fail\" requested");
    case AclCall::Outcome::error:
      break;
  }
  return ev.error("ERROR from acl \"" + name + "\"");
}

bool item_unsupported(Evaluator& ev, const ItemNode& node, TString&) {
  return ev.error("the \"" + node.name + "\" expansion item is not yet supported by Corvid");
}

}  // namespace corvid::expand
