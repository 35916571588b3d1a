"""Event actions (seed: event_action, tpda_event_action) against Exim 4.96.
The same message (a local delivery, a :fail: redirection, and remote
recipients that a far end accepts, refuses with 550 and defers with 451,
plus one for a port where nothing listens) is delivered by `corvid -M`
and `exim4 -M` with a main and two transports' event_action writing
$event_name, $event_data and the event's variables to a file through
${run}; the two files are the same, event for event: msg:fail:internal,
msg:delivery (local and remote, with the far end's confirmation),
tcp:connect, smtp:connect, smtp:ehlo, msg:rcpt:host:defer and
msg:rcpt:defer (with Exim's packed $event_defer_errno), tcp:close,
msg:fail:delivery, msg:host:defer, msg:defer, msg:complete. A non-empty
answer to tcp:connect stops the connection and one to smtp:connect closes
it, logged as Exim logs them; a failing expansion is logged to the main
and panic logs. Only variables Exim sets on purpose are compared (Exim
leaves some of an earlier address's values behind)."""

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
smtp_banner = far.example ESMTP ready
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
host_lookup =
rfc1413_hosts =
queue_only = true
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  deny    local_parts = bad
          message = no such user here
  defer   local_parts = later
          message = try later
  accept
"""

# Which variables an event shows: connection events their host, msg:*
# events their address (and host), msg:complete nothing more.
DETAILS = (r"${if match{$event_name}{^(tcp|smtp):}{$host|$host_address|$host_port}"
           r"{${if eq{$event_name}{msg:complete}{}"
           r"{$event_defer_errno|$domain|$local_part|$router_name|$host|$host_address|"
           r"$host_port}}}}")
ACTION = (r"""${run{/bin/sh -c "echo '@WHO@ $event_name|$event_data|""" + DETAILS
          + r"""|$message_exim_id|$sender_address' >> @ROOT@/events"}}""")

CONFIG = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
remote_max_parallel = 1
received_header_text = Received: by mx.test.example id $message_exim_id
event_action = @MAIN@
begin routers
far:
  driver = manualroute
  domains = far.example
  route_list = * 127.0.0.1::@FARPORT@
  self = send
  transport = smtp
closed:
  driver = manualroute
  domains = closed.example
  route_list = * 127.0.0.1::@CLOSEDPORT@
  self = send
  transport = smtp
fail:
  driver = redirect
  local_parts = bad
  allow_fail
  data = :fail: no such user
local:
  driver = accept
  local_parts = good : s
  transport = mbox
begin transports
smtp:
  driver = smtp
  event_action = @SMTP@
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
  event_action = @MBOX@
"""

RECIPIENTS = ["good@test.example", "bad@test.example", "g@far.example", "bad@far.example",
              "later@far.example", "x@closed.example"]




def deliver(binary, root, far_port, closed_port, smtp_action=None, config=CONFIG):
    """Queues the message, delivers it, waits for the bounce to be done
    with; returns the events file and the main and panic logs."""
    (root / "spool").mkdir(parents=True)
    (root / "mail").mkdir()
    # Exim's transports run as its own user: the file must be writable.
    (root / "events").touch()
    for p in (root, root / "spool", root / "mail", root / "events"):
        os.chmod(p, 0o777)
    action = ACTION.replace("@ROOT@", str(root))
    conf = root / "events.conf"
    conf.write_text(config.replace("@MAIN@", action.replace("@WHO@", "main"))
                    .replace("@SMTP@", smtp_action or action.replace("@WHO@", "smtp"))
                    .replace("@MBOX@", action.replace("@WHO@", "mbox"))
                    .replace("@ROOT@", str(root)).replace("@FARPORT@", str(far_port))
                    .replace("@CLOSEDPORT@", str(closed_port)))
    os.chmod(conf, 0o644)
    assert run(binary, conf, ["-odq", "-f", "s@test.example", *RECIPIENTS],
               "Subject: events\n\nbody\n").returncode == 0
    (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
    assert run(binary, conf, ["-M", msg_id]).returncode == 0
    for _ in range(100):
        if "msg:complete" in (root / "events").read_text().split(msg_id)[-1] or smtp_action:
            break
        subprocess.run(["sleep", "0.1"])
    subprocess.run(["sleep", "0.5"])  # the bounce's own delivery

    def read(name):
        path = root / "spool" / name
        if not path.exists():
            return []
        return [ID.sub("<id>", l.split(" ", 2)[2]) for l in path.read_text().splitlines()
                if l.strip() and "lost privilege" not in l]
    return ID.sub("<id>", (root / "events").read_text()), read("mainlog"), read("paniclog")


@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-events-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_events_match_exim(base, corvid_bin, exim_bin):
    with corvid_daemon(corvid_bin, FAR) as far:
        closed = free_port()
        got = {who: deliver(binary, base / who, far["port"], closed)
               for who, binary in (("exim", exim_bin), ("corvid", corvid_bin))}
    exim_events, corvid_events = got["exim"][0], got["corvid"][0]

    def split(events):
        """The original's events and the bounce's (from <>), each in order:
        Exim delivers the bounce in a process of its own, so the two
        interleave as they happen to."""
        entries = re.split(r"\n(?=(?:main|smtp|mbox) )", events.strip())
        return ([e for e in entries if not e.endswith("|")],
                [e for e in entries if e.endswith("|")])
    assert split(corvid_events) == split(exim_events)
    names = [l.split("|")[0] for l in corvid_events.splitlines()
             if l.startswith(("main ", "smtp ", "mbox "))]
    assert names == [
        "main msg:fail:internal", "mbox msg:delivery", "smtp tcp:connect", "smtp smtp:connect",
        "smtp smtp:ehlo", "smtp msg:rcpt:host:defer", "smtp msg:rcpt:defer", "smtp tcp:close",
        "smtp msg:delivery", "smtp msg:fail:delivery", "smtp tcp:connect",
        "smtp msg:host:defer", "smtp msg:defer", "main msg:complete",
        # the bounce's own delivery
        "mbox msg:delivery", "main msg:complete"]
    assert (f"smtp msg:rcpt:defer|SMTP error from remote mail server after "
            f"RCPT TO:<later@far.example>: 451 try later|13121|far.example|later|far|"
            f"127.0.0.1|127.0.0.1|{far['port']}|<id>|s@test.example") in corvid_events


@pytest.mark.parametrize("answer, lines", [
    ("${if eq{$event_name}{tcp:connect}{skip}}",
     ["<id> H=127.0.0.1 [127.0.0.1] Event requests alternate response",
      "<id> == g@far.example R=far T=smtp defer (-58)"]),
    ("${if eq{$event_name}{smtp:connect}{go away}}",
     ["<id> H=127.0.0.1 [127.0.0.1]: deferred by smtp:connect event expansion: go away",
      "<id> == g@far.example R=far T=smtp defer (-27): deferred by smtp:connect event "
      "expansion: go away"]),
], ids=["tcp-connect-refused", "smtp-connect-closed"])
def test_a_non_empty_answer_stops_the_connection(base, corvid_bin, exim_bin, answer, lines):
    with corvid_daemon(corvid_bin, FAR) as far:
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            _, mainlog, _ = deliver(binary, base / who, far["port"], free_port(), answer)
            found = [l for l in mainlog if "g@far.example R=" in l or "[127.0.0.1]" in l]
            assert found[:2] == lines, who
        # The far end never got the message.
        assert not list((far["root"] / "spool" / "input").rglob("*-H"))


def test_a_failing_expansion_is_logged(base, corvid_bin):
    """(With the seed's name for the option, which Exim 4.96 no longer
    knows.)"""
    config = CONFIG.replace("  event_action = @SMTP@", "  tpda_event_action = @SMTP@")
    with corvid_daemon(corvid_bin, FAR) as far:
        _, mainlog, paniclog = deliver(corvid_bin, base / "corvid", far["port"], free_port(),
                                       "${if eq{$event_name}{smtp:ehlo}{${sg{x}{(}{y}}}}",
                                       config)
    line = [l for l in mainlog if "failed to expand event_action" in l]
    assert line and line[0].startswith("<id> failed to expand event_action smtp:ehlo in smtp: ")
    assert any("failed to expand event_action smtp:ehlo in smtp" in l for l in paniclog)
    # The delivery goes on as if the answer were empty.
    assert any(l.startswith("<id> => g@far.example") for l in mainlog)
