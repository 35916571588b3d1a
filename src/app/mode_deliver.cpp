#include "app/mode_deliver.hpp"

#include <unistd.h>

#include <iostream>

#include "app/mode_queue.hpp"
#include "log/events.hpp"
#include "log/writer.hpp"
#include "queue/deliver.hpp"
#include "spool/queue_list.hpp"

namespace corvid::app {

int run_deliver(const CommandLine& cl, const Loaded& loaded) {
  const config::Config& config = *loaded.config;
  spool::SpoolLayout layout = layout_of(config);
  std::string log_path = config.string_option("log_file_path").value_or("");
  auto opts = log::options_from_config(config, log_path.empty() ? std::nullopt
                                                                : std::optional(log_path));
  if (auto* msg = std::get_if<std::string>(&opts)) {
    std::cerr << *msg << '\n';
    return 1;
  }
  log::Logger logger(std::get<log::LoggerOptions>(std::move(opts)));
  queue::DeliveryOptions o;
  o.forced = cl.mode == "-M" || cl.mode == "-qf" || cl.mode == "-qff";
  o.frozen = cl.mode == "-M" || cl.mode == "-qff";
  std::vector<std::string> ids = cl.args;
  if (cl.mode != "-M") {
    for (const spool::QueuedMessage& m : spool::scan_queue(layout)) ids.push_back(m.id);
  } else if (ids.empty()) {
    std::cerr << "corvid: no message ids given after -M option\n";
    return 1;
  }
  // A queue run is logged as Exim logs it, with the option that asked.
  auto queue_run_line = [&](const char* what) {
    if (cl.mode == "-M") return;
    log::Text t;
    t.text = std::string(what) + " queue run: pid=" + std::to_string(::getpid()) + " " + cl.mode;
    t.gate = log::Sel::queue_run;
    logger.log(t);
  };
  queue_run_line("Start");
  int status = 0;
  for (const std::string& id : ids) {
    queue::DeliveryStatus s = queue::deliver_message(loaded.config, layout, id, logger, o);
    if (s == queue::DeliveryStatus::missing && cl.mode == "-M") {
      std::cerr << "corvid: message " << id << " is not in the queue\n";
      status = 1;
    } else if (s == queue::DeliveryStatus::locked && cl.mode == "-M") {
      std::cerr << "corvid: another process is handling message " << id << '\n';
    }
  }
  queue_run_line("End");
  return status;
}

}  // namespace corvid::app
