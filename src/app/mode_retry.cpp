#include "app/mode_retry.hpp"

#include <iostream>

#include "queue/retry.hpp"

namespace corvid::app {

int run_brt(const CommandLine& cl, const Loaded& loaded) {
  if (cl.args.empty()) {
    std::cout << "-brt needs a domain or address argument\n";
    return 1;
  }
  std::string error = cl.args.size() > 1 ? cl.args[1] : "";
  if (!error.empty() && !queue::valid_retry_error(error)) {
    std::cout << "unknown or malformed retry error \"" << error << "\"\n";
    return 1;
  }
  std::vector<queue::RetryRuleSet> rules = queue::parse_retry_rules(*loaded.config);
  const queue::RetryRuleSet* set = queue::find_retry_rule(rules, cl.args[0], error);
  if (set == nullptr) {
    std::cout << "No retry information found\n";
    return 0;
  }
  std::cout << "Retry rule: " << queue::format_retry_rule(*set) << '\n';
  return 0;
}

}  // namespace corvid::app
