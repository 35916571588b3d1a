// The disk's limit for durable spooling: how many small files per second can
// be created, written, fsynced and renamed into place on one filesystem.
// An MTA that fsyncs each message before its 250 cannot accept faster than
// this on one thread, unless it commits several messages per fsync (group
// commit). bench/workloads/disk runs it in the directory the MTAs spool to.
//
//   fsync_bench DIR THREADS SECONDS [SIZE]
//   -> threads=T files=N seconds=S per_second=R
//
// Each thread loops: open(O_CREAT|O_EXCL) a temporary name, write SIZE bytes
// (2048), fsync, close, rename to the final name. The renamed file is then
// unlinked (no fsync) so the directory stays small across the run, as a
// queue that is drained would.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: fsync_bench DIR THREADS SECONDS [SIZE]\n");
    return 2;
  }
  std::string dir = argv[1];
  int threads = std::atoi(argv[2]);
  double seconds = std::atof(argv[3]);
  size_t size = argc > 4 ? static_cast<size_t>(std::atol(argv[4])) : 2048;
  std::string payload(size, 'x');

  std::atomic<bool> stop{false};
  std::atomic<long> files{0};
  std::atomic<bool> failed{false};
  auto worker = [&](int t) {
    long n = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      std::string tmp = dir + "/t" + std::to_string(t) + "-" + std::to_string(n) + ".tmp";
      std::string fin = dir + "/m" + std::to_string(t) + "-" + std::to_string(n);
      int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 || write(fd, payload.data(), size) != static_cast<ssize_t>(size) || fsync(fd) != 0 ||
          close(fd) != 0 || rename(tmp.c_str(), fin.c_str()) != 0) {
        std::perror("fsync_bench");
        failed = true;
        return;
      }
      unlink(fin.c_str());
      ++n;
      files.fetch_add(1, std::memory_order_relaxed);
    }
  };

  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& th : pool) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("threads=%d files=%ld seconds=%.2f per_second=%.0f\n", threads, files.load(), secs,
              files.load() / secs);
  return failed ? 1 : 0;
}
