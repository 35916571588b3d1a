#include "queue/delay_warning.hpp"

#include <vector>

#include "config/values.hpp"
#include "expand/expansion.hpp"
#include "lists/list_reader.hpp"
#include "util/strings.hpp"

namespace corvid::queue {

std::optional<std::string> delay_warning_due(const config::Config& config,
                                             const expand::Context& ctx,
                                             std::int64_t queue_time, int warnings_sent) {
  std::vector<std::int64_t> times;
  const std::string text = config.string_option("delay_warning").value_or("1d");
  for (const std::string& item : lists::split_list(text)) {
    std::optional<std::int64_t> t = config::parse_time(item);
    if (!t || *t <= 0) return std::nullopt;  // 0 (or nonsense): no warnings
    times.push_back(*t);
  }
  if (times.empty()) return std::nullopt;
  const std::int64_t n = static_cast<std::int64_t>(times.size());
  const std::int64_t count = warnings_sent;
  // After the list, the last time again and again.
  const std::int64_t due = count < n ? times[static_cast<size_t>(count)]
                                     : times.back() * (count - n + 2);
  if (queue_time < due) return std::nullopt;
  if (const config::OptionValue* c = config.main().value("delay_warning_condition");
      c != nullptr && c->is_set && c->expansion) {
    expand::Result r = expand::expand(*c->expansion, ctx);
    if (!r.ok()) return std::nullopt;
    std::string v = util::lower(util::trim(r.value.text));
    if (v.empty() || v == "0" || v == "no" || v == "false") return std::nullopt;
  }
  return queue_time < 2 * 3600 ? std::to_string(due / 60) + " minutes"
                               : std::to_string(due / 3600) + " hours";
}

}  // namespace corvid::queue
