// The cdb lookup: a constant database read with Debian's libcdb (tinycdb).
//
// Keys are exact (case-sensitive, no terminating zero). Open databases are
// kept, revalidated by file identity on each lookup (thread-safe: each
// database's search state is guarded by its own mutex).
#include <cdb.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include "lookup/builtin.hpp"
#include "lookup/file_cache.hpp"

namespace corvid::lookup {

namespace {

struct CdbFile {
  int fd = -1;
  struct cdb db {};
  mutable std::mutex mutex;
  ~CdbFile() {
    if (fd >= 0) {
      cdb_free(&db);
      ::close(fd);
    }
  }
};

// The smallest valid cdb: the 2048-byte table of hash pointers.
constexpr off_t kMinCdbSize = 2048;

class Cdb final : public Driver {
 public:
  std::string_view name() const override { return "cdb"; }
  bool single_key() const override { return true; }

  Result find(std::string_view file, std::string_view key, std::string_view) const override {
    Result r;
    std::string error;
    auto db = open_db(std::string(file), error);
    if (!db) {
      r.status = Status::defer;
      r.error = error;
      return r;
    }
    std::lock_guard lock(db->mutex);
    auto* c = const_cast<struct cdb*>(&db->db);
    int rc = cdb_find(c, key.data(), unsigned(key.size()));
    if (rc < 0) {
      r.status = Status::defer;
      r.error = "cdb lookup in " + std::string(file) + " failed: " + std::strerror(errno);
      r.search_defer = true;
    } else if (rc > 0) {
      std::string value(cdb_datalen(c), '\0');
      cdb_read(c, value.data(), cdb_datalen(c), cdb_datapos(c));
      r.status = Status::found;
      r.value = TString(std::move(value), false);
    }
    return r;
  }

 private:
  std::shared_ptr<const CdbFile> open_db(const std::string& path, std::string& error) const {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      error = "failed to open " + path + " for cdb lookup: " + std::strerror(errno);
      if (fd >= 0) {
        ::close(fd);
      }
      return nullptr;
    }
    if (S_ISDIR(st.st_mode) || st.st_size < kMinCdbSize) {
      ::close(fd);
      // Exim's texts; for a short file it prints whatever errno an earlier
      // call left, which in practice is ENOENT from its search for files.
      error = S_ISDIR(st.st_mode) ? "failed to open cannot read header from " + path +
                                        " for cdb lookup: " + std::strerror(EISDIR)
                                  : "failed to open " + path +
                                        " too short for cdb lookup: " + std::strerror(ENOENT);
      return nullptr;
    }
    auto db = cache_.get(path, identity_of(st), [&]() -> std::shared_ptr<const CdbFile> {
      auto f = std::make_shared<CdbFile>();
      if (cdb_init(&f->db, fd) != 0) {
        error = "failed to open " + path + " for cdb lookup: " + std::strerror(errno);
        return nullptr;
      }
      f->fd = fd;
      fd = -1;
      return f;
    });
    if (fd >= 0) {
      ::close(fd);
    }
    return db;
  }

  mutable FileCache<CdbFile> cache_{32};
};

}  // namespace

std::unique_ptr<Driver> make_cdb() { return std::make_unique<Cdb>(); }

}  // namespace corvid::lookup
