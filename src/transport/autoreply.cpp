// The autoreply transport, as Exim 4.96 builds its message (vacation
// notices and the like). Options are expanded for the address; a forced
// failure leaves an option unset, another failure defers.
#include <fstream>
#include <sstream>

#include "expand/expansion.hpp"
#include "lists/match.hpp"
#include "message/address_list.hpp"
#include "transport/transport.hpp"

namespace corvid::transport {
namespace {

// nullopt: unset (or forced to fail); false return: an expansion error.
bool option(const config::DriverInstance& t, std::string_view name, const expand::Context& ctx,
            std::optional<std::string>& out, std::string& error) {
  out.reset();
  const config::OptionValue* v = t.option(name);
  if (v == nullptr || !v->is_set) return true;
  if (!v->expansion) {
    out = v->text;
    return true;
  }
  expand::Result r = expand::expand(*v->expansion, ctx);
  if (r.status == expand::Status::forced_fail) return true;
  if (!r.ok()) {
    error = "Failed to expand \"" + v->text + "\" for " + t.name + " transport: " + r.message;
    return false;
  }
  out = r.value.text;
  return true;
}

// The original's header value (Message-Id:), trimmed; "" without one.
std::string original_header(const Message& m, char type) {
  for (const spool::HeaderLine& h : m.header.headers) {
    if (h.type != type) continue;
    std::string v = h.text.substr(h.text.find(':') + 1);
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ' || v.back() == '\t')) v.pop_back();
    size_t start = v.find_first_not_of(" \t");
    return start == std::string::npos ? "" : v.substr(start);
  }
  return "";
}

}  // namespace

Result autoreply(const config::DriverInstance& t, const Message& m, const route::Address& a,
                 const expand::Context& ctx, AutoReply& out) {
  (void)a;
  Result res;
  std::string error;
  std::optional<std::string> from, reply_to, to, cc, bcc, subject, headers, text, file,
      never_mail;
  for (auto [name, slot] : {std::pair{"from", &from}, {"reply_to", &reply_to}, {"to", &to},
                            {"cc", &cc}, {"bcc", &bcc}, {"subject", &subject},
                            {"headers", &headers}, {"text", &text}, {"file", &file},
                            {"never_mail", &never_mail}}) {
    if (!option(t, name, ctx, *slot, error)) {
      res.status = Result::Status::defer;
      res.message = error;
      return res;
    }
  }
  // Recipients: every address of to, cc and bcc, less those in never_mail
  // (which leave the To: and Cc: lines too, as in Exim).
  for (std::optional<std::string>* list : {&to, &cc, &bcc}) {
    if (!*list) continue;
    std::vector<std::string> kept;
    bool dropped = false;
    for (const message::AddressSpan& span : message::find_addresses(**list)) {
      if (never_mail && lists::match_address(span.address, *never_mail, ctx).match ==
                            lists::Match::yes) {
        dropped = true;
        continue;
      }
      kept.push_back(span.address);
      out.recipients.push_back(span.address);
    }
    if (dropped) {
      std::string joined;
      for (const std::string& k : kept) joined += (joined.empty() ? "" : ", ") + k;
      *list = joined;
    }
  }
  if (out.recipients.empty()) return res;  // nobody to tell: done
  auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value && !value->empty()) out.headers.push_back(std::string(name) + ": " + *value + "\n");
  };
  add("From", from);
  add("Reply-To", reply_to);
  add("To", to);
  add("Cc", cc);
  add("Subject", subject);
  std::string message_id = original_header(m, spool::kHeaderMessageId);
  if (!message_id.empty()) {
    out.headers.push_back("In-Reply-To: " + message_id + "\n");
    out.headers.push_back("References: " + message_id + "\n");
  }
  out.headers.push_back("Auto-Submitted: auto-replied\n");
  if (headers && !headers->empty()) {
    out.headers.push_back(*headers + (headers->ends_with('\n') ? "" : "\n"));
  }
  if (text) out.body = *text + (text->ends_with('\n') || text->empty() ? "" : "\n");
  if (file) {
    std::ifstream in(*file);
    if (in) {
      std::ostringstream contents;
      contents << in.rdbuf();
      out.body += contents.str();
    } else if (!t.bool_option("file_optional").value_or(false)) {
      res.status = Result::Status::defer;
      res.message = "Failed to open file " + *file + " when sending message from " + t.name +
                    " transport";
      return res;
    }
  }
  return res;
}

}  // namespace corvid::transport
