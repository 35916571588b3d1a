// Expansion benchmark, in-process half: compiles one expansion string once
// and evaluates it N times against a Context that knows one named host
// list, then prints the rate. bench/run runs the same string through
// `corvid -be` and `exim4 -be` for the whole-process comparison.
//
//   expand_bench N STRING_FILE HOSTLIST_NAME HOSTLIST_FILE
//
// STRING_FILE holds the expansion string (first line); HOSTLIST_FILE the
// text of the named host list. Output, one line:
//   evaluations=N seconds=S per_second=R result=<expansion result>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "expand/expansion.hpp"

namespace {

using corvid::TString;
using corvid::expand::Context;
using corvid::expand::VarStatus;
namespace lists = corvid::lists;

class BenchContext : public Context {
 public:
  BenchContext(std::string name, std::string text) {
    list_.kind = lists::Kind::host;
    list_.name = std::move(name);
    list_.text = std::move(text);
  }
  VarStatus variable(std::string_view name, TString& out) const override {
    if (name == "primary_hostname") {
      out = TString("bench.example.com");
      return VarStatus::found;
    }
    return VarStatus::unknown;
  }
  const lists::NamedList* named_list(lists::Kind kind, std::string_view name) const override {
    return (kind == list_.kind && name == list_.name) ? &list_ : nullptr;
  }
  std::string primary_hostname() const override { return "bench.example.com"; }
  // As the real contexts (config::ConfigContext, a session) do, named-list
  // results are remembered, so a list without '$' is matched once per value.
  lists::NamedListCache* named_list_cache() const override { return &cache_; }

 private:
  lists::NamedList list_;
  mutable lists::NamedListCache cache_;
};

bool read_file(const char* path, std::string& out, bool first_line_only) {
  std::ifstream in(path);
  if (!in) {
    return false;
  }
  if (first_line_only) {
    return static_cast<bool>(std::getline(in, out));
  }
  std::ostringstream all;
  all << in.rdbuf();
  out = all.str();
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: expand_bench N STRING_FILE HOSTLIST_NAME HOSTLIST_FILE\n";
    return 2;
  }
  long n = std::strtol(argv[1], nullptr, 10);
  std::string text, hostlist;
  if (n <= 0 || !read_file(argv[2], text, true) || !read_file(argv[4], hostlist, false)) {
    std::cerr << "expand_bench: bad count or unreadable file\n";
    return 2;
  }
  BenchContext ctx(argv[3], hostlist);
  corvid::expand::Expansion compiled = corvid::expand::compile(text);

  std::string last;
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) {
    corvid::expand::Result r = corvid::expand::expand(compiled, ctx);
    if (i == 0) {
      last = r.ok() ? r.value.text : "Failed: " + r.message;
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("evaluations=%ld seconds=%.6f per_second=%.0f result=%s\n", n, seconds,
              seconds > 0 ? n / seconds : 0.0, last.c_str());
  return 0;
}
