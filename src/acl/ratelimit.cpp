// "ratelimit =": argument parsing (limit / period / options / key), the
// per_* counting rules, unique= sets, update modes, per-connection and
// per-message caching, and $sender_rate / $sender_rate_limit /
// $sender_rate_period (see ratelimit.hpp for the formula).
#include "acl/ratelimit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "acl/eval.hpp"
#include "util/strings.hpp"

namespace corvid::acl {

double compute_rate(const std::optional<RateRecord>& old, double now, double period,
                    double count) {
  if (!old) {
    return count;
  }
  double interval = std::max(now - old->time, 1e-9);
  double i_over_p = interval / period;
  double a = std::exp(-i_over_p);
  double factor = i_over_p < 1e-9 ? 1.0 : (1.0 - a) / i_over_p;
  return factor * count + a * old->rate;
}

}  // namespace corvid::acl

namespace corvid::acl::detail {
namespace {

enum class Per { none, mail, byte, rcpt, addr, conn, cmd };

struct RateArgs {
  double limit = 0;
  std::string limit_text, period_text;
  double period = 0;
  Per per = Per::none;
  std::optional<RateMode> mode;
  std::optional<double> count;
  std::optional<std::string> unique;
  std::string key;
  bool has_key = false;
};

std::optional<double> positive_number(std::string_view s, bool suffixes) {
  std::string t(util::trim(s));
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end == t.c_str() || v < 0) {
    return std::nullopt;
  }
  if (suffixes && *end != '\0' && end[1] == '\0') {
    switch (*end) {
      case 'K': v *= 1024; ++end; break;
      case 'M': v *= 1024 * 1024; ++end; break;
      case 'G': v *= 1024.0 * 1024 * 1024; ++end; break;
      default: break;
    }
  }
  return *end == '\0' ? std::optional(v) : std::nullopt;
}

std::optional<std::string> parse_option(const std::string& o, RateArgs& a) {
  static constexpr std::pair<std::string_view, Per> kPer[] = {
      {"per_mail", Per::mail}, {"per_byte", Per::byte}, {"per_rcpt", Per::rcpt},
      {"per_addr", Per::addr}, {"per_conn", Per::conn}, {"per_cmd", Per::cmd}};
  for (auto [name, per] : kPer) {
    if (o == name) {
      if (a.per != Per::none) {
        return "conflicting per_* options";
      }
      a.per = per;
      return std::nullopt;
    }
  }
  std::optional<RateMode> mode = o == "leaky"                       ? RateMode::leaky
                                 : o == "strict"                    ? RateMode::strict
                                 : o == "readonly" || o == "noupdate" ? RateMode::readonly
                                                                      : std::optional<RateMode>();
  if (mode) {
    if (a.mode) {
      return "conflicting update modes";
    }
    a.mode = mode;
  } else if (o.starts_with("count=")) {
    a.count = positive_number(o.substr(6), false);
    if (!a.count) {
      return "\"" + o + "\" is not a positive number";
    }
  } else if (o.starts_with("unique=")) {
    a.unique = o.substr(7);
  } else {
    a.key += (a.has_key ? "/" : "") + o;
    a.has_key = true;
  }
  return std::nullopt;
}

std::optional<std::string> parse_args(const std::string& arg, RateArgs& a) {
  std::vector<std::string> parts(1);
  for (char c : arg) {
    if (c == '/') {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  a.limit_text = std::string(util::trim(parts[0]));
  std::optional<double> limit = positive_number(a.limit_text, true);
  if (!limit) {
    return "\"" + a.limit_text + "\" is not a positive number";
  }
  a.limit = *limit;
  a.period_text = parts.size() > 1 ? std::string(util::trim(parts[1])) : "NULL";
  std::optional<long long> period = parse_time(a.period_text);
  if (!period || *period <= 0) {
    return "\"" + a.period_text + "\" is not a time value";
  }
  a.period = static_cast<double>(*period);
  for (size_t i = 2; i < parts.size(); ++i) {
    if (auto err = parse_option(std::string(util::trim(parts[i])), a)) {
      return err;
    }
  }
  return std::nullopt;
}

// The ACLs where each per_* option may update the database.
bool per_allowed(Per per, Where w) {
  WhereSet mail = bits(Where::mail, Where::rcpt, Where::predata, Where::mime, Where::data,
                       Where::prdr, Where::dkim, Where::not_smtp);
  switch (per) {
    case Per::mail:
    case Per::byte: return (mail & bit(w)) != 0;
    case Per::rcpt:
      return (bits(Where::rcpt, Where::predata, Where::mime, Where::data, Where::prdr,
                   Where::dkim) & bit(w)) != 0;
    case Per::addr: return w == Where::rcpt;
    case Per::conn: return (bits(Where::not_smtp, Where::not_smtp_start) & bit(w)) == 0;
    default: return true;
  }
}

std::string per_key_name(Per per) {
  switch (per) {
    case Per::rcpt:
    case Per::addr: return "per_rcpt";
    case Per::conn: return "per_conn";
    case Per::cmd: return "per_cmd";
    default: return "per_mail";
  }
}

double event_count(Frame& f, const RateArgs& a) {
  if (a.count) {
    return *a.count;
  }
  if (a.per == Per::byte) {
    return static_cast<double>(std::max<std::int64_t>(0, f.session.message_size()));
  }
  if (a.per == Per::rcpt && f.session.where() != Where::rcpt) {
    return f.session.recipients_count();
  }
  return 1;
}

void set_rate_vars(Frame& f, const RateArgs& a, double rate) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", rate);
  Variables& v = f.session.acl_variables();
  v.set_side("sender_rate", TString(buf));
  v.set_side("sender_rate_limit", TString(a.limit_text));
  v.set_side("sender_rate_period", TString(a.period_text));
}

// Reads / updates the database; returns the rate or nullopt (error set).
std::optional<double> measure(Frame& f, const RateArgs& a, RateMode mode, const std::string& key,
                              double count, std::string& error) {
  RatelimitDb* db = f.session.ratelimit_db();
  if (db == nullptr) {
    error = "ratelimit database not available";
    return std::nullopt;
  }
  double now = std::chrono::duration<double>(f.session.now().time_since_epoch()).count();
  std::uint64_t hash = a.unique ? std::hash<std::string>{}(*a.unique) : 0;
  double rate = 0;
  auto updater = [&](const std::optional<RateRecord>& old) -> std::optional<RateRecord> {
    RateRecord rec = old.value_or(RateRecord{now, 0, now, {}});
    if (a.unique && now - rec.unique_epoch > a.period) {
      rec.unique.clear();
      rec.unique_epoch = now;
    }
    bool seen = a.unique && std::find(rec.unique.begin(), rec.unique.end(), hash) !=
                                rec.unique.end();
    RateMode m = seen ? RateMode::readonly : mode;
    rate = compute_rate(old, now, a.period, m == RateMode::readonly ? 0 : count);
    if (m == RateMode::readonly || (m == RateMode::leaky && rate >= a.limit)) {
      return std::nullopt;
    }
    if (a.unique) {
      rec.unique.push_back(hash);
    }
    rec.time = now;
    rec.rate = rate;
    return rec;
  };
  if (!db->update(key, updater, error)) {
    return std::nullopt;
  }
  return rate;
}

}  // namespace

Rc eval_ratelimit(Frame& f, const std::string& arg) {
  RateArgs a;
  if (auto err = parse_args(arg, a)) {
    f.log_msg = "error in arguments to \"ratelimit\" condition: " + *err;
    return Rc::error;
  }
  if (a.per == Per::none) {
    a.per = Per::mail;
  }
  Where w = f.session.where();
  if (!per_allowed(a.per, w)) {
    if (a.mode && *a.mode != RateMode::readonly) {
      f.log_msg = "error in arguments to \"ratelimit\" condition: \"" + per_key_name(a.per) +
                  "\" with an update mode is not allowed in " + std::string(where_name(w)) +
                  " ACL";
      return Rc::error;
    }
    a.mode = RateMode::readonly;
  }
  if (a.per == Per::addr && !a.unique) {
    std::optional<Recipient> r = f.session.recipient();
    a.unique = r ? r->address : std::string();
  }
  if (!a.has_key) {
    a.key = f.session.host().address;
  }
  std::string key = a.period_text + "/" + per_key_name(a.per) + (a.unique ? "/unique" : "") +
                    "/" + a.key;
  bool cache_conn = a.per == Per::conn;
  bool cacheable = cache_conn || a.per == Per::mail || a.per == Per::byte ||
                   (a.per == Per::rcpt && w != Where::rcpt);
  auto& cache = f.session.acl_variables().rate_cache(cache_conn);
  std::optional<double> rate;
  if (auto it = cache.find(key); cacheable && it != cache.end()) {
    rate = it->second;
  } else {
    std::string error;
    rate = measure(f, a, a.mode.value_or(RateMode::leaky), key, event_count(f, a), error);
    if (!rate) {
      f.log_msg = error;
      return Rc::defer;
    }
    if (cacheable) {
      cache[key] = *rate;
    }
  }
  set_rate_vars(f, a, *rate);
  return *rate >= a.limit ? Rc::ok : Rc::fail;
}

}  // namespace corvid::acl::detail
