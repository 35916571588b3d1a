// The dsearch lookup: does a directory contain an entry named by the key?
//
// The key may not contain '/'. The entry is checked with lstat(), so a
// symlink counts as an entry of its own type. Options: "ret=full" returns
// directory/key instead of the key; "filter=file|dir|subdir" restricts the
// entry type (subdir excludes "." and ".."). The result is untainted, as
// Exim 4.96 promises for dsearch; matching is case-sensitive.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "lookup/builtin.hpp"

namespace corvid::lookup {

namespace {

bool passes_filter(const std::string& filter, std::string_view key, const struct stat& st) {
  if (filter == "file") {
    return S_ISREG(st.st_mode);
  }
  if (filter == "dir") {
    return S_ISDIR(st.st_mode);
  }
  if (filter == "subdir") {
    return S_ISDIR(st.st_mode) && key != "." && key != "..";
  }
  return true;
}

class Dsearch final : public Driver {
 public:
  std::string_view name() const override { return "dsearch"; }
  bool single_key() const override { return true; }

  Result find(std::string_view dir, std::string_view key, std::string_view options) const override {
    Result r;
    std::string d(dir);
    int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      r.status = Status::defer;
      r.error = "failed to open " + d + " for directory search: " + std::strerror(errno);
      return r;
    }
    ::close(fd);
    if (key.find('/') != std::string_view::npos) {
      r.status = Status::defer;
      r.error = "key for dsearch lookup contains a slash: " + std::string(key);
      r.search_defer = true;
      return r;
    }
    std::string path = d + "/" + std::string(key);
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 ||
        !passes_filter(find_option(options, "filter").value_or(""), key, st)) {
      return r;
    }
    r.status = Status::found;
    bool full = find_option(options, "ret") == "full";
    r.value = TString(full ? path : std::string(key), false);
    return r;
  }
};

}  // namespace

std::unique_ptr<Driver> make_dsearch() { return std::make_unique<Dsearch>(); }

}  // namespace corvid::lookup
