// The ratelimit condition's arithmetic, separate from the ACL machinery so
// it can be tested on its own.
//
// Rate formula (Exim's exponentially smoothed rate): with p the period,
// i the time since the last update and a = exp(-i/p),
//     new_rate = (1 - a) / (i/p) * count + a * old_rate
// (for i/p close to 0 the first factor is 1); a key seen for the first
// time starts at new_rate = count. The condition is true when
// new_rate >= limit. strict always stores the new rate, leaky stores it
// only when it is below the limit, readonly never stores.
#pragma once

#include <optional>
#include <string>

#include "acl/ratelimit_db.hpp"

namespace corvid::acl {

enum class RateMode { leaky, strict, readonly };

// The new rate for a record (nullopt: no record) after `count` events at
// time `now` (seconds since the epoch), with smoothing period `period`
// seconds.
double compute_rate(const std::optional<RateRecord>& old, double now, double period,
                    double count);

}  // namespace corvid::acl
