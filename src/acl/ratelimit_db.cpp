// LMDB storage of ratelimit records (see ratelimit_db.hpp).
#include "acl/ratelimit_db.hpp"

#include <lmdb.h>

#include <cstring>
#include <filesystem>

namespace corvid::acl {

struct RatelimitDb::Impl {
  MDB_env* env = nullptr;
  MDB_dbi dbi = 0;
  ~Impl() {
    if (env != nullptr) {
      mdb_env_close(env);
    }
  }
};

namespace {

std::string encode(const RateRecord& r) {
  std::string out(3 * sizeof(double) + r.unique.size() * sizeof(std::uint64_t), '\0');
  char* p = out.data();
  for (double d : {r.time, r.rate, r.unique_epoch}) {
    std::memcpy(p, &d, sizeof d);
    p += sizeof d;
  }
  if (!r.unique.empty()) {
    std::memcpy(p, r.unique.data(), r.unique.size() * sizeof(std::uint64_t));
  }
  return out;
}

std::optional<RateRecord> decode(const MDB_val& v) {
  if (v.mv_size < 3 * sizeof(double)) {
    return std::nullopt;
  }
  RateRecord r;
  const char* p = static_cast<const char*>(v.mv_data);
  for (double* d : {&r.time, &r.rate, &r.unique_epoch}) {
    std::memcpy(d, p, sizeof *d);
    p += sizeof *d;
  }
  r.unique.resize((v.mv_size - 3 * sizeof(double)) / sizeof(std::uint64_t));
  if (!r.unique.empty()) {
    std::memcpy(r.unique.data(), p, r.unique.size() * sizeof(std::uint64_t));
  }
  return r;
}

std::string lmdb_error(const std::string& what, int rc) {
  return "ratelimit database: " + what + ": " + mdb_strerror(rc);
}

}  // namespace

std::unique_ptr<RatelimitDb> RatelimitDb::open(const std::string& path, std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::unique_ptr<RatelimitDb> db(new RatelimitDb());
  db->impl_ = std::make_unique<Impl>();
  int rc = mdb_env_create(&db->impl_->env);
  if (rc == 0) {
    mdb_env_set_mapsize(db->impl_->env, 64u << 20);
    rc = mdb_env_open(db->impl_->env, path.c_str(), MDB_NOSUBDIR, 0640);
  }
  MDB_txn* txn = nullptr;
  if (rc == 0) {
    rc = mdb_txn_begin(db->impl_->env, nullptr, 0, &txn);
  }
  if (rc == 0) {
    rc = mdb_dbi_open(txn, nullptr, 0, &db->impl_->dbi);
    rc = rc == 0 ? mdb_txn_commit(txn) : (mdb_txn_abort(txn), rc);
  }
  if (rc != 0) {
    error = lmdb_error("cannot open " + path, rc);
    return nullptr;
  }
  return db;
}

std::unique_ptr<RatelimitDb> RatelimitDb::open_in_spool(const std::string& spool_directory,
                                                        std::string& error) {
  // Not Exim's name: Exim keeps its own (Berkeley DB) hints file
  // db/ratelimit in the same spool, and the two must not clash.
  return open(spool_directory + "/db/ratelimit.lmdb", error);
}

RatelimitDb::~RatelimitDb() = default;

std::optional<RateRecord> RatelimitDb::get(const std::string& key, std::string& error) const {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(impl_->env, nullptr, MDB_RDONLY, &txn);
  if (rc != 0) {
    error = lmdb_error("read", rc);
    return std::nullopt;
  }
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v;
  std::optional<RateRecord> out;
  if (mdb_get(txn, impl_->dbi, &k, &v) == 0) {
    out = decode(v);
  }
  mdb_txn_abort(txn);
  return out;
}

bool RatelimitDb::update(const std::string& key, const Updater& fn, std::string& error) {
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(impl_->env, nullptr, 0, &txn);
  if (rc != 0) {
    error = lmdb_error("write", rc);
    return false;
  }
  MDB_val k{key.size(), const_cast<char*>(key.data())};
  MDB_val v;
  std::optional<RateRecord> old;
  if (mdb_get(txn, impl_->dbi, &k, &v) == 0) {
    old = decode(v);
  }
  std::optional<RateRecord> next = fn(old);
  if (!next) {
    mdb_txn_abort(txn);
    return true;
  }
  std::string data = encode(*next);
  MDB_val nv{data.size(), data.data()};
  rc = mdb_put(txn, impl_->dbi, &k, &nv, 0);
  rc = rc == 0 ? mdb_txn_commit(txn) : (mdb_txn_abort(txn), rc);
  if (rc != 0) {
    error = lmdb_error("write", rc);
    return false;
  }
  return true;
}

}  // namespace corvid::acl
