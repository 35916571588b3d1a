#include "app/mode_queue.hpp"

#include <ctime>
#include <iostream>

#include "config/config_context.hpp"
#include "expand/expansion.hpp"
#include "spool/layout.hpp"
#include "spool/message_id.hpp"
#include "spool/queue_list.hpp"
#include "spool/queue_ops.hpp"

namespace corvid::app {

// spool_directory, expanded when it holds '$' (as Exim expands it once
// at start-up).
std::string spool_directory(const config::Config& config) {
  std::string raw = config.string_option("spool_directory").value_or("/var/spool/corvid");
  if (raw.find('$') == std::string::npos) return raw;
  std::shared_ptr<const config::Config> alias(std::shared_ptr<const config::Config>(), &config);
  config::ConfigContext ctx(alias);
  expand::Result r = expand::expand_string(raw, ctx);
  return r.ok() ? r.value.text : raw;
}

spool::SpoolLayout layout_of(const config::Config& config) {
  return spool::SpoolLayout::from_config(config, spool_directory(config));
}

namespace {


// The listing: every message, or only those named on the command line.
std::vector<spool::QueuedMessage> selected(const CommandLine& cl, const spool::SpoolLayout& layout) {
  if (cl.args.empty()) return spool::scan_queue(layout);
  std::vector<spool::QueuedMessage> out;
  for (const std::string& id : cl.args) {
    if (auto m = spool::load_queued_message(layout, id)) out.push_back(std::move(*m));
  }
  return out;
}

using Op = spool::OpResult (*)(const spool::SpoolLayout&, std::string_view);

int for_each_id(const CommandLine& cl, const config::Config& config, Op op) {
  spool::SpoolLayout layout = layout_of(config);
  int status = 0;
  for (const std::string& id : cl.args) {
    if (!spool::is_message_id(id)) {
      std::cout << "exim: malformed message id " << id << "\n";
      status = 1;
      continue;
    }
    spool::OpResult r = op(layout, id);
    std::cout << r.text;
    if (!r.ok) status = 1;
  }
  std::cout.flush();
  return status;
}

}  // namespace

int print_queue(const CommandLine& cl, const config::Config& config, std::ostream& out) {
  spool::ListingOptions options;
  options.undelivered_only = cl.mode.find('u') != std::string::npos;
  out << spool::format_queue_listing(selected(cl, layout_of(config)), std::time(nullptr), options);
  return 0;
}

int print_queue_count(const CommandLine& cl, const config::Config& config, std::ostream& out) {
  out << spool::format_queue_count(selected(cl, layout_of(config)).size());
  return 0;
}

int run_bp(const CommandLine& cl, const config::Config& config) {
  return print_queue(cl, config, std::cout);
}

int run_bpc(const CommandLine& cl, const config::Config& config) {
  return print_queue_count(cl, config, std::cout);
}

int run_Mrm(const CommandLine& cl, const config::Config& config) {
  return for_each_id(cl, config, spool::remove_message);
}

int run_Mvh(const CommandLine& cl, const config::Config& config) {
  return for_each_id(cl, config, spool::view_header_file);
}

int run_Mvb(const CommandLine& cl, const config::Config& config) {
  return for_each_id(cl, config, spool::view_data_file);
}

int run_Mvl(const CommandLine& cl, const config::Config& config) {
  return for_each_id(cl, config, spool::view_message_log);
}

}  // namespace corvid::app
