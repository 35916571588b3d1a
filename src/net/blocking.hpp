// Work that blocks (DNS lookups, ACLs that wait on the network) runs on a
// small shared pool of threads while the session's coroutine is suspended,
// so the event loop goes on serving other sessions. The coroutine resumes
// on its own loop afterwards; nothing else touches the session meanwhile,
// so the work may use the session's state freely.
#pragma once

#include <asio.hpp>
#include <functional>

namespace corvid::net {

// Runs `work` on the blocking pool and resumes the caller when it is done.
asio::awaitable<void> run_blocking(std::function<void()> work);

}  // namespace corvid::net
