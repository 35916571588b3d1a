#include "app/mode_rewrite.hpp"

#include <ctime>
#include <iostream>

#include "config/config_context.hpp"
#include "message/address_list.hpp"
#include "rewrite/rewrite.hpp"

namespace corvid::app {

int run_brw(const CommandLine& cl, const Loaded& loaded) {
  const config::Config& config = *loaded.config;
  std::shared_ptr<const rewrite::RuleSet> rules = rewrite::RuleSet::of(config);
  config::ConfigContext ctx(loaded.config);
  // Exim's complaints about a rule go to its log, which for -brw is the
  // terminal.
  auto log = [](const std::string& text) {
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
    std::cerr << stamp << ' ' << text << '\n';
  };
  static constexpr std::pair<const char*, unsigned> kPlaces[] = {
      {"  sender", rewrite::kSender}, {"    from", rewrite::kFrom},
      {"      to", rewrite::kTo},     {"      cc", rewrite::kCc},
      {"     bcc", rewrite::kBcc},    {"reply-to", rewrite::kReplyTo},
      {"env-from", rewrite::kEnvelopeFrom}, {"  env-to", rewrite::kEnvelopeTo}};
  for (const std::string& arg : cl.args) {
    std::string error;
    std::optional<std::string> address = message::parse_one_address(arg, error);
    if (!address) {
      std::cout << "syntax error in " << arg << ": " << error << '\n';
      continue;
    }
    if (address->find('@') == std::string::npos) *address += "@" + ctx.qualify_domain();
    for (const auto& [label, field] : kPlaces) {
      std::cout << label << ": "
                << (rules ? rewrite::rewrite_address(*rules, *address, field, ctx, log) : *address)
                << '\n';
    }
  }
  return 0;
}

}  // namespace corvid::app
