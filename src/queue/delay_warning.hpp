// When a message that is still waiting earns its sender a delay warning
// (RFC 3464 "delayed"; Exim's delay_warning): the times in `delay_warning`
// are how long the message has been queued when the first, second, ...
// warning goes, the last one repeating as an interval; a time of 0 turns
// warnings off; `delay_warning_condition` must expand to something other
// than "", "0", "no" or "false".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "expand/context.hpp"

namespace corvid::queue {

// The warning's delay text ("10 minutes", "3 hours", as Exim's
// $warn_message_delay) when one is due now, else nullopt.
std::optional<std::string> delay_warning_due(const config::Config& config,
                                             const expand::Context& ctx,
                                             std::int64_t queue_time, int warnings_sent);

}  // namespace corvid::queue
