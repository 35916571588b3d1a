// Writing a report into the queue (a bounce goes to `to` when given: an
// errors_to address): a bounce or a success DSN built by
// message/bounce, a Received: header from received_header_text, the
// envelope from <> to the original sender, made durable like any received
// message, and its <= line ("<= <> R=<original id> U=<user> P=local").
// Returns its id.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "log/writer.hpp"
#include "message/bounce.hpp"
#include "spool/header_file.hpp"
#include "spool/layout.hpp"
#include "transport/transport.hpp"

namespace corvid::queue {

std::optional<std::string> write_bounce(const std::shared_ptr<const config::Config>& config,
                                        const spool::SpoolLayout& layout,
                                        const spool::HeaderFile& original,
                                        std::string_view original_body,
                                        const std::vector<message::FailedAddress>& failed,
                                        log::Logger& logger, const std::string& to = "");

// A delay warning for `delayed`; `delay` is its "N minutes" / "N hours".
std::optional<std::string> write_delay_warning(
    const std::shared_ptr<const config::Config>& config, const spool::SpoolLayout& layout,
    const spool::HeaderFile& original, const std::vector<message::FailedAddress>& delayed,
    const std::string& delay, log::Logger& logger);

// The message an autoreply transport made (from <>, to its recipients).
std::optional<std::string> write_autoreply(const std::shared_ptr<const config::Config>& config,
                                           const spool::SpoolLayout& layout,
                                           const spool::HeaderFile& original,
                                           const transport::AutoReply& reply,
                                           log::Logger& logger);

std::optional<std::string> write_success_dsn(
    const std::shared_ptr<const config::Config>& config, const spool::SpoolLayout& layout,
    const spool::HeaderFile& original, const std::vector<message::DeliveredAddress>& delivered,
    log::Logger& logger);

}  // namespace corvid::queue
