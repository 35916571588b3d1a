#include "queue/deliver.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

#include "event/event.hpp"
#include "log/delivery_events.hpp"
#include "message/bounce.hpp"
#include "queue/bounce_out.hpp"
#include "queue/delay_warning.hpp"
#include "queue/retry.hpp"
#include "lists/list_reader.hpp"
#include "route/hosts.hpp"
#include "route/route.hpp"
#include "spool/data_file.hpp"
#include "spool/header_file.hpp"
#include "spool/message_lock.hpp"
#include "transport/smtp.hpp"
#include "transport/transport.hpp"

namespace corvid::queue {
namespace {

// The address as the client gave it (before a router took an affix off).
const std::string& as_given(const route::Address& a) {
  return a.unstripped.empty() ? a.address : a.unstripped;
}

// What the log lines say about an address. `top` is the address the
// client gave, which the log shows in <> when it differs.
log::DeliveryAddress describe(const std::string& id, const route::Address& a, bool local,
                              const std::string& top) {
  log::DeliveryAddress d;
  d.message_id = id;
  // A local delivery is logged as "local_part <address>".
  if (local) {
    d.address = a.local_part;
    d.original = top;
  } else {
    d.address = a.address;
    if (top != a.address) d.original = top;
  }
  d.router = a.router;
  d.transport = a.transport;
  return d;
}

// Logs what a transport did for one address: "=>" (or "->") with
// `delivered`'s form of the address, "==" or "**" with `other`'s.
// What every delivery line of a message can show: F= (the sender), P=
// (the return path) and QT= (time since it was received).
struct LineContext {
  std::string sender;
  std::chrono::system_clock::time_point received;
};

void log_result(log::Logger& logger, const transport::Result& res,
                log::DeliveryAddress delivered, log::DeliveryAddress other,
                const LineContext& lc, const std::string& return_path,
                log::Delivered::Flag flag = log::Delivered::Flag::first) {
  using Status = transport::Result::Status;
  for (log::DeliveryAddress* d : {&delivered, &other}) {
    d->sender = lc.sender;
    d->return_path = return_path;
    d->deliver_time = res.time;
  }
  if (res.status == Status::ok) {
    log::Delivered e;
    e.flag = flag;
    e.a = delivered;
    e.confirmation = res.confirmation;
    e.chunking = res.chunking;
    e.pipelining = res.pipelined;
    e.size = res.size;
    e.queue_time = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now() - lc.received);
    logger.log(e);
  } else if (res.status == Status::defer) {
    log::Deferred e;
    e.a = other;
    e.error = res.error;
    e.message = res.message;
    logger.log(e);
  } else {
    log::Failed e;
    e.a = other;
    e.message = res.message;
    logger.log(e);
  }
}

// The event after a transport's result for an address: msg:delivery
// (with the far end's confirmation) or msg:fail:delivery; defers raise
// theirs in the transport.
void raise_result(const event::Raiser& events, const config::DriverInstance& t,
                  const transport::Result& res, const route::Address& a, const route::Host* host) {
  using Status = transport::Result::Status;
  if (res.status == Status::ok) {
    events.transport(t, event::Event{"msg:delivery", res.confirmation, 0, host, &a});
  } else if (res.status == Status::fail) {
    events.transport(t, event::Event{"msg:fail:delivery", res.message, 0, host, &a});
  }
}

// The retry error name of a deferral ("refused_MX", "rcpt_451" ...), which
// error-specific retry rules match; "" when none applies.
std::string retry_error(const route::Address& a) {
  const bool mx = !a.hosts.empty() && a.hosts.front().mx >= 0;
  const char* how = mx ? "_MX" : "_A";
  if (a.defer_errno == ECONNREFUSED) return std::string("refused") + how;
  if (a.defer_errno == ETIMEDOUT) return std::string("timeout_connect") + how;
  if (a.defer_errno == -18) return "lost_connection";
  auto [head, reply] = message::split_smtp_error(a.message);
  if (reply.size() >= 3 && reply[0] == '4') {
    const char* cmd = head.find("RCPT TO") != std::string::npos   ? "rcpt_"
                      : head.find("MAIL FROM") != std::string::npos ? "mail_"
                                                                     : "data_";
    return cmd + reply.substr(0, 3);
  }
  return "";
}

// A failed address as a bounce reports it; the DSN request is the
// client's, so only an address as given carries one.
// `top` is the address the client gave (the bounce's Final-Recipient).
message::FailedAddress failed_address(const route::Address& a, const std::string& why,
                                      const std::string& top) {
  message::FailedAddress f;
  f.address = a.address;
  f.message = why;
  f.orcpt = a.orcpt;
  f.dsn_flags = a.dsn_flags;
  f.top = top;
  if (a.errors_to_set) f.errors_to = a.errors_to;
  return f;
}

}  // namespace

DeliveryStatus deliver_message(std::shared_ptr<const config::Config> config,
                               const spool::SpoolLayout& base, const std::string& id,
                               log::Logger& logger, const DeliveryOptions& options) {
  std::optional<spool::SpoolLayout> found = base.locate(id);
  if (!found) return DeliveryStatus::missing;
  const spool::SpoolLayout& layout = *found;
  spool::MessageLock lock(layout.input_file(id, "-D"));
  if (!lock.held()) return lock.busy() ? DeliveryStatus::locked : DeliveryStatus::missing;
  std::error_code ec;
  std::optional<std::string> htext = spool::read_file(layout.input_file(id, "-H"), ec);
  if (!htext) return DeliveryStatus::missing;
  spool::HeaderReadResult parsed = spool::read_header_file(*htext, id);
  if (!parsed.ok()) {
    log::Text t;
    t.message_id = id;
    t.text = "Format error in spool file " + id + "-H: " +
             (parsed.error ? parsed.error->reason : std::string("unreadable"));
    t.targets = log::to_main | log::to_panic;
    logger.log(t);
    return DeliveryStatus::error;
  }
  spool::HeaderFile header = std::move(*parsed.file);
  if (header.frozen() && !options.frozen) return DeliveryStatus::deferred;
  std::optional<std::string> body = spool::read_data_body(layout, id, ec);
  if (!body) return DeliveryStatus::missing;
  // Addresses a crashed delivery finished are in -J: never deliver twice.
  for (const std::string& done : spool::read_journal(layout, id)) {
    if (!header.non_recipients.contains(done)) header.non_recipients.insert(done);
  }

  // Retry rules and their hints; without rules a temporary failure is
  // final at once, as in Exim.
  const std::vector<RetryRuleSet> rules = parse_retry_rules(*config);
  std::shared_ptr<RetryDb> retry_db =
      rules.empty() ? nullptr : RetryDb::for_spool(layout.directory().string());
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  bool waiting = false;  // a recipient left alone until its retry time
  route::RouteContext ctx(config);
  ctx.sender = header.sender;
  ctx.message = &header;
  transport::Message message{header, *body};
  event::Raiser events(*config, ctx, &logger, id);
  const LineContext line_context{
      header.sender,
      std::chrono::system_clock::from_time_t(static_cast<std::time_t>(header.received_time)) +
          std::chrono::microseconds(header.received_time_usec.value_or(0))};
  // First every recipient is routed (routing failures and deferrals are
  // logged as they are found), then the routed addresses are delivered,
  // as Exim's delivery process does it.
  struct Pending {
    const spool::Recipient* recipient;
    route::RoutingRun run;
    size_t top = 0;
    bool done = true;  // every leaf finished (delivered, failed, discarded)
    bool failed = false;  // some leaf failed (the sender gets a bounce)
    // Its addresses still to be tried after this run, for a delay warning.
    std::vector<message::FailedAddress> waiting;
  };
  // Recipients not tried in this run (retry time not reached).
  std::vector<const spool::Recipient*> not_due;
  std::vector<Pending> work;
  // Every failure, in the order the log reports them, for the bounce.
  std::vector<message::FailedAddress> failures;
  // Deliveries the sender asked to hear of (NOTIFY=SUCCESS) that no later
  // MTA will report: redirections first (Exim reports those as routed).
  std::vector<message::DeliveredAddress> successes, redirections;
  // Addresses that waited too long, logged once every delivery is done.
  std::vector<std::pair<log::Failed, message::FailedAddress>> timeouts;
  for (const spool::Recipient& r : header.recipients) {
    if (header.non_recipients.contains(r.address)) continue;
    if (retry_db && !options.forced) {
      std::optional<RetryRecord> rec = retry_db->get("R:" + r.address);
      if (rec && now < rec->next_try) {
        waiting = true;  // not due yet: the next queue run will see
        not_due.push_back(&r);
        continue;
      }
    }
    Pending p{&r, {}, 0, true, false, {}};
    route::Address given = route::make_address(r.address, ctx);
    given.dsn_flags = r.dsn_flags;
    given.orcpt = r.orcpt;
    p.top = route::route_address(given, ctx, p.run);
    for (const std::string& l : p.run.log_lines) {
      log::Text t;
      t.message_id = id;
      t.text = l;
      logger.log(t);
    }
    for (size_t i : route::leaves(p.run, p.top)) {
      route::Address& a = p.run.addresses[i];
      if (a.outcome == route::Outcome::failed) {
        events.main(event::Event{"msg:fail:internal", a.message, 0, nullptr, &a});
        log::Failed e;
        e.a = describe(id, a, false, as_given(p.run.addresses[p.top]));
        e.message = a.message;
        logger.log(e);
        failures.push_back(failed_address(a, a.message, as_given(p.run.addresses[p.top])));
        p.failed = true;
      } else if (a.outcome == route::Outcome::deferred) {
        log::Deferred e;
        e.a = describe(id, a, false, as_given(p.run.addresses[p.top]));
        e.message = a.message;
        logger.log(e);
        p.done = false;
      }
    }
    work.push_back(std::move(p));
  }
  // Addresses that share a transport and hosts go in one transaction.
  struct Batch {
    const config::DriverInstance* transport;
    std::vector<route::Address*> addresses;
    std::vector<Pending*> owners;
  };
  // Addresses a transport's fallback_hosts get once their own hosts
  // failed for the time being (Exim's fallback queue).
  std::vector<Batch> fallback_queues;  // one per transport
  auto run_batch = [&](Batch& b, const std::vector<route::Host>* fallback) {
    ctx.current = b.addresses.front();
    std::vector<transport::Result> results;
    const auto started = std::chrono::steady_clock::now();
    if (std::optional<transport::Result> big = transport::over_size_limit(*b.transport, message, ctx)) {
      results.assign(b.addresses.size(), *big);
    } else {
      results = transport::smtp(*b.transport, message, b.addresses, ctx, &events, fallback);
    }
    for (transport::Result& r : results) {
      r.time = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
    }
    ctx.current = nullptr;
    for (const auto& [host, why] : results.front().unreachable) {
      log::Text t;
      t.message_id = id;
      t.text = "H=" + host.name + " [" + host.address + "]" + (why.starts_with(':') ? "" : " ") + why;
      logger.log(t);
    }
    const config::OptionValue* fallback_hosts = b.transport->option("fallback_hosts");
    const bool may_fall_back =
        fallback == nullptr && fallback_hosts != nullptr && fallback_hosts->configured;
    bool first_delivered = true;
    size_t transaction = 0;
    for (size_t k = 0; k < b.addresses.size(); ++k) {
      const route::Address& a = *b.addresses[k];
      const transport::Result& res = results[k];
      if (res.status == transport::Result::Status::defer && may_fall_back) {
        // Not logged yet: the fallback hosts may still take it. Exim's
        // fallback queue comes out last first.
        auto q = std::find_if(fallback_queues.begin(), fallback_queues.end(),
                              [&](const Batch& f) { return f.transport == b.transport; });
        if (q == fallback_queues.end()) {
          fallback_queues.push_back(Batch{b.transport, {}, {}});
          q = fallback_queues.end() - 1;
        }
        q->addresses.insert(q->addresses.begin(), b.addresses[k]);
        q->owners.insert(q->owners.begin(), b.owners[k]);
        continue;
      }
      // The lmtp transport is a local one: "=> lp <address>", no host.
      const bool local_style = b.transport->driver == "lmtp";
      const std::string& top = as_given(b.owners[k]->run.addresses[b.owners[k]->top]);
      log::DeliveryAddress d = describe(id, a, false, top);
      log::DeliveryAddress delivered = local_style ? describe(id, a, true, top) : d;
      if (!local_style) {
        d.host.name = res.host.name;
        d.host.ip = res.host.address;
        d.host.port = res.host.port;
        d.host.continued = res.continued;
        delivered = d;
      }
      if (res.status == transport::Result::Status::ok && res.transaction != transaction) {
        transaction = res.transaction;
        first_delivered = true;
      }
      // "=>" for the first address of a transaction, "->" for the rest.
      ctx.current = &a;
      const std::string path = transport::return_path(*b.transport, message, a, ctx);
      ctx.current = nullptr;
      log_result(logger, res, delivered, d, line_context, path,
                 first_delivered ? log::Delivered::Flag::first : log::Delivered::Flag::more);
      raise_result(events, *b.transport, res, a, local_style ? nullptr : &res.host);
      if (res.status == transport::Result::Status::ok) {
        first_delivered = false;
      } else if (res.status == transport::Result::Status::defer) {
        b.owners[k]->done = false;
        // Kept for a bounce if the address times out.
        b.addresses[k]->outcome = route::Outcome::deferred;
        b.addresses[k]->message = res.message;
        b.addresses[k]->hosts = {res.host};
        b.addresses[k]->defer_errno = res.error;
      } else {
        message::FailedAddress f = failed_address(a, res.message, top);
        if (!local_style) {
          f.host_name = res.host.name;
          f.host_ip = res.host.address;
          f.host_port = res.host.port;
          f.smtp_reply = message::split_smtp_error(res.message).second;
          f.greeting = res.greeting;
          f.helo_response = res.helo_response;
        }
        failures.push_back(f);
        b.owners[k]->failed = true;
      }
      // A success the next host was not asked to report is reported here.
      if (res.status == transport::Result::Status::ok && (a.dsn_flags & spool::kDsnSuccess) &&
          !res.dsn_aware) {
        successes.push_back({a.address, a.orcpt, res.host.name, a.dsn_lasthop});
      }
    }
  };
  // Messages transports made (autoreply), delivered at the end.
  std::vector<std::string> generated;
  // Local deliveries first, then remote ones, as Exim does them.
  std::set<const route::Address*> lmtp_done;  // delivered with an earlier one
  for (Pending& p : work) {
    for (size_t i : route::leaves(p.run, p.top)) {
      route::Address& a = p.run.addresses[i];
      if (a.outcome == route::Outcome::file || a.outcome == route::Outcome::pipe) {
        // A file or pipe a redirection produced: logged as "|cmd <parent>".
        const config::DriverInstance* t =
            config->instance(config::DriverKind::transport, a.transport);
        log::DeliveryAddress d = describe(id, a, false, a.address);
        route::Address* parent =
            a.parent >= 0 ? &p.run.addresses[static_cast<size_t>(a.parent)] : &a;
        d.original = parent->address;
        transport::Result res;
        ctx.current = parent;
        if (t == nullptr) {
          res.status = transport::Result::Status::defer;
          res.message = "transport " + a.transport + " not found";
        } else if (a.outcome == route::Outcome::pipe && t->driver == "pipe") {
          res = transport::pipe(*t, message, a, a.address.substr(1), ctx);
        } else if (a.outcome == route::Outcome::file && t->driver == "appendfile") {
          res = transport::appendfile(*t, message, a, ctx, &a.address);
        } else {
          res.status = transport::Result::Status::defer;
          res.message = t->driver + " transport for " + a.address + " is not yet supported by Corvid";
        }
        ctx.current = nullptr;
        ctx.current = parent;
        const std::string path = t != nullptr ? transport::return_path(*t, message, a, ctx)
                                              : transport::return_path(message, a);
        ctx.current = nullptr;
        log_result(logger, res, d, d, line_context, path);
        if (t != nullptr) raise_result(events, *t, res, a, nullptr);
        if (res.status == transport::Result::Status::defer) {
          p.done = false;
          a.outcome = route::Outcome::deferred;
          a.message = res.message;
        } else if (res.status == transport::Result::Status::fail) {
          message::FailedAddress f;
          f.address = d.original;
          f.message = res.message;
          if (a.errors_to_set) f.errors_to = a.errors_to;
          failures.push_back(f);
          p.failed = true;
        }
        continue;
      }
      if (a.outcome != route::Outcome::routed || a.duplicate) continue;
      const config::DriverInstance* t =
          config->instance(config::DriverKind::transport, a.transport);
      ctx.current = &a;
      transport::Result res;
      std::optional<transport::Result> big;
      const auto started = std::chrono::steady_clock::now();
      if (t == nullptr || a.transport.empty()) {
        res.status = transport::Result::Status::defer;
        res.message = "No transport set by router";
      } else if (t->driver == "smtp") {
        continue;  // delivered after the local ones, in its batch
      } else if (t->driver != "lmtp" &&
                 (big = transport::over_size_limit(*t, message, ctx)).has_value()) {
        res = *big;  // (lmtp and smtp batches check it themselves)
      } else if (t->driver == "appendfile") {
        res = transport::appendfile(*t, message, a, ctx);
      } else if (t->driver == "autoreply") {
        // The reply is queued as a message of its own (from <>), and
        // delivered once this one is done with, as a bounce is.
        transport::AutoReply reply;
        res = transport::autoreply(*t, message, a, ctx, reply);
        if (res.status == transport::Result::Status::ok && !reply.recipients.empty()) {
          if (std::optional<std::string> made = write_autoreply(config, base, header, reply, logger)) {
            generated.push_back(*made);
          } else {
            res.status = transport::Result::Status::defer;
            res.message = "failed to queue the message of the " + t->name + " transport";
          }
        }
      } else if (t->driver == "lmtp") {
        // With the addresses after it for the same transport, up to
        // batch_max (default 1), in one LMTP transaction.
        if (lmtp_done.contains(&a)) continue;
        const config::OptionValue* bm = t->option("batch_max");
        size_t batch_max = bm != nullptr && bm->is_set && bm->number > 0
                               ? static_cast<size_t>(bm->number) : 1;
        Batch lb{t, {&a}, {&p}};
        lmtp_done.insert(&a);
        for (Pending& q : work) {
          for (size_t j : route::leaves(q.run, q.top)) {
            route::Address& other = q.run.addresses[j];
            if (lb.addresses.size() >= batch_max) break;
            if (other.outcome != route::Outcome::routed || other.duplicate ||
                other.transport != a.transport || lmtp_done.contains(&other)) {
              continue;
            }
            lb.addresses.push_back(&other);
            lb.owners.push_back(&q);
            lmtp_done.insert(&other);
          }
        }
        ctx.current = nullptr;
        run_batch(lb, nullptr);
        continue;
      } else {
        res.status = transport::Result::Status::defer;
        res.message = t->driver + " transport is not yet supported by Corvid";
      }
      ctx.current = nullptr;
      res.time = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
      // A local delivery is logged "=> local_part <address>"; its
      // failures with the address alone.
      ctx.current = &a;
      const std::string path = t != nullptr ? transport::return_path(*t, message, a, ctx)
                                            : transport::return_path(message, a);
      ctx.current = nullptr;
      log_result(logger, res, describe(id, a, true, as_given(p.run.addresses[p.top])),
                 describe(id, a, false, as_given(p.run.addresses[p.top])), line_context, path);
      if (t != nullptr) raise_result(events, *t, res, a, nullptr);
      if (res.status == transport::Result::Status::defer) {
        p.done = false;
        a.outcome = route::Outcome::deferred;
      } else if (res.status == transport::Result::Status::fail) {
        failures.push_back(failed_address(a, res.message, as_given(p.run.addresses[p.top])));
        p.failed = true;
      } else if (a.dsn_flags & spool::kDsnSuccess) {
        successes.push_back({a.address, a.orcpt, {}, a.dsn_lasthop});
      }
    }
  }
  // Remote deliveries are gathered into batches: the addresses routed
  // to the same smtp transport and the same hosts share a transaction.
  std::vector<Batch> batches;
  for (Pending& p : work) {
    for (size_t i : route::leaves(p.run, p.top)) {
      route::Address& a = p.run.addresses[i];
      if (a.outcome != route::Outcome::routed || a.duplicate) continue;
      const config::DriverInstance* t =
          config->instance(config::DriverKind::transport, a.transport);
      if (t == nullptr || t->driver != "smtp") continue;
      auto same = [&](const Batch& b) {
        const route::Address& first = *b.addresses.front();
        if (b.transport != t || first.hosts.size() != a.hosts.size()) return false;
        // (One envelope sender per transaction.)
        if (transport::return_path(message, first) != transport::return_path(message, a)) {
          return false;
        }
        for (size_t k = 0; k < a.hosts.size(); ++k) {
          if (first.hosts[k].address != a.hosts[k].address || first.hosts[k].port != a.hosts[k].port) {
            return false;
          }
        }
        return true;
      };
      auto it = std::find_if(batches.begin(), batches.end(), same);
      if (it == batches.end()) {
        batches.push_back(Batch{t, {}, {}});
        it = batches.end() - 1;
      }
      it->addresses.push_back(&a);
      it->owners.push_back(&p);
    }
  }
  // The batches go in the order of their first address, as Exim's do when
  // it delivers one at a time (remote_max_parallel = 1; Corvid does not run
  // several deliveries of one message at once).
  for (Batch& b : batches) run_batch(b, nullptr);
  for (Batch& q : fallback_queues) {
    std::vector<route::Host> hosts;
    for (const std::string& item : lists::split_list(q.transport->option("fallback_hosts")->text)) {
      auto [name, port] = route::host_and_port(item);
      route::resolve_host(name, false, port, -1, hosts);
    }
    run_batch(q, &hosts);
  }

  bool pending = waiting;
  bool frozen = false;
  for (Pending& p : work) {
    // A temporary failure: the retry rules say when to try again, or that
    // the address has waited long enough ("retry timeout exceeded").
    if (!p.done) {
      bool all_timed_out = true;
      for (size_t i : route::leaves(p.run, p.top)) {
        const route::Address& a = p.run.addresses[i];
        if (a.outcome != route::Outcome::deferred) continue;
        bool timed_out = true;
        if (retry_db) {
          std::string key = "R:" + p.recipient->address;
          RetryRecord rec = next_retry(retry_db->get(key),
                                       find_retry_rule(rules, a.local_part + "@" + a.domain,
                                                       retry_error(a)),
                                       now, timed_out);
          if (timed_out) {
            retry_db->remove(key);
          } else {
            retry_db->put(key, rec);
          }
        }
        if (!timed_out) {
          all_timed_out = false;
          message::FailedAddress w = failed_address(a, a.message, as_given(p.run.addresses[p.top]));
          if (!a.hosts.empty() && a.message.rfind("SMTP error", 0) == 0) {
            w.host_name = a.hosts.front().name;
          }
          p.waiting.push_back(w);
          continue;
        }
        log::Failed e;
        e.a = describe(id, a, false, as_given(p.run.addresses[p.top]));
        e.a.router.clear();
        e.a.transport.clear();
        e.message = "retry timeout exceeded";
        // The bounce keeps what the remote host said, if it said anything.
        bool smtp = a.message.rfind("SMTP error", 0) == 0;
        message::FailedAddress f =
            failed_address(a, "retry timeout exceeded", as_given(p.run.addresses[p.top]));
        if (smtp) {
          f.message = a.message + ": retry timeout exceeded";
          if (!a.hosts.empty()) {
            f.host_name = a.hosts.front().name;
            f.host_ip = a.hosts.front().address;
          }
          f.smtp_reply = message::split_smtp_error(f.message).second;
        }
        timeouts.emplace_back(e, f);
        p.failed = true;
      }
      p.done = all_timed_out;
    } else if (retry_db) {
      retry_db->remove("R:" + p.recipient->address);
    }
    // A bounce that cannot be delivered is frozen, not bounced again.
    if (p.failed && header.sender.empty()) {
      p.done = false;
      frozen = true;
    }
    const route::Address& top = p.run.addresses[p.top];
    if (p.done && top.outcome == route::Outcome::redirected &&
        (top.dsn_flags & spool::kDsnSuccess)) {
      redirections.push_back({top.address, top.orcpt, {}, false});
    }
    if (p.done) {
      // Journal first: a crash from here on must not deliver it again.
      spool::append_journal(layout, id, p.recipient->address);
      header.non_recipients.insert(p.recipient->address);
    } else {
      pending = true;
    }
  }
  // Exim reports the addresses that waited too long last first.
  for (auto it = timeouts.rbegin(); it != timeouts.rend(); ++it) {
    logger.log(it->first);
    failures.push_back(it->second);
  }
  std::optional<std::string> success_dsn, warning;
  std::vector<std::string> bounces;
  successes.insert(successes.begin(), redirections.begin(), redirections.end());
  if (!successes.empty() && !header.sender.empty()) {
    success_dsn = write_success_dsn(config, base, header, successes, logger);
  }
  // The failures, last first as Exim takes them: an address whose NOTIFY
  // leaves out FAILURE (Exim decides by the first failed address only,
  // Corvid by each), or whose errors_to is empty, is not bounced ("error
  // ignored"); the others go, grouped by where their bounce goes (the
  // sender, or an errors_to), one bounce each.
  std::vector<bool> handled(failures.size(), false);
  auto destination = [&](const message::FailedAddress& f) {
    return f.errors_to ? *f.errors_to : header.sender;
  };
  auto not_notified = [](const message::FailedAddress& f) {
    return f.dsn_flags != 0 && !(f.dsn_flags & spool::kDsnFailure);
  };
  for (size_t i = failures.size(); i-- > 0;) {
    if (handled[i]) continue;
    const message::FailedAddress& f = failures[i];
    const std::string to = destination(f);
    if (not_notified(f) || (to.empty() && f.errors_to)) {
      handled[i] = true;
      log::Text t;
      t.message_id = id;
      t.text = f.address + (!f.top.empty() && f.top != f.address ? " <" + f.top + ">" : "") +
               ": error ignored" +
               (not_notified(f) ? ": RFC 3461 DSN, failure notify not requested" : "");
      logger.log(t);
      continue;
    }
    if (to.empty()) {  // a bounce's own failure: it is frozen instead
      handled[i] = true;
      continue;
    }
    std::vector<message::FailedAddress> group;
    for (size_t j = 0; j < failures.size(); ++j) {
      if (!handled[j] && destination(failures[j]) == to && !not_notified(failures[j])) {
        group.push_back(failures[j]);
        handled[j] = true;
      }
    }
    if (std::optional<std::string> made = write_bounce(config, base, header, *body, group, logger,
                                                       to == header.sender ? "" : to)) {
      bounces.push_back(*made);
    }
  }
  // A message still waiting may be due a delay warning. The addresses go
  // last first, as Exim lists them; NOTIFY without DELAY leaves one out
  // (Exim decides by the first address only, Corvid by each).
  if (pending && !frozen && !header.sender.empty()) {
    std::vector<message::FailedAddress> delayed;
    for (const spool::Recipient* r : not_due) {
      message::FailedAddress w;
      w.address = r->address;
      w.orcpt = r->orcpt;
      w.dsn_flags = r->dsn_flags;
      delayed.push_back(w);
    }
    for (const Pending& p : work) delayed.insert(delayed.end(), p.waiting.begin(), p.waiting.end());
    std::erase_if(delayed, [](const message::FailedAddress& w) {
      return w.dsn_flags != 0 && !(w.dsn_flags & spool::kDsnDelay);
    });
    std::reverse(delayed.begin(), delayed.end());
    ctx.current = nullptr;
    std::optional<std::string> delay =
        delayed.empty() ? std::nullopt
                        : delay_warning_due(*config, ctx, now - header.received_time,
                                            header.warning_count);
    if (delay) {
      warning = write_delay_warning(config, base, header, delayed, *delay, logger);
      if (warning) ++header.warning_count;
    }
  }
  std::filesystem::path jfile = layout.input_file(id, "-J");
  if (!pending) {
    // Data last: while -D exists the message still counts as queued.
    std::filesystem::remove(layout.input_file(id, "-H"), ec);
    std::filesystem::remove(jfile, ec);
    std::filesystem::remove(layout.msglog_file(id), ec);
    std::filesystem::remove(layout.input_file(id, "-D"), ec);
    spool::fsync_directory(layout.input_dir(id));
    log::Completed c;
    c.message_id = id;
    c.queue_time = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now() - line_context.received);
    logger.log(c);
    events.main(event::Event{"msg:complete", "", 0, nullptr, nullptr});
    if (success_dsn) deliver_message(config, base, *success_dsn, logger, DeliveryOptions{});
    for (const std::string& b : bounces) deliver_message(config, base, b, logger, DeliveryOptions{});
    for (const std::string& g : generated) {
      deliver_message(config, base, g, logger, DeliveryOptions{});
    }
    return DeliveryStatus::completed;
  }
  if (frozen && !header.frozen()) {
    header.frozen_at = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    log::Text t;
    t.message_id = id;
    t.text = "Frozen (delivery error message)";
    logger.log(t);
  }
  header.deliver_firsttime = false;
  if (spool::rewrite_header_file(layout, header)) return DeliveryStatus::error;
  std::filesystem::remove(jfile, ec);
  if (success_dsn) deliver_message(config, base, *success_dsn, logger, DeliveryOptions{});
  for (const std::string& b : bounces) deliver_message(config, base, b, logger, DeliveryOptions{});
  if (warning) deliver_message(config, base, *warning, logger, DeliveryOptions{});
  for (const std::string& g : generated) deliver_message(config, base, g, logger, DeliveryOptions{});
  return DeliveryStatus::deferred;
}

}  // namespace corvid::queue
