// The plaintext authenticator's server side: prompts from server_prompts
// (an expanded colon list), answers split at binary zeros into $auth1,
// $auth2, ... (data on the AUTH command fills the first ones and skips
// their prompts; "=" there is one empty value), then server_condition
// decides: "1"/"yes"/"true" succeeds, ""/"0"/"no"/"false" or a forced
// failure fails, anything else (or an expansion error) defers.
#include "auth/mechanisms.hpp"

#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::auth {
namespace {

// Appends the NUL-separated items of `data`. Initial data that is empty
// gives nothing; a prompted answer always gives at least one item.
void split_values(const std::string& data, bool at_least_one, std::vector<std::string>& out) {
  if (data.empty()) {
    if (at_least_one) out.emplace_back();
    return;
  }
  size_t start = 0;
  while (start < data.size()) {
    size_t nul = data.find('\0', start);
    if (nul == std::string::npos) nul = data.size();
    out.push_back(data.substr(start, nul - start));
    start = nul + 1;
  }
}

class Plaintext final : public ServerMechanism {
 public:
  Plaintext(const config::DriverInstance& instance, ServerContext& context)
      : instance_(instance), context_(context) {}

  Step start(const std::optional<std::string>& initial) override {
    if (const config::OptionValue* p = instance_.option("server_prompts"); p && p->is_set) {
      std::string text, error;
      if (context_.expand(*p, text, error) != ServerContext::Expanded::ok) {
        return Step{Step::Kind::defer, {}, "server_prompts: " + error};
      }
      prompts_ = lists::split_list(text);
    }
    if (initial && !initial->empty()) {
      if (*initial == "=") {
        values_.emplace_back();
      } else {
        std::optional<std::string> clear = base64_decode(*initial);
        if (!clear) return Step{Step::Kind::bad_base64, {}, {}};
        split_values(*clear, false, values_);
      }
    }
    return next_prompt();
  }

  Step respond(std::string_view line) override {
    if (line == "*") return Step{Step::Kind::cancelled, {}, {}};
    std::optional<std::string> clear = base64_decode(line);
    if (!clear) return Step{Step::Kind::bad_base64, {}, {}};
    split_values(*clear, true, values_);
    return next_prompt();
  }

 private:
  Step next_prompt() {
    // Prompts whose answers came with the AUTH command are skipped.
    if (values_.size() < prompts_.size()) {
      return Step{Step::Kind::challenge, prompts_[values_.size()], {}};
    }
    context_.set_auth_values(values_);
    return check_condition(instance_, context_);
  }

  const config::DriverInstance& instance_;
  ServerContext& context_;
  std::vector<std::string> prompts_;
  std::vector<std::string> values_;
};

}  // namespace

Step check_condition(const config::DriverInstance& instance, ServerContext& context) {
  const config::OptionValue* cond = instance.option("server_condition");
  if (cond == nullptr || !cond->is_set) return Step{Step::Kind::fail, {}, {}};
  std::string result, error;
  switch (context.expand(*cond, result, error)) {
    case ServerContext::Expanded::forced_fail:
      return Step{Step::Kind::fail, {}, {}};
    case ServerContext::Expanded::error:
      return Step{Step::Kind::defer, {}, error};
    case ServerContext::Expanded::ok:
      break;
  }
  std::string_view r = util::trim(result);
  if (r == "1" || util::iequals(r, "yes") || util::iequals(r, "true")) {
    return Step{Step::Kind::ok, {}, {}};
  }
  if (r.empty() || r == "0" || util::iequals(r, "no") || util::iequals(r, "false")) {
    return Step{Step::Kind::fail, {}, {}};
  }
  return Step{Step::Kind::defer, {}, std::string(r)};
}

std::unique_ptr<ServerMechanism> make_plaintext(const config::DriverInstance& instance,
                                                ServerContext& context) {
  return std::make_unique<Plaintext>(instance, context);
}

}  // namespace corvid::auth
