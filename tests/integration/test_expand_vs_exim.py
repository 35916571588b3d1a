"""Differential test of the expansion language: Corvid against Exim 4.96.

Each file of corpus/expand/ holds one expansion string per line (lines
starting with '#' and blank lines are ignored). For each file, both
programs run once in `-be` mode with every string as an argument and the
same configuration file; their results are compared string by string and
every difference is reported (string, Exim's result, Corvid's result).

Results may span several lines, so the strings are interleaved with
literal marker arguments: a marker has no '$' or '\\', expands to itself,
and is printed on a line of its own, which splits the output into one
block per string whatever the results contain.

Exim refuses a -be argument longer than 256 characters (it exits), so
every corpus string must stay within that after placeholders are replaced.

Placeholders in corpus strings, replaced before running:
  @DATA@   the directory of lookup data files this test writes

Differences that are understood and not yet fixed are listed, each with its
reason, in corpus/known_differences.txt ("<corpus file>: <string>"). The test
fails on any other difference, and also on a listed one that has started to
match, so the list only ever holds real, current gaps.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import record_match_count, run_binary

CORPUS = Path(__file__).parent / "corpus" / "expand"
MARKER = "=====CORVID-EXPAND-MARK-{:05d}====="
EXIM_ARG_LIMIT = 256

CONFIG_TEMPLATE = """\
# Shared by Exim and Corvid for the differential expansion test.
primary_hostname = mx.example.com
qualify_domain = example.com
qualify_recipient = example.net
spool_directory = @TMP@/spool
log_file_path = @TMP@/log/%slog
keep_environment = CORVID_TEST_ENV : PATH

TESTMACRO = macro-value

domainlist local_domains = example.com : example.org : *.example.net
domainlist relay_domains = lsearch;@DATA@/domains : +local_domains
hostlist   relay_hosts   = <; 127.0.0.1 ; 10.0.0.0/8 ; 192.168.1.0/24 ; ::1 ; 2001:db8::/32
hostlist   bad_hosts     = iplsearch;@DATA@/iplsearch
addresslist admins       = postmaster@example.com : *@admin.example.com : root@+local_domains
localpartlist reserved   = postmaster : abuse : ^hostmaster : root

begin acl

acl_args:
  accept message = narg=$acl_narg 1=$acl_arg1 2=$acl_arg2

acl_deny:
  deny   message = denied: $acl_arg1

acl_even:
  accept condition = ${if eq{${eval:$acl_arg1 % 2}}{0}}
         message = $acl_arg1 is even
  deny   message = $acl_arg1 is odd
"""

LSEARCH = """\
# lsearch test file
alice:     Alice Liddell
bob:       "Bob \\"the builder\\" Smith"
carol      carol@example.org
Dave:      dave data with trailing space
empty:
multi:     line one
  continued line two
quoted\\:key: after colon
"spaced key": spaced value
*:         star default
"""

WILDLSEARCH = """\
*.example.com:   wildcard example.com
*@example.org:   any local part at example.org
\\N^a.*z$\\N:      regex from a to z
exact.test:      exact
\\N^\\d+$\\N:       all digits
"""

IPLSEARCH = """\
192.168.1.0/24:   net 192.168.1
10.1.2.3:         host 10.1.2.3
2001:db8::/32:    ipv6 doc
"2001:db8:1::1":  ipv6 quoted host
0.0.0.0/0:        everything v4
"""

DOMAINS = """\
relay.example:     yes
partner.example:   yes
"""

JSON_DATA = {
    "name": "corvid",
    "version": 4.96,
    "list": [1, "two", {"three": 3}],
    "nested": {"a": {"b": "deep"}, "empty": ""},
    "flag": True,
    "nothing": None,
}

READFILE = "first line\nsecond line\nthird line\n"


def _write_data(data):
    data.mkdir()
    (data / "lsearch").write_text(LSEARCH)
    (data / "wildlsearch").write_text(WILDLSEARCH)
    (data / "iplsearch").write_text(IPLSEARCH)
    (data / "domains").write_text(DOMAINS)
    (data / "data.json").write_text(json.dumps(JSON_DATA))
    (data / "readfile.txt").write_text(READFILE)
    (data / "empty").write_text("")
    dsearch = data / "dsearch"
    dsearch.mkdir()
    for name in ("alpha", "beta", "Gamma", "with.dot"):
        (dsearch / name).write_text(name + "\n")
    (dsearch / "subdir").mkdir()
    cdb = shutil.which("cdb")
    if cdb is not None:
        # tinycdb's `cdb -c` reads "+klen,dlen:key->data" records.
        records = [("alice", "Alice from cdb"), ("bob", "Bob from cdb"), ("*", "cdb default")]
        text = "".join(f"+{len(k)},{len(v)}:{k}->{v}\n" for k, v in records) + "\n"
        subprocess.run([cdb, "-c", str(data / "data.cdb")], input=text.encode(), check=True)


@pytest.fixture(scope="module")
def expand_env(tmp_path_factory):
    """The data directory and the configuration both programs share."""
    root = tmp_path_factory.mktemp("expand")
    data = root / "data"
    _write_data(data)
    (root / "spool").mkdir()
    (root / "log").mkdir()
    config = root / "expand.conf"
    config.write_text(CONFIG_TEMPLATE.replace("@DATA@", str(data)).replace("@TMP@", str(root)))
    return {"root": root, "data": data, "config": config}


def load_corpus(path):
    strings = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        strings.append(line)
    return strings


def needs_cdb(strings):
    return any("@DATA@/data.cdb" in s for s in strings)


def run_many(binary, config, strings, cwd):
    """One run of `binary -C config -be` over all `strings`.

    Returns (results, rc, stderr): one result text per string, or None
    for strings after the point where the output stopped.
    """
    args = ["-be"]
    for i, s in enumerate(strings):
        args += [s, MARKER.format(i)]
    rc, out, err = run_binary(binary, args, config_path=config, timeout=120, cwd=cwd)
    results = [None] * len(strings)
    block = []
    index = 0
    for line in out.split("\n"):
        if index < len(strings) and line == MARKER.format(index):
            results[index] = "\n".join(block)
            block = []
            index += 1
        else:
            block.append(line)
    return results, rc, err


CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
KNOWN_DIFFERENCES = Path(__file__).parent / "corpus" / "known_differences.txt"


def load_known_differences():
    """{(corpus file name, string)} from known_differences.txt."""
    known = set()
    if not KNOWN_DIFFERENCES.exists():
        return known
    for line in KNOWN_DIFFERENCES.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, string = line.partition(": ")
        known.add((name, string))
    return known


@pytest.mark.parametrize("corpus_file", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_expansion_matches_exim(corpus_file, corvid_bin, exim_bin, expand_env):
    strings = load_corpus(corpus_file)
    if needs_cdb(strings) and not (expand_env["data"] / "data.cdb").exists():
        pytest.skip("the `cdb` tool (Debian tinycdb) is needed to build the cdb test file")
    data = str(expand_env["data"])
    strings = [s.replace("@DATA@", data) for s in strings]
    too_long = [s for s in strings if len(s) > EXIM_ARG_LIMIT]
    assert not too_long, f"exim4 -be refuses arguments over {EXIM_ARG_LIMIT} characters: {too_long}"
    config = expand_env["config"]
    cwd = expand_env["root"]

    exim_results, exim_rc, exim_err = run_many(exim_bin, config, strings, cwd)
    if exim_results.count(None) == len(strings):
        pytest.fail(f"exim4 produced no usable output (rc={exim_rc}):\n{exim_err}")
    corvid_results, corvid_rc, corvid_err = run_many(corvid_bin, config, strings, cwd)

    known = load_known_differences()
    raw_strings = load_corpus(corpus_file)
    mismatches = []
    fixed = []
    differing = 0
    for raw, s, want, got in zip(raw_strings, strings, exim_results, corvid_results):
        is_known = (corpus_file.name, raw) in known
        if want != got:
            differing += 1
            if not is_known:
                mismatches.append((s, want, got))
        elif is_known:
            fixed.append(raw)
    matched = len(strings) - differing
    record_match_count(f"expand/{corpus_file.name}", matched, len(strings))

    if fixed:
        pytest.fail("These now match Exim: remove them from "
                    f"{KNOWN_DIFFERENCES.name}:\n" +
                    "\n".join(f"{corpus_file.name}: {r}" for r in fixed), pytrace=False)
    if mismatches:
        lines = [f"{len(mismatches)} of {len(strings)} expansions differ from Exim "
                 f"({matched} match, {differing - len(mismatches)} known differences) "
                 f"in {corpus_file.name}:"]
        for s, want, got in mismatches:
            lines.append(f"  string: {s}")
            lines.append(f"    exim:   {_show(want)}")
            lines.append(f"    corvid: {_show(got)}")
        if corvid_rc != exim_rc:
            lines.append(f"exit status: exim {exim_rc}, corvid {corvid_rc}")
        if corvid_err.strip():
            lines.append("corvid stderr:\n" + corvid_err[-4000:])
        pytest.fail("\n".join(lines), pytrace=False)


def _show(result):
    if result is None:
        return "<no output: the run stopped before this string>"
    return repr(result)


def test_corpus_is_big_enough():
    """The corpus is the target: it must keep covering the language."""
    total = sum(len(load_corpus(p)) for p in CORPUS_FILES)
    assert total >= 600, f"only {total} expansion strings in {CORPUS}"


# Interactive (stdin) -be mode: each line is expanded and printed after a
# "> " prompt; a line ending in a backslash continues on the next one
# (leading white space of the continuation dropped); lines starting with an
# upper-case letter define or use -be macros.
STDIN_LINES = [
    "${lc:ABC}",
    "a\\nb",
    "continued \\",
    "   line ${uc:x}",
    "",
    "# not a comment here",
    "STDINMACRO=from stdin",
    "STDINMACRO and ${lc:STDINMACRO}",
    "${if eq{a}{b}{y}fail}",
    "${lc:",
    "$primary_hostname",
    "${lookup{alice}lsearch{@DATA@/lsearch}}",
    "${readfile{@DATA@/readfile.txt}}",
    "last line",
]


def test_stdin_mode_matches_exim(corvid_bin, exim_bin, expand_env):
    data = str(expand_env["data"])
    text = "".join(line.replace("@DATA@", data) + "\n" for line in STDIN_LINES)
    config = expand_env["config"]
    cwd = expand_env["root"]
    _, want, _ = run_binary(exim_bin, ["-be"], input=text, config_path=config, cwd=cwd)
    _, got, err = run_binary(corvid_bin, ["-be"], input=text, config_path=config, cwd=cwd)
    if got != want:
        diff = "\n".join(f"  exim:   {w!r}\n  corvid: {g!r}" for w, g in
                         zip(want.split("\n"), got.split("\n")) if w != g)
        pytest.fail(f"-be on stdin differs from Exim:\n{diff}\ncorvid stderr:\n{err[-2000:]}",
                    pytrace=False)
