#include "net/blocking.hpp"

namespace corvid::net {
namespace {

// At most this many pieces of work run at once; the rest wait their turn.
// The wait is bounded: each session has at most one piece outstanding, and
// each piece is bounded in time by the resolver's timeouts.
constexpr unsigned kThreads = 32;

asio::thread_pool& pool() {
  static asio::thread_pool p(kThreads);
  return p;
}

asio::awaitable<void> call(std::function<void()> work) {
  work();
  co_return;
}

}  // namespace

asio::awaitable<void> run_blocking(std::function<void()> work) {
  co_await asio::co_spawn(pool(), call(std::move(work)), asio::use_awaitable);
}

}  // namespace corvid::net
