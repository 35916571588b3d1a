// Parsing and caching of lsearch-format files; see line_file.hpp.
#include "lookup/line_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lookup/file_cache.hpp"
#include "util/strings.hpp"

namespace corvid::lookup {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = util::to_lower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// Reads the key at the start of `line`; returns the index after it.
size_t read_key(std::string_view line, LineRecord& rec) {
  size_t i = 0;
  if (line[0] != '"') {
    while (i < line.size() && line[i] != ':' && !util::is_space(line[i])) {
      ++i;
    }
    rec.key.assign(line.substr(0, i));
    return i;
  }
  rec.quoted = true;
  for (i = 1; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      ++i;
      rec.key.push_back(interpret_escape(line, i));
      --i;
    } else {
      rec.key.push_back(line[i]);
    }
  }
  return i < line.size() ? i + 1 : i;
}

LineRecord start_record(std::string_view line) {
  LineRecord rec;
  size_t i = read_key(line, rec);
  rec.after_key.assign(util::trim_right(line.substr(i)));
  std::string_view rest = util::trim_left(line.substr(i));
  if (!rest.empty() && rest[0] == ':') {
    rest.remove_prefix(1);
  }
  rec.data.assign(util::trim(rest));
  return rec;
}

bool ends_record(std::string_view line) {
  return line.empty() || line[0] == '#' || util::trim(line).empty();
}

}  // namespace

char interpret_escape(std::string_view s, size_t& i) {
  char c = s[i++];
  if (c >= '0' && c <= '7') {
    int v = c - '0';
    for (int n = 0; n < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++n) {
      v = v * 8 + (s[i++] - '0');
    }
    return char(v);
  }
  switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    case 'x': {
      int v = 0;
      for (int n = 0; n < 2 && i < s.size() && hex_value(s[i]) >= 0; ++n) {
        v = v * 16 + hex_value(s[i++]);
      }
      return char(v);
    }
    default: return c;
  }
}

LineFile parse_line_file(std::string_view text) {
  LineFile file;
  bool open = false;  // a record may still take continuation lines
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (ends_record(line)) {
      open = false;
    } else if (util::is_space(line[0])) {
      if (open) {
        LineRecord& rec = file.records.back();
        std::string_view cont = util::trim(line);
        rec.data += ' ';
        rec.data.append(cont);
        rec.after_key += ' ';
        rec.after_key.append(cont);
      }
    } else {
      file.records.push_back(start_record(line));
      open = true;
    }
  }
  return file;
}

std::shared_ptr<const LineFile> load_line_file(const std::string& path, std::string_view driver,
                                               std::string& error) {
  static FileCache<LineFile> cache;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "failed to open " + path + " for linear search: " + std::strerror(errno);
    return nullptr;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    error = path + " is not a regular file (" + std::string(driver) + " lookup)";
    return nullptr;
  }
  auto file = cache.get(path, identity_of(st), [&]() -> std::shared_ptr<const LineFile> {
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
      text.append(buf, size_t(n));
    }
    if (n < 0) {
      error = "failed to read " + path + ": " + std::strerror(errno);
      return nullptr;
    }
    return std::make_shared<const LineFile>(parse_line_file(text));
  });
  ::close(fd);
  return file;
}

}  // namespace corvid::lookup
