// /etc/hosts, read as the C library's "files" source would: what Exim's
// "byaddr" host lookups and host-name-to-address lookups see before DNS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corvid::dns {

struct HostsEntry {
  std::string address;
  std::vector<std::string> names;  // canonical name first, then aliases
};

// Parses hosts-file text (comments, blank lines and malformed lines skipped).
std::vector<HostsEntry> parse_hosts(std::string_view text);

// The names for `ip` in the system hosts file (first matching line).
std::vector<std::string> hosts_file_names(std::string_view ip);
// The addresses listed for `name` (caseless) in the system hosts file.
std::vector<std::string> hosts_file_addresses(std::string_view name);

// Tests and special setups may read another file (default /etc/hosts).
void set_hosts_file_path(std::string path);

}  // namespace corvid::dns
