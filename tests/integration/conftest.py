"""Shared fixtures for Corvid's integration tests.

Every test here drives the real `corvid` binary (CORVID_BIN, default
build/corvid) and, where a test compares behaviour, the real Exim 4.96
(`exim4` on PATH) as the reference. Nothing is stored of Exim's output:
comparisons are made live. Everything a test writes goes under pytest's
temporary directories; nothing touches the machine's DNS resolver, spool
or logs.

Fixtures:
  corvid_bin        path of the binary under test (fails clearly if absent)
  exim_bin          path of exim4, or the test is skipped with the reason
  write_config      writes a config text into the test's tmp dir, returns
                    its path
  run_corvid        run_corvid(args, input=None, config_text=None)
                    -> (rc, stdout, stderr)
  run_exim          the same for exim4
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 60

# Per-file counts that the differential tests report at the end of a run
# (filled by tests through record_match_count()).
_match_counts = []


def record_match_count(name, matched, total):
    """Remembers "matched of total" for the summary printed after the run."""
    _match_counts.append((name, matched, total))


def assert_lines_match(name, want, got):
    """Compares Exim's lines (`want`) with Corvid's (`got`) position by
    position, records the count for the summary, and fails listing every
    line that differs."""
    total = max(len(want), len(got))
    pad = ["<nothing>"] * total
    diffs = [(w, g) for w, g in zip(list(want) + pad, list(got) + pad) if w != g]
    record_match_count(name, total - len(diffs), total)
    if diffs:
        lines = [f"{len(diffs)} lines differ from Exim in {name}:"]
        for w, g in diffs:
            lines.append(f"  exim:   {w!r}")
            lines.append(f"  corvid: {g!r}")
        pytest.fail("\n".join(lines), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if not _match_counts:
        return
    terminalreporter.section("Corvid vs Exim: matching results")
    all_matched = all_total = 0
    for name, matched, total in _match_counts:
        terminalreporter.write_line(f"{name:40} {matched:5} / {total:5}")
        all_matched += matched
        all_total += total
    terminalreporter.write_line(f"{'total':40} {all_matched:5} / {all_total:5}")


def _corvid_path():
    return Path(os.environ.get("CORVID_BIN", REPO / "build" / "corvid"))


def run_binary(binary, args, input=None, config_path=None, timeout=DEFAULT_TIMEOUT, cwd=None):
    """Runs `binary` with `args` (and `-C config_path` first when given).

    Returns (returncode, stdout, stderr) as text, decoded without newline
    translation (a result may hold a lone CR) and with undecodable bytes
    kept as surrogate escapes. A run that outlives `timeout` fails the test
    rather than hanging the suite.
    """
    argv = [str(binary)]
    if config_path is not None:
        argv += ["-C", str(config_path)]
    argv += [str(a) for a in args]
    try:
        proc = subprocess.run(
            argv,
            input=input.encode("utf-8", "surrogateescape") if isinstance(input, str) else input,
            capture_output=True,
            timeout=timeout,
            cwd=cwd,
            env=_clean_env(),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(argv[:4])} ... did not finish within {timeout}s")
    return proc.returncode, _text(proc.stdout), _text(proc.stderr)


def run_mta(binary, conf, args, text=""):
    """Runs an MTA (corvid or exim4) as a side-by-side test runs it: -C
    `conf`, `args`, `text` on standard input, the fixed environment of
    both. Returns the CompletedProcess (bytes)."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    return subprocess.run([str(binary), "-C", str(conf), *args], input=text.encode(),
                          capture_output=True, timeout=120, env=env)


def mta_root(base, who, config, dirs=("spool",)):
    """One MTA's directory in a side-by-side test: base/who with `dirs`,
    all world-writable (Exim drops to its own user), and its configuration
    (@ROOT@ replaced by the directory) as base/who/mta.conf. Returns
    (root, conf)."""
    root = base / who
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o777)
    for d in dirs:
        (root / d).mkdir(parents=True, exist_ok=True)
        os.chmod(root / d, 0o777)
    conf = root / "mta.conf"
    conf.write_text(config.replace("@ROOT@", str(root)))
    os.chmod(conf, 0o644)
    return root, conf


def _text(data):
    return data.decode("utf-8", "surrogateescape")


def _clean_env():
    # A fixed, small environment so that ${env{}} and locale-dependent
    # behaviour are the same for both programs and on every machine.
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    env["CORVID_TEST_ENV"] = "present"
    return env


@pytest.fixture(scope="session")
def corvid_bin():
    path = _corvid_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"corvid binary not found at {path} (build it with `make build` or set CORVID_BIN)")
    return path


@pytest.fixture(scope="session")
def exim_bin():
    path = shutil.which("exim4", path="/usr/sbin:/usr/bin:/sbin:/bin:" + os.environ.get("PATH", ""))
    if path is None:
        pytest.skip("exim4 is not installed (scripts/install-deps installs exim4-daemon-heavy): "
                    "no reference to compare with")
    if os.geteuid() != 0:
        pytest.skip("exim4 -C <file> keeps the privileges these tests need only when run as root")
    return Path(path)


@pytest.fixture
def write_config(tmp_path):
    """write_config(text, name="test.conf") -> Path of the written file."""

    def write(text, name="test.conf"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return write


@pytest.fixture
def run_corvid(corvid_bin, write_config):
    """run_corvid(args, input=None, config_text=None) -> (rc, stdout, stderr)."""

    def run(args, input=None, config_text=None, timeout=DEFAULT_TIMEOUT):
        config_path = write_config(config_text, "corvid.conf") if config_text is not None else None
        return run_binary(corvid_bin, args, input=input, config_path=config_path, timeout=timeout)

    return run


@pytest.fixture
def run_exim(exim_bin, write_config):
    """run_exim(args, input=None, config_text=None) -> (rc, stdout, stderr)."""

    def run(args, input=None, config_text=None, timeout=DEFAULT_TIMEOUT):
        config_path = write_config(config_text, "exim.conf") if config_text is not None else None
        return run_binary(exim_bin, args, input=input, config_path=config_path, timeout=timeout)

    return run


def free_port():
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=10):
    """Waits until something accepts on 127.0.0.1:port, failing clearly if
    `proc` dies first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"process exited early: {proc.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def stop_process(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def corvid_daemon(corvid_bin, config_text, interfaces=None):
    """Runs `corvid -bdf` on a free loopback port with `config_text` (in
    which {root} is the daemon's own temporary directory) and yields a dict:
    port, root, config, proc (a test that restarts the daemon replaces proc),
    procs (extra processes to stop at the end, e.g. a proxy in front)."""
    root = Path(tempfile.mkdtemp(prefix="corvid-daemon-"))
    os.chmod(root, 0o777)  # exim4, running as its own user, may read it
    config = root / "corvid.conf"
    config.write_text(config_text.format(root=root))
    port = free_port()
    listen = interfaces.format(port=port) if interfaces else f"127.0.0.1.{port}"
    proc = subprocess.Popen([str(corvid_bin), "-C", str(config), "-bdf", "-oX", listen],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    state = {"port": port, "root": root, "config": config, "proc": proc, "procs": []}
    try:
        wait_for_port(port, proc)
        yield state
    finally:
        for p in [state["proc"]] + state["procs"]:
            stop_process(p)
        shutil.rmtree(root, ignore_errors=True)
