// ${authresults} and the items whose subsystems are not built yet
// (${acl}, ${certextract} ...): those fail with a
// clear "not yet supported" message instead of a wrong answer.
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

bool item_unsupported(Evaluator& ev, const ItemNode& node, TString&) {
  return ev.error("the \"" + node.name + "\" expansion item is not yet supported by Corvid");
}

}  // namespace corvid::expand
