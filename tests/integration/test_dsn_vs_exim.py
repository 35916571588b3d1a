"""DSN (RFC 3461 / 3464) against Exim 4.96: the same SMTP session with
NOTIFY, ORCPT, RET and ENVID, given to `corvid -bs` and `exim4 -bs`, then
delivered with -M, gives the same log lines and the same reports, byte for
byte but for ids, dates and boundaries: the success DSN for NOTIFY=SUCCESS
(local deliveries, a redirection, a host that does not offer DSN, a router
with dsn_lasthop), From: from dsn_from and Reply-To: from errors_reply_to, the bounce with Original-Envelope-ID, Original-Recipient
and the header only (RET=HDRS), and no bounce for NOTIFY=NEVER ("error
ignored"). A host that offers DSN is passed NOTIFY, ORCPT and ENVID and
reports the delivery itself. Corvid's bounces also carry the seed's DSN
information (Remote-MTA: X-ip, the host's greeting and EHLO reply, the
whole error), which Debian's Exim is built without."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import corvid_daemon, free_port, run_mta as run

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")

MAIN = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
dsn_advertise_hosts = *
remote_max_parallel = 1
errors_reply_to = help@test.example
dsn_from = Postmaster <pm@$qualify_domain>
acl_smtp_rcpt = accept
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
lasthop:
  driver = manualroute
  domains = lasthop.example
  route_list = * 127.0.0.1::@DSNPORT@
  self = send
  dsn_lasthop
  transport = smtp
dsn:
  driver = manualroute
  domains = dsn.example
  route_list = * 127.0.0.1::@DSNPORT@
  self = send
  transport = smtp
plain:
  driver = manualroute
  domains = plain.example
  route_list = * 127.0.0.1::@PLAINPORT@
  self = send
  transport = smtp
alias:
  driver = redirect
  local_parts = alias
  data = good3@test.example
fail:
  driver = redirect
  local_parts = bad : bad2
  allow_fail
  data = :fail: no such user
local:
  driver = accept
  local_parts = good : good2 : good3 : s
  transport = mbox
begin transports
smtp:
  driver = smtp
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
"""

FAR = """\
primary_hostname = far.example
smtp_banner = far.example ESMTP ready
spool_directory = {{root}}/spool
log_file_path = {{root}}/log/%slog
host_lookup =
rfc1413_hosts =
queue_only = true
acl_smtp_rcpt = rcpt
{dsn}
begin acl
rcpt:
  deny    local_parts = bad
          message = no such user here
  accept
"""

LOCAL_SESSION = (
    "EHLO x\r\n"
    "MAIL FROM:<s@test.example> RET=HDRS ENVID=abc+2Bdef\r\n"
    "RCPT TO:<good@test.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Good@test.example\r\n"
    "RCPT TO:<alias@test.example> NOTIFY=SUCCESS\r\n"
    "RCPT TO:<bad@test.example> NOTIFY=NEVER\r\n"
    "RCPT TO:<bad2@test.example> NOTIFY=FAILURE ORCPT=rfc822;Bad2@test.example\r\n"
    "RCPT TO:<good2@test.example> NOTIFY=DELAY\r\n"
    "DATA\r\nSubject: t\r\nMessage-Id: <m1@x>\r\n\r\nbody\r\n.\r\nQUIT\r\n")

REMOTE_SESSION = (
    "EHLO x\r\n"
    "MAIL FROM:<s@test.example> ENVID=e1\r\n"
    "RCPT TO:<a@dsn.example> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;A@dsn.example\r\n"
    "RCPT TO:<b@plain.example> NOTIFY=SUCCESS\r\n"
    "RCPT TO:<c@lasthop.example> NOTIFY=SUCCESS\r\n"
    "RCPT TO:<bad@plain.example> NOTIFY=FAILURE\r\n"
    "RCPT TO:<d@dsn.example>\r\n"
    "DATA\r\nSubject: t\r\nMessage-Id: <m1@x>\r\n\r\nbody\r\n.\r\nQUIT\r\n")

DSN_INFO = ("Remote-MTA: X-ip;", "X-Remote-MTA-", "X-Exim-Diagnostic:")




def normalise(text):
    text = ID.sub("<id>", text)
    text = re.sub(r"[0-9]{10}-eximdsn-[0-9]+", "<boundary>", text)
    text = re.sub(r"\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4}", "<date>", text)
    return re.sub(r"^From MAILER-DAEMON .*$", "From MAILER-DAEMON", text, flags=re.M)


def reports(root):
    """The reports delivered to s@test.example, normalised, by subject."""
    mbox = normalise((root / "mail" / "s").read_text())
    out = {}
    for message in mbox.split("From MAILER-DAEMON\n")[1:]:
        subject = re.search(r"^Subject: (.*)$", message, flags=re.M).group(1)
        out[subject] = message
    return out


def log_lines(root):
    """The original message's log lines, sorted (Exim's local deliveries
    come in an order of its own), without the reports' own lines."""
    lines = (root / "spool" / "mainlog").read_text().splitlines()
    (first,) = [l.split(" ")[2] for l in lines if " <= s@test.example " in l]
    return sorted(ID.sub("<id>", l.split(" ", 2)[2]) for l in lines
                  if l.split(" ")[2] == first and "<=" not in l)


def submit_and_deliver(binary, root, session, dsn_port=1, plain_port=1):
    (root / "spool").mkdir(parents=True)
    (root / "mail").mkdir()
    for d in (root, root / "spool", root / "mail"):
        os.chmod(d, 0o777)
    conf = root / "dsn.conf"
    conf.write_text(MAIN.replace("@ROOT@", str(root)).replace("@DSNPORT@", str(dsn_port))
                    .replace("@PLAINPORT@", str(plain_port)))
    os.chmod(conf, 0o644)
    assert run(binary, conf, ["-odq", "-bs"], session).returncode == 0
    (msg_id,) = [p.name[:-2] for p in (root / "spool" / "input").rglob("*-H")]
    assert run(binary, conf, ["-odi", "-M", msg_id]).returncode == 0
    # Exim delivers its reports in processes of their own.
    for _ in range(100):
        if not list((root / "spool" / "input").rglob("*-H")):
            break
        subprocess.run(["sleep", "0.1"])


@pytest.fixture
def base():
    path = Path(tempfile.mkdtemp(prefix="corvid-dsn-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_local_success_dsn_and_bounce_match_exim(base, corvid_bin, exim_bin):
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root = base / who
        submit_and_deliver(binary, root, LOCAL_SESSION)
        got[who] = (log_lines(root), reports(root))
    assert got["corvid"][0] == got["exim"][0]
    assert "<id> bad@test.example: error ignored: RFC 3461 DSN, failure notify not requested" \
        in got["corvid"][0]
    exim_reports, corvid_reports = got["exim"][1], got["corvid"][1]
    assert sorted(corvid_reports) == ["Delivery Status Notification",
                                      "Mail delivery failed: returning message to sender"]
    for subject, text in exim_reports.items():
        assert corvid_reports[subject] == text
    success = corvid_reports["Delivery Status Notification"]
    assert '<alias@test.example> (relayed via non "Remote SMTP" router)' in success
    assert "Original-Recipient: rfc822;Good@test.example\nAction: delivered\n" in success
    bounce = corvid_reports["Mail delivery failed: returning message to sender"]
    assert "Original-Envelope-ID: abc+2Bdef\n" in bounce
    assert "Content-type: text/rfc822-headers\n" in bounce and "\nbody\n" not in bounce
    assert "bad@test.example" not in bounce
    assert "Reply-To: help@test.example\n" in bounce and "From: Postmaster <pm@test.example>\n" in bounce


def test_remote_dsn_passed_on_or_reported_as_exim_does(base, corvid_bin, exim_bin):
    with corvid_daemon(corvid_bin, FAR.format(dsn="dsn_advertise_hosts = *")) as dsn_far, \
            corvid_daemon(corvid_bin, FAR.format(dsn="")) as plain_far:
        got = {}
        for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
            root = base / who
            submit_and_deliver(binary, root, REMOTE_SESSION, dsn_far["port"], plain_far["port"])
            # What each far end was asked: its newest -H, envelope part.
            received = {}
            for name, far in (("dsn", dsn_far), ("plain", plain_far)):
                newest = max((far["root"] / "spool" / "input").rglob("*-H"),
                             key=lambda p: p.stat().st_mtime)
                text = newest.read_text()
                received[name] = [l for l in text.split("\n\n")[0].splitlines()
                                  if l.startswith("-dsn") or "@" in l and "<" not in l]
            got[who] = (log_lines(root), reports(root), received)
        exim, corvid = got["exim"], got["corvid"]
        assert corvid[0] == exim[0]
        assert corvid[2] == exim[2]
        assert corvid[2]["dsn"] == ["-dsn_envid e1",
                                    "a@dsn.example rfc822;A@dsn.example 20,20  0,-1#3",
                                    "c@lasthop.example", "d@dsn.example"]
        assert sorted(corvid[1]) == sorted(exim[1])
        success = corvid[1]["Delivery Status Notification"]
        assert success == exim[1]["Delivery Status Notification"]
        assert "<b@plain.example> (relayed to non-DSN-aware mailer)" in success
        assert "<c@lasthop.example> (relayed via non DSN router)" in success
        assert "a@dsn.example" not in success
        # The bounce: Exim's, plus the DSN information after Remote-MTA.
        subject = "Mail delivery failed: returning message to sender"
        bounce = corvid[1][subject]
        info = [l for l in bounce.splitlines() if l.startswith(DSN_INFO)]
        assert info == [
            f"Remote-MTA: X-ip; [127.0.0.1]:{plain_far['port']}",
            "X-Remote-MTA-smtp-greeting: X-str; 220 far.example ESMTP ready",
            "X-Remote-MTA-helo-response: X-str; 250-far.example Hello mx.test.example "
            "[127.0.0.1]",
            "X-Exim-Diagnostic: X-str; SMTP error from remote mail server after "
            "RCPT TO:<bad@plain.example>: 550 no such user here"]
        without = "".join(l for l in bounce.splitlines(True) if not l.startswith(DSN_INFO))
        assert without == exim[1][subject]


WARN = r"""
primary_hostname = mx.test.example
qualify_domain = test.example
spool_directory = @ROOT@/spool
log_file_path = @ROOT@/spool/%slog
keep_environment =
host_lookup =
rfc1413_hosts =
delay_warning = 2s
dsn_advertise_hosts = *
acl_smtp_rcpt = accept
received_header_text = Received: by mx.test.example id $message_exim_id
begin routers
closed:
  driver = manualroute
  domains = closed.example
  route_list = * 127.0.0.1::@CLOSEDPORT@
  self = send
  transport = smtp
local:
  driver = accept
  local_parts = s
  transport = mbox
begin transports
smtp:
  driver = smtp
mbox:
  driver = appendfile
  file = @ROOT@/mail/$local_part_data
begin retry
* * F,1h,1s
"""


def test_delay_warnings_match_exim(base, corvid_bin, exim_bin):
    """delay_warning = 2s: the queue runs after 2 and 4 seconds each send a
    warning (the list's last time repeats; whole seconds of queue time
    make 2.2 s sleeps safe), worded as Exim's, with the
    ENVID and ORCPT given; the count of warnings sent is kept in -H."""
    closed = free_port()
    session = ("EHLO x\r\nMAIL FROM:<s@test.example> ENVID=e7\r\n"
               "RCPT TO:<a@closed.example> NOTIFY=DELAY ORCPT=rfc822;A@closed.example\r\n"
               "RCPT TO:<b@closed.example>\r\n"
               "DATA\r\nSubject: t\r\nMessage-Id: <m1@x>\r\n\r\nbody\r\n.\r\nQUIT\r\n")
    got = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        root = base / who
        (root / "spool").mkdir(parents=True)
        (root / "mail").mkdir()
        for d in (root, root / "spool", root / "mail"):
            os.chmod(d, 0o777)
        conf = root / "warn.conf"
        conf.write_text(WARN.replace("@ROOT@", str(root)).replace("@CLOSEDPORT@", str(closed)))
        os.chmod(conf, 0o644)
        assert run(binary, conf, ["-odq", "-bs"], session).returncode == 0
        (header,) = list((root / "spool" / "input").rglob("*-H"))
        assert run(binary, conf, ["-odi", "-M", header.name[:-2]]).returncode == 0
        for _ in range(2):
            subprocess.run(["sleep", "2.2"])
            assert run(binary, conf, ["-odi", "-qf"]).returncode == 0
        for _ in range(100):
            if len(list((root / "spool" / "input").rglob("*-H"))) == 1:
                break
            subprocess.run(["sleep", "0.1"])
        mbox = normalise((root / "mail" / "s").read_text())
        got[who] = (mbox, header.read_text().splitlines()[3].split()[1],
                    [ID.sub("<id>", l.split(" ", 2)[2]) for l in
                     (root / "spool" / "mainlog").read_text().splitlines()
                     if "privilege" not in l and "queue run" not in l and "<=" not in l])
    assert got["corvid"] == got["exim"]
    mbox, warnings, _ = got["corvid"]
    assert warnings == "2"
    assert mbox.count("Subject: Warning: message <id> delayed 0 minutes\n") == 2
    assert "Original-Recipient: rfc822;A@closed.example\nAction: delayed\n" in mbox
