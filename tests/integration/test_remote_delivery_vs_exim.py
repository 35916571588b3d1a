"""SMTP delivery against Exim 4.96: the same queued message, delivered by
`corvid -M` and by `exim4 -M` through a manualroute router to a far end
(a Corvid daemon on 127.0.0.2 that accepts some recipients, defers one and
refuses one) and to a port where nothing listens, gives the same log lines
(=>, ->, **, ==, "H=... Connection refused", "retry timeout exceeded",
Completed) and the far end receives the same message; the bounce both
send back for the failed addresses (an RFC 3464 report with Exim's
wording) is the same, byte for byte but for ids, times, the boundary and
the delivering user. The far end offers
CHUNKING (so both send BDAT) or not (DATA, dot-stuffed)."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import corvid_daemon, free_port

FAR = """\
primary_hostname = far.example
smtp_banner = far.example ESMTP ready
spool_directory = {{root}}/spool
log_file_path = {{root}}/log/%slog
host_lookup =
rfc1413_hosts =
# Reception is what is tested here: accepted messages stay queued.
queue_only = true
acl_smtp_rcpt = rcpt
{chunking}
begin acl
rcpt:
  accept  local_parts = good : good2
  defer   local_parts = later
          message = try again later
  deny    message = no such user here
"""

SENDER = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
received_header_text = Received: by mx.test.example id $message_exim_id
# Exim's remote deliveries one after the other, as Corvid's: the log's
# order is then fixed.
remote_max_parallel = 1
# L in the log where the commands were pipelined (the far end offers it).
log_selector = +pipelining
# Corvid's bounces carry the seed's DSN information, which Debian's Exim
# is built without (test_dsn_vs_exim checks it): off here.
.ifdef _OPT_MAIN_DSN_INFO
dsn_info = false
.endif
begin routers
far:
  driver = manualroute
  domains = far.example
  route_list = * 127.0.0.2::@FARPORT@
  transport = remote_smtp
closed:
  driver = manualroute
  domains = closed.example
  route_list = * 127.0.0.3::@CLOSEDPORT@
  transport = remote_smtp
begin transports
remote_smtp:
  driver = smtp
"""

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
MESSAGE = "Subject: relay\n\nbody\n.dot line\n..two dots\nlast\n"
RECIPIENTS = ["good@far.example", "good2@far.example", "bad@far.example", "later@far.example",
              "u@closed.example"]


def run(binary, conf, args, text=None):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    return subprocess.run([str(binary), "-C", str(conf), *args], input=(text or "").encode(),
                          capture_output=True, timeout=120, env=env).returncode


def delivery_lines(root):
    out = []
    for line in (root / "spool" / "mainlog").read_text().splitlines():
        text = ID.sub("<id>", line.split(" ", 2)[2])
        # The bounce's <= line names the delivering user (Exim's is its own
        # user, Corvid's here root), and its own delivery may come later.
        if "<=" in text or "lost privilege" in text or "s@x.example" in text or "Frozen" in text:
            continue
        out.append(text)
    return out


def bounce_files(root):
    """The bounce left on the queue (its delivery to s@x.example fails and
    it is frozen), with ids, times, the MIME boundary and the user masked."""
    (header,) = list((root / "spool" / "input").rglob("*-H"))
    text = header.read_text() + header.with_name(header.name[:-1] + "D").read_text()
    text = ID.sub("<id>", text)
    text = re.sub(r"[0-9]{10}-eximdsn-[0-9]+", "<boundary>", text)
    text = re.sub(r"^[0-9]{3}( +Content-Type: multipart/report)", r"<len>\1", text, flags=re.M)
    text = re.sub(r"^[0-9]{10} 0$", "<time> 0", text, flags=re.M)
    text = re.sub(r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4}", "<date>", text)
    text = re.sub(r"^(-received_time_usec|-received_time_complete|-frozen) .*$", r"\1 <t>", text,
                  flags=re.M)
    lines = text.split("\n")
    # Line 2 is the delivering user and its uid/gid; -ident the same user;
    # the longest line is the boundary's; whether the bounce's own delivery
    # attempt (it fails, and freezes it) has happened yet depends on timing.
    skip = ("-ident ", "-max_received_linelength ", "-frozen ", "-deliver_firsttime")
    return [l for i, l in enumerate(lines) if i != 1 and not l.startswith(skip)]


@pytest.mark.parametrize("chunking", [True, False], ids=["bdat", "data"])
def test_remote_delivery_matches_exim(chunking, corvid_bin, exim_bin):
    far_conf = FAR.format(chunking="" if chunking else "chunking_advertise_hosts =")
    with corvid_daemon(corvid_bin, far_conf,
                       interfaces="<; 127.0.0.1.{port} ; 127.0.0.2.{port}") as far:
        base = Path(tempfile.mkdtemp(prefix="corvid-relay-"))
        os.chmod(base, 0o777)
        try:
            logs, bounces = {}, {}
            for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
                root = base / who
                (root / "spool").mkdir(parents=True)
                os.chmod(root, 0o777)
                os.chmod(root / "spool", 0o777)
                conf = root / "relay.conf"
                conf.write_text(SENDER.replace("@ROOT@", str(root))
                                .replace("@FARPORT@", str(far["port"]))
                                .replace("@CLOSEDPORT@", str(free_port())))
                os.chmod(conf, 0o644)
                assert run(binary, conf, ["-odq", "-oi", "-f", "s@x.example", *RECIPIENTS],
                           MESSAGE) == 0
                (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
                run(binary, conf, ["-M", msg_id])
                logs[who] = delivery_lines(root)
                bounces[who] = bounce_files(root)
            assert "\n".join(logs["corvid"]) == "\n".join(logs["exim"])
            assert any(" L " in l for l in logs["corvid"] if " => " in l)
            assert bounces["corvid"] == bounces["exim"]
            bodies = [p.read_text().split("\n", 1)[1]
                      for p in sorted((far["root"] / "spool" / "input").rglob("*-D"))]
            assert len(bodies) == 2 and bodies[0] == bodies[1]
            assert "\n.dot line\n..two dots\n" in bodies[0]
        finally:
            shutil.rmtree(base, ignore_errors=True)
