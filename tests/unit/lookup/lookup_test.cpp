// Lookup drivers and run(): file formats, partial / "*" / "*@" defaults,
// options and error texts, as exim4 -be (4.96) gives them.
#include "lookup/lookup.hpp"

#include <cdb.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <lmdb.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lookup/line_file.hpp"
#include "test_dir.hpp"

namespace corvid::lookup {
namespace {

using corvid::testing::TempDir;

// "F:<error>" for defer, "-" for not found, else the value.
std::string look(const std::string& type, const std::string& key, const std::string& file) {
  std::string error;
  auto spec = parse_spec(type, error);
  if (!spec) {
    return "E:" + error;
  }
  Result r = run(*spec, key, file);
  if (r.status == Status::defer) {
    return "F:" + r.error;
  }
  EXPECT_FALSE(r.value.tainted);
  return r.status == Status::found ? r.value.text : "-";
}

struct Case {
  const char* type;
  const char* key;
  const char* want;
};

const char* kLsearch =
    "a: 1\n"
    "B  2\n"
    " \"q k\" : 3\n"
    "\"x\\\"y\": 4\n"
    "# c\n"
    "c:\n"
    "  cont1\n"
    "  cont1b\n"
    "#x\n"
    "  cont2\n"
    "d :: e\n"
    "e: x  \t \n"
    "   y  \n"
    "f\n"
    "\"h\\x41\\tz\":5\n"
    "i:::\n"
    "w: 1\n"
    "\n"
    "  2\n"
    "*: star\n"
    "*@x.com: atx\n"
    "*.p.com: pp\n";

TEST(Lsearch, FileFormat) {
  TempDir dir;
  std::string f = dir.write("f", kLsearch);
  const Case cases[] = {
      {"lsearch", "a", "1"},
      {"lsearch", "A", "1"},              // keys are caseless
      {"lsearch", "b", "2 \"q k\" : 3"},  // an indented line continues
      {"lsearch", "q k", "-"},
      {"lsearch", "x\"y", "4"},
      {"lsearch", "c", " cont1 cont1b"},  // '#' line ends the record
      {"lsearch", "cont2", "-"},
      {"lsearch", "d", ": e"},
      {"lsearch", "e", "x y"},
      {"lsearch", "f", ""},
      {"lsearch", "hA\tz", "5"},
      {"lsearch", "i", "::"},
      {"lsearch", "w", "1"},              // blank line ends the record
      {"lsearch", "zz", "-"},
      {"lsearch", "", "-"},               // empty key never matches
      {"lsearch*", "zz", "star"},
      {"lsearch*x", "zz", "star"},        // Exim ignores what follows '*'
      {"lsearch*@", "u@x.com", "atx"},
      {"lsearch*@", "u@y.com", "star"},
      {"lsearch", "u@x.com", "-"},
      {"partial-lsearch", "a.b.p.com", "pp"},
      {"partial-lsearch", "p.com", "pp"},
      {"partial1-lsearch", "p.com", "pp"},
      {"partial3-lsearch", "a.p.com", "-"},  // *.p.com has only 2 parts
      {"partial3-lsearch", "p.com", "-"},
      {"partial0-lsearch", "zz", "star"},  // final lookup for "*"
      {"lsearch,ret=key", "A", "A"},
      {"partial-lsearch,ret=key", "p.com", "p.com"},
      {"lsearch*,ret=key", "zz", "zz"},
      {"lsearch,foo=bar", "a", "1"},
      {"nosuch", "a", "E:unknown lookup type \"nosuch\""},
      {"partial-nosuch", "a", "E:unknown lookup type \"nosuch\""},
      {"partialx-lsearch", "a", "E:format error in lookup type \"partialx-lsearch\""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(look(c.type, c.key, f), c.want) << c.type << " " << c.key;
  }
}

TEST(Lsearch, PartialAffixes) {
  TempDir dir;
  std::string f = dir.write("f", ".b.c: dot\nc: bare\n.: lone\n");
  EXPECT_EQ(look("partial(.)lsearch", "a.b.c", f), "dot");
  EXPECT_EQ(look("partial1()lsearch", "x.c", f), "bare");
  EXPECT_EQ(look("partial0(.)lsearch", "q", f), "lone");
  std::string error;
  EXPECT_FALSE(parse_spec("partial(a)lsearch", error));
}

TEST(Lsearch, Errors) {
  TempDir dir;
  EXPECT_EQ(look("lsearch", "k", dir.path() + "/none"),
            "F:failed to open " + dir.path() + "/none for linear search: No such file or directory");
  EXPECT_EQ(look("lsearch", "k", dir.path()),
            "F:" + dir.path() + " is not a regular file (lsearch lookup)");
}

TEST(Lsearch, ReloadsChangedFile) {
  TempDir dir;
  std::string f = dir.write("f", "a: 1\n");
  EXPECT_EQ(look("lsearch", "a", f), "1");
  dir.write("f", "a: 22\n");  // size changes, so the cache sees it
  EXPECT_EQ(look("lsearch", "a", f), "22");
}

TEST(Iplsearch, Keys) {
  TempDir dir;
  std::string f = dir.write("ip",
                            "1.2.3.4: one\n10.0.0.0/8 ten\n\"2001:db8::/32\": v6net\n"
                            "\"::1\" lo6\nbad.key: x\n5.6.7.8\n");
  const Case cases[] = {
      {"iplsearch", "1.2.3.4", "one"},
      {"iplsearch", "10.9.9.9", "ten"},
      {"iplsearch", "2001:db8::5", "v6net"},
      {"iplsearch", "0:0:0:0:0:0:0:1", "lo6"},
      {"iplsearch", "::ffff:10.1.1.1", "ten"},
      {"iplsearch", "5.6.7.8", ""},
      {"iplsearch", "1.2.3.5", "-"},
      {"iplsearch,ret=full", "1.2.3.4", "1.2.3.4: one"},
      {"iplsearch,ret=full", "10.9.9.9", "10.0.0.0/8 ten"},
      {"iplsearch,ret=full", "2001:db8::5", "2001:db8::/32: v6net"},
      {"iplsearch,ret=full", "::1", "::1 lo6"},
      {"iplsearch", "bad.key",
       "F:lookup of \"bad.key\" gave DEFER: \"bad.key\" is not a valid iplsearch key (an IP "
       "address, with optional CIDR mask, is wanted): in a host list, "
       "use net-iplsearch as the search type"},
      {"iplsearch", "1.2.3.0/24",
       "F:lookup of \"1.2.3.0/24\" gave DEFER: \"1.2.3.0/24\" is not a valid iplsearch key (an "
       "IP address, with optional CIDR mask, is wanted): in a host list, "
       "use net-iplsearch as the search type"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(look(c.type, c.key, f), c.want) << c.type << " " << c.key;
  }
  // The file is opened before the key is looked at: no prefix then.
  EXPECT_EQ(look("iplsearch", "bad", dir.path() + "/none"),
            "F:failed to open " + dir.path() +
                "/none for linear search: No such file or directory");
}

TEST(Wildlsearch, Patterns) {
  TempDir dir;
  std::string inner = dir.write("inner", "nested.key: x\n");
  std::string f = dir.write("w",
                            "*.a.b: star\n"
                            "^\\d+\\.x$ : re\n"
                            "^(?-i)CS$: cs\n"
                            "\"^q\\\\d:\": quoted\n"
                            "lsearch;" + inner + ": nested\n"
                            "*fish : fish\n"
                            "Lit.Key: lit\n");
  const std::pair<const char*, const char*> cases[] = {
      {"q.a.b", "star"},  {"12.x", "re"},       {"cs", "-"},      {"CS", "cs"},
      {"q1:", "quoted"},  {"NESTED.KEY", "nested"}, {"goldfish", "fish"}, {"LIT.KEY", "lit"},
      {"other", "-"},
  };
  for (const auto& [key, want] : cases) {
    EXPECT_EQ(look("nwildlsearch", key, f), want) << key;
  }
  // wildlsearch expands keys: an unprotected '$' fails, \N...\N protects.
  EXPECT_EQ(look("wildlsearch", "q.a.b", f), "star");
  EXPECT_EQ(look("wildlsearch", "12.x", f).substr(0, 20), "F:failed to expand \"");
  std::string g = dir.write("g", "^\\N\\d+\\.x$\\N : re\n");
  EXPECT_EQ(look("wildlsearch", "12.x", g), "re");
  set_key_expander([](std::string_view in, std::string& out, std::string&) {
    out = std::string(in) == "$k" ? "expanded" : std::string(in);
    return true;
  });
  std::string h = dir.write("h", "$k: viahook\n");
  EXPECT_EQ(look("wildlsearch", "EXPANDED", h), "viahook");
  set_key_expander(nullptr);
}

TEST(Dsearch, Entries) {
  TempDir dir;
  std::string d = dir.path() + "/dd";
  ::mkdir(d.c_str(), 0755);
  ::mkdir((d + "/sub").c_str(), 0755);
  dir.write("dd/file", "");
  ::symlink("file", (d + "/link").c_str());
  const Case cases[] = {
      {"dsearch", "file", "file"},
      {"dsearch,ret=full", "file", nullptr},
      {"dsearch,filter=file", "sub", "-"},
      {"dsearch,filter=dir", "sub", "sub"},
      {"dsearch,filter=subdir", ".", "-"},
      {"dsearch,filter=dir", ".", "."},
      {"dsearch,filter=file", "link", "-"},
      {"dsearch", "link", "link"},
      {"dsearch", "FILE", "-"},
      {"dsearch", "a/b",
       "F:lookup of \"a/b\" gave DEFER: key for dsearch lookup contains a slash: a/b"},
      {"partial-dsearch", "x.a/b",
       "F:lookup of \"x.a/b\" gave DEFER: key for dsearch lookup contains a slash: x.a/b"},
  };
  for (const auto& c : cases) {
    std::string want = c.want ? c.want : d + "/file";
    EXPECT_EQ(look(c.type, c.key, d), want) << c.type << " " << c.key;
  }
  EXPECT_EQ(look("dsearch", "x", d + "/file"),
            "F:failed to open " + d + "/file for directory search: Not a directory");
}

std::string make_cdb(const TempDir& dir) {
  std::string path = dir.path() + "/c.cdb";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  struct cdb_make cm;
  cdb_make_start(&cm, fd);
  cdb_make_add(&cm, "k", 1, "v", 1);
  cdb_make_add(&cm, "ab", 2, "", 0);
  cdb_make_finish(&cm);
  ::close(fd);
  return path;
}

TEST(Cdb, Lookups) {
  TempDir dir;
  std::string f = make_cdb(dir);
  EXPECT_EQ(look("cdb", "k", f), "v");
  EXPECT_EQ(look("cdb", "ab", f), "");
  EXPECT_EQ(look("cdb", "K", f), "-");  // case-sensitive
  EXPECT_EQ(look("cdb*", "zz", f), "-");
  std::string small = dir.write("small", "k:v\n");
  EXPECT_EQ(look("cdb", "k", small),
            "F:failed to open " + small + " too short for cdb lookup: No such file or directory");
  EXPECT_EQ(look("cdb", "k", dir.path()), "F:failed to open cannot read header from " +
                                              dir.path() + " for cdb lookup: Is a directory");
  EXPECT_EQ(look("cdb", "k", dir.path() + "/none"),
            "F:failed to open " + dir.path() + "/none for cdb lookup: No such file or directory");
}

TEST(Json, Selectors) {
  TempDir dir;
  std::string f = dir.write(
      "j.json",
      R"({"a":{"b":[10,"two",{"c":true}]},"s":"str","r":1.5,"n":null,"f":false,"x:y":1})");
  const Case cases[] = {
      {"json", "s", "str"},
      {"json", "a:b:0", "10"},
      {"json", "a:b:1", "two"},
      {"json", "a:b:2", "{\"c\":true}"},
      {"json", "a:b:2:c", "true"},
      {"json", "a:b", "[10,\"two\",{\"c\":true}]"},
      {"json", "r", "1.500000"},
      {"json", "f", "false"},
      {"json", "n", "-"},
      {"json", "a:b:9", "-"},
      {"json", "a:x", "-"},
      {"json", "s:0", "-"},
      {"json", "x::y", "1"},
      {"json", "<; a;b;1", "two"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(look(c.type, c.key, f), c.want) << c.key;
  }
  std::string bad = dir.write("bad.json", "{");
  EXPECT_EQ(look("json", "a", bad).substr(0, 15), "F:json error in");
}

TEST(Lmdb, Lookups) {
  TempDir dir;
  std::string path = dir.path() + "/db.mdb";
  MDB_env* env;
  ASSERT_EQ(mdb_env_create(&env), 0);
  ASSERT_EQ(mdb_env_open(env, path.c_str(), MDB_NOSUBDIR, 0644), 0);
  MDB_txn* txn;
  MDB_dbi dbi;
  ASSERT_EQ(mdb_txn_begin(env, nullptr, 0, &txn), 0);
  ASSERT_EQ(mdb_dbi_open(txn, nullptr, 0, &dbi), 0);
  MDB_val k{3, const_cast<char*>("key")}, v{5, const_cast<char*>("value")};
  ASSERT_EQ(mdb_put(txn, dbi, &k, &v, 0), 0);
  ASSERT_EQ(mdb_txn_commit(txn), 0);
  mdb_env_close(env);
  EXPECT_EQ(look("lmdb", "key", path), "value");
  EXPECT_EQ(look("lmdb", "KEY", path), "-");
  EXPECT_EQ(look("lmdb*", "other", path), "-");
  EXPECT_EQ(look("lmdb", "key", dir.path() + "/none").substr(0, 33),
            "F:LMDB: unable to open environmen");
}

TEST(Registry, Options) {
  EXPECT_EQ(find_option("ret=full,filter=dir", "filter"), "dir");
  EXPECT_EQ(find_option("ret=full", "filter"), std::nullopt);
  ASSERT_NE(find_driver("lsearch"), nullptr);
  EXPECT_EQ(find_driver("lsearch")->quote("a\"b"), std::nullopt);  // unchanged by Exim
  EXPECT_EQ(find_driver("nope"), nullptr);
}

TEST(Run, DeferReasonKeepsDriverText) {
  TempDir dir;
  std::string error;
  auto spec = parse_spec("dsearch", error);
  ASSERT_TRUE(spec);
  Result r = run(*spec, "a/b", dir.path());
  EXPECT_EQ(r.reason, "key for dsearch lookup contains a slash: a/b");
  r = run(*spec, "a", dir.path() + "/none");
  EXPECT_EQ(r.reason, r.error);
}

// Lookup types Corvid registers but does not run: they parse as in Exim
// (single-key or query-style) and defer without touching the network.
TEST(Unsupported, ParseAndDefer) {
  const std::pair<const char*, bool> types[] = {
      {"dnsdb", false}, {"redis", false}, {"ldap", false}, {"ldapdn", false},
      {"ldapm", false}, {"mysql", false}, {"pgsql", false}, {"sqlite", false},
      {"passwd", false}, {"dbm", true},   {"dbmnz", true},  {"nis", true},
  };
  for (const auto& [name, single] : types) {
    ASSERT_NE(find_driver(name), nullptr) << name;
    EXPECT_EQ(find_driver(name)->single_key(), single) << name;
  }
  // dnsdb runs, but with no resolver installed every DNS query defers.
  EXPECT_EQ(look("dnsdb", "", "a=localhost"),
            "F:lookup of \"a=localhost\" gave DEFER: ");
  EXPECT_EQ(look("redis", "", "get k"),
            "F:lookup of \"get k\" gave DEFER: redis lookups are not yet supported by Corvid");
  EXPECT_EQ(look("partial-dnsdb", "", "x"),
            "E:\"partial\" is not permitted for lookup type \"dnsdb\"");
}

// ${quote_<type>[_opt]:} as exim4 -be prints it.
TEST(Quote, AsExim) {
  struct Q {
    const char* type;
    std::optional<std::string_view> option;
    const char* in;
    std::optional<std::string> want;  // nullopt: option unrecognized
  };
  const Q cases[] = {
      {"ldap", {}, "two * two", "two%20%5C2A%20two"},
      {"ldap", {}, "(a)\\b", "%5C28a%5C29%5C5Cb"},
      {"ldap", {}, "a'b\"c,i=j+l<m>;#%/:?&|!~@`$[]^_-.",
       "a'b%22c%2Ci%3Dj+l%3Cm%3E%3B%23%25%2F%3A%3F%26%7C!%7E%40%60$%5B%5D%5E_-."},
      {"ldap", {}, "\t\n\x7f\xc3", "%09%0A%7F%C3"},
      {"ldap", "dn", "cn=a,b", "cn%3Da%5C%2Cb"},
      {"ldap", "dn", " leading space", "%5C%20leading%20space"},
      {"ldap", "dn", "x  ", "x%5C%20%5C%20"},
      {"ldap", "dn", "#a#b", "%5C%23a%23b"},
      {"ldap", "dn", "a\"b\\c+d<e>f;g(h)*", "a%5C%22b%5C%5Cc%5C+d%5C%3Ce%5C%3Ef%5C%3Bg(h)*"},
      {"ldap", "dn", " ", "%5C%20"},
      {"ldapdn", "dn", "a,b c", "a%5C%2Cb%20c"},
      {"ldap", "x", "a", std::nullopt},
      {"ldap", "", "a", std::nullopt},
      {"ldap", "dn_x", "a", std::nullopt},
      {"mysql", {}, "a'b\"c\\d\n\t\r\b%_", "a\\'b\\\"c\\\\d\\n\\t\\r\\b%_"},
      {"pgsql", {}, "a'b\"c\\d\n", "a''b\\\"c\\\\d\\n"},
      {"sqlite", {}, "a'b\"c\\d", "a''b\"c\\d"},
      {"redis", {}, "a b\\c\td", "a\\ b\\\\c\\\td"},
      {"passwd", {}, "x'y", "x'y"},
      {"passwd", "x", "x", std::nullopt},
      {"dnsdb", {}, "a b", "a b"},
      {"lsearch", {}, "a:b", "a:b"},
      {"mysql", "x", "a", std::nullopt},
  };
  for (const auto& c : cases) {
    const Driver* d = find_driver(c.type);
    ASSERT_NE(d, nullptr) << c.type;
    EXPECT_EQ(d->quote(c.in, c.option), c.want) << c.type << " " << c.in;
  }
}

}  // namespace
}  // namespace corvid::lookup
