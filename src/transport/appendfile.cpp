// appendfile, as Exim 4.96 writes:
//   mbox ("file"): "From <sender> <tod_bsdinbox>\n", the headers, a blank
//     line, the body with lines starting "From " written ">From ", and a
//     final empty line; appended under an fcntl lock, created 0600.
//   maildir ("directory" + maildir_format): the headers, a blank line and
//     the body in tmp/<time>.M<usec>P<pid>.<host>, renamed into new/; the
//     tmp, new and cur directories are created 0700 as needed.
// The file is fsynced before the delivery counts. A path that came from
// tainted data (the remote side) is refused, as in Exim.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "expand/expansion.hpp"
#include "transport/transport.hpp"

namespace corvid::transport {
namespace {

using Status = Result::Status;

Result defer(int error, std::string message) {
  Result r;
  r.status = Status::defer;
  r.error = error;
  r.message = std::move(message);
  return r;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string variable(const expand::Context& ctx, std::string_view name) {
  TString v;
  return ctx.variable(name, v) == expand::VarStatus::found ? v.text : std::string();
}

// The body with "From " at the start of a line written ">From ".
std::string escape_from(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  bool line_start = true;
  for (size_t i = 0; i < body.size(); ++i) {
    if (line_start && body.substr(i, 5) == "From ") out += '>';
    out += body[i];
    line_start = body[i] == '\n';
  }
  return out;
}

Result expand_path(const config::DriverInstance& t, std::string_view option,
                   const expand::Context& ctx, std::string& out) {
  const config::OptionValue* v = t.option(option);
  if (v == nullptr || !v->is_set) return defer(-1, std::string(option) + " is unset");
  if (!v->expansion) {
    out = v->text;
    return {};
  }
  expand::Result r = expand::expand(*v->expansion, ctx);
  if (!r.ok()) {
    return defer(-1, "Failed to expand \"" + v->text + "\" (" + std::string(option) +
                         " for " + t.name + " transport): " + r.message);
  }
  if (r.value.tainted) {
    return defer(-1, "Tainted '" + r.value.text + "' (file or directory name for " + t.name +
                         " transport) not permitted");
  }
  out = r.value.text;
  return {};
}

Result to_mbox(const config::DriverInstance& t, const Message& m, const route::Address& a,
               const expand::Context& ctx, const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return defer(errno, "failed to open " + path + ": " + std::strerror(errno));
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_SETLKW, &lock) != 0) {
    int e = errno;
    ::close(fd);
    return defer(e, "failed to lock " + path);
  }
  const std::string envelope_from = return_path(t, m, a, ctx);
  std::string sender = envelope_from.empty() ? "MAILER-DAEMON" : envelope_from;
  std::string error;
  std::optional<std::string> message = message_text(t, m, a, ctx, error, escape_from(m.body));
  if (!message) {
    ::close(fd);
    return defer(-1, error);
  }
  std::string text = "From " + sender + " " + variable(ctx, "tod_bsdinbox") + "\n" + *message +
                     "\n";
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int e = errno;
  ::close(fd);  // releases the lock
  if (!ok) return defer(e, "error writing " + path + ": " + std::strerror(e));
  Result done;
  done.size = text.size();
  return done;
}

// Creates `path` and any missing parents (create_directory, Exim's
// default), 0700.
bool make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST) return true;
  if (errno != ENOENT) return false;
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return false;
  return make_dir(path.substr(0, slash)) && (::mkdir(path.c_str(), 0700) == 0 || errno == EEXIST);
}

Result to_maildir(const config::DriverInstance& t, const Message& m, const route::Address& a,
                  const expand::Context& ctx, const std::string& dir) {
  for (const std::string& d : {dir, dir + "/tmp", dir + "/new", dir + "/cur"}) {
    if (!make_dir(d)) return defer(errno, "failed to create " + d + ": " + std::strerror(errno));
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  std::string name = std::to_string(us / 1000000) + ".M" + std::to_string(us % 1000000) + "P" +
                     std::to_string(::getpid()) + "." + variable(ctx, "primary_hostname");
  std::string tmp = dir + "/tmp/" + name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return defer(errno, "failed to create " + tmp + ": " + std::strerror(errno));
  std::string error;
  std::optional<std::string> message = message_text(t, m, a, ctx, error);
  if (!message) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return defer(-1, error);
  }
  const std::string& text = *message;
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int e = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), (dir + "/new/" + name).c_str()) != 0) {
    if (ok) e = errno;
    ::unlink(tmp.c_str());
    return defer(e, "error writing " + tmp + ": " + std::strerror(e));
  }
  int dfd = ::open((dir + "/new").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  Result done;
  done.size = text.size();
  return done;
}

}  // namespace

Result appendfile(const config::DriverInstance& t, const Message& m, const route::Address& a,
                  const expand::Context& ctx, const std::string* given) {
  if (given != nullptr && !t.option("file")->configured &&
      !(t.option("directory") && t.option("directory")->configured)) {
    return to_mbox(t, m, a, ctx, *given);
  }
  std::string path;
  const config::OptionValue* dir = t.option("directory");
  if (dir != nullptr && dir->is_set) {
    Result r = expand_path(t, "directory", ctx, path);
    if (r.status != Status::ok) return r;
    if (!t.bool_option("maildir_format").value_or(false)) {
      return defer(-1, "directory delivery without maildir_format is not yet supported");
    }
    return to_maildir(t, m, a, ctx, path);
  }
  Result r = expand_path(t, "file", ctx, path);
  if (r.status != Status::ok) return r;
  return to_mbox(t, m, a, ctx, path);
}

}  // namespace corvid::transport
