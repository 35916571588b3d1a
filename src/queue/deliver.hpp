// Delivering one message from the spool, as Exim's delivery process does:
// lock it, route every recipient not yet dealt with, run the transports,
// journal each success in -J before anything else changes, log => == **
// lines, and either remove the message ("Completed") or write back its -H
// with the finished recipients recorded.
//
// Transports so far: appendfile (mbox, maildir). Bounce messages for
// failed addresses, retry rules and the other transports come later; a
// failure is logged (and the address dealt with) but no bounce is sent.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "log/writer.hpp"
#include "spool/layout.hpp"

namespace corvid::queue {

enum class DeliveryStatus { completed, deferred, locked, missing, error };

struct DeliveryOptions {
  bool forced = false;  // -M, -qf, -qff: try addresses whose retry time is not yet due
  bool frozen = false;  // -M, -qff: deliver frozen messages too
};

DeliveryStatus deliver_message(std::shared_ptr<const config::Config> config,
                               const spool::SpoolLayout& layout, const std::string& id,
                               log::Logger& logger, const DeliveryOptions& options);

}  // namespace corvid::queue
