// The lsearch and iplsearch lookups: a linear scan of a "key: data" file
// (format in line_file.hpp) for the first record whose key matches.
//
// lsearch compares keys caselessly. iplsearch wants an IP address (no mask)
// as its key, and matches it against record keys that are addresses or
// CIDR networks (records with other keys are skipped); "ret=full" returns
// the de-quoted key followed by the rest of the record.
#include <string>

#include "lookup/builtin.hpp"
#include "lookup/ip.hpp"
#include "lookup/line_file.hpp"
#include "util/strings.hpp"

namespace corvid::lookup {

namespace {

Result defer(std::string error) {
  Result r;
  r.status = Status::defer;
  r.error = std::move(error);
  return r;
}

Result found(std::string value) {
  Result r;
  r.status = Status::found;
  r.value = TString(std::move(value), false);
  return r;
}

class Lsearch final : public Driver {
 public:
  std::string_view name() const override { return "lsearch"; }
  bool single_key() const override { return true; }
  Result find(std::string_view file, std::string_view key, std::string_view) const override {
    std::string error;
    auto lines = load_line_file(std::string(file), name(), error);
    if (!lines) {
      return defer(error);
    }
    for (const auto& rec : lines->records) {
      if (util::iequals(rec.key, key)) {
        return found(rec.data);
      }
    }
    return {};
  }
};

class Iplsearch final : public Driver {
 public:
  std::string_view name() const override { return "iplsearch"; }
  bool single_key() const override { return true; }
  Result find(std::string_view file, std::string_view key,
              std::string_view options) const override {
    std::string error;
    auto lines = load_line_file(std::string(file), name(), error);
    if (!lines) {
      return defer(error);  // Exim opens the file before it looks at the key
    }
    auto addr = ip::parse(key);
    if (!addr) {
      Result r = defer("\"" + std::string(key) +
                       "\" is not a valid iplsearch key (an IP address, with optional CIDR "
                       "mask, is wanted): in a host list, use net-iplsearch as the search type");
      r.search_defer = true;
      return r;
    }
    bool full = find_option(options, "ret") == "full";
    for (const auto& rec : lines->records) {
      auto net = ip::parse_cidr(rec.key);
      if (net && ip::in_net(*addr, net->address, net->bits)) {
        return found(full ? rec.key + rec.after_key : rec.data);
      }
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<Driver> make_lsearch() { return std::make_unique<Lsearch>(); }
std::unique_ptr<Driver> make_iplsearch() { return std::make_unique<Iplsearch>(); }

}  // namespace corvid::lookup
