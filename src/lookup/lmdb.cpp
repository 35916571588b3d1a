// The lmdb lookup: the key is looked up (exactly) in the main database of
// an LMDB environment. The file may be the data file itself (opened with
// MDB_NOSUBDIR) or an environment directory. Environments are opened once,
// read-only, and reused while the data file's identity is unchanged; each
// lookup runs in its own read transaction, so lookups are thread-safe.
#include <lmdb.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "lookup/builtin.hpp"
#include "lookup/file_cache.hpp"

namespace corvid::lookup {

namespace {

struct LmdbEnv {
  MDB_env* env = nullptr;
  ~LmdbEnv() {
    if (env != nullptr) {
      mdb_env_close(env);
    }
  }
};

Result deferred(std::string error) {
  Result r;
  r.status = Status::defer;
  r.error = std::move(error);
  return r;
}

class Lmdb final : public Driver {
 public:
  std::string_view name() const override { return "lmdb"; }
  bool single_key() const override { return true; }

  Result find(std::string_view file, std::string_view key, std::string_view) const override {
    std::string error;
    auto env = open_env(std::string(file), error);
    if (!env) {
      return deferred(error);
    }
    MDB_txn* txn = nullptr;
    MDB_dbi dbi;
    int rc = mdb_txn_begin(env->env, nullptr, MDB_RDONLY, &txn);
    if (rc == 0) {
      rc = mdb_dbi_open(txn, nullptr, 0, &dbi);
    }
    Result r;
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{};
    if (rc == 0) {
      rc = mdb_get(txn, dbi, &k, &v);
    }
    if (rc == 0) {
      r.status = Status::found;
      r.value = TString(std::string(static_cast<char*>(v.mv_data), v.mv_size), false);
    } else if (rc != MDB_NOTFOUND) {
      r = deferred("LMDB: lookup in " + std::string(file) + " failed: " + mdb_strerror(rc));
      r.search_defer = true;
    }
    if (txn != nullptr) {
      mdb_txn_abort(txn);
    }
    return r;
  }

 private:
  std::shared_ptr<const LmdbEnv> open_env(const std::string& path, std::string& error) const {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      error = "LMDB: unable to open environment " + path + ": " + std::strerror(errno);
      return nullptr;
    }
    bool dir = S_ISDIR(st.st_mode);
    struct stat data_st = st;
    if (dir && ::stat((path + "/data.mdb").c_str(), &data_st) != 0) {
      error = "LMDB: unable to open environment " + path + ": " + std::strerror(errno);
      return nullptr;
    }
    return cache_.get(path, identity_of(data_st), [&]() -> std::shared_ptr<const LmdbEnv> {
      auto e = std::make_shared<LmdbEnv>();
      int rc = mdb_env_create(&e->env);
      unsigned flags = MDB_RDONLY | MDB_NOTLS | (dir ? 0u : unsigned(MDB_NOSUBDIR));
      if (rc == 0) {
        rc = mdb_env_open(e->env, path.c_str(), flags, 0660);
      }
      if (rc != 0) {
        error = "LMDB: unable to open environment " + path + ": " + mdb_strerror(rc);
        return nullptr;
      }
      return e;
    });
  }

  mutable FileCache<LmdbEnv> cache_{16};
};

}  // namespace

std::unique_ptr<Driver> make_lmdb() { return std::make_unique<Lmdb>(); }

}  // namespace corvid::lookup
