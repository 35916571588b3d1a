// Reading the queue: the messages in a spool's input/ directory (and its
// one-character split subdirectories, which Exim also reads whatever
// split_spool_directory says), and the text of `exim -bp` / `-bpc`.
//
// A message is a "<id>-H" file with a valid id; lone -D and hdr. files are
// not messages (commit.hpp). Each listed message carries what -bp prints:
// age, size (Exim's: header bytes + body bytes + 1), sender, recipients
// with delivered ones (non-recipients tree plus -J journal) marked, and
// the frozen state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spool/layout.hpp"

namespace corvid::spool {

struct QueuedRecipient {
  std::string address;
  bool delivered = false;
};

struct QueuedMessage {
  std::string id;
  std::string subdirectory;  // "" or the split subdirectory it was found in
  std::int64_t received_time = 0;
  std::uint64_t size = 0;
  bool envelope_read = false;  // false: the -H file could not be parsed
  std::string sender;
  bool sender_set_untrusted = false;
  std::string originator_login;
  bool frozen = false;
  std::vector<QueuedRecipient> recipients;
  std::string read_error;  // "" or what -bp prints, e.g. "*** spool format error: size=12 ***"
};

// Ids of messages in the queue, ordered as Exim 4.96 lists them: by time,
// then the fraction field; ids equal in both keep the order in which the
// directory returns them (checked against exim4 -bp).
std::vector<std::string> list_message_ids(const SpoolLayout& layout);
// Every message, read; a message removed while scanning is skipped.
std::vector<QueuedMessage> scan_queue(const SpoolLayout& layout);
// One message; nullopt when its -H file is gone.
std::optional<QueuedMessage> load_queued_message(const SpoolLayout& layout, const std::string& id);

struct ListingOptions {
  bool undelivered_only = false;  // -bpu
};

// -bp / -bpu text for `messages`, ages relative to `now` (epoch seconds).
std::string format_queue_listing(const std::vector<QueuedMessage>& messages, std::int64_t now,
                                 const ListingOptions& options = {});
// One message's block (its lines and the blank line after).
std::string format_queued_message(const QueuedMessage& m, std::int64_t now,
                                  const ListingOptions& options = {});
// -bpc text.
std::string format_queue_count(std::size_t count);

// Exim's 5-column size ("  286", "1.2K", " 12K", "2.0M", " 15M").
std::string format_queue_size(std::uint64_t size);
// Exim's 3-column age and its space (" 0m ", "12h ", " 3d ").
std::string format_queue_age(std::int64_t seconds);

}  // namespace corvid::spool
