// DATA and BDAT: receiving the message, acl_smtp_predata / acl_smtp_data,
// the Received: header, and handing the message to the store. The 250 is
// sent only after the store says the message is durable.
#include <pwd.h>
#include <unistd.h>

#include "acl/replies.hpp"
#include "expand/expansion.hpp"
#include "message/log_subject.hpp"
#include "message/header_split.hpp"
#include "message/local_headers.hpp"
#include "rewrite/rewrite.hpp"
#include "lists/list_reader.hpp"
#include "smtp/proto/bdat.hpp"
#include "smtp/proto/data_reader.hpp"
#include "smtp/server/session.hpp"
#include "util/strings.hpp"

namespace corvid::smtp {


using message::crlf_to_lf;
using message::split_message;

asio::awaitable<bool> Session::on_data() {
  if (recipients_.empty()) co_return co_await no_valid_recipients("DATA");
  if (!co_await check_sync("DATA")) co_return false;
  acl::Result pre = co_await run_acl(acl::Where::predata, "acl_smtp_predata");
  if (pre.status != acl::Status::ok) {
    co_return co_await reject(acl::Where::predata, pre, "");
  }
  co_await wait_delay(pre);
  co_await reply_accepted(354, "Enter message, ending with \".\" on a line by itself", pre, true);
  data_started_ = std::chrono::steady_clock::now();
  // The id is the reception's from its start (it names a data timeout).
  message_id_ = services_.store->new_id(std::chrono::system_clock::now());
  std::string text;
  proto::DataReader reader([&](std::string_view bytes) { text.append(bytes); });
  for (;;) {
    size_t used = reader.feed(io_.pending());
    io_.consume(used);
    if (reader.done()) break;
    SessionIo::LineStatus st = co_await io_.fill();
    if (st != SessionIo::LineStatus::ok) {
      bool timeout = st == SessionIo::LineStatus::timeout;
      log::LostConnection e;
      e.when = timeout ? log::LostConnection::When::data_timeout : log::LostConnection::When::data;
      e.host = host_id();
      e.sender = sender_.value_or("");
      if (timeout) {
        log_event(e);
        co_await send_now(421, primary_hostname() +
                                   " SMTP incoming data timeout - closing connection.");
      } else {
        // Exim names no message when the client just goes away.
        if (services_.logger) services_.logger->log(e);
        co_await send_now(421, "Lost incoming connection");
      }
      co_return false;
    }
  }
  co_return co_await finish_message(std::move(text), false);
}

asio::awaitable<bool> Session::on_bdat(std::string_view arg) {
  auto parsed = proto::parse_bdat(arg);
  if (auto* err = std::get_if<proto::ProtoError>(&parsed)) {
    co_return co_await synprot_error(err->code, err->text);
  }
  proto::BdatCommand cmd = std::get<proto::BdatCommand>(parsed);
  if (!chunking_advertised_) {
    co_return co_await synprot_error(503, "BDAT command used when CHUNKING not advertised");
  }
  if (recipients_.empty()) {
    // The chunk's bytes must still be read and thrown away.
    proto::BdatChunk skip(cmd.size, [](std::string_view) {});
    while (!skip.done()) {
      io_.consume(skip.feed(io_.pending()));
      if (!skip.done() && co_await io_.fill() != SessionIo::LineStatus::ok) co_return false;
    }
    co_return co_await no_valid_recipients("BDAT");
  }
  if (!bdat_active_) {
    acl::Result pre = co_await run_acl(acl::Where::predata, "acl_smtp_predata");
    if (pre.status != acl::Status::ok) {
      co_return co_await reject(acl::Where::predata, pre, "");
    }
    bdat_active_ = true;
    data_started_ = std::chrono::steady_clock::now();
    message_id_ = services_.store->new_id(std::chrono::system_clock::now());
  }
  proto::BdatChunk chunk(cmd.size, [&](std::string_view bytes) { bdat_body_.append(bytes); });
  while (!chunk.done()) {
    io_.consume(chunk.feed(io_.pending()));
    if (chunk.done()) break;
    if (co_await io_.fill() != SessionIo::LineStatus::ok) co_return false;
  }
  if (!cmd.last) {
    co_await reply(250, std::to_string(cmd.size) + " byte chunk received");
    co_return true;
  }
  std::string text = crlf_to_lf(bdat_body_);
  std::string note = " " + std::to_string(cmd.size) + " byte chunk, total " +
                     std::to_string(bdat_body_.size());
  bdat_body_.clear();
  bdat_active_ = false;
  co_return co_await finish_message(std::move(text), true, note);
}

asio::awaitable<bool> Session::finish_message(std::string text, bool chunking,
                                              std::string chunk_note) {
  auto started = std::chrono::system_clock::now();
  std::vector<std::string> header_lines;
  std::string body;
  split_message(text, header_lines, body);
  // (message_id_ was given out when DATA or the first BDAT chunk began.)
  // control = submission, or local input (-bs): the headers a submitting
  // client may leave out, as Exim adds them to any locally received message.
  if (submission_ || peer_.address.empty()) {
    std::vector<message::Header> h;
    for (std::string& line : header_lines) h.push_back(message::Header{std::move(line)});
    message::LocalSubmission sub;
    sub.message_id = message_id_;
    sub.primary_hostname = primary_hostname();
    if (sender_ && !sender_->empty()) sub.sender = *sender_;
    sub.sender_given = true;
    for (const std::string& opt : lists::split_list(submission_.value_or(""), '/')) {
      if (opt.starts_with("name=")) sub.full_name = opt.substr(5);
    }
    TString date;
    base_.variable("tod_full", date);
    sub.date = date.text;
    message::add_missing_headers(h, sub);
    header_lines.clear();
    for (message::Header& x : h) header_lines.push_back(std::move(x.text));
  }
  // A message over message_size_limit is refused once read, as Exim does.
  std::int64_t limit = message_size_limit();
  if (limit > 0 && static_cast<std::int64_t>(text.size()) > limit) {
    if (services_.logger) {
      log::Text t;
      t.message_id = message_id_;
      t.text = "rejected from <" + sender_.value_or("") + "> H=" +
               log::full_host(host_id(), services_.logger->selector()) +
               ": message too big: read=" + std::to_string(text.size()) +
               " max=" + std::to_string(limit);
      t.targets = log::to_main | log::to_reject;
      log_event(t);
    }
    co_await reply(552, "Message size exceeds maximum permitted");
    reset_transaction();
    message_id_.clear();
    co_return true;
  }
  headers_.clear();
  for (const std::string& h : header_lines) {
    size_t colon = h.find(':');
    std::string value = h.substr(colon + 1);
    while (!value.empty() && (value.back() == '\n')) value.pop_back();
    headers_.emplace_back(h.substr(0, colon), std::string(util::trim_left(value)));
  }
  message_size_ = static_cast<std::int64_t>(text.size());

  ReceivedMessage msg;
  spool::HeaderFile& hf = msg.header;
  hf.id = message_id_;
  // The user the receiving process runs as (the caller, for -bs): looked
  // up once, it does not change.
  static const std::string login = [] {
    passwd* pw = getpwuid(getuid());
    return pw != nullptr ? std::string(pw->pw_name) : std::to_string(getuid());
  }();
  hf.originator_uid = getuid();
  hf.originator_gid = getgid();
  hf.originator_login = login;
  // The rewrite rules: the envelope now that the header has arrived, and
  // the addresses in the header lines (a rewritten line is kept, marked
  // deleted, and followed by its new version), before the DATA ACL.
  std::shared_ptr<const rewrite::RuleSet> rules = rewrite::RuleSet::of(config_);
  auto rewrite_log = [this](const std::string& text) { log_write(text, acl::LogTargets{}, false); };
  // Exim keeps what the envelope said before, as deleted header lines.
  std::vector<std::string> rewrote;
  if (rules && !rules->rules().empty()) {
    std::vector<std::string> sender_steps, steps;
    if (sender_ && !sender_->empty() && rules->applies_to(rewrite::kEnvelopeFrom)) {
      *sender_ = rewrite::rewrite_address(*rules, *sender_, rewrite::kEnvelopeFrom, *this,
                                          rewrite_log, &sender_steps);
    }
    if (rules->applies_to(rewrite::kEnvelopeTo)) {
      for (proto::RcptTo& rc : recipients_) {
        rc.path.address = rewrite::rewrite_address(*rules, rc.path.address,
                                                   rewrite::kEnvelopeTo, *this, rewrite_log,
                                                   &steps);
      }
    }
    for (const std::string& a : steps) rewrote.push_back("X-rewrote-original-recipient: " + a + "\n");
    for (const std::string& a : sender_steps) rewrote.push_back("X-rewrote-sender: " + a + "\n");
  }
  hf.sender = sender_.value_or("");
  hf.received_time = std::chrono::system_clock::to_time_t(started);
  received_protocol_ = !ehlo_ ? "smtp" : authenticator_.empty() ? "esmtp" : "esmtpa";
  if (peer_.address.empty()) received_protocol_ = "local-" + received_protocol_;
  bool ok = true;
  std::string received = expand_option("received_header_text", ok);
  if (ok && !received.empty()) {
    TString date;
    base_.variable("tod_full", date);
    received += ";\n\t" + date.text + "\n";
    hf.headers.push_back({spool::kHeaderReceived, received});
  }
  for (const std::string& h : header_lines) {
    unsigned field = rules ? rewrite::header_field(h) : 0;
    std::optional<std::string> rewritten;
    if (field != 0 && rules->applies_to(field)) {
      rewritten = rewrite::rewrite_header(*rules, h, field, *this, rewrite_log);
    }
    if (rewritten) {
      hf.headers.push_back({spool::kHeaderDeleted, h});
      hf.headers.push_back({spool::header_type_for(*rewritten), *rewritten});
    } else {
      hf.headers.push_back({spool::header_type_for(h), h});
    }
  }
  for (const std::string& h : rewrote) hf.headers.push_back({spool::kHeaderDeleted, h});
  acl::Result r = co_await run_acl(acl::Where::data, "acl_smtp_data");
  if (r.status != acl::Status::ok && r.status != acl::Status::discard) {
    bool go_on = co_await reject(acl::Where::data, r, "");
    reset_transaction();
    message_id_.clear();
    co_return go_on;
  }
  co_await wait_delay(r);
  for (const acl::AddedHeader& a : r.add_headers) {
    std::string line = a.text + "\n";
    hf.headers.push_back({spool::header_type_for(line), line});
  }
  // DSN parameters (RFC 3461) go into the -H file as Exim writes them.
  for (const proto::RcptTo& rc : recipients_) {
    spool::Recipient sr;
    sr.address = rc.path.address;
    sr.orcpt = rc.orcpt.value_or("");
    if (rc.notify & proto::kNotifyNever) sr.dsn_flags |= spool::kDsnNever;
    if (rc.notify & proto::kNotifySuccess) sr.dsn_flags |= spool::kDsnSuccess;
    if (rc.notify & proto::kNotifyFailure) sr.dsn_flags |= spool::kDsnFailure;
    if (rc.notify & proto::kNotifyDelay) sr.dsn_flags |= spool::kDsnDelay;
    hf.recipients.push_back(std::move(sr));
  }
  if (mail_) {
    hf.dsn_envid = mail_->envid;
    hf.dsn_ret = mail_->ret == proto::Ret::full   ? spool::kDsnRetFull
                 : mail_->ret == proto::Ret::hdrs ? spool::kDsnRetHeaders
                                                  : spool::kDsnRetNone;
  }
  if (!helo_.empty()) hf.helo_name = spool::SpoolString{helo_, true, {}};
  if (!peer_.address.empty()) {
    hf.host_address = spool::SpoolAddress{peer_.address, peer_.port, true};
    if (!peer_.local_address.empty()) {
      hf.interface_address = spool::SpoolAddress{peer_.local_address, peer_.local_port, false};
    }
    // The name came from the DNS: tainted, as Exim marks it.
    if (!host_name_.empty()) hf.host_name = spool::SpoolString{host_name_, true, {}};
    hf.host_lookup_failed = host_lookup_failed_;
  }
  if (!authenticator_.empty()) {
    hf.host_auth = spool::SpoolString{authenticator_, false, {}};
    hf.host_auth_pubname = spool::SpoolString{authenticator_public_, false, {}};
    if (!authenticated_id_.empty()) hf.auth_id = spool::SpoolString{authenticated_id_, true, {}};
    if (!authenticated_sender_.empty()) {
      hf.auth_sender = spool::SpoolString{authenticated_sender_, true, {}};
    }
  }
  if (!peer_.ident.empty()) hf.ident = spool::SpoolString{peer_.ident, false, {}};
  hf.received_protocol = spool::SpoolString{received_protocol_, false, {}};
  {
    auto started_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          started.time_since_epoch()).count();
    auto done_us = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
    hf.received_time_usec = static_cast<int>(started_us % 1000000);
    hf.received_time_complete = std::make_pair(done_us / 1000000, static_cast<int>(done_us % 1000000));
  }
  for (const auto& [name, value] : acl_vars_.all()) {
    hf.acl_variables.push_back({name[4], name.substr(5), value.text, value.tainted});
  }
  for (char c : body) {
    if (c == '\n') ++hf.body_linecount;
  }
  // The longest line received, header lines included, without its end.
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl;
    hf.max_received_linelength =
        std::max<std::int64_t>(hf.max_received_linelength, static_cast<std::int64_t>(end - start));
    start = end + 1;
  }
  hf.deliver_firsttime = true;
  msg.body = std::move(body);
  // Exim's S= counts the line that separates the headers from the body,
  // which is stored in neither file (and is supplied when it was missing).
  // (Header lines marked deleted do not count.)
  std::uint64_t size = 1 + msg.body.size();
  for (const spool::HeaderLine& h : hf.headers) {
    if (h.type != spool::kHeaderDeleted) size += h.text.size();
  }
  bool discarded = r.status == acl::Status::discard;
  if (!discarded) {
    std::error_code ec = co_await services_.store->store(std::move(msg));
    if (ec) {
      log_write("spool write failed for " + message_id_ + ": " + ec.message(),
                acl::LogTargets{true, false, true}, true);
      co_await reply(451, "Error while writing spool file");
      reset_transaction();
      message_id_.clear();
      co_return true;
    }
  }
  if (services_.logger) {
    log::Received e;
    e.message_id = message_id_;
    e.sender = sender_.value_or("");
    e.host = host_id();
    e.protocol = received_protocol_;
    e.chunking = chunking;
    e.proxy_local_address = proxy_local_address_;
    e.size = size;
    e.pipelining = log::PipeliningInfo{pipelining_advertised_, pipelined_, false, false};
    e.auth = log::AuthInfo{authenticator_, authenticated_id_, authenticated_sender_};
    e.receive_time = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - data_started_);
    e.original_sender = sender_.value_or("");
    for (const proto::RcptTo& rc : recipients_) e.recipients.push_back(rc.path.address);
    TString value;
    if (header("Message-ID", expand::HeaderMode::raw, value)) {
      e.header_message_id = std::string(util::trim(value.text));
    }
    if (header("Subject", expand::HeaderMode::raw, value)) e.subject = message::subject_for_log(value.text);
    log_event(e);
  }
  // (Built before the co_await: g++ 12 mishandles a conditional-operator
  // temporary inside a co_await expression and destroys it twice.)
  if (!discarded && services_.deliver_now && !config_.bool_option("queue_only").value_or(false)) {
    services_.deliver_now(message_id_);
  }
  std::string ok_text = "OK id=" + message_id_;
  if (!chunk_note.empty()) ok_text = chunk_note + "\n" + ok_text;
  co_await reply(250, ok_text);
  if (peer_.host_checking) {
    io_.queue_reply("\n**** SMTP testing: that is not a real message id!\n\n");
  }
  reset_transaction();
  co_return true;
}

}  // namespace corvid::smtp
