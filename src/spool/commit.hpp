// Durable commit of a received message: after commit reports success the
// message is on the queue and survives a crash or power loss, so only then
// may the session send 250.
//
// What a commit does, per message (the -D file was written under its
// final name by DataFileWriter, whose descriptor is passed in):
//   1. write the -H bytes to input/[s/]hdr.<id>
//   2. fdatasync the -D file and the hdr. file
//   3. rename hdr.<id> to <id>-H   (atomic: the -H file appears whole)
//   4. fsync the directory holding them (makes the new names durable)
// Steps 3 and 4 come only after 2 has succeeded for that message, so a
// -H file on disk always has a durable -D file and durable content.
//
// Crash guarantees:
//   * Success reported  => after any crash both files are there, complete.
//   * Crash before that => the message may be absent or present. What can
//     be left: a -D file alone, a hdr.<id> file (whole or cut short), or
//     both -D and -H (renamed but the directory sync not finished; then the
//     message is complete and will be delivered, while the client, lacking
//     250, will send it again: a duplicate, never a loss). The queue
//     readers (queue_list.hpp, the queue runner) look only at "*-H" files,
//     so a lone -D or hdr. file is never seen as a message;
//     remove_stale_spool_files() deletes such relics once old enough that
//     no receiving session can still own them.
//   * Failure reported  => the committer has removed the message's hdr.,
//     -H and -D files (best effort); the caller replies 4xx.
//
// Group commit: Committer runs rounds on its own thread. A round takes
// every pending message (up to max_batch), writes all hdr. files, starts
// write-back of all files at once (sync_file_range), then waits on each
// with fdatasync: the device sees the whole batch together and each
// filesystem journal commit covers many messages. Then all renames, then
// one fsync per distinct directory, then every submitter is told.
// syncfs() was considered and not used: it flushes every dirty page of
// the filesystem (mailboxes being delivered, logs), so its latency depends
// on unrelated work, and before Linux 5.8 it did not report write-back
// errors: per-file fdatasync is as fast for a batch and reports the error
// of the very message that failed.
//
// Queues are bounded: the callback form never blocks (when max_pending
// messages are waiting it fails at once with
// errc::resource_unavailable_try_again: answer 451); the future form
// waits for room. Handlers run on the committer's thread and must be
// short (an asio server posts the result back to its own executor, which
// makes the commit co_await-able without blocking the I/O thread).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "spool/layout.hpp"

namespace corvid::spool {

struct CommitRequest {
  SpoolLayout layout;
  std::string id;
  int data_fd = -1;          // the -D file, kept open by the caller until completion
  std::string header_bytes;  // write_header_file(...)
};

using CommitHandler = std::function<void(std::error_code)>;

// One message, synchronously, in the calling thread (the -bs and local
// submission path, where there is nothing to group with).
std::error_code commit_now(const CommitRequest& request);

class Committer {
 public:
  struct Options {
    std::size_t max_pending = 4096;
    std::size_t max_batch = 512;
  };
  struct Stats {
    std::uint64_t rounds = 0;
    std::uint64_t messages = 0;
    std::uint64_t directory_syncs = 0;
  };

  Committer() : Committer(Options{}) {}
  explicit Committer(Options options);
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;
  // Completes everything already submitted, then stops the thread.
  ~Committer();

  // Callback form: never blocks; `done` runs once, on the committer's
  // thread (or at once on the caller's when the queue is full or the
  // committer is stopping).
  void submit(CommitRequest request, CommitHandler done);
  // Blocking form: waits for room, returns the outcome's future.
  std::future<std::error_code> submit(CommitRequest request);

  Stats stats() const;

 private:
  struct Pending {
    CommitRequest request;
    CommitHandler done;
  };
  void run();

  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable room_ready_;
  std::deque<Pending> pending_;
  bool stopping_ = false;
  Stats stats_;
  std::thread thread_;
};

// Deletes, under input/ (split subdirectories included), hdr.* files and
// -D files that have no -H file, when last modified more than `min_age`
// ago. Returns how many files were removed.
std::size_t remove_stale_spool_files(const SpoolLayout& layout, std::chrono::seconds min_age);

}  // namespace corvid::spool
