// The values of one option table: the main section, or the generic or
// private options of one driver instance.
//
// An OptionSet starts from the table's defaults and takes settings one line
// at a time (`apply`), checking the value against the option's type. It is
// what Config holds; callers read values through Config's accessors.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/options.hpp"
#include "expand/expansion.hpp"

namespace corvid::config {

struct OptionValue {
  bool is_set = false;      // has a value (a default or a setting)
  bool configured = false;  // set in the configuration file
  bool hidden = false;      // "hide" was given
  bool deferred = false;    // an expanded non-string option holding "$..." text
  bool flag = false;        // booleans
  std::int64_t number = 0;  // integers, kilobytes, thousandths, seconds, modes
  std::string text;         // the value as given (quotes removed); strings, lists
  std::string file;         // where it was set
  int line = 0;
  // For options Exim expands at use: the value parsed once into an
  // expansion tree (a syntax error is kept and reported at use, as Exim
  // reports it). Null for plain text, which expands to itself.
  std::shared_ptr<const expand::Expansion> expansion;
};

// One parsed "name = value" setting line.
struct Setting {
  std::string name;        // as written, including any no_/not_ prefix
  bool hide = false;       // "hide" prefix
  bool has_value = false;  // "=" present
  std::string value;       // text after "=", untrimmed of quotes
};

// Splits a setting line into its parts. Returns an error message (Exim
// wording) for a line that is not a setting at all.
std::optional<std::string> split_setting(std::string_view line, Setting& out);

class OptionSet {
 public:
  explicit OptionSet(OptionTable table = {});

  // Where the option resolves to (aliases followed), or -1.
  int index_of(std::string_view name) const;

  // Applies a setting. Returns nullopt when `s.name` (after removing a
  // no_/not_ prefix) is not in this table — the caller decides whether
  // another table holds it; otherwise `error` is set on a bad value.
  enum class Applied { unknown, ok, error };
  Applied apply(const Setting& s, std::string_view file, int line, std::string& error);

  // Replaces a default (driver-dependent generic defaults).
  void set_default(std::string_view name, const char* value);

  OptionTable table() const { return table_; }
  const OptionValue* value(std::string_view name) const;
  const OptionValue& value_at(std::size_t i) const { return values_[i]; }
  const OptionDef& def_at(std::size_t i) const { return table_[i]; }
  std::size_t size() const { return table_.size(); }

  // "name = value" / "name" / "no_name" as -bP prints it.
  std::string display(std::size_t i, bool show_hidden = true) const;
  // The value part only, as -bP prints it ("" for unset).
  std::string value_text(std::size_t i) const;

 private:
  std::optional<std::string> store(const OptionDef& def, std::string_view text, OptionValue& v,
                                   bool is_default = false);
  OptionTable table_;
  std::vector<OptionValue> values_;
};

}  // namespace corvid::config
