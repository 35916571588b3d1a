#include "app/mode_edit.hpp"

#include <pwd.h>
#include <unistd.h>

#include <iostream>

#include "app/mode_queue.hpp"
#include "log/events.hpp"
#include "log/writer.hpp"
#include "spool/message_id.hpp"
#include "spool/queue_edit.hpp"

namespace corvid::app {

int run_edit(const CommandLine& cl, const Loaded& loaded) {
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
  std::string user = std::to_string(getuid());
  if (passwd* pw = getpwuid(getuid())) user = pw->pw_name;

  // -Mf and -Mt take message ids; -Mar and -Mmd one id, then addresses.
  const bool per_id = cl.mode == "-Mf" || cl.mode == "-Mt";
  std::vector<std::string> ids = cl.args;
  std::vector<std::string> addresses;
  if (!per_id && !ids.empty()) {
    addresses.assign(ids.begin() + 1, ids.end());
    ids.resize(1);
  }
  if (ids.empty()) {
    std::cerr << "corvid: no message ids given after " << cl.mode << " option\n";
    return 1;
  }
  int status = 0;
  for (const std::string& id : ids) {
    if (!spool::is_message_id(id)) {
      std::cerr << "corvid: malformed message id " << id << " after " << cl.mode << " option\n";
      status = 1;
      continue;
    }
    spool::EditResult r = cl.mode == "-Mf"   ? spool::freeze_message(layout, id, user)
                          : cl.mode == "-Mt" ? spool::thaw_message(layout, id, user)
                          : cl.mode == "-Mar"
                              ? spool::add_recipients(layout, id, addresses, user)
                              : spool::mark_delivered(layout, id, addresses, user);
    std::cout << r.text;
    for (const std::string& line : r.log_lines) {
      log::Text t;
      t.message_id = id;
      t.text = line;
      logger.log(t);
    }
    if (!r.ok) status = 1;
  }
  std::cout.flush();
  return status;
}

}  // namespace corvid::app
