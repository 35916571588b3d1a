// Retry rules (`begin retry`) and the retry hints database, as Exim uses
// them for temporary failures: the first failure starts the clock; each
// rule "F,<cutoff>,<interval>" (fixed) or "G,<cutoff>,<first>,<factor>"
// (growing) says when to try again while the time since the first failure
// is below its cutoff; past the last cutoff the address fails ("retry
// timeout exceeded"). Queue runs leave an address alone until its next
// try is due (-qf and -M do not wait). Success forgets the record.
//
// Records live in <spool>/db/retry.lmdb (Corvid's own format), keyed by
// address.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace corvid::queue {

struct RetryRule {
  char kind = 'F';           // 'F' fixed, 'G' geometric
  std::int64_t cutoff = 0;   // seconds since the first failure
  std::int64_t interval = 0; // F: the interval; G: the first one
  double factor = 1;         // G
};

struct RetryRuleSet {
  std::string pattern;  // "*", "domain", "*@domain", "local@domain"
  std::string error;    // "*" or an error name ("refused", "timeout_connect_MX", ...)
  std::vector<RetryRule> rules;
};

// Parses the configuration's retry section (malformed lines skipped).
std::vector<RetryRuleSet> parse_retry_rules(const config::Config& config);
// The first rule set whose pattern matches `address` (local@domain, or a
// domain alone) and whose error covers `error` ("" for none: only "*"
// rules; "refused" covers "refused_MX" and "refused_A", "timeout" every
// timeout ...); nullptr when none does.
const RetryRuleSet* find_retry_rule(const std::vector<RetryRuleSet>& sets,
                                    const std::string& address, const std::string& error = "");

// Whether `error` is a retry error name Exim knows.
bool valid_retry_error(const std::string& error);

// A rule set as `exim -brt` prints it: "pattern  error  F,2h,15m; ...; ".
std::string format_retry_rule(const RetryRuleSet& set);

struct RetryRecord {
  std::int64_t first_failed = 0;
  std::int64_t last_try = 0;
  std::int64_t next_try = 0;
};

// The record after a temporary failure at `now`; `timed_out` is set when
// the time since the first failure is past the last rule's cutoff (or
// there is no rule at all).
RetryRecord next_retry(const std::optional<RetryRecord>& old, const RetryRuleSet* set,
                       std::int64_t now, bool& timed_out);

// The process's retry database for a spool (one LMDB environment per
// process, as LMDB requires).
class RetryDb {
 public:
  static std::shared_ptr<RetryDb> for_spool(const std::string& spool_directory);
  virtual ~RetryDb() = default;
  virtual std::optional<RetryRecord> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const RetryRecord& r) = 0;
  virtual void remove(const std::string& key) = 0;
};

}  // namespace corvid::queue
