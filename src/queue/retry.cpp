#include "queue/retry.hpp"

#include <lmdb.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

#include "config/values.hpp"
#include "util/strings.hpp"

namespace corvid::queue {
namespace {

std::optional<std::int64_t> seconds(std::string_view text) {
  return config::parse_time(util::trim(text));
}

std::optional<RetryRule> parse_rule(std::string_view text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : util::trim(text)) {
    if (c == ',') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (parts.size() < 3) return std::nullopt;
  RetryRule r;
  r.kind = static_cast<char>(std::toupper(static_cast<unsigned char>(util::trim(parts[0])[0])));
  auto cutoff = seconds(parts[1]);
  auto interval = seconds(parts[2]);
  if (!cutoff || !interval || (r.kind != 'F' && r.kind != 'G')) return std::nullopt;
  r.cutoff = *cutoff;
  r.interval = *interval;
  if (r.kind == 'G') r.factor = parts.size() > 3 ? std::atof(parts[3].c_str()) : 2.0;
  return r;
}

class LmdbRetryDb final : public RetryDb {
 public:
  explicit LmdbRetryDb(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (mdb_env_create(&env_) != 0) return;
    mdb_env_set_mapsize(env_, 64u << 20);
    if (mdb_env_open(env_, path.c_str(), MDB_NOSUBDIR, 0640) != 0) {
      mdb_env_close(env_);
      env_ = nullptr;
      return;
    }
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_, nullptr, 0, &txn) == 0) {
      if (mdb_dbi_open(txn, nullptr, 0, &dbi_) == 0) {
        mdb_txn_commit(txn);
      } else {
        mdb_txn_abort(txn);
      }
    }
  }
  ~LmdbRetryDb() override {
    if (env_ != nullptr) mdb_env_close(env_);
  }

  std::optional<RetryRecord> get(const std::string& key) override {
    if (env_ == nullptr) return std::nullopt;
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn) != 0) return std::nullopt;
    MDB_val k{key.size(), const_cast<char*>(key.data())}, v{};
    std::optional<RetryRecord> out;
    if (mdb_get(txn, dbi_, &k, &v) == 0) {
      std::istringstream in(std::string(static_cast<char*>(v.mv_data), v.mv_size));
      RetryRecord r;
      if (in >> r.first_failed >> r.last_try >> r.next_try) out = r;
    }
    mdb_txn_abort(txn);
    return out;
  }

  void put(const std::string& key, const RetryRecord& r) override {
    std::string value = std::to_string(r.first_failed) + " " + std::to_string(r.last_try) + " " +
                        std::to_string(r.next_try);
    write(key, &value);
  }
  void remove(const std::string& key) override { write(key, nullptr); }

 private:
  void write(const std::string& key, const std::string* value) {
    if (env_ == nullptr) return;
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_, nullptr, 0, &txn) != 0) return;
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    int rc = 0;
    if (value != nullptr) {
      MDB_val v{value->size(), const_cast<char*>(value->data())};
      rc = mdb_put(txn, dbi_, &k, &v, 0);
    } else {
      rc = mdb_del(txn, dbi_, &k, nullptr);
      if (rc == MDB_NOTFOUND) rc = 0;
    }
    if (rc == 0) {
      mdb_txn_commit(txn);
    } else {
      mdb_txn_abort(txn);
    }
  }

  MDB_env* env_ = nullptr;
  MDB_dbi dbi_ = 0;
};

}  // namespace

std::vector<RetryRuleSet> parse_retry_rules(const config::Config& config) {
  std::vector<RetryRuleSet> out;
  for (const config::Statement& st : config.retry_rules()) {
    std::istringstream in(st.text);
    RetryRuleSet set;
    if (!(in >> set.pattern >> set.error)) continue;
    std::string rest;
    std::getline(in, rest);
    size_t start = 0;
    while (start <= rest.size()) {
      size_t semi = rest.find(';', start);
      std::string part = rest.substr(start, semi == std::string::npos ? std::string::npos
                                                                      : semi - start);
      if (auto r = parse_rule(part)) set.rules.push_back(*r);
      if (semi == std::string::npos) break;
      start = semi + 1;
    }
    out.push_back(std::move(set));
  }
  return out;
}

bool valid_retry_error(const std::string& e) {
  static const char* const kNames[] = {"*",
                                       "auth_failed",
                                       "lost_connection",
                                       "quota",
                                       "refused",
                                       "refused_A",
                                       "refused_MX",
                                       "timeout",
                                       "timeout_A",
                                       "timeout_MX",
                                       "timeout_connect",
                                       "timeout_connect_A",
                                       "timeout_connect_MX",
                                       "tls_required"};
  for (const char* n : kNames) {
    if (e == n) return true;
  }
  if (e.starts_with("quota_")) return config::parse_time(e.substr(6)).has_value();
  // rcpt_4xx, mail_45x, data_451 ...
  for (const char* cmd : {"rcpt_4", "mail_4", "data_4"}) {
    if (e.size() == 8 && e.starts_with(cmd)) {
      auto ok = [](char c) { return c == 'x' || (c >= '0' && c <= '9'); };
      return ok(e[6]) && ok(e[7]);
    }
  }
  return false;
}

namespace {

// Whether a rule's error name covers the error that happened.
bool error_covers(const std::string& rule, const std::string& error) {
  if (rule == "*") return true;
  if (error.empty()) return false;
  if (rule == error) return true;
  // A general name covers its particular forms.
  if (error.starts_with(rule + "_")) return true;
  // rcpt_4xx covers rcpt_451 ...
  if (rule.size() == 8 && error.size() == 8 && rule.compare(0, 6, error, 0, 6) == 0) {
    return (rule[6] == 'x' || rule[6] == error[6]) && (rule[7] == 'x' || rule[7] == error[7]);
  }
  return false;
}

}  // namespace

const RetryRuleSet* find_retry_rule(const std::vector<RetryRuleSet>& sets,
                                    const std::string& address, const std::string& error) {
  size_t at = address.rfind('@');
  std::string domain = at == std::string::npos ? address : address.substr(at + 1);
  for (const RetryRuleSet& s : sets) {
    if (!error_covers(s.error, error)) continue;
    const std::string& p = s.pattern;
    const bool has_local = at != std::string::npos;
    if (p == "*" || util::iequals(p, domain) || (has_local && util::iequals(p, address)) ||
        (p.starts_with("*@") && util::iequals(p.substr(2), domain)) ||
        (p.starts_with("*.") && domain.size() > p.size() - 1 &&
         util::iequals(domain.substr(domain.size() - (p.size() - 1)), p.substr(1)))) {
      return &s;
    }
  }
  return nullptr;
}

std::string format_retry_rule(const RetryRuleSet& set) {
  // (Exim prints a rule for SMTP replies, rcpt_4xx and the like, as "*".)
  bool reply_rule = set.error.starts_with("rcpt_") || set.error.starts_with("mail_") ||
                    set.error.starts_with("data_");
  std::string out = set.pattern + "  " + (reply_rule ? "*" : set.error) + "  ";
  for (const RetryRule& r : set.rules) {
    out += std::string(1, r.kind) + "," + config::format_time(r.cutoff) + "," +
           config::format_time(r.interval);
    if (r.kind == 'G') {
      char factor[32];
      std::snprintf(factor, sizeof factor, "%.1f", r.factor);
      out += std::string(",") + factor;
    }
    out += "; ";
  }
  return out;
}

RetryRecord next_retry(const std::optional<RetryRecord>& old, const RetryRuleSet* set,
                       std::int64_t now, bool& timed_out) {
  RetryRecord r;
  r.first_failed = old ? old->first_failed : now;
  r.last_try = now;
  timed_out = false;
  std::int64_t age = now - r.first_failed;
  if (set == nullptr || set->rules.empty()) {
    timed_out = true;
    r.next_try = now;
    return r;
  }
  const RetryRule* rule = nullptr;
  for (const RetryRule& x : set->rules) {
    if (age < x.cutoff) {
      rule = &x;
      break;
    }
  }
  if (rule == nullptr) {
    // Past the last cutoff. A first failure gets one more try.
    timed_out = old.has_value();
    r.next_try = now + set->rules.back().interval;
    return r;
  }
  std::int64_t interval = rule->interval;
  if (rule->kind == 'G' && old) {
    std::int64_t previous = old->next_try - old->last_try;
    interval = std::max(interval, static_cast<std::int64_t>(std::llround(previous * rule->factor)));
  }
  r.next_try = now + interval;
  return r;
}

std::shared_ptr<RetryDb> RetryDb::for_spool(const std::string& spool_directory) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<RetryDb>> open;
  std::lock_guard lock(mu);
  std::string path = spool_directory + "/db/retry.lmdb";
  auto& slot = open[path];
  if (!slot) slot = std::make_shared<LmdbRetryDb>(path);
  return slot;
}

}  // namespace corvid::queue
