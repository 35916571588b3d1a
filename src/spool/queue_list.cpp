#include "spool/queue_list.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/message_id.hpp"

namespace corvid::spool {

namespace fs = std::filesystem;

namespace {

struct Found {
  std::string id;
  std::string subdirectory;
};

void collect_ids(const fs::path& dir, const std::string& subdir, std::vector<Found>& out) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() == kMessageIdLength + 2 && name.ends_with("-H") &&
        is_message_id(std::string_view(name).substr(0, kMessageIdLength))) {
      out.push_back({name.substr(0, kMessageIdLength), subdir});
    }
  }
}

std::vector<Found> find_messages(const SpoolLayout& layout) {
  std::vector<Found> found;
  collect_ids(layout.input_root(), "", found);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(layout.input_root(), ec)) {
    std::string name = e.path().filename().string();
    if (name.size() == 1 && e.is_directory(ec)) collect_ids(e.path(), name, found);
  }
  // Exim orders by time, then fraction; ties keep the directory's order
  // (its merge is stable), which a stable sort of readdir order repeats.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    std::string_view x = a.id, y = b.id;
    if (int d = x.substr(0, 6).compare(y.substr(0, 6))) return d < 0;
    return x.substr(14) < y.substr(14);
  });
  return found;
}

std::int64_t stat_size(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : -1;
}

void fill_from_header(QueuedMessage& m, const HeaderFile& h, const SpoolLayout& at) {
  m.envelope_read = true;
  m.received_time = h.received_time;
  m.sender = h.sender;
  m.sender_set_untrusted = h.sender_set_untrusted;
  m.originator_login = h.originator_login;
  m.frozen = h.frozen();
  m.size = h.headers_size();
  NonRecipients done = h.non_recipients;
  for (std::string& a : read_journal(at, m.id)) done.insert(std::move(a));
  for (const Recipient& r : h.recipients) {
    m.recipients.push_back({r.address, done.contains(r.address)});
  }
}

}  // namespace

std::vector<std::string> list_message_ids(const SpoolLayout& layout) {
  std::vector<std::string> ids;
  for (Found& f : find_messages(layout)) ids.push_back(std::move(f.id));
  return ids;
}

std::optional<QueuedMessage> load_queued_message(const SpoolLayout& layout, const std::string& id) {
  std::optional<SpoolLayout> at = layout.locate(id);
  if (!at) return std::nullopt;
  QueuedMessage m;
  m.id = id;
  m.subdirectory = at->split() ? split_subdirectory(id) : "";
  fs::path hpath = at->input_file(id, "-H");
  std::error_code ec;
  auto bytes = read_file(hpath, ec);
  if (!bytes) {
    if (ec == std::errc::no_such_file_or_directory) return std::nullopt;
    m.read_error = "*** spool read error: " + ec.message() + " ***";
    return m;
  }
  HeaderReadResult r = read_header_file(*bytes, id);
  if (r.file) fill_from_header(m, *r.file, *at);
  if (r.error) m.read_error = "*** spool format error: size=" + std::to_string(bytes->size()) + " ***";
  if (!r.file) m.received_time = static_cast<std::int64_t>(parse_message_id(id)->seconds);
  std::int64_t dsize = stat_size(at->input_file(id, "-D"));
  if (dsize >= 0) m.size += static_cast<std::uint64_t>(dsize) - kDataStartOffset + 1;
  return m;
}

std::vector<QueuedMessage> scan_queue(const SpoolLayout& layout) {
  std::vector<QueuedMessage> out;
  for (const Found& f : find_messages(layout)) {
    SpoolLayout at(layout.directory(), !f.subdirectory.empty());
    if (auto m = load_queued_message(at, f.id)) out.push_back(std::move(*m));
  }
  return out;
}

std::string format_queue_size(std::uint64_t size) {
  char buf[32];
  const double k = 1024.0, m = 1024.0 * 1024.0;
  if (size < 1024) {
    std::snprintf(buf, sizeof buf, "%5d", static_cast<int>(size));
  } else if (size < 10 * 1024) {
    std::snprintf(buf, sizeof buf, "%4.1fK", static_cast<double>(size) / k);
  } else if (size < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%4dK", static_cast<int>((size + 512) / 1024));
  } else if (size < 10 * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%4.1fM", static_cast<double>(size) / m);
  } else {
    std::snprintf(buf, sizeof buf, "%4dM", static_cast<int>((size + 512 * 1024) / (1024 * 1024)));
  }
  return buf;
}

std::string format_queue_age(std::int64_t seconds) {
  char buf[32];
  std::int64_t minutes = seconds / 60;
  if (minutes > 90) {
    std::int64_t hours = (minutes + 30) / 60;
    if (hours > 72) {
      std::snprintf(buf, sizeof buf, "%2lldd ", static_cast<long long>((hours + 12) / 24));
    } else {
      std::snprintf(buf, sizeof buf, "%2lldh ", static_cast<long long>(hours));
    }
  } else {
    std::snprintf(buf, sizeof buf, "%2lldm ", static_cast<long long>(minutes));
  }
  return buf;
}

std::string format_queued_message(const QueuedMessage& m, std::int64_t now,
                                  const ListingOptions& options) {
  std::string out = format_queue_age(now - m.received_time) + format_queue_size(m.size) + " " + m.id;
  if (m.envelope_read) {
    out += " <" + m.sender + ">";
    if (m.sender_set_untrusted) out += " (" + m.originator_login + ")";
  }
  if (!m.read_error.empty()) {
    out += "\n    " + m.read_error;
    if (!m.envelope_read) return out + "\n\n";
  }
  if (m.frozen) out += " *** frozen ***";
  out += "\n";
  for (const QueuedRecipient& r : m.recipients) {
    if (r.delivered && options.undelivered_only) continue;
    out += std::string("        ") + (r.delivered ? "D" : " ") + " " + r.address + "\n";
  }
  return out + "\n";
}

std::string format_queue_listing(const std::vector<QueuedMessage>& messages, std::int64_t now,
                                 const ListingOptions& options) {
  std::string out;
  for (const QueuedMessage& m : messages) out += format_queued_message(m, now, options);
  return out;
}

std::string format_queue_count(std::size_t count) { return std::to_string(count) + "\n"; }

}  // namespace corvid::spool
