#include "spool/commit.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <vector>

namespace corvid::spool {

namespace fs = std::filesystem;

namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

// One message moving through a round.
struct InFlight {
  const CommitRequest* request = nullptr;
  int header_fd = -1;
  std::error_code ec;
  bool renamed = false;
};

void write_header_temp(InFlight& m) {
  const CommitRequest& r = *m.request;
  fs::path temp = r.layout.header_temp_file(r.id);
  m.header_fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (m.header_fd < 0) {
    m.ec = last_error();
    return;
  }
  std::string_view bytes = r.header_bytes;
  while (!bytes.empty()) {
    ssize_t n = ::write(m.header_fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      m.ec = last_error();
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void start_writeback(const InFlight& m) {
#ifdef SYNC_FILE_RANGE_WRITE
  if (m.ec) return;
  ::sync_file_range(m.request->data_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  ::sync_file_range(m.header_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void)m;
#endif
}

void wait_durable(InFlight& m) {
  if (!m.ec && ::fdatasync(m.request->data_fd) != 0) m.ec = last_error();
  if (!m.ec && ::fdatasync(m.header_fd) != 0) m.ec = last_error();
  if (m.header_fd >= 0 && ::close(m.header_fd) != 0 && !m.ec) m.ec = last_error();
  m.header_fd = -1;
}

void rename_into_place(InFlight& m) {
  if (m.ec) return;
  const CommitRequest& r = *m.request;
  if (::rename(r.layout.header_temp_file(r.id).c_str(), r.layout.input_file(r.id, "-H").c_str()) !=
      0) {
    m.ec = last_error();
    return;
  }
  m.renamed = true;
}

// One fsync per directory that received a new -H; a failure fails every
// message in that directory.
std::size_t sync_directories(std::vector<InFlight>& batch) {
  std::set<fs::path> dirs;
  for (const InFlight& m : batch) {
    if (!m.ec) dirs.insert(m.request->layout.input_dir(m.request->id));
  }
  for (const fs::path& dir : dirs) {
    std::error_code ec = fsync_directory(dir);
    if (!ec) continue;
    for (InFlight& m : batch) {
      if (!m.ec && m.request->layout.input_dir(m.request->id) == dir) m.ec = ec;
    }
  }
  return dirs.size();
}

void remove_failed(const InFlight& m) {
  if (!m.ec) return;
  const CommitRequest& r = *m.request;
  if (m.header_fd >= 0) ::close(m.header_fd);
  ::unlink(r.layout.header_temp_file(r.id).c_str());
  if (m.renamed) ::unlink(r.layout.input_file(r.id, "-H").c_str());
  ::unlink(r.layout.input_file(r.id, "-D").c_str());
}

// The whole protocol for a batch; returns the number of directory syncs.
std::size_t commit_batch(std::vector<InFlight>& batch) {
  for (InFlight& m : batch) write_header_temp(m);
  for (InFlight& m : batch) start_writeback(m);
  for (InFlight& m : batch) wait_durable(m);
  for (InFlight& m : batch) rename_into_place(m);
  std::size_t dir_syncs = sync_directories(batch);
  for (InFlight& m : batch) remove_failed(m);
  return dir_syncs;
}

}  // namespace

std::error_code commit_now(const CommitRequest& request) {
  std::vector<InFlight> batch(1);
  batch[0].request = &request;
  commit_batch(batch);
  return batch[0].ec;
}

Committer::Committer(Options options) : options_(options) {
  thread_ = std::thread([this] { run(); });
}

Committer::~Committer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  room_ready_.notify_all();
  thread_.join();
}

void Committer::submit(CommitRequest request, CommitHandler done) {
  std::unique_lock lock(mutex_);
  if (stopping_ || pending_.size() >= options_.max_pending) {
    lock.unlock();
    done(std::make_error_code(std::errc::resource_unavailable_try_again));
    return;
  }
  pending_.push_back(Pending{std::move(request), std::move(done)});
  lock.unlock();
  work_ready_.notify_one();
}

std::future<std::error_code> Committer::submit(CommitRequest request) {
  auto promise = std::make_shared<std::promise<std::error_code>>();
  std::future<std::error_code> result = promise->get_future();
  std::unique_lock lock(mutex_);
  room_ready_.wait(lock, [&] { return stopping_ || pending_.size() < options_.max_pending; });
  if (stopping_) {
    promise->set_value(std::make_error_code(std::errc::resource_unavailable_try_again));
    return result;
  }
  pending_.push_back(Pending{std::move(request),
                             [promise](std::error_code ec) { promise->set_value(ec); }});
  lock.unlock();
  work_ready_.notify_one();
  return result;
}

Committer::Stats Committer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Committer::run() {
  while (true) {
    std::vector<Pending> round;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and nothing left
      while (!pending_.empty() && round.size() < options_.max_batch) {
        round.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    room_ready_.notify_all();
    std::vector<InFlight> batch(round.size());
    for (std::size_t i = 0; i < round.size(); ++i) batch[i].request = &round[i].request;
    std::size_t dir_syncs = commit_batch(batch);
    {
      std::lock_guard lock(mutex_);
      stats_.rounds += 1;
      stats_.messages += round.size();
      stats_.directory_syncs += dir_syncs;
    }
    for (std::size_t i = 0; i < round.size(); ++i) round[i].done(batch[i].ec);
  }
}

namespace {

bool is_stale(const fs::directory_entry& e, fs::file_time_type cutoff) {
  std::error_code ec;
  auto t = e.last_write_time(ec);
  return !ec && t < cutoff;
}

std::size_t clean_directory(const fs::path& dir, fs::file_time_type cutoff) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    bool orphan_data = name.size() > 2 && name.ends_with("-D") &&
                       !fs::exists(dir / (name.substr(0, name.size() - 2) + "-H"), ec);
    bool temp_header = name.starts_with("hdr.");
    if ((orphan_data || temp_header) && e.is_regular_file(ec) && is_stale(e, cutoff)) {
      removed += fs::remove(e.path(), ec) ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace

std::size_t remove_stale_spool_files(const SpoolLayout& layout, std::chrono::seconds min_age) {
  auto cutoff = fs::file_time_type::clock::now() - min_age;
  std::size_t removed = clean_directory(layout.input_root(), cutoff);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(layout.input_root(), ec)) {
    if (e.is_directory(ec) && e.path().filename().string().size() == 1) {
      removed += clean_directory(e.path(), cutoff);
    }
  }
  return removed;
}

}  // namespace corvid::spool
