// Compiles ACL text into CompiledAcl, with Exim's configuration-time checks
// and error texts ("unknown ACL verb", "unknown ACL condition/modifier",
// "\"=\" missing after ACL ...", negation and endpass misuse, bad "set"
// variable names). Checks that depend on where the ACL runs (forbidden
// conditions, unknown controls) happen at run time, as in Exim.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "acl/compiled.hpp"
#include "config/config.hpp"
#include "config/load_error.hpp"

namespace corvid::acl {

// Error messages carry Exim's text without the "error in ACL: " prefix;
// config errors add it (see compile_config_acl).
struct CompileFailure {
  int line = 0;
  std::string message;
};

using CompileResult = std::variant<AclPtr, CompileFailure>;

// One ACL from the configuration. On failure the LoadError is what
// "exim -bV" prints: "error in ACL: ..." at the offending line.
std::variant<AclPtr, config::LoadError> compile_config_acl(const config::Acl& acl);

// ACL text from an option value or a file: lines separated by '\n' (a file
// may have comments, blank lines and '\' continuations).
CompileResult compile_text(std::string_view text, std::string_view name, std::string_view file);

}  // namespace corvid::acl
