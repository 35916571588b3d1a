// spool_writer: the integration tests' way to make a queue with Corvid's
// spool code alone (no SMTP, no configuration).
//
//   spool_writer write <spool_dir> <split:0|1>    reads message specs on stdin,
//                                                 one per line, prints each id
//   spool_writer list <spool_dir> [-bpu]          Corvid's -bp text
//   spool_writer count <spool_dir>                Corvid's -bpc text
//
// A spec line is space-separated key=value pairs:
//   age=SECONDS body=BYTES sender=ADDR rcpts=A,B delivered=A,B journal=A
//   frozen=1 untrusted=1 login=NAME
// Missing keys take defaults (age 0, body 10, sender s@x, rcpts r@y).
#include <algorithm>
#include <ctime>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "spool/commit.hpp"
#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/message_id.hpp"
#include "spool/queue_list.hpp"

using namespace corvid::spool;

namespace {

std::map<std::string, std::string> parse_spec(const std::string& line) {
  std::map<std::string, std::string> spec;
  std::istringstream in(line);
  std::string item;
  while (in >> item) {
    std::size_t eq = item.find('=');
    if (eq != std::string::npos) spec[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return spec;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string get(const std::map<std::string, std::string>& m, const std::string& k,
                const std::string& d) {
  auto it = m.find(k);
  return it == m.end() ? d : it->second;
}

// A body of `size` bytes in lines of up to 76 characters.
std::string make_body(std::size_t size) {
  std::string body;
  while (body.size() < size) {
    std::size_t n = std::min<std::size_t>(76, size - body.size() - 1);
    body.append(n, 'x');
    body += '\n';
  }
  return body;
}

HeaderFile make_envelope(const std::map<std::string, std::string>& spec, const std::string& id,
                         std::time_t received, std::size_t body_lines) {
  HeaderFile h;
  h.id = id;
  h.originator_login = get(spec, "login", "corvid");
  h.originator_uid = h.originator_gid = 1000;
  h.sender = get(spec, "sender", "s@x");
  h.received_time = received;
  h.received_time_usec = 0;
  h.received_time_complete = std::make_pair(std::int64_t(received), 0);
  h.received_protocol = SpoolString{"local", false, ""};
  h.body_linecount = static_cast<std::int64_t>(body_lines);
  h.deliver_firsttime = true;
  h.sender_set_untrusted = get(spec, "untrusted", "0") == "1";
  if (get(spec, "frozen", "0") == "1") h.frozen_at = received;
  for (const std::string& r : split_commas(get(spec, "rcpts", "r@y"))) {
    h.recipients.push_back(Recipient{r, "", 0, "", -1});
  }
  for (const std::string& d : split_commas(get(spec, "delivered", ""))) h.non_recipients.insert(d);
  h.headers.push_back({kHeaderOther, "Subject: spool test\n"});
  h.headers.push_back({kHeaderFrom, "From: " + h.sender + "\n"});
  return h;
}

int write_messages(const std::string& dir, bool split) {
  SpoolLayout layout(dir, split);
  std::string line;
  while (std::getline(std::cin, line)) {
    auto spec = parse_spec(line);
    std::time_t received = std::time(nullptr) - std::stol(get(spec, "age", "0"));
    // One generator per message: the specs go back and forth in time, and
    // one generator would (rightly) never reuse an earlier tick.
    MessageIdGenerator ids;
    std::string id = ids.next(std::chrono::system_clock::from_time_t(received));
    ids.wait_past_last_tick();
    std::string body = make_body(std::stoul(get(spec, "body", "10")));
    DataFileWriter data;
    std::error_code ec = data.create(layout, id);
    if (!ec) ec = data.write(body);
    std::size_t lines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    if (!ec) {
      ec = commit_now(CommitRequest{layout, id, data.fd(),
                                    write_header_file(make_envelope(spec, id, received, lines))});
    }
    for (const std::string& j : split_commas(get(spec, "journal", ""))) {
      if (!ec) ec = append_journal(layout, id, j);
    }
    if (ec) {
      std::cerr << "spool_writer: " << id << ": " << ec.message() << "\n";
      return 1;
    }
    std::cout << id << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "write") return write_messages(args[1], args[2] == "1");
  if (args.size() >= 2 && args[0] == "list") {
    ListingOptions options;
    options.undelivered_only = args.size() > 2 && args[2] == "-bpu";
    std::cout << format_queue_listing(scan_queue(SpoolLayout(args[1], false)), std::time(nullptr),
                                      options);
    return 0;
  }
  if (args.size() == 2 && args[0] == "count") {
    std::cout << format_queue_count(list_message_ids(SpoolLayout(args[1], false)).size());
    return 0;
  }
  std::cerr << "usage: spool_writer write DIR SPLIT | list DIR [-bpu] | count DIR\n";
  return 2;
}
