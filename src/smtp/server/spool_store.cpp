#include "smtp/server/spool_store.hpp"

#include <unistd.h>

#include "spool/data_file.hpp"
#include "spool/header_file.hpp"

namespace corvid::smtp {

SpoolStore::SpoolStore(spool::SpoolLayout layout, std::optional<int> localhost_number)
    : layout_(std::move(layout)), ids_(spool::process_id_generator(localhost_number)) {}

std::string SpoolStore::new_id(std::chrono::system_clock::time_point started) {
  return ids_.next(started);
}

asio::awaitable<std::error_code> SpoolStore::store(ReceivedMessage message) {
  auto data = std::make_shared<spool::DataFileWriter>();
  const std::string& id = message.header.id;
  if (auto ec = data->create(layout_, id)) co_return ec;
  if (auto ec = data->write(message.body)) {
    data->abandon();
    co_return ec;
  }
  spool::CommitRequest req{layout_, id, data->fd(), spool::write_header_file(message.header)};
  // The committer thread completes the request; its handler hops back to
  // this session's executor and wakes the session through a timer, so the
  // session never blocks on fsync. (A timer rather than async_initiate with
  // a capturing lambda: g++ 12 destroys such lambda temporaries twice in a
  // co_await expression.)
  struct Completion {
    explicit Completion(asio::any_io_executor ex) : wake(ex) {}
    asio::steady_timer wake;
    std::error_code result;
  };
  auto ex = co_await asio::this_coro::executor;
  auto done = std::make_shared<Completion>(ex);
  done->wake.expires_at(asio::steady_timer::time_point::max());
  committer_.submit(std::move(req), [done, ex](std::error_code ec) {
    asio::post(ex, [done, ec] {
      done->result = ec;
      done->wake.cancel();
    });
  });
  std::error_code wait_ec;
  co_await done->wake.async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
  std::error_code result = done->result;
  if (result) {
    data->abandon();
  } else {
    data->close();
  }
  co_return result;
}

}  // namespace corvid::smtp
