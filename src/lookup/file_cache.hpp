// A small cache of parsed lookup files, keyed by path and revalidated by the
// file's identity (device, inode, size, mtime) at every use, so an edited
// file is re-read on the next lookup, as Exim's per-process reopen gives.
//
// Promises: thread-safe (one mutex per cache); holds at most `capacity`
// files, dropping the least recently used; a loader failure is not cached.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace corvid::lookup {

struct FileIdentity {
  std::uint64_t dev = 0, ino = 0, size = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

inline FileIdentity identity_of(const struct stat& st) {
  return {std::uint64_t(st.st_dev), std::uint64_t(st.st_ino), std::uint64_t(st.st_size),
          std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

template <class T>
class FileCache {
 public:
  explicit FileCache(size_t capacity = 64) : capacity_(capacity) {}

  // Returns the cached value for `path` if `id` still matches, else calls
  // `load()` (returning shared_ptr<const T>, nullptr on failure) and keeps it.
  template <class Loader>
  std::shared_ptr<const T> get(const std::string& path, const FileIdentity& id, Loader&& load) {
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(path);
      if (it != entries_.end() && it->second.id == id) {
        touch(it->first);
        return it->second.value;
      }
    }
    std::shared_ptr<const T> value = load();
    if (value) {
      std::lock_guard lock(mutex_);
      put(path, id, value);
    }
    return value;
  }

 private:
  struct Entry {
    FileIdentity id;
    std::shared_ptr<const T> value;
  };

  void touch(const std::string& path) {
    order_.remove(path);
    order_.push_front(path);
  }

  void put(const std::string& path, const FileIdentity& id, std::shared_ptr<const T> value) {
    entries_[path] = Entry{id, std::move(value)};
    touch(path);
    while (entries_.size() > capacity_) {
      entries_.erase(order_.back());
      order_.pop_back();
    }
  }

  size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> order_;
};

}  // namespace corvid::lookup
