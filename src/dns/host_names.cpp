#include "dns/host_names.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "dns/hosts_file.hpp"
#include "dns/resolver.hpp"
#include "dns/reverse.hpp"

namespace corvid::dns {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Names {
  LookupStatus status = LookupStatus::not_found;
  std::vector<std::string> names;
  bool secure = false;
};

Names by_dns(std::string_view ip) {
  Names out;
  std::optional<std::string> q = ptr_name(ip);
  if (!q) return out;
  Answer a = lookup(*q, RrType::ptr);
  if (a.status == Status::again) {
    out.status = LookupStatus::again;
    return out;
  }
  for (const Record& r : a.records) out.names.push_back(lower(r.text));
  out.secure = a.secure;
  if (!out.names.empty()) out.status = LookupStatus::found;
  return out;
}

Names by_addr(std::string_view ip) {
  Names out;
  for (std::string& n : hosts_file_names(ip)) out.names.push_back(lower(std::move(n)));
  if (!out.names.empty()) {
    out.status = LookupStatus::found;
    return out;
  }
  return by_dns(ip);  // the C library's next source after "files"
}

}  // namespace

bool same_address(std::string_view a, std::string_view b) {
  unsigned char x[16] = {}, y[16] = {};
  std::string as(a), bs(b);
  if (inet_pton(AF_INET, as.c_str(), x) == 1) {
    return inet_pton(AF_INET, bs.c_str(), y) == 1 && std::memcmp(x, y, 4) == 0;
  }
  if (inet_pton(AF_INET6, as.c_str(), x) == 1) {
    return inet_pton(AF_INET6, bs.c_str(), y) == 1 && std::memcmp(x, y, 16) == 0;
  }
  return false;
}

AddressLookup find_addresses(std::string_view name) {
  AddressLookup out;
  out.addresses = hosts_file_addresses(name);
  if (!out.addresses.empty()) {
    out.status = LookupStatus::found;
    return out;
  }
  bool secure = true, again = false;
  for (RrType t : {RrType::a, RrType::aaaa}) {
    Answer a = lookup(name, t);
    again = again || a.status == Status::again;
    for (const Record& r : a.records) out.addresses.push_back(r.text);
    if (a.found()) secure = secure && a.secure;
  }
  if (!out.addresses.empty()) {
    out.status = LookupStatus::found;
    out.secure = secure;
  } else if (again) {
    out.status = LookupStatus::again;
  }
  return out;
}

HostNameLookup find_host_name(std::string_view ip, const std::vector<std::string>& order) {
  HostNameLookup out;
  Names names;
  for (const std::string& method : order) {
    if (method == "bydns") {
      names = by_dns(ip);
    } else if (method == "byaddr") {
      names = by_addr(ip);
    } else {
      continue;
    }
    if (names.status != LookupStatus::not_found) break;
  }
  if (names.status != LookupStatus::found) {
    out.status = names.status;
    return out;
  }
  bool again = false;
  for (const std::string& n : names.names) {
    AddressLookup f = find_addresses(n);
    again = again || f.status == LookupStatus::again;
    bool match = std::any_of(f.addresses.begin(), f.addresses.end(),
                             [&](const std::string& a) { return same_address(a, ip); });
    if (!match) continue;
    if (out.name.empty()) {
      out.name = n;
      out.secure = names.secure && f.secure;
    } else {
      out.aliases.push_back(n);
    }
  }
  if (!out.name.empty()) {
    out.status = LookupStatus::found;
  } else {
    out.status = again ? LookupStatus::again : LookupStatus::not_found;
    out.unverified_name = names.names.front();
  }
  return out;
}

}  // namespace corvid::dns
