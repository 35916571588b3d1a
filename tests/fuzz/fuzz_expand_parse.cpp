// Fuzz target: the expansion-language parser and evaluator.
//
// Every input is compiled with expand::compile(); inputs that compile are
// then evaluated against a small fixed Context. The target must never
// crash, leak or trip a sanitizer, whatever the bytes: parse errors and
// expansion failures are ordinary results.
//
// Items that reach outside the process (${run}, ${readsocket}, ${perl},
// ${dlfunc}, DNS and network lookups) and ${expand:}, which could build
// such an item from pieces, are only parsed, never evaluated: a fuzzer
// must not run commands or touch the network.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "expand/expansion.hpp"

namespace {

using corvid::TString;
using corvid::expand::Context;
using corvid::expand::VarStatus;

class FuzzContext : public Context {
 public:
  VarStatus variable(std::string_view name, TString& out) const override {
    if (name == "primary_hostname") {
      out = TString("mx.example.com");
    } else if (name == "local_part") {
      out = TString("User.Name", true);
    } else if (name == "domain") {
      out = TString("Example.COM", true);
    } else if (name == "sender_host_address") {
      out = TString("192.0.2.1", true);
    } else if (name.starts_with("acl_")) {
      out = TString();
    } else {
      return VarStatus::unknown;
    }
    return VarStatus::found;
  }
};

bool reaches_outside(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::string_view kRisky[] = {"run", "readsocket", "perl", "dlfunc", "expand",
                                                "dnsdb", "redis", "ldap", "sql", "spf",
                                                "dkim", "dmarc", "srs", "imap", "acl"};
  return std::any_of(std::begin(kRisky), std::end(kRisky),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) {
    return 0;  // long inputs add nothing but time
  }
  std::string_view text(reinterpret_cast<const char*>(data), size);
  corvid::expand::Expansion compiled = corvid::expand::compile(text);
  if (!compiled.ok() || reaches_outside(text)) {
    return 0;
  }
  static const FuzzContext ctx;
  corvid::expand::Result result = corvid::expand::expand(compiled, ctx);
  // A second evaluation of the same tree must give the same answer: the
  // tree is immutable and evaluation keeps no state between runs.
  corvid::expand::Result again = corvid::expand::expand(compiled, ctx);
  if (result.status != again.status || result.value != again.value) {
    __builtin_trap();
  }
  return 0;
}
