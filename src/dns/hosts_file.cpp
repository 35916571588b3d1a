#include "dns/hosts_file.hpp"

#include <arpa/inet.h>

#include <fstream>
#include <mutex>
#include <sstream>

namespace corvid::dns {
namespace {

std::mutex g_mutex;
std::string g_path = "/etc/hosts";

bool same_address(const std::string& a, std::string_view b) {
  unsigned char x[16] = {}, y[16] = {};
  std::string bs(b);
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, a.c_str(), x) == 1 && inet_pton(family, bs.c_str(), y) == 1) {
      return std::equal(x, x + 16, y);
    }
  }
  return false;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Read at each use: the file is small and an administrator's edit should
// count at once, as it does for the C library.
std::vector<HostsEntry> load() {
  std::string path;
  {
    std::lock_guard lock(g_mutex);
    path = g_path;
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_hosts(ss.str());
}

}  // namespace

std::vector<HostsEntry> parse_hosts(std::string_view text) {
  std::vector<HostsEntry> out;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    HostsEntry e;
    if (!(words >> e.address)) continue;
    unsigned char buf[16];
    if (inet_pton(AF_INET, e.address.c_str(), buf) != 1 &&
        inet_pton(AF_INET6, e.address.c_str(), buf) != 1) {
      continue;
    }
    for (std::string w; words >> w;) e.names.push_back(w);
    if (!e.names.empty()) out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::string> hosts_file_names(std::string_view ip) {
  for (HostsEntry& e : load()) {
    if (same_address(e.address, ip)) return std::move(e.names);
  }
  return {};
}

std::vector<std::string> hosts_file_addresses(std::string_view name) {
  std::vector<std::string> out;
  for (const HostsEntry& e : load()) {
    for (const std::string& n : e.names) {
      if (iequal(n, name)) {
        out.push_back(e.address);
        break;
      }
    }
  }
  return out;
}

void set_hosts_file_path(std::string path) {
  std::lock_guard lock(g_mutex);
  g_path = std::move(path);
}

}  // namespace corvid::dns
