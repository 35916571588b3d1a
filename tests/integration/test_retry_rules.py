"""Retry rules: a host that refuses connections defers the address; a
plain queue run (-q) leaves it alone until its retry time, -qf tries it
again, and once the time since the first failure is past the last rule's
cutoff the address fails ("retry timeout exceeded") and the sender gets a
bounce (which, undeliverable here, is frozen; -qf leaves it alone and
-qff tries it again). Without any retry rules the first failure is final."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import free_port

CONFIG = """\
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = {root}/spool
log_file_path = {root}/spool/%slog
begin routers
closed:
  driver = manualroute
  domains = closed.example
  route_list = * 127.0.0.3::{port}
  transport = remote_smtp
begin transports
remote_smtp:
  driver = smtp
begin retry
{rules}
"""


def run(corvid_bin, conf, *args, text=None):
    return subprocess.run([str(corvid_bin), "-C", str(conf), *args], input=(text or "").encode(),
                          capture_output=True, timeout=60).returncode


def new_lines(log, seen):
    lines = log.read_text().splitlines()[seen[0]:]
    seen[0] += len(lines)
    # (Start/End queue run lines aside: every -q run logs them.)
    return [l.split(" ", 3)[3] for l in lines if " queue run: pid=" not in l]


@pytest.fixture
def root():
    r = Path(tempfile.mkdtemp(prefix="corvid-retry-"))
    yield r
    shutil.rmtree(r, ignore_errors=True)


def test_retry_times_and_timeout(root, corvid_bin):
    conf = root / "c.conf"
    port = free_port()
    conf.write_text(CONFIG.format(root=root, port=port, rules="* * F,1h,10m"))
    assert run(corvid_bin, conf, "-odq", "-oi", "-f", "s@x.example", "u@closed.example",
               text="Subject: r\n\nx\n") == 0
    log, seen = root / "spool" / "mainlog", [1]
    (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
    run(corvid_bin, conf, "-M", msg_id)
    assert new_lines(log, seen)[-1] == ("== u@closed.example R=closed T=remote_smtp defer (111): "
                                        "Connection refused")
    run(corvid_bin, conf, "-q")  # not due for an hour
    assert new_lines(log, seen) == []
    run(corvid_bin, conf, "-qf")
    assert "defer (111)" in new_lines(log, seen)[-1]
    # The rules change: the hour is over.
    conf.write_text(CONFIG.format(root=root, port=port, rules="* * F,0s,1m"))
    run(corvid_bin, conf, "-qf")
    lines = new_lines(log, seen)
    assert "** u@closed.example: retry timeout exceeded" in lines
    assert any("<= <> R=" + msg_id in l for l in lines)
    assert "Completed" in lines
    # The bounce cannot be delivered either: frozen, and left alone by -qf.
    assert any("Frozen (delivery error message)" in l for l in lines)
    run(corvid_bin, conf, "-qf")
    assert new_lines(log, seen) == []
    run(corvid_bin, conf, "-qff")
    assert any("** s@x.example" in l for l in new_lines(log, seen))


def test_no_retry_rules_means_first_failure_is_final(root, corvid_bin):
    conf = root / "c.conf"
    conf.write_text(CONFIG.format(root=root, port=free_port(), rules=""))
    run(corvid_bin, conf, "-odq", "-oi", "-f", "<>", "u@closed.example",
        text="Subject: r\n\nx\n")
    (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
    run(corvid_bin, conf, "-M", msg_id)
    text = (root / "spool" / "mainlog").read_text()
    assert "** u@closed.example: retry timeout exceeded" in text
