#include "app/mode_deliver.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "app/mode_queue.hpp"
#include "log/events.hpp"
#include "lookup/regex.hpp"
#include "log/writer.hpp"
#include "queue/deliver.hpp"
#include "spool/queue_list.hpp"
#include "transport/smtp.hpp"
#include "util/strings.hpp"

namespace corvid::app {
namespace {

// A -R or -S selection: a caseless substring, or a regular expression.
class Matcher {
 public:
  static std::optional<Matcher> make(const CommandLine::Selection& s, bool recipients,
                                     std::string& error) {
    Matcher m;
    m.recipients_ = recipients;
    if (s.regex) {
      m.regex_ = lookup::Regex::compile(s.text, true, error);
      if (!m.regex_) return std::nullopt;
    }
    m.text_ = util::lower(s.text);
    return m;
  }
  // -R: an undelivered recipient matches; -S: the sender does.
  bool selects(const spool::QueuedMessage& m) const {
    if (!recipients_) return matches(m.sender);
    return std::any_of(m.recipients.begin(), m.recipients.end(),
                       [&](const spool::QueuedRecipient& r) {
                         return !r.delivered && matches(r.address);
                       });
  }

 private:
  bool matches(const std::string& s) const {
    if (regex_) return regex_->match(s);
    return util::lower(s).find(text_) != std::string::npos;
  }
  bool recipients_ = true;
  std::string text_;
  std::shared_ptr<const lookup::Regex> regex_;
};

}  // namespace

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
  // -R / -S: only the messages selected, the first one forced (all of
  // them with f, frozen ones too with ff).
  std::vector<Matcher> select;
  std::string selection_text;  // for the queue run's log lines
  int force = 0;
  for (const auto& [sel, letter] : {std::pair{&cl.select_recipient, 'R'},
                                    std::pair{&cl.select_sender, 'S'}}) {
    if (!*sel) continue;
    std::string error;
    std::optional<Matcher> m = Matcher::make(**sel, letter == 'R', error);
    if (!m) {
      std::cerr << "corvid: " << error << '\n';
      return 1;
    }
    select.push_back(std::move(*m));
    force = std::max(force, (*sel)->force);
    selection_text += std::string(" -") + letter + ((*sel)->regex ? "r" : "") + " " + (*sel)->text;
  }
  if (cl.mode != "-M") {
    for (const spool::QueuedMessage& m : spool::scan_queue(layout)) {
      bool chosen = std::all_of(select.begin(), select.end(),
                                [&](const Matcher& s) { return s.selects(m); });
      if (chosen) ids.push_back(m.id);
    }
  } else if (ids.empty()) {
    std::cerr << "corvid: no message ids given after -M option\n";
    return 1;
  }
  // A queue run is logged as Exim logs it, with the options that asked.
  std::string run_options = select.empty() ? cl.mode
                            : force == 0   ? selection_text.substr(1)
                                           : (force == 1 ? "-qf" : "-qff") + selection_text;
  auto queue_run_line = [&](const char* what) {
    if (cl.mode == "-M") return;
    log::Text t;
    t.text = std::string(what) + " queue run: pid=" + std::to_string(::getpid()) + " " + run_options;
    t.gate = log::Sel::queue_run;
    logger.log(t);
  };
  queue_run_line("Start");
  int status = 0;
  bool first = true;
  for (const std::string& id : ids) {
    if (!select.empty()) {
      o.forced = first || force >= 1;
      o.frozen = force >= 2;
      first = false;
    }
    queue::DeliveryStatus s = queue::deliver_message(loaded.config, layout, id, logger, o);
    if (s == queue::DeliveryStatus::missing && cl.mode == "-M") {
      std::cerr << "corvid: message " << id << " is not in the queue\n";
      status = 1;
    } else if (s == queue::DeliveryStatus::locked && cl.mode == "-M") {
      std::cerr << "corvid: another process is handling message " << id << '\n';
    }
  }
  transport::close_cached_connections();
  queue_run_line("End");
  return status;
}

}  // namespace corvid::app
