// The SMTP modes: -bd/-bdf (the daemon), -bs (one session on standard
// input/output) and -bh (a fake session from an address: the ACLs run,
// nothing is written).
#include "app/mode_smtp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/mode_queue.hpp"
#include "config/config_context.hpp"
#include "config/values.hpp"
#include "expand/expansion.hpp"
#include "log/writer.hpp"
#include "net/listen_spec.hpp"
#include "net/io_pool.hpp"
#include "net/listener.hpp"
#include "queue/deliver.hpp"
#include "queue/delivery_pool.hpp"
#include "transport/smtp.hpp"
#include "smtp/server/session.hpp"
#include "smtp/server/spool_store.hpp"
#include "spool/layout.hpp"
#include "util/strings.hpp"

namespace corvid::app {

namespace {

// Expands a main option that may hold '$' (spool_directory, log_file_path).
std::string expanded_option(const config::Config& config, std::string_view name) {
  std::string raw = config.string_option(name).value_or("");
  if (raw.find('$') == std::string::npos) return raw;
  config::ConfigContext ctx(std::shared_ptr<const config::Config>(&config, [](auto*) {}));
  return expand::expand_string(raw, ctx).value.text;
}

// Splits "ip.port" / "[ip]:port" / "ip" (as -oMa and -bh take them).
void split_address(std::string_view text, std::string& ip, uint16_t& port) {
  std::string t(text);
  port = 0;
  if (!t.empty() && t.front() == '[') {
    size_t close = t.find(']');
    ip = t.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 2 < t.size()) {
      port = net::parse_port(t.substr(close + 2)).value_or(0);
    }
    return;
  }
  size_t dot = t.rfind('.');
  size_t colons = static_cast<size_t>(std::count(t.begin(), t.end(), ':'));
  bool v4_with_port = colons == 0 && std::count(t.begin(), t.end(), '.') == 4;
  bool v6_with_port = colons > 1 && dot != std::string::npos;
  if (v4_with_port || v6_with_port) {
    ip = t.substr(0, dot);
    port = net::parse_port(t.substr(dot + 1)).value_or(0);
    return;
  }
  ip = t;
}

// Exim writes an IPv6 address given to -bh out in full ("2001:0db8:0000:
// ...:0005"), and that form is what its replies and logs then show.
std::string full_ipv6(const std::string& ip) {
  unsigned char b[16];
  if (ip.find(':') == std::string::npos || inet_pton(AF_INET6, ip.c_str(), b) != 1) return ip;
  char out[40];
  std::snprintf(out, sizeof out,
                "%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return out;
}

}  // namespace

bool make_services(const Loaded& loaded, bool host_checking, smtp::ServerServices& out,
                   std::string& error) {
  const std::shared_ptr<const config::Config>& config = loaded.config;
  out.config = config;
  out.acls = loaded.acls;
  std::string log_path = expanded_option(*config, "log_file_path");
  auto opts = log::options_from_config(*config, log_path.empty() ? std::nullopt
                                                                  : std::optional(log_path));
  if (auto* msg = std::get_if<std::string>(&opts)) {
    error = *msg;
    return false;
  }
  log::LoggerOptions lo = std::get<log::LoggerOptions>(std::move(opts));
  if (host_checking) lo.echo_fd = 2;
  out.logger = std::make_shared<log::Logger>(std::move(lo));
  std::string spool_dir = expanded_option(*config, "spool_directory");
  std::string db_error;
  out.ratelimit = acl::RatelimitDb::open_in_spool(spool_dir, db_error);
  if (!out.ratelimit) {
    log::Text t;
    t.text = "ratelimit database unavailable: " + db_error;
    t.targets = log::to_main | log::to_panic;
    out.logger->log(t);
  }
  if (host_checking) {
    out.store = std::make_shared<smtp::HostCheckStore>();
  } else {
    auto layout = spool::SpoolLayout::from_config(*config, spool_dir);
    std::optional<int> localhost;
    if (config->option_configured("localhost_number")) {
      localhost = static_cast<int>(config->int_option("localhost_number").value_or(0));
    }
    out.store = std::make_shared<smtp::SpoolStore>(std::move(layout), localhost);
  }
  return true;
}

namespace {

int run_one_session(const smtp::ServerServices& services, smtp::Peer peer) {
  asio::io_context io;
  auto stream = net::make_fd_stream(io.get_executor(), 0, 1);
  asio::co_spawn(io, smtp::run_session(services, *stream, std::move(peer)),
                 [](std::exception_ptr e) {
                   if (e) {
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       std::cerr << "corvid: session failed: " << ex.what() << '\n';
                     }
                   }
                 });
  io.run();
  return 0;
}

}  // namespace

int run_bh(const CommandLine& cl, const Loaded& loaded) {
  if (cl.args.empty()) {
    std::cerr << "corvid: -bh must be followed by an IP address\n";
    return 1;
  }
  smtp::Peer peer;
  split_address(cl.args[0], peer.address, peer.port);
  peer.address = full_ipv6(peer.address);
  peer.host_checking = true;
  smtp::ServerServices services;
  std::string error;
  if (!make_services(loaded, true, services, error)) {
    std::cerr << error << '\n';
    return 1;
  }
  std::cout << "\n**** SMTP testing session as if from host " << peer.address
            << "\n**** but without any ident (RFC 1413) callback.\n"
            << "**** This is not for real!\n\n"
            << std::flush;
  return run_one_session(services, std::move(peer));
}

int run_bs(const CommandLine& cl, const Loaded& loaded) {
  smtp::Peer peer;
  if (auto it = cl.o_options.find("oMa"); it != cl.o_options.end()) {
    split_address(it->second, peer.address, peer.port);
  }
  if (auto it = cl.o_options.find("oMi"); it != cl.o_options.end()) {
    split_address(it->second, peer.local_address, peer.local_port);
  }
  // -bs: the caller is the ident (Exim's $sender_ident), unless -oMt says.
  if (auto it = cl.o_options.find("oMt"); it != cl.o_options.end()) {
    peer.ident = it->second;
  } else if (passwd* pw = getpwuid(getuid())) {
    peer.ident = pw->pw_name;
  }
  smtp::ServerServices services;
  std::string error;
  if (!make_services(loaded, false, services, error)) {
    std::cerr << error << '\n';
    return 1;
  }
  // Messages accepted in the session are delivered when it ends, in the
  // background (Exim's -odb), unless -odq or queue_only.
  std::vector<std::string> accepted;
  if (cl.delivery_mode != "odq" && cl.delivery_mode != "odqs") {
    services.deliver_now = [&accepted](const std::string& id) { accepted.push_back(id); };
  }
  int rc = run_one_session(services, std::move(peer));
  if (accepted.empty()) return rc;
  bool wait = cl.delivery_mode == "odi" || cl.delivery_mode == "odf";
  if (!wait) {
    std::cout.flush();
    pid_t pid = ::fork();
    if (pid != 0) return rc;  // the parent (or a failed fork: the queue has them)
    ::setsid();
  }
  for (const std::string& id : accepted) {
    queue::deliver_message(loaded.config, layout_of(*loaded.config), id, *services.logger,
                           queue::DeliveryOptions{});
  }
  transport::close_cached_connections();
  if (!wait) ::_exit(0);
  return rc;
}

int run_bd(const CommandLine& cl, const Loaded& loaded) {
  const std::shared_ptr<const config::Config>& config = loaded.config;
  std::string interfaces = config->string_option("local_interfaces").value_or("");
  std::string ports = config->string_option("daemon_smtp_ports").value_or("smtp");
  if (auto it = cl.o_options.find("oX"); it != cl.o_options.end()) {
    net::apply_dash_oX(it->second, interfaces, ports);
  }
  std::vector<net::ListenEndpoint> endpoints;
  std::string error;
  if (!net::listen_endpoints(interfaces, ports, endpoints, error)) {
    std::cerr << "corvid: " << error << '\n';
    return 1;
  }
  smtp::ServerServices services;
  if (!make_services(loaded, false, services, error)) {
    std::cerr << error << '\n';
    return 1;
  }
  // Deliveries run beside the sessions: each accepted message at once
  // (unless queue_only or -odq), and the whole queue every -q<interval>.
  std::chrono::seconds interval{0};
  if (!cl.queue_interval.empty()) {
    std::optional<std::int64_t> t = config::parse_time(cl.queue_interval);
    if (!t) {
      std::cerr << "corvid: bad time value in -q" << cl.queue_interval << '\n';
      return 1;
    }
    interval = std::chrono::seconds(*t);
  }
  unsigned workers = static_cast<unsigned>(
      std::clamp<std::int64_t>(config->int_option("queue_run_max").value_or(5), 1, 16));
  auto deliveries = std::make_shared<queue::DeliveryPool>(
      config, layout_of(*config), services.logger, workers, 10000, interval);
  if (cl.delivery_mode != "odq" && cl.delivery_mode != "odqs") {
    services.deliver_now = [deliveries](const std::string& id) { deliveries->submit(id); };
  }
  // One event loop per core (at most 16); sessions are spread over them.
  net::IoPool pool(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
  asio::io_context& io = pool.main();
  // smtp_reserve_hosts may use the last smtp_accept_reserve slots.
  auto list_env = std::make_shared<config::ConfigContext>(config);
  auto reserved = [config, list_env](const std::string& ip) {
    const config::OptionValue* v = config->main().value("smtp_reserve_hosts");
    if (v == nullptr || !v->is_set) return false;
    std::string list = v->expansion ? expand::expand(*v->expansion, *list_env).value.text : v->text;
    return lists::match_host(lists::Host{ip, {}}, list, *list_env).match == lists::Match::yes;
  };
  auto limits = std::make_shared<net::ConnectionLimits>(
      static_cast<int>(config->int_option("smtp_accept_max").value_or(20)),
      static_cast<int>(std::atoi(config->string_option("smtp_accept_max_per_host")
                                     .value_or("0")
                                     .c_str())),
      static_cast<int>(config->int_option("smtp_accept_reserve").value_or(0)), reserved);
  net::Listener listener(io, limits, [&services](net::Accepted a) -> asio::awaitable<void> {
    smtp::Peer peer;
    peer.address = a.peer_address;
    peer.port = a.peer_port;
    peer.local_address = a.local_address;
    peer.local_port = a.local_port;
    peer.socket = true;
    peer.connection_count = a.connection_count;
    using V = net::ConnectionLimits::Verdict;
    peer.over_limit = a.verdict == V::ok        ? smtp::Peer::Limit::none
                      : a.verdict == V::too_many ? smtp::Peer::Limit::total
                                                 : smtp::Peer::Limit::per_host;
    auto stream = std::move(a.stream);
    co_await smtp::run_session(services, *stream, std::move(peer));
  }, [&pool]() -> asio::io_context& { return pool.next(); });
  int backlog = static_cast<int>(config->int_option("smtp_connect_backlog").value_or(20));
  if (!listener.open(endpoints, backlog, error)) {
    std::cerr << "corvid: " << error << '\n';
    return 1;
  }
  if (cl.mode == "-bd") {
    // Detach as Exim's -bd does: the parent returns at once.
    if (pid_t pid = fork(); pid != 0) return pid < 0 ? 1 : 0;
    setsid();
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
  }
  std::string pid_file = cl.o_options.count("oP") ? cl.o_options.at("oP")
                                                  : config->string_option("pid_file_path").value_or("");
  if (!pid_file.empty()) std::ofstream(pid_file) << getpid() << '\n';
  listener.start();
  std::string port_list;
  for (uint16_t p : listener.bound_ports()) port_list += " " + std::to_string(p);
  log::Text started;
  started.text = "corvid " CORVID_VERSION " daemon started: pid=" + std::to_string(getpid()) +
                 (interval.count() > 0 ? ", -q" + cl.queue_interval : std::string(", no queue runs")) +
                 ", listening for SMTP on port" + port_list;
  services.logger->log(started);

  // SIGTERM/SIGINT: stop accepting and let running sessions finish.
  // SIGHUP: re-read the configuration by executing ourselves again, as
  // Exim does.
  asio::signal_set signals(io, SIGTERM, SIGINT, SIGHUP);
  bool reexec = false;
  signals.async_wait([&](std::error_code ec, int sig) {
    if (ec) return;
    reexec = sig == SIGHUP;
    listener.stop();
    // Running sessions get up to ten seconds to finish; a message not yet
    // answered with 250 is not the server's to keep, one that was is on disk.
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      asio::steady_timer t(io);
      for (int i = 0; i < 200 && limits->total() > 0; ++i) {
        t.expires_after(std::chrono::milliseconds(50));
        co_await t.async_wait(asio::use_awaitable);
      }
      pool.stop();
    }, asio::detached);
  });
  pool.run();
  deliveries->stop();
  if (!pid_file.empty()) unlink(pid_file.c_str());
  if (reexec) {
    execv("/proc/self/exe", cl.argv.data());
    return 1;
  }
  return 0;
}

}  // namespace corvid::app
