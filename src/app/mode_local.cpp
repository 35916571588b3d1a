// Local submission (-bm, -t): see mode_local.hpp. As Exim 4.96 does it:
// recipients from the arguments (several per argument, comma-separated)
// or, with -t, from To/Cc/Bcc less the arguments; a line holding only "."
// ends the message unless -i/-oi; CRLF becomes LF; bare local parts in
// address headers are qualified; Message-Id:, From: and Date: are added
// when missing; acl_not_smtp_start and acl_not_smtp decide; the message
// is on disk (group commit) before the command returns 0, and the <= line
// reads "U=<login> P=local".
//
// Delivery follows in the background (-odb, the default), before the
// command returns (-odi), or not at all (-odq, queue_only).
//
// Errors are written to standard error with exit status 1 (Exim's -oep).
// Exim's default (-oem) mails them back to the sender instead; that needs
// bounce messages and comes with delivery.
#include "app/mode_local.hpp"

#include <pwd.h>
#include <sys/time.h>
#include <unistd.h>

#include <iostream>
#include <iterator>

#include "app/local_session.hpp"
#include "app/mode_queue.hpp"
#include "app/mode_smtp.hpp"
#include "expand/expansion.hpp"
#include "lists/list_reader.hpp"
#include "message/address_list.hpp"
#include "message/header_split.hpp"
#include "message/local_headers.hpp"
#include "message/log_subject.hpp"
#include "queue/deliver.hpp"
#include "rewrite/rewrite.hpp"
#include "transport/smtp.hpp"
#include "spool/header_file.hpp"
#include "util/strings.hpp"

namespace corvid::app {
namespace {

struct Caller {
  std::string login;
  std::string name;  // the password file's full name, up to the first ','
  uid_t uid = 0;
  gid_t gid = 0;
};

Caller who_is_calling() {
  Caller c;
  c.uid = getuid();
  c.gid = getgid();
  if (passwd* pw = getpwuid(c.uid)) {
    c.login = pw->pw_name;
    c.name = pw->pw_gecos == nullptr ? "" : pw->pw_gecos;
    c.name = c.name.substr(0, c.name.find(','));
  } else {
    c.login = std::to_string(c.uid);
  }
  return c;
}

// Only trusted callers may set the envelope sender: root, and the users
// and groups in trusted_users / trusted_groups.
bool trusted(const config::Config& config, const Caller& c) {
  if (c.uid == 0) return true;
  auto listed = [](const std::string& list, const std::string& name, unsigned id) {
    for (const std::string& item : lists::split_list(list)) {
      if (item == name || item == std::to_string(id)) return true;
    }
    return false;
  };
  std::string users = config.string_option("trusted_users").value_or("");
  std::string groups = config.string_option("trusted_groups").value_or("");
  return listed(users, c.login, c.uid) || listed(groups, "", c.gid);
}

// Splits an argument into its comma-separated addresses (commas inside
// quotes, comments or <...> do not count).
std::vector<std::string> split_argument(const std::string& arg) {
  std::vector<std::string> out(1);
  char quote = 0;
  int depth = 0;
  for (char c : arg) {
    if (quote == 0 && (c == '"' || c == '(' || c == '<')) {
      quote = c == '"' ? '"' : c == '(' ? ')' : '>';
      depth = 1;
    } else if (quote != 0 && c == quote && --depth == 0) {
      quote = 0;
    } else if (quote == ')' && c == '(') {
      ++depth;
    } else if (quote == 0 && c == ',') {
      out.emplace_back();
      continue;
    }
    out.back().push_back(c);
  }
  std::vector<std::string> items;
  for (std::string& s : out) {
    std::string t(util::trim(s));
    if (!t.empty()) items.push_back(std::move(t));
  }
  return items;
}

std::string qualify(const std::string& address, const std::string& domain) {
  return address.empty() || address.find('@') != std::string::npos ? address
                                                                    : address + "@" + domain;
}

struct Body {
  std::string text;
  std::int64_t lines = 0;
  std::int64_t longest = 0;
};

// Standard input as spool text: CRLF -> LF, and (unless -i) stopping at a
// line that holds only ".".
Body read_message(std::istream& in, bool dot_ends) {
  Body b;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (dot_ends && line == ".") break;
    b.text += line;
    b.text += '\n';
  }
  return b;
}

void count_lines(const std::string& body, Body& b) {
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    size_t len = (nl == std::string::npos ? body.size() : nl) - start;
    b.longest = std::max<std::int64_t>(b.longest, static_cast<std::int64_t>(len));
    ++b.lines;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

int fail(std::string_view text) {
  std::cerr << "corvid: " << text << '\n';
  return 1;
}

}  // namespace

int run_bm(const CommandLine& cl, const Loaded& loaded) {
  const config::Config& config = *loaded.config;
  smtp::ServerServices services;
  std::string error;
  if (!make_services(loaded, false, services, error)) return fail(error);
  LocalSession ctx(loaded.config, loaded.acls);
  ctx.logger = services.logger;
  const Caller caller = who_is_calling();
  const std::string& qualify_domain = ctx.base().qualify_domain();
  const std::string& qualify_recipient = ctx.base().qualify_recipient();
  const std::string user_address = caller.login + "@" + qualify_domain;
  bool sender_given = cl.sender.has_value() && trusted(config, caller);
  ctx.login = caller.login;
  ctx.sender_address = sender_given ? qualify(*cl.sender, qualify_domain) : user_address;

  // Recipients as written (the <= line's "for" shows them so) and qualified.
  std::vector<std::string> arg_recipients, as_written;
  for (const std::string& arg : cl.args) {
    for (const std::string& item : split_argument(arg)) {
      std::string why;
      std::optional<std::string> a = message::parse_one_address(item, why);
      if (!a) return fail("bad recipient address \"" + item + "\": " + why);
      arg_recipients.push_back(qualify(*a, qualify_recipient));
      as_written.push_back(*a);
    }
  }
  if (arg_recipients.empty() && !cl.extract_recipients) {
    return fail("no recipients given (name them as arguments, or use -t)");
  }
  ctx.recipients = arg_recipients;

  acl::Result start = acl::run_option(*loaded.acls, config.string_option("acl_not_smtp_start"), ctx);
  if (start.status != acl::Status::ok) {
    return fail("message rejected by non-SMTP ACL: " + start.user_message);
  }

  const auto received_at = std::chrono::system_clock::now();
  Body input = read_message(std::cin, cl.dot_ends_message);
  std::vector<std::string> header_lines;
  std::string body;
  message::split_message(input.text, header_lines, body);
  ctx.message_id = services.store->new_id(received_at);

  std::vector<message::Header> headers;
  for (std::string& h : header_lines) headers.push_back(message::Header{std::move(h)});
  TString date;
  ctx.base().variable("tod_full", date);
  message::LocalSubmission sub;
  sub.message_id = ctx.message_id;
  sub.primary_hostname = ctx.primary_hostname();
  sub.qualify_domain = qualify_domain;
  sub.qualify_recipient = qualify_recipient;
  if (!ctx.sender_address.empty()) sub.sender = ctx.sender_address;
  sub.user_address = user_address;
  sub.sender_given = sender_given;
  sub.full_name = cl.full_name ? cl.full_name : sender_given ? std::nullopt
                                                             : std::optional(caller.name);
  sub.extract_recipients = cl.extract_recipients;
  sub.date = date.text;
  std::vector<std::string> extracted = message::fix_local_headers(headers, sub);
  spool::HeaderFile hf;
  if (cl.extract_recipients) {
    // With -t the arguments are addresses NOT to send to (Exim's default
    // extract_addresses_remove_arguments).
    // Exim keeps them as addresses already dealt with.
    hf.non_recipients = spool::NonRecipients::from_addresses(arg_recipients);
    ctx.recipients.clear();
    as_written.clear();
    for (const std::string& r : extracted) {
      std::string q = qualify(r, qualify_recipient);
      if (std::find(arg_recipients.begin(), arg_recipients.end(), q) == arg_recipients.end()) {
        ctx.recipients.push_back(q);
        as_written.push_back(r);
      }
    }
    if (ctx.recipients.empty()) {
      log::Text t;
      t.message_id = ctx.message_id;
      t.text = "no recipients found in headers";
      services.logger->log(t);
      return fail("no recipients in message");
    }
  }

  // The rewrite rules, as for SMTP input: the envelope, then the header
  // lines (a rewritten one kept, marked deleted, before its new version),
  // and what the envelope said before, as deleted header lines.
  if (auto rules = rewrite::RuleSet::of(config); rules && !rules->rules().empty()) {
    auto rewrite_log = [&](const std::string& text) {
      log::Text t;
      t.text = text;
      services.logger->log(t);
    };
    std::vector<message::Header> rewrote;
    std::vector<std::string> steps, sender_steps;
    for (std::string& r : ctx.recipients) {
      if (!rules->applies_to(rewrite::kEnvelopeTo)) break;
      r = rewrite::rewrite_address(*rules, r, rewrite::kEnvelopeTo, ctx, rewrite_log, &steps);
    }
    if (!ctx.sender_address.empty() && rules->applies_to(rewrite::kEnvelopeFrom)) {
      ctx.sender_address = rewrite::rewrite_address(*rules, ctx.sender_address,
                                                    rewrite::kEnvelopeFrom, ctx, rewrite_log,
                                                    &sender_steps);
    }
    for (const std::string& a : steps) {
      rewrote.push_back(message::Header{"X-rewrote-original-recipient: " + a + "\n", true});
    }
    for (const std::string& a : sender_steps) {
      rewrote.push_back(message::Header{"X-rewrote-sender: " + a + "\n", true});
    }
    for (size_t i = 0; i < headers.size(); ++i) {
      if (headers[i].deleted) continue;
      unsigned field = rewrite::header_field(headers[i].text);
      if (field == 0 || !rules->applies_to(field)) continue;
      std::optional<std::string> next =
          rewrite::rewrite_header(*rules, headers[i].text, field, ctx, rewrite_log);
      if (!next) continue;
      headers[i].deleted = true;
      headers.insert(headers.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                     message::Header{*next});
      ++i;
    }
    // (Before the lines Corvid added for a local submission, which Exim
    // adds after rewriting.)
    size_t at = headers.size();
    while (at > 0 && headers[at - 1].added) --at;
    headers.insert(headers.begin() + static_cast<std::ptrdiff_t>(at), rewrote.begin(),
                   rewrote.end());
  }

  // The Received: header comes first, expanded now that the envelope is known.
  ctx.where_ = acl::Where::not_smtp;
  ctx.headers = &headers;
  std::vector<message::Header> all;
  if (const config::OptionValue* v = config.main().value("received_header_text");
      v != nullptr && v->is_set) {
    std::string text = v->expansion ? expand::expand(*v->expansion, ctx).value.text : v->text;
    if (!text.empty()) all.push_back(message::Header{text + ";\n\t" + date.text + "\n"});
  }
  all.insert(all.end(), headers.begin(), headers.end());
  headers = std::move(all);

  for (const message::Header& h : headers) {
    hf.headers.push_back({h.deleted ? '*' : spool::header_type_for(h.text), h.text});
  }
  // S= counts the headers the message keeps (not those marked deleted).
  std::uint64_t size = 1 + body.size();
  for (const message::Header& h : headers) size += h.deleted ? 0 : h.text.size();
  ctx.size = static_cast<std::int64_t>(size);
  acl::Result r = acl::run_option(*loaded.acls, config.string_option("acl_not_smtp"), ctx);
  if (r.status != acl::Status::ok && r.status != acl::Status::discard) {
    log::Text t;
    t.message_id = ctx.message_id;
    t.text = "F=<" + ctx.sender_address + "> rejected by non-SMTP ACL: " +
             (r.log_message.empty() ? r.user_message : r.log_message);
    t.targets = log::to_main | log::to_reject;
    services.logger->log(t);
    return fail("message rejected by non-SMTP ACL: " + r.user_message);
  }

  hf.id = ctx.message_id;
  hf.originator_login = caller.login;
  hf.originator_uid = caller.uid;
  hf.originator_gid = caller.gid;
  hf.sender = ctx.sender_address;
  auto usec = std::chrono::duration_cast<std::chrono::microseconds>(
                  received_at.time_since_epoch()).count();
  hf.received_time = usec / 1000000;
  hf.received_time_usec = static_cast<int>(usec % 1000000);
  auto done = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count();
  hf.received_time_complete = std::make_pair(done / 1000000, static_cast<int>(done % 1000000));
  hf.ident = spool::SpoolString{caller.login, false, {}};
  hf.received_protocol = spool::SpoolString{"local", false, {}};
  for (const auto& [name, value] : ctx.acl_variables().all()) {
    hf.acl_variables.push_back({name[4], name.substr(5), value.text, value.tainted});
  }
  Body counted;
  count_lines(body, counted);
  hf.body_linecount = counted.lines;
  // The longest line received, header lines included.
  Body whole;
  count_lines(input.text, whole);
  hf.max_received_linelength = whole.longest;
  // A message sent as the caller's own address counts as authenticated by
  // the login (and as "local"); one whose sender was set with -f does not.
  if (!sender_given) {
    hf.auth_id = spool::SpoolString{caller.login, false, {}};
    hf.auth_sender = spool::SpoolString{user_address, false, {}};
  }
  hf.allow_unqualified_recipient = hf.allow_unqualified_sender = true;
  hf.deliver_firsttime = true;
  hf.local = !sender_given;
  for (const std::string& rcpt : ctx.recipients) {
    spool::Recipient sr;
    sr.address = rcpt;
    hf.recipients.push_back(std::move(sr));
  }

  smtp::ReceivedMessage msg{std::move(hf), std::move(body)};
  std::error_code ec;
  if (r.status != acl::Status::discard) {
    asio::io_context io;
    asio::co_spawn(io, services.store->store(std::move(msg)),
                   [&ec](std::exception_ptr e, std::error_code result) {
                     ec = e ? std::make_error_code(std::errc::io_error) : result;
                   });
    io.run();
  }
  if (ec) return fail("spool write failed for " + ctx.message_id + ": " + ec.message());

  log::Received e;
  e.message_id = ctx.message_id;
  e.sender = ctx.sender_address;
  e.host.ident = caller.login;
  e.protocol = "local";
  e.size = size;
  e.receive_time = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now() - received_at);
  for (const message::Header& h : headers) {
    if (h.deleted) continue;
    std::string name = message::header_name(h.text);
    std::string value = h.text.substr(name.size() + 1);
    if (util::iequals(name, "Message-Id")) {
      e.header_message_id = std::string(util::trim(value));
      e.message_id_created = h.added;
    } else if (util::iequals(name, "Subject") && e.subject.empty()) {
      e.subject = message::subject_for_log(value);
    }
  }
  e.original_sender = ctx.sender_address;
  e.recipients = as_written;
  services.logger->log(e);

  // Delivery now, as Exim: in the background (-odb, the default) or before
  // returning (-odi); not with -odq or queue_only.
  if (cl.delivery_mode == "odq" || cl.delivery_mode == "odqs" ||
      config.bool_option("queue_only").value_or(false) || r.status == acl::Status::discard) {
    return 0;
  }
  if (cl.delivery_mode != "odi" && cl.delivery_mode != "odf") {
    pid_t pid = ::fork();
    if (pid != 0) return 0;  // the parent (or a failed fork: the queue has it)
    ::setsid();
  }
  queue::deliver_message(loaded.config, layout_of(config), ctx.message_id, *services.logger,
                         queue::DeliveryOptions{});
  transport::close_cached_connections();
  if (cl.delivery_mode != "odi" && cl.delivery_mode != "odf") ::_exit(0);
  return 0;
}

}  // namespace corvid::app
