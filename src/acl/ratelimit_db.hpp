// The ratelimit hints database: one LMDB file, <spool_directory>/db/ratelimit.lmdb
// (tests open one in a temporary directory). Each key ("1h/per_mail/1.2.3.4")
// maps to a RateRecord. Updates are read-modify-write in one LMDB write
// transaction, so concurrent sessions (threads or processes) never lose
// an update. Corvid's own format: not shared with Exim's Berkeley DB files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corvid::acl {

struct RateRecord {
  double time = 0;         // seconds since the epoch of the last update
  double rate = 0;         // smoothed rate
  double unique_epoch = 0; // when the unique= set was started
  std::vector<std::uint64_t> unique;  // hashes of unique= values seen
};

class RatelimitDb {
 public:
  // Opens (creating directories and the file) `path`.
  static std::unique_ptr<RatelimitDb> open(const std::string& path, std::string& error);
  // <spool_directory>/db/ratelimit.lmdb
  static std::unique_ptr<RatelimitDb> open_in_spool(const std::string& spool_directory,
                                                    std::string& error);
  ~RatelimitDb();
  RatelimitDb(const RatelimitDb&) = delete;
  RatelimitDb& operator=(const RatelimitDb&) = delete;

  std::optional<RateRecord> get(const std::string& key, std::string& error) const;
  // Calls `fn` with the stored record (if any) inside one write
  // transaction; a record returned is stored. False with `error` on failure.
  using Updater = std::function<std::optional<RateRecord>(const std::optional<RateRecord>&)>;
  bool update(const std::string& key, const Updater& fn, std::string& error);

 private:
  RatelimitDb() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corvid::acl
