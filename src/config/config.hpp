// The loaded configuration: an immutable object built once by load_file /
// load_text and shared as std::shared_ptr<const Config>.
//
// It holds the main options (typed, defaults included), the named lists,
// the ACLs as raw statements, the router / transport / authenticator
// instances in order with their options, the retry and rewrite rules as
// raw lines, and the macros. Nothing here expands strings: expandable
// options keep their raw text for the expansion compiler.
//
// Errors are values: loading returns a LoadResult holding either the
// Config or a LoadError whose render() is Exim's message.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "config/load_error.hpp"
#include "config/macros.hpp"
#include "config/option_set.hpp"
#include "config/options.hpp"
#include "config/reader.hpp"
#include "lists/match.hpp"

namespace corvid::config {

// One raw line (retry rule, rewrite rule, local_scan setting) or one ACL
// statement (a verb line and its condition lines, joined with "\n").
struct Statement {
  std::string text;
  std::string file;
  int line = 0;
};

struct Acl {
  std::string name;
  std::string file;
  int line = 0;
  std::vector<Statement> statements;
};

struct NamedListEntry {
  lists::NamedList list;
  bool hidden = false;
  std::string file;
  int line = 0;
};

// A router, transport or authenticator instance.
struct DriverInstance {
  DriverKind kind = DriverKind::router;
  std::string name;
  std::string driver;  // "smtp", "dnslookup" ...
  const DriverInfo* info = nullptr;
  std::string file;
  int line = 0;
  OptionSet generic;  // generic options of the kind
  OptionSet options;  // the driver's private options

  // A private option first, else a generic one; nullptr if neither knows
  // the name.
  const OptionValue* option(std::string_view name) const;
  // The value as -bP prints it (no name); nullopt for an unknown name.
  std::optional<std::string> option_text(std::string_view name) const;
  // Raw text of a string option (nullopt if unknown or unset).
  std::optional<std::string> string_option(std::string_view name) const;
  std::optional<bool> bool_option(std::string_view name) const;
  // -bP lines: generic options, then private ones.
  std::vector<std::string> display_lines(bool show_hidden = true) const;
};

class Config;

// Either a loaded Config or the reason it could not be loaded.
class LoadResult {
 public:
  LoadResult(std::shared_ptr<const Config> c) : v_(std::move(c)) {}
  LoadResult(LoadError e) : v_(std::move(e)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const std::shared_ptr<const Config>& config() const { return std::get<0>(v_); }
  const LoadError& error() const { return std::get<1>(v_); }

 private:
  std::variant<std::shared_ptr<const Config>, LoadError> v_;
};

class Config {
 public:
  // --- main options
  const OptionSet& main() const { return main_; }
  // The value of a main option as -bP shows it after "name = " (booleans
  // "true"/"false"), default included; nullopt for an unknown name.
  std::optional<std::string> main_option_text(std::string_view name) const;
  // The whole -bP line ("name = value", "name", "no_name").
  std::optional<std::string> main_option_line(std::string_view name, bool show_hidden = true) const;
  // Typed accessors: nullopt when unknown, unset, of another type, or an
  // expanded option holding "$..." text (use string_option for the raw text).
  std::optional<bool> bool_option(std::string_view name) const;
  std::optional<std::int64_t> int_option(std::string_view name) const;  // ints, sizes, modes
  std::optional<std::chrono::seconds> time_option(std::string_view name) const;
  std::optional<double> fixed_option(std::string_view name) const;
  std::optional<std::string> string_option(std::string_view name) const;
  bool option_configured(std::string_view name) const;

  // --- named lists
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const;
  // Any kind; nullptr when absent.
  const NamedListEntry* named_list_any(std::string_view name) const;
  const std::vector<NamedListEntry>& named_lists() const { return named_lists_; }

  // --- sections
  const std::vector<Acl>& acls() const { return acls_; }
  const Acl* acl(std::string_view name) const;
  const std::vector<DriverInstance>& routers() const { return routers_; }
  const std::vector<DriverInstance>& transports() const { return transports_; }
  const std::vector<DriverInstance>& authenticators() const { return authenticators_; }
  const std::vector<DriverInstance>& instances(DriverKind kind) const;
  const DriverInstance* instance(DriverKind kind, std::string_view name) const;
  const std::vector<Statement>& retry_rules() const { return retry_; }
  const std::vector<Statement>& rewrite_rules() const { return rewrite_; }
  const std::vector<Statement>& local_scan_lines() const { return local_scan_; }

  // --- the rest
  const MacroTable& macros() const { return macros_; }
  const std::string& source_path() const { return source_path_; }
  // The logical lines read, macro definitions included (for -bP config).
  const std::vector<LogicalLine>& lines() const { return lines_; }
  // "file:line name" for every setting of an option (or use of a driver)
  // that Corvid does not implement yet, in file order.
  std::vector<std::string> unsupported_options_used() const;

 private:
  friend class Builder;
  friend LoadResult load_text(std::string_view, std::string_view,
                              const std::vector<std::pair<std::string, std::string>>&,
                              const IncludeReader&);
  Config() : main_(main_options()) {}

  OptionSet main_;
  std::vector<NamedListEntry> named_lists_;
  std::vector<Acl> acls_;
  std::vector<DriverInstance> routers_, transports_, authenticators_;
  std::vector<Statement> retry_, rewrite_, local_scan_;
  MacroTable macros_;
  std::string source_path_;
  std::vector<LogicalLine> lines_;
};

// Command-line macros (-D NAME=value), in order.
using MacroDefs = std::vector<std::pair<std::string, std::string>>;

// Parses configuration text named `name`; includes are fetched through
// `include_reader` (relative ones resolved against `name`'s directory).
LoadResult load_text(std::string_view text, std::string_view name, const MacroDefs& macros,
                     const IncludeReader& include_reader);
// Reads `path` (and its includes) from the file system.
LoadResult load_file(const std::string& path, const MacroDefs& macros);
// An IncludeReader that reads the file system.
std::optional<std::string> read_file_contents(const std::string& path);

// The configuration Corvid uses when none is installed; see
// default_config.cpp.
std::string_view default_configuration_text();
// The data directory for the default configuration's CORVID_DATA macro:
// /var/lib/corvid for root, else $HOME/.corvid.
std::string default_data_directory();

}  // namespace corvid::config
