"""Configuration errors are reported the way Exim reports them.

Each bad configuration must make `corvid -C file -bV` exit 1 with a
message naming the file, the line and the problem. Where exim4 is
installed, the problem text is taken live from `exim4 -C file -bV` and
Corvid's stderr must contain the same line (nothing of Exim's output is
stored here). Good configurations must load: the embedded default, and
a realistic hand-written Exim-style one (which Exim must accept too).
"""

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_binary

CONFIGS = Path(__file__).parent / "configs"

# name: (config text, line Exim names or None, words Corvid's message must hold)
# @DIR@ is replaced by the test's temporary directory.
BAD_CONFIGS = {
    "unknown_main_option": (
        "primary_hostname = a.example\nno_such_option = 1\n",
        2, ["no_such_option"]),
    "bad_bool_value": (
        "primary_hostname = a.example\nsplit_spool_directory = maybe\n",
        2, ["split_spool_directory", "maybe"]),
    "bad_int_value": (
        "primary_hostname = a.example\nsmtp_accept_max = lots\n",
        2, ["smtp_accept_max"]),
    "bad_time_value": (
        "primary_hostname = a.example\nauto_thaw = 3x\n",
        2, ["auto_thaw"]),
    "unterminated_ifdef": (
        "primary_hostname = a.example\n.ifdef SOME_MACRO\nqualify_domain = x.example\n",
        3, [".endif"]),
    "stray_endif": (
        "primary_hostname = a.example\n.endif\n",
        2, [".endif"]),
    "unknown_begin_section": (
        "primary_hostname = a.example\nbegin nosuchsection\n",
        2, ["nosuchsection"]),
    "driver_missing": (
        "primary_hostname = a.example\nbegin routers\nr1:\n  domains = a.example\n",
        None, ["r1", "driver"]),
    "missing_include": (
        "primary_hostname = a.example\n.include @DIR@/missing.inc\n",
        2, ["missing.inc"]),
    "error_inside_include": (
        "primary_hostname = a.example\n.include @DIR@/bad.inc\n",
        3, ["bogus_included_option"]),
    "unknown_router_option": (
        "begin routers\nr1:\n  driver = accept\n  no_such_router_option = 1\n",
        4, ["no_such_router_option"]),
    "unknown_driver": (
        "begin transports\nt1:\n  driver = no_such_driver\n",
        3, ["no_such_driver"]),
    "malformed_macro_in_main": (
        "primary_hostname = a.example\nFoo bar\n",
        2, ["malformed macro definition"]),
    "capitalised_acl_verb": (
        "acl_smtp_rcpt = r\nbegin acl\nr:\n  Accept hosts = *\n",
        4, ["unknown ACL verb", "Accept"]),
    "unknown_acl_condition": (
        "acl_smtp_rcpt = r\nbegin acl\nr:\n  accept nosuchcondition = 1\n",
        4, ["nosuchcondition"]),
}

INCLUDED_BAD = "# included\n\nbogus_included_option = 1\n"

HEADER = re.compile(r"configuration error in line (\d+) of (\S+):")


def _write_bad(tmp_path, name):
    text, line, words = BAD_CONFIGS[name]
    (tmp_path / "bad.inc").write_text(INCLUDED_BAD)
    path = tmp_path / f"{name}.conf"
    path.write_text(text.replace("@DIR@", str(tmp_path)))
    return path, line, words


def _exim_problem(exim, path):
    """Exim's (file, line, problem) for a config it refuses, live."""
    rc, _, err = run_binary(exim, ["-bV"], config_path=path)
    assert rc == 1, f"exim4 accepted a config this test thinks is bad:\n{err}"
    lines = [l for l in err.splitlines() if "Warning: purging the environment" not in l
             and "Suggested action" not in l]
    for i, l in enumerate(lines):
        if "configuration error" in l and i + 1 < len(lines):
            m = HEADER.search(l)
            file, line = (m.group(2), int(m.group(1))) if m else (None, None)
            return file, line, lines[i + 1].strip()
    pytest.fail(f"cannot read exim4's error message:\n{err}")


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_is_refused_with_file_line_and_problem(name, tmp_path, corvid_bin):
    path, line, words = _write_bad(tmp_path, name)
    rc, out, err = run_binary(corvid_bin, ["-bV"], config_path=path)
    assert rc == 1, f"corvid exit status {rc} (want 1)\nstdout:\n{out}\nstderr:\n{err}"
    for w in words:
        assert w in err, f"corvid's message does not mention {w!r}:\n{err}"
    if line is not None:
        m = HEADER.search(err)
        assert m, f"no 'configuration error in line N of FILE:' in corvid's stderr:\n{err}"
        want_file = tmp_path / "bad.inc" if name == "error_inside_include" else path
        assert int(m.group(1)) == line, err
        assert m.group(2) == str(want_file), err


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_message_matches_exim(name, tmp_path, corvid_bin, exim_bin):
    path, line, _ = _write_bad(tmp_path, name)
    exim_file, exim_line, problem = _exim_problem(exim_bin, path)
    assert exim_line == line, f"exim4 names line {exim_line}, this test expects {line}"
    rc, _, err = run_binary(corvid_bin, ["-bV"], config_path=path)
    assert rc == 1
    assert problem in err, (f"corvid's message lacks Exim's problem line\n"
                            f"  exim:   {problem}\n  corvid: {err.strip()}")
    if exim_file is not None:
        assert f"line {exim_line} of {exim_file}" in err, err


def test_embedded_default_configuration_loads(corvid_bin):
    if Path("/etc/corvid/configure").exists():
        pytest.skip("/etc/corvid/configure exists on this machine; the embedded default is not used")
    rc, out, err = run_binary(corvid_bin, ["-bV"])
    assert rc == 0, f"corvid -bV with the default configuration failed:\n{out}\n{err}"
    assert out.strip(), "corvid -bV printed nothing"


def _copy_exim_style(tmp_path):
    for f in CONFIGS.glob("exim_style*.conf"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / "exim_style.conf"


def test_exim_style_config_loads_in_corvid(tmp_path, corvid_bin):
    path = _copy_exim_style(tmp_path)
    rc, out, err = run_binary(corvid_bin, ["-bV"], config_path=path)
    assert rc == 0, f"corvid refused {path.name}:\n{err}"


def test_exim_style_config_loads_in_exim(tmp_path, exim_bin):
    path = _copy_exim_style(tmp_path)
    rc, _, err = run_binary(exim_bin, ["-bV"], config_path=path)
    assert rc == 0, f"exim4 refused {path.name} (the test config must be valid Exim):\n{err}"


def test_exim_style_config_macros_and_include_are_applied(tmp_path, corvid_bin):
    """-bP shows values that come from a macro, an .ifdef branch and the include."""
    path = _copy_exim_style(tmp_path)
    rc, out, err = run_binary(corvid_bin, ["-bP", "primary_hostname", "remote_max_parallel"],
                              config_path=path)
    assert rc == 0, err
    assert "primary_hostname = mx1.example.com" in out
    assert "remote_max_parallel = 4" in out


def test_command_line_macro_overrides_ifndef(tmp_path, corvid_bin):
    path = _copy_exim_style(tmp_path)
    rc, out, err = run_binary(corvid_bin, ["-DRELAY_NETS=203.0.113.0/24", "-bP", "+relay_from_hosts"], config_path=path)
    assert rc == 0, err
    assert "hostlist relay_from_hosts = <; 203.0.113.0/24 ; ::1" in out


def test_unsupported_options_are_named_not_ignored(tmp_path, corvid_bin):
    """An option Corvid recognises but does not implement yet is reported
    with its file and line by -bV, rather than silently ignored."""
    conf = tmp_path / "unsupported.conf"
    conf.write_text("primary_hostname = mx.example.com\n"
                    "tls_ocsp_file = /etc/ssl/ocsp.der\n")
    rc, out, err = run_binary(corvid_bin, ["-bV"], config_path=conf)
    assert rc == 0, err
    assert "not yet supported" in out
    assert f"{conf}:2 tls_ocsp_file" in out
    # A supported option is not listed.
    assert "primary_hostname" not in out.split("not yet supported", 1)[1]
