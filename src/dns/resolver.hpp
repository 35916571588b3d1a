// The DNS resolver every part of Corvid uses (host name lookups, DNS lists,
// ${lookup dnsdb}, and later the dnslookup router and DANE), on libunbound.
//
// Where queries go: by default the servers in /etc/resolv.conf, as Exim
// does; Corvid's main option `dns_servers` (a list of "IP" or "IP.PORT")
// sends them to given servers instead, so that tests can point Corvid at a
// DNS server they start on loopback. Lookups block the calling thread (the
// SMTP server runs them off its event loops); one Resolver is safe to use
// from many threads at once and caches answers.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dns/record.hpp"

struct ub_ctx;

namespace corvid::dns {

struct ResolverSettings {
  // "IP" or "IP.PORT" (IPv6 too: "::1.5353"); empty: use resolv_conf.
  std::vector<std::string> servers;
  std::string resolv_conf = "/etc/resolv.conf";
  // The longest wait for one answer from a server (dns_retrans).
  std::chrono::milliseconds timeout{5000};
  // How many times a server is asked before giving up on it (dns_retry).
  int tries = 2;
  // A file of DNSSEC trust anchors (DS or DNSKEY records in zone-file form);
  // empty: answers are never marked secure.
  std::string trust_anchor_file;
};

class Resolver {
 public:
  // nullptr with `error` set when the settings cannot be applied.
  static std::shared_ptr<Resolver> create(const ResolverSettings& settings, std::string& error);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Answer lookup(std::string_view name, RrType type) const;

 private:
  Resolver() = default;
  ub_ctx* ctx_ = nullptr;
};

// The process-wide resolver, installed at start-up once the configuration
// is known. Without one every lookup answers "again" with a clear message
// (nothing ever falls back to another resolver).
void install_resolver(std::shared_ptr<const Resolver> resolver);
std::shared_ptr<const Resolver> installed_resolver();
Answer lookup(std::string_view name, RrType type);

// "127.0.0.1.5353" -> "127.0.0.1@5353" (libunbound's form); "127.0.0.1" ->
// "127.0.0.1"; nullopt when not an address.
std::optional<std::string> server_spec(std::string_view text);

}  // namespace corvid::dns
