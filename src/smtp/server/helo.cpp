// HELO and EHLO: check the name, run acl_smtp_helo, answer with the
// greeting and (EHLO) the extensions this host may use.
#include <arpa/inet.h>

#include "smtp/proto/reply.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {

namespace {

// Exim's HELO syntax check: a domain made of letters, digits, '-' and '.'
// (plus helo_allow_chars), or an address literal.
bool valid_helo(std::string_view name, std::string_view allow_chars) {
  if (name.empty()) return false;
  if (name.front() == '[') {
    if (name.back() != ']') return false;
    std::string inner(name.substr(1, name.size() - 2));
    if (util::starts_with_i(inner, "IPv6:")) inner = inner.substr(5);
    unsigned char buf[16];
    return inet_pton(AF_INET, inner.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, inner.c_str(), buf) == 1;
  }
  for (char c : name) {
    if (util::is_alnum(c) || c == '-' || c == '.') continue;
    if (allow_chars.find(c) != std::string_view::npos) continue;
    return false;
  }
  return true;
}

}  // namespace

asio::awaitable<bool> Session::on_helo(std::string_view arg, bool ehlo) {
  std::string_view verb = ehlo ? "EHLO" : "HELO";
  std::string name(arg);
  bool junk_ok = host_in_option("helo_accept_junk_hosts");
  if (!junk_ok && !valid_helo(name, option_text("helo_allow_chars"))) {
    std::string shown = name.empty() ? "(no argument given)" : name;
    co_return co_await synprot_error(
        501, "Syntactically invalid " + std::string(verb) + " argument(s)",
        "rejected " + std::string(verb) + " from [" + peer_.address +
            "]: syntactically invalid argument(s): " + shown);
  }
  // A new HELO/EHLO starts afresh, as RSET does.
  reset_transaction();
  std::string old_helo = helo_;
  helo_ = name;
  helo_verified_.reset();
  // A HELO that fails helo_verify_hosts leaves its name for the logs but
  // does not count as a HELO.
  if (!co_await check_helo_host(verb)) co_return true;
  acl::Result r = co_await run_acl(acl::Where::helo, "acl_smtp_helo");
  if (r.status != acl::Status::ok) {
    helo_ = old_helo;
    co_return co_await reject(acl::Where::helo, r, name);
  }
  co_await wait_delay(r);
  helo_seen_ = true;
  ehlo_ = ehlo;
  std::string greeting = primary_hostname() + " Hello ";
  // The verified host name when known by now, as Exim greets.
  std::string shown = host_name_.empty() ? name : host_name_;
  greeting += peer_.address.empty() ? shown : shown + " [" + peer_.address + "]";
  if (!ehlo) {
    pipelining_advertised_ = false;
    chunking_advertised_ = false;
    ext_ = proto::Extensions{};
    ext_.eight_bit_mime = false;
    co_await reply(250, greeting);
    co_return true;
  }
  proto::EhloFeatures f;
  f.greeting = greeting;
  f.size_limit = message_size_limit();
  f.eight_bit_mime = config_.bool_option("accept_8bitmime").value_or(true);
  f.dsn = host_in_option("dsn_advertise_hosts");
  f.etrn = config_.option_configured("acl_smtp_etrn") ||
           config_.option_configured("smtp_etrn_command");
  f.vrfy = config_.option_configured("acl_smtp_vrfy");
  f.expn = config_.option_configured("acl_smtp_expn");
  f.pipelining = host_in_option("pipelining_advertise_hosts", true) ||
                 (peer_.address.empty() && config_.option_configured("pipelining_advertise_hosts") == false);
  f.chunking = host_in_option("chunking_advertise_hosts", true) ||
               (peer_.address.empty() && !config_.option_configured("chunking_advertise_hosts"));
  // AUTH: the authenticators with a server side, to auth_advertise_hosts.
  if (host_in_option("auth_advertise_hosts", true)) {
    for (const config::DriverInstance* a : server_authenticators()) {
      std::string pub = a->string_option("public_name").value_or(a->name);
      for (char& c : pub) c = util::to_upper(c);
      f.auth_mechanisms.push_back(pub);
    }
  }
  // STARTTLS, PRDR, SMTPUTF8 and PIPECONNECT are offered once they are
  // implemented; advertising them earlier would promise what Corvid cannot
  // yet do.
  pipelining_advertised_ = f.pipelining;
  chunking_advertised_ = f.chunking;
  ext_ = proto::Extensions{};
  ext_.eight_bit_mime = f.eight_bit_mime;
  ext_.dsn = f.dsn;
  ext_.auth = !f.auth_mechanisms.empty();
  io_.queue_reply(proto::format_ehlo(f));
  co_await io_.flush_if_idle();
  co_return true;
}

}  // namespace corvid::smtp
