#include "queue/bounce_out.hpp"

#include <pwd.h>
#include <unistd.h>

#include <functional>
#include <map>
#include <random>

#include "config/config_context.hpp"
#include "expand/expansion.hpp"
#include "log/events.hpp"
#include "spool/commit.hpp"
#include "spool/data_file.hpp"
#include "spool/message_id.hpp"
#include "util/strings.hpp"

namespace corvid::queue {
namespace {

// The variables a bounce's Received: header sees.
class BounceContext final : public expand::Context {
 public:
  BounceContext(std::shared_ptr<const config::Config> c, std::map<std::string, std::string> vars)
      : base_(std::move(c)), vars_(std::move(vars)) {}
  expand::VarStatus variable(std::string_view name, TString& out) const override {
    auto it = vars_.find(std::string(name));
    if (it != vars_.end()) {
      out = TString(it->second);
      return expand::VarStatus::found;
    }
    if (name.starts_with("sender_") || name == "received_for") {
      out = TString("");
      return expand::VarStatus::found;
    }
    return base_.variable(name, out);
  }
  const lists::NamedList* named_list(lists::Kind k, std::string_view n) const override {
    return base_.named_list(k, n);
  }
  std::string primary_hostname() const override { return base_.primary_hostname(); }
  const config::ConfigContext& base() const { return base_; }

 private:
  config::ConfigContext base_;
  std::map<std::string, std::string> vars_;
};

// The process's generator: ids the receiving side hands out never clash
// with the bounces'.
std::string next_id(const config::Config& config) {
  std::optional<int> localhost;
  if (config.option_configured("localhost_number")) {
    localhost = static_cast<int>(config.int_option("localhost_number").value_or(0));
  }
  return spool::process_id_generator(localhost).next();
}

// `make` builds the report from the input filled in here.
std::optional<std::string> write_report(
    const std::shared_ptr<const config::Config>& config, const spool::SpoolLayout& layout,
    const spool::HeaderFile& original, std::string_view original_body,
    const std::function<message::Bounce(message::BounceInput&)>& make, log::Logger& logger,
    const std::vector<std::string>& recipients = {}) {
  const auto now = std::chrono::system_clock::now();
  std::string id = next_id(*config);
  std::string login = "root";
  if (passwd* pw = getpwuid(getuid())) login = pw->pw_name;
  BounceContext ctx(config, {{"sender_ident", login},
                             {"received_protocol", "local"},
                             {"message_exim_id", id},
                             {"received_for", original.sender},
                             {"sender_address", ""}});
  TString date;
  ctx.base().variable("tod_full", date);

  message::BounceInput in;
  in.id = id;
  in.primary_hostname = ctx.primary_hostname();
  in.qualify_domain = ctx.base().qualify_domain();
  // dsn_from (expanded; on failure the default, with a panic-log line as
  // Exim writes it) and errors_reply_to.
  if (const config::OptionValue* v = config->main().value("dsn_from"); v != nullptr && v->configured) {
    expand::Result r = v->expansion ? expand::expand(*v->expansion, ctx.base())
                                    : expand::Result{expand::Status::ok, TString(v->text), {}};
    if (r.ok()) {
      in.from = r.value.text;
    } else if (r.status == expand::Status::error) {
      log::Text t;
      t.text = "Failed to expand dsn_from (using default): " + r.message;
      t.targets = log::to_main | log::to_panic;
      logger.log(t);
    }
  }
  in.reply_to = config->string_option("errors_reply_to").value_or("");
  in.recipient = recipients.empty() ? original.sender : recipients.front();
  in.original_sender = original.sender;
  for (const spool::HeaderLine& h : original.headers) {
    if (h.type == spool::kHeaderMessageId) {
      std::string v = h.text.substr(h.text.find(':') + 1);
      while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
      in.original_message_id = v.substr(v.find_first_not_of(" \t"));
    }
  }
  in.date = date.text;
  std::random_device rd;
  in.boundary = std::to_string(std::chrono::system_clock::to_time_t(now)) + "-eximdsn-" +
                std::to_string(rd() % 2147483647);
  in.envid = original.dsn_envid.value_or("");
  in.headers_only = original.dsn_ret == spool::kDsnRetHeaders;
  in.dsn_info = config->bool_option("dsn_info").value_or(true);
  in.original_headers = "Return-path: <" + original.sender + ">\n";
  for (const spool::HeaderLine& h : original.headers) {
    if (h.type != '*') in.original_headers += h.text;
  }
  in.original_body = std::string(original_body);
  message::Bounce b = make(in);

  spool::HeaderFile h;
  h.id = id;
  h.originator_login = login;
  h.originator_uid = getuid();
  h.originator_gid = getgid();
  h.sender = "";
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  h.received_time = us / 1000000;
  h.received_time_usec = static_cast<int>(us % 1000000);
  h.received_time_complete = std::make_pair(us / 1000000, static_cast<int>(us % 1000000));
  h.ident = spool::SpoolString{login, false, {}};
  h.received_protocol = spool::SpoolString{"local", false, {}};
  h.deliver_firsttime = true;
  // To the original's sender, unless the report names its own recipients.
  for (const std::string& to : recipients.empty() ? std::vector<std::string>{original.sender}
                                                  : recipients) {
    spool::Recipient r;
    r.address = to;
    h.recipients.push_back(r);
  }
  if (const config::OptionValue* v = config->main().value("received_header_text");
      v != nullptr && v->is_set) {
    std::string text = v->expansion ? expand::expand(*v->expansion, ctx).value.text : v->text;
    if (!text.empty()) h.headers.push_back({spool::kHeaderReceived, text + ";\n\t" + date.text + "\n"});
  }
  for (const std::string& line : b.headers) h.headers.push_back({spool::header_type_for(line), line});
  for (char c : b.body) {
    if (c == '\n') ++h.body_linecount;
  }
  // As for any locally generated message (Exim's flags for a bounce).
  h.allow_unqualified_recipient = h.allow_unqualified_sender = true;
  h.localerror = true;
  std::string whole;
  for (const spool::HeaderLine& l : h.headers) whole += l.text;
  whole += "\n" + b.body;
  for (size_t start = 0; start < whole.size();) {
    size_t nl = whole.find('\n', start);
    size_t end = nl == std::string::npos ? whole.size() : nl;
    h.max_received_linelength =
        std::max<std::int64_t>(h.max_received_linelength, static_cast<std::int64_t>(end - start));
    start = end + 1;
  }

  if (layout.ensure_dirs(id)) return std::nullopt;
  spool::DataFileWriter data;
  if (data.create(layout, id) || data.write(b.body)) {
    data.abandon();
    return std::nullopt;
  }
  spool::CommitRequest req{layout, id, data.fd(), spool::write_header_file(h)};
  if (spool::commit_now(req)) {
    data.abandon();
    return std::nullopt;
  }
  data.close();

  log::Received e;
  e.message_id = id;
  e.sender = "";
  e.bounce_ref = original.id;
  e.host.ident = login;
  e.protocol = "local";
  e.size = h.headers_size() + 1 + b.body.size();
  logger.log(e);
  return id;
}

}  // namespace

std::optional<std::string> write_bounce(const std::shared_ptr<const config::Config>& config,
                                        const spool::SpoolLayout& layout,
                                        const spool::HeaderFile& original,
                                        std::string_view original_body,
                                        const std::vector<message::FailedAddress>& failed,
                                        log::Logger& logger, const std::string& to) {
  return write_report(
      config, layout, original, original_body,
      [&](message::BounceInput& in) {
        in.failed = failed;
        return message::make_bounce(in);
      },
      logger, to.empty() ? std::vector<std::string>{} : std::vector<std::string>{to});
}

std::optional<std::string> write_delay_warning(
    const std::shared_ptr<const config::Config>& config, const spool::SpoolLayout& layout,
    const spool::HeaderFile& original, const std::vector<message::FailedAddress>& delayed,
    const std::string& delay, log::Logger& logger) {
  return write_report(
      config, layout, original, {},
      [&](message::BounceInput& in) {
        in.delayed = delayed;
        in.delay = delay;
        in.original_id = original.id;
        for (const spool::HeaderLine& h : original.headers) {
          std::string name = util::lower(h.text.substr(0, h.text.find(':')));
          if ((name != "subject" && name != "date") || h.type == spool::kHeaderDeleted) continue;
          std::string v = h.text.substr(h.text.find(':') + 1);
          while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
          size_t start = v.find_first_not_of(" \t");
          v = start == std::string::npos ? "" : v.substr(start);
          (name == "subject" ? in.original_subject : in.original_date) = v;
        }
        return message::make_delay_warning(in);
      },
      logger);
}

std::optional<std::string> write_autoreply(const std::shared_ptr<const config::Config>& config,
                                           const spool::SpoolLayout& layout,
                                           const spool::HeaderFile& original,
                                           const transport::AutoReply& reply,
                                           log::Logger& logger) {
  return write_report(
      config, layout, original, {},
      [&](message::BounceInput& in) {
        message::Bounce b;
        b.headers = reply.headers;
        // What a local submission adds: Message-Id:, Date:.
        b.headers.push_back("Message-Id: <E" + in.id + "@" + in.primary_hostname + ">\n");
        b.headers.push_back("Date: " + in.date + "\n");
        b.body = reply.body;
        return b;
      },
      logger, reply.recipients);
}

std::optional<std::string> write_success_dsn(
    const std::shared_ptr<const config::Config>& config, const spool::SpoolLayout& layout,
    const spool::HeaderFile& original, const std::vector<message::DeliveredAddress>& delivered,
    log::Logger& logger) {
  return write_report(
      config, layout, original, {},
      [&](message::BounceInput& in) {
        in.delivered = delivered;
        return message::make_success_dsn(in);
      },
      logger);
}

}  // namespace corvid::queue
