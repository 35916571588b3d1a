"""smtp transport options against Exim 4.96, delivering to a Corvid far
end: max_rcpt (the next transaction down the same connection, "*" after
the host), fallback_hosts (tried once the router's hosts failed for the
time being, the fallback queue last first) with allow_localhost, and
without it "smtp transport found host ... to be local". Same log lines."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import corvid_daemon, free_port, run_mta as run

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")

FAR = """\
primary_hostname = far.example
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
host_lookup =
rfc1413_hosts =
queue_only = true
acl_smtp_rcpt = accept
"""

SENDER = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
remote_max_parallel = 1
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
far:
  driver = manualroute
  domains = far.example : fb.example
  route_list = far.example 127.0.0.1::@FARPORT@ ; fb.example 127.0.0.1::@CLOSEDPORT@
  self = send
  transport = smtp
begin transports
smtp:
  driver = smtp
  max_rcpt = 2
  fallback_hosts = 127.0.0.1
  port = @FARPORT@
@ALLOW@
"""

RECIPIENTS = ["a@far.example", "b@far.example", "c@far.example", "d@fb.example",
              "e@fb.example"]




@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-smtpopts-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("allow", [True, False], ids=["allow_localhost", "local-refused"])
def test_max_rcpt_and_fallback_hosts_match_exim(base, corvid_bin, exim_bin, allow):
    closed = free_port()
    with corvid_daemon(corvid_bin, FAR) as far:
        got = {}
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            (root / "spool").mkdir(parents=True)
            os.chmod(root, 0o777)
            os.chmod(root / "spool", 0o777)
            conf = root / "s.conf"
            conf.write_text(SENDER.replace("@ROOT@", str(root))
                            .replace("@FARPORT@", str(far["port"]))
                            .replace("@CLOSEDPORT@", str(closed))
                            .replace("@ALLOW@", "  allow_localhost" if allow else ""))
            os.chmod(conf, 0o644)
            assert run(binary, conf, ["-odq", "-f", "s@test.example", *RECIPIENTS],
                       "Subject: x\n").returncode == 0
            (header,) = list((root / "spool" / "input").rglob("*-H"))
            run(binary, conf, ["-M", header.name[:-2]])
            got[who] = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
                        (root / "spool" / "mainlog").read_text().splitlines()
                        if "privilege" not in l and "<=" not in l
                        and "s@test.example" not in l and "Frozen" not in l]
    if not allow:
        # What Exim does next with a host found to be local is its own
        # (one address times out, the other stays queued): not compared.
        for who in got:
            got[who] = [l for l in got[who] if "retry timeout" not in l and "Completed" not in l]
    assert got["corvid"] == got["exim"]
    lines = got["corvid"]
    assert any(l.startswith("<id> => c@far.example R=far T=smtp H=127.0.0.1 [127.0.0.1]* ")
               for l in lines)
    if allow:
        assert [l.split(" R=")[0] for l in lines if "@fb.example" in l] == \
            ["<id> => e@fb.example", "<id> -> d@fb.example"]
    else:
        assert ("<id> == d@fb.example R=far T=smtp defer (-50): smtp transport found host "
                "127.0.0.1 to be local") in lines


def test_messages_to_one_host_share_a_connection(base, corvid_bin):
    """Corvid to Corvid: a queue run with five messages for the same host
    delivers them down one connection; the second and later show "*" after
    the host in the log, and the far end sees one client port."""
    far_conf = FAR + "log_selector = +incoming_port\n"
    with corvid_daemon(corvid_bin, far_conf) as far:
        root = base / "corvid"
        (root / "spool").mkdir(parents=True)
        conf = root / "s.conf"
        conf.write_text(SENDER.replace("@ROOT@", str(root)).replace("@FARPORT@", str(far["port"]))
                        .replace("@CLOSEDPORT@", "1").replace("@ALLOW@", ""))
        for i in range(5):
            assert run(corvid_bin, conf, ["-odq", "-f", "s@test.example", f"u{i}@far.example"],
                       f"Subject: {i}\n").returncode == 0
        assert run(corvid_bin, conf, ["-q"]).returncode == 0
        log = (root / "spool" / "mainlog").read_text()
        delivered = re.findall(r" => u\d@far\.example R=far T=smtp H=127\.0\.0\.1 \[127\.0\.0\.1\](\*?) ",
                               log)
        assert delivered == ["", "*", "*", "*", "*"]
        far_log = (far["root"] / "log" / "mainlog").read_text()
        ports = set(re.findall(r"<= s@test\.example H=\S* ?\[127\.0\.0\.1\]:(\d+)", far_log))
        assert len(ports) == 1, far_log
        assert not list((root / "spool" / "input").rglob("*-H"))


def test_message_size_limit_on_the_smtp_transport_matches_exim(base, corvid_bin, exim_bin):
    """An smtp transport's message_size_limit fails each address once,
    before any connection, as Exim does."""
    with corvid_daemon(corvid_bin, FAR) as far:
        got = {}
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            (root / "spool").mkdir(parents=True)
            os.chmod(root, 0o777)
            os.chmod(root / "spool", 0o777)
            conf = root / "s.conf"
            conf.write_text(SENDER.replace("@ROOT@", str(root))
                            .replace("@FARPORT@", str(far["port"]))
                            .replace("@CLOSEDPORT@", "1")
                            .replace("@ALLOW@", "  message_size_limit = 10"))
            os.chmod(conf, 0o644)
            assert run(binary, conf, ["-odq", "-f", "s@test.example", "a@far.example",
                                      "b@far.example"], "Subject: x\n").returncode == 0
            (header,) = list((root / "spool" / "input").rglob("*-H"))
            run(binary, conf, ["-M", header.name[:-2]])
            got[who] = [ID.sub("<id>", l.split(" ", 2)[2]) for l in
                        (root / "spool" / "mainlog").read_text().splitlines()
                        if "privilege" not in l and "<=" not in l
                        and "s@test.example" not in l and "Frozen" not in l]
        assert got["corvid"] == got["exim"]
        assert got["corvid"].count(
            "<id> ** a@far.example R=far T=smtp: message is too big (transport limit = 10)") == 1
        assert not list((far["root"] / "spool" / "input").rglob("*-H"))


def test_interface_matches_exim(base, corvid_bin, exim_bin):
    """interface: the connection comes from that address (the far end
    logs it), as with Exim."""
    far_conf = FAR + "log_selector = +incoming_interface\n"
    with corvid_daemon(corvid_bin, far_conf) as far:
        seen = {}
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            (root / "spool").mkdir(parents=True)
            os.chmod(root, 0o777)
            os.chmod(root / "spool", 0o777)
            conf = root / "s.conf"
            conf.write_text(SENDER.replace("@ROOT@", str(root))
                            .replace("@FARPORT@", str(far["port"]))
                            .replace("@CLOSEDPORT@", "1")
                            .replace("@ALLOW@", "  interface = <; ::1 ; 127.0.0.2"))
            os.chmod(conf, 0o644)
            assert run(binary, conf, ["-odq", "-f", f"{who}@test.example", "a@far.example"],
                       "Subject: x\n").returncode == 0
            (header,) = list((root / "spool" / "input").rglob("*-H"))
            run(binary, conf, ["-M", header.name[:-2]])
            far_log = (far["root"] / "log" / "mainlog").read_text()
            seen[who] = re.findall(rf"<= {who}@test\.example H=\S*\s?\[([0-9.]+)\]", far_log)
        assert seen["corvid"] == seen["exim"] == ["127.0.0.2"]


def test_hosts_randomize_tries_the_hosts_in_varying_order(base, corvid_bin):
    """hosts_randomize: with a closed port and a live one in `hosts`, some
    of twenty deliveries try the closed one first and some do not (the
    chance that all twenty pick the same order is about 2 in a million)."""
    closed = free_port()
    with corvid_daemon(corvid_bin, FAR) as far:
        root = base / "corvid"
        (root / "spool").mkdir(parents=True)
        conf = root / "s.conf"
        conf.write_text(f"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = {root}/spool
log_file_path = {root}/spool/%slog
host_lookup =
rfc1413_hosts =
begin routers
far:
  driver = accept
  domains = far.example
  transport = smtp
begin transports
smtp:
  driver = smtp
  hosts = 127.0.0.1::{closed} : 127.0.0.1::{far["port"]}
  hosts_randomize
  allow_localhost
""")
        for i in range(20):
            assert run(corvid_bin, conf, ["-odi", "-f", "s@test.example", f"u{i}@far.example"],
                       "Subject: x\n").returncode == 0
        log = (root / "spool" / "mainlog").read_text()
        refused = log.count("Connection refused")
        assert log.count(" => ") == 20
        assert 0 < refused < 20, log
