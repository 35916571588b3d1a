#include "dns/resolver.hpp"

#include <arpa/inet.h>
#include <unbound.h>

#include <mutex>

#include "dns/rdata.hpp"

namespace corvid::dns {
namespace {

bool is_address(const std::string& s) {
  unsigned char buf[16];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool set_option(ub_ctx* ctx, const char* name, const std::string& value, std::string& error) {
  int rc = ub_ctx_set_option(ctx, name, value.c_str());
  if (rc != 0) {
    error = std::string("DNS resolver option ") + name + " " + value + ": " + ub_strerror(rc);
    return false;
  }
  return true;
}

std::string strip_dot(const char* name) {
  std::string s = name == nullptr ? "" : name;
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// The zones libunbound would answer locally by default (see create()).
constexpr const char* kLocallyServedZones[] = {
    "localhost.", "127.in-addr.arpa.",
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.",
    "home.arpa.", "resolver.arpa.", "onion.", "test.", "invalid.", "2.0.192.in-addr.arpa.",
    "100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.",
};

std::mutex g_mutex;
std::shared_ptr<const Resolver> g_resolver;

}  // namespace

std::optional<std::string> server_spec(std::string_view text) {
  std::string s(text);
  if (is_address(s)) return s;
  size_t dot = s.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string ip = s.substr(0, dot), port = s.substr(dot + 1);
  if (!is_address(ip) || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return std::nullopt;
  }
  return ip + "@" + port;
}

std::shared_ptr<Resolver> Resolver::create(const ResolverSettings& settings, std::string& error) {
  std::shared_ptr<Resolver> r(new Resolver());
  r->ctx_ = ub_ctx_create();
  if (r->ctx_ == nullptr) {
    error = "could not create the DNS resolver";
    return nullptr;
  }
  // Servers on loopback are normal for an MTA (a local caching resolver)
  // and are what the tests use; libunbound refuses them by default.
  if (!set_option(r->ctx_, "do-not-query-localhost:", "no", error)) return nullptr;
  // A dead server must turn into "try again" within the configured time,
  // not after libunbound's two-minute maximum back-off.
  auto ms = std::max<long long>(settings.timeout.count(), 200);
  if (!set_option(r->ctx_, "infra-cache-max-rtt:", std::to_string(ms), error)) return nullptr;
  if (!set_option(r->ctx_, "outbound-msg-retry:", std::to_string(std::max(settings.tries, 1)),
                  error)) {
    return nullptr;
  }
  if (settings.servers.empty()) {
    int rc = ub_ctx_resolvconf(r->ctx_, settings.resolv_conf.c_str());
    if (rc != 0) {
      error = "DNS resolver: cannot read " + settings.resolv_conf + ": " + ub_strerror(rc);
      return nullptr;
    }
  }
  for (const std::string& server : settings.servers) {
    std::optional<std::string> spec = server_spec(server);
    int rc = spec ? ub_ctx_set_fwd(r->ctx_, spec->c_str()) : UB_SYNTAX;
    if (rc != 0) {
      error = "DNS server \"" + server + "\" is not an IP address (with an optional .port)";
      return nullptr;
    }
  }
  if (!settings.trust_anchor_file.empty()) {
    int rc = ub_ctx_add_ta_file(r->ctx_, settings.trust_anchor_file.c_str());
    if (rc != 0) {
      error = "DNS trust anchors " + settings.trust_anchor_file + ": " + ub_strerror(rc);
      return nullptr;
    }
  }
  // (Last: removing a zone freezes the other settings.) libunbound answers some names itself (RFC 6761 special-use names such
  // as test. and invalid., localhost, private-address reverse zones).
  // Corvid is a stub in front of the site's resolver, as the C library is
  // for Exim: those questions go to the servers like any other.
  if (!set_option(r->ctx_, "unblock-lan-zones:", "yes", error) ||
      !set_option(r->ctx_, "insecure-lan-zones:", "yes", error)) {
    return nullptr;
  }
  for (const char* zone : kLocallyServedZones) {
    int rc = ub_ctx_zone_remove(r->ctx_, zone);
    if (rc != 0 && rc != UB_NOID) {
      error = std::string("DNS resolver zone ") + zone + ": " + ub_strerror(rc);
      return nullptr;
    }
  }
  return r;
}

Resolver::~Resolver() {
  if (ctx_ != nullptr) ub_ctx_delete(ctx_);
}

Answer Resolver::lookup(std::string_view name, RrType type) const {
  Answer answer;
  std::string qname(name);
  if (qname.empty() || qname.find('\0') != std::string::npos) {
    answer.error = "empty or malformed DNS name";
    return answer;
  }
  ub_result* res = nullptr;
  int rc = ub_resolve(ctx_, qname.c_str(), static_cast<int>(type), 1 /* IN */, &res);
  if (rc != 0) {
    answer.status = Status::again;
    answer.error = std::string("DNS lookup of ") + qname + " (" + type_name(type) +
                   "): " + ub_strerror(rc);
    return answer;
  }
  std::unique_ptr<ub_result, void (*)(ub_result*)> guard(res, ub_resolve_free);
  answer.secure = res->secure != 0;
  answer.bogus = res->bogus != 0;
  answer.canonical_name = strip_dot(res->canonname != nullptr ? res->canonname : res->qname);
  if (res->bogus) {
    answer.status = Status::fail;
    answer.error = std::string("DNSSEC validation failed: ") +
                   (res->why_bogus != nullptr ? res->why_bogus : "bogus");
    return answer;
  }
  switch (res->rcode) {
    case 0:
      break;
    case 3:
      answer.status = Status::nxdomain;
      return answer;
    case 2:  // SERVFAIL
    case 5:  // REFUSED: the C library also says "try again" for it
      answer.status = Status::again;
      answer.error = "DNS server failure (rcode " + std::to_string(res->rcode) + ") for " + qname;
      return answer;
    default:
      answer.status = Status::fail;
      answer.error = "DNS lookup of " + qname + " gave rcode " + std::to_string(res->rcode);
      return answer;
  }
  if (!res->havedata) {
    answer.status = Status::nodata;
    return answer;
  }
  for (int i = 0; res->data[i] != nullptr; ++i) {
    std::optional<Record> rec =
        decode_rdata(type, std::string_view(res->data[i], static_cast<size_t>(res->len[i])));
    if (rec) answer.records.push_back(std::move(*rec));
  }
  answer.status = answer.records.empty() ? Status::nodata : Status::found;
  return answer;
}

void install_resolver(std::shared_ptr<const Resolver> resolver) {
  std::lock_guard lock(g_mutex);
  g_resolver = std::move(resolver);
}

std::shared_ptr<const Resolver> installed_resolver() {
  std::lock_guard lock(g_mutex);
  return g_resolver;
}

Answer lookup(std::string_view name, RrType type) {
  std::shared_ptr<const Resolver> r = installed_resolver();
  if (!r) {
    Answer a;
    a.status = Status::again;
    a.error = "no DNS resolver is configured";
    return a;
  }
  return r->lookup(name, type);
}

}  // namespace corvid::dns
