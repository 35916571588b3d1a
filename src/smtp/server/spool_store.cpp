#include "smtp/server/spool_store.hpp"

#include <unistd.h>

#include "spool/data_file.hpp"
#include "spool/header_file.hpp"

namespace corvid::smtp {

SpoolStore::SpoolStore(spool::SpoolLayout layout, std::optional<int> localhost_number)
    : layout_(std::move(layout)), ids_(localhost_number) {}

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
  // The committer thread completes the request; the handler hops back to
  // this session's executor, so the session never blocks on fsync.
  auto ex = co_await asio::this_coro::executor;
  std::error_code result;
  auto token = asio::redirect_error(asio::use_awaitable, result);
  co_await asio::async_initiate<decltype(token), void(std::error_code)>(
      [this, req = std::move(req), ex](auto handler) mutable {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        committer_.submit(std::move(req), [shared, ex](std::error_code ec) {
          asio::post(ex, [shared, ec]() mutable { (*shared)(ec); });
        });
      },
      token);
  if (result) {
    data->abandon();
  } else {
    data->close();
  }
  co_return result;
}

}  // namespace corvid::smtp
