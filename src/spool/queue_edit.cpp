#include "spool/queue_edit.hpp"

#include <chrono>
#include <functional>
#include <optional>

#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/message_lock.hpp"

namespace corvid::spool {
namespace {

// Runs `change` on the message's header under its lock and writes it back
// when `change` says so.
EditResult edit(const SpoolLayout& base, std::string_view id,
                const std::function<bool(HeaderFile&, EditResult&)>& change) {
  EditResult r;
  std::string sid(id);
  std::optional<SpoolLayout> at = base.locate(id);
  if (!at) {
    r.ok = false;
    r.text = "Spool data file for " + sid + " does not exist\n";
    r.log_lines.push_back("Spool file " + sid + "-D not found");
    return r;
  }
  MessageLock lock(at->input_file(id, "-D"));
  if (!lock.held()) {
    r.ok = false;
    r.text = lock.busy() ? "Spool file for " + sid + " is locked (another process is handling "
                                                     "this message)\n"
                         : "Spool data file for " + sid + " does not exist\n";
    return r;
  }
  std::error_code ec;
  std::optional<std::string> text = read_file(at->input_file(id, "-H"), ec);
  HeaderReadResult parsed = text ? read_header_file(*text, id) : HeaderReadResult{};
  if (!parsed.ok()) {
    r.ok = false;
    r.text = "Spool read error for " + sid + "-H\n";
    return r;
  }
  if (!change(*parsed.file, r)) return r;
  if (std::error_code w = rewrite_header_file(*at, *parsed.file)) {
    r.ok = false;
    r.text = "Message " + sid + ": failed to write the spool header: " + w.message() + "\n";
    r.log_lines.clear();
  }
  return r;
}

std::string head(std::string_view id) { return "Message " + std::string(id); }

}  // namespace

EditResult freeze_message(const SpoolLayout& layout, std::string_view id, std::string_view user) {
  return edit(layout, id, [&](HeaderFile& h, EditResult& r) {
    if (h.frozen()) {
      r.ok = false;
      r.text = head(id) + " is already frozen\n";
      return false;
    }
    h.frozen_at = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    h.manual_thaw = false;
    r.text = head(id) + " is now frozen\n";
    r.log_lines.push_back("frozen by " + std::string(user));
    return true;
  });
}

EditResult thaw_message(const SpoolLayout& layout, std::string_view id, std::string_view user) {
  return edit(layout, id, [&](HeaderFile& h, EditResult& r) {
    if (!h.frozen()) {
      r.ok = false;
      r.text = head(id) + " is not frozen\n";
      return false;
    }
    h.frozen_at.reset();
    h.manual_thaw = true;  // a bounce thawed by hand is tried once more
    r.text = head(id) + " is no longer frozen\n";
    r.log_lines.push_back("unfrozen by " + std::string(user));
    return true;
  });
}

EditResult add_recipients(const SpoolLayout& layout, std::string_view id,
                          const std::vector<std::string>& addresses, std::string_view user) {
  return edit(layout, id, [&](HeaderFile& h, EditResult& r) {
    const std::string failed = head(id) + " - error while adding recipient:";
    if (addresses.empty()) {
      r.ok = false;
      r.text = failed + " no address given\n";
      return false;
    }
    for (const std::string& a : addresses) {
      size_t at = a.rfind('@');
      if (at == std::string::npos || at == 0 || at + 1 == a.size()) {
        r.ok = false;
        r.text = failed + "\n  bad address " + a +
                 (at == std::string::npos || at + 1 == a.size() ? ": domain missing\n"
                                                                : ": local part missing\n");
        r.log_lines.clear();
        return false;
      }
      Recipient rc;
      rc.address = a;
      h.recipients.push_back(rc);
      r.log_lines.push_back("recipient <" + a + "> added by " + std::string(user));
    }
    r.text = head(id) + " has been modified\n";
    return true;
  });
}

EditResult mark_delivered(const SpoolLayout& layout, std::string_view id,
                          const std::vector<std::string>& addresses, std::string_view user) {
  return edit(layout, id, [&](HeaderFile& h, EditResult& r) {
    const std::string failed = head(id) + " - error while marking as delivered:";
    if (addresses.empty()) {
      r.ok = false;
      r.text = failed + " no address given\n";
      return false;
    }
    for (const std::string& a : addresses) {
      bool known = false;
      for (const Recipient& rc : h.recipients) known = known || rc.address == a;
      if (!known) {
        r.ok = false;
        r.text = failed + "\n  " + a + " is not a recipient: message not updated\n";
        r.log_lines.clear();
        return false;
      }
      if (!h.non_recipients.contains(a)) h.non_recipients.insert(a);
      r.log_lines.push_back("address <" + a + "> marked delivered by " + std::string(user));
    }
    r.text = head(id) + " has been modified\n";
    return true;
  });
}

}  // namespace corvid::spool
