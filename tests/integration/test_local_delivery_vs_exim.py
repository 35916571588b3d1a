"""Local delivery against Exim 4.96: the same message, submitted with -odq
and delivered with -M (and -q), lands in the same mbox and maildir files
with the same content, and the delivery log lines (=>, **, Completed) are
the same. Also: a crash after some deliveries (an -J journal left behind)
never delivers those addresses twice."""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from test_local_submission_vs_exim import CONFIG as SUBMIT_CONFIG

ROUTERS = r"""
begin routers
mdir:
  driver = accept
  domains = test.example
  local_parts = md : md2
  transport = maildir_delivery
mbox:
  driver = accept
  domains = test.example
  local_parts = mb : mb2
  transport = mbox_delivery
begin transports
maildir_delivery:
  driver = appendfile
  directory = @MAIL@/$local_part_data
  maildir_format
  delivery_date_add
  envelope_to_add
  return_path_add
mbox_delivery:
  driver = appendfile
  file = @MAIL@/$local_part_data.mbox
  return_path_add
"""

MESSAGE = ("Subject: delivery\nFrom: a@x.example\n\nline one\nFrom the start\n>From quoted\n"
           "..\nlast line\n")

ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}")
DATE = re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}")
BSD_DATE = re.compile(r"\w{3} \w{3} \d\d \d\d:\d\d:\d\d \d{4}")


def normalise(text):
    text = ID.sub("<id>", text)
    text = DATE.sub("<date>", text)
    return BSD_DATE.sub("<bsd-date>", text)


@pytest.fixture
def env():
    root = Path(tempfile.mkdtemp(prefix="corvid-deliver-"))
    os.chmod(root, 0o777)
    made = {}
    for who in ("exim", "corvid"):
        base = root / who
        for sub in ("spool", "mail"):
            (base / sub).mkdir(parents=True)
            os.chmod(base / sub, 0o777)
        os.chmod(base, 0o777)
        main = SUBMIT_CONFIG.split("acl_not_smtp")[0].replace("@SPOOL@", str(base / "spool"))
        conf = base / "deliver.conf"
        conf.write_text(main.replace("@SELECTOR@", "")
                        + ROUTERS.replace("@MAIL@", str(base / "mail")))
        os.chmod(conf, 0o644)
        made[who] = base
    yield made
    shutil.rmtree(root, ignore_errors=True)


def run(binary, conf, args, text=None):
    e = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
    return subprocess.run([str(binary), "-C", str(conf), *args], input=(text or "").encode(),
                          capture_output=True, timeout=60, env=e).returncode


def queued_ids(base):
    return sorted(p.name[:-2] for p in (base / "spool" / "input").rglob("*-H"))


def mailboxes(base):
    out = {}
    for f in sorted((base / "mail").rglob("*")):
        if f.is_file():
            # Maildir file names hold the time and a pid: keep the folder only.
            key = str(f.parent.relative_to(base / "mail")) if "/new" in str(f) else f.name
            out[key] = normalise(f.read_text())
    return out


def delivery_log(base):
    lines = (base / "spool" / "mainlog").read_text().splitlines()
    return [normalise(l.split(" ", 2)[2]) for l in lines
            if any(k in l for k in (" => ", " ** ", " == ", "Completed"))]


@pytest.mark.parametrize("how", ["-M", "-q"])
def test_local_delivery_matches_exim(how, env, corvid_bin, exim_bin):
    results = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        base = env[who]
        conf = base / "deliver.conf"
        assert run(binary, conf, ["-odq", "-oi", "-f", "sender@x.example", "md", "mb", "mb2",
                                  "nosuch"], MESSAGE) == 0
        ids = queued_ids(base)
        assert len(ids) == 1
        args = ["-M", ids[0]] if how == "-M" else ["-q"]
        assert run(binary, conf, args) == 0
        # Exim then mails a bounce for nosuch@ (not yet done by Corvid):
        # only the original message's lines are compared.
        log = [l for l in delivery_log(base) if l.startswith("<id> ") and "MAILER-DAEMON" not in l]
        results[who] = (log[:5], mailboxes(base), ids[0] in queued_ids(base))
    exim_log, exim_mail, exim_left = results["exim"]
    corvid_log, corvid_mail, corvid_left = results["corvid"]
    assert corvid_mail == exim_mail
    assert corvid_log == exim_log
    assert not corvid_left and not exim_left


def test_journal_prevents_a_second_delivery(env, corvid_bin):
    """A delivery that crashed after delivering md@ left md@ in the -J
    file: the next run delivers the others and never md@ again."""
    base = env["corvid"]
    conf = base / "deliver.conf"
    assert run(corvid_bin, conf, ["-odq", "-oi", "md", "mb"], MESSAGE) == 0
    (msg_id,) = queued_ids(base)
    header = next((base / "spool" / "input").rglob(f"{msg_id}-H"))
    (header.parent / f"{msg_id}-J").write_text("md@test.example\n")
    assert run(corvid_bin, conf, ["-M", msg_id]) == 0
    assert not (base / "mail" / "md").exists()
    assert (base / "mail" / "mb.mbox").exists()
    log = delivery_log(base)
    assert log == ["<id> => mb <mb@test.example> R=mbox T=mbox_delivery", "<id> Completed"]
    assert queued_ids(base) == []


def test_delivery_log_fields_match_exim(env, corvid_bin, exim_bin):
    """+delivery_size, +sender_on_delivery, +return_path_on_delivery,
    +deliver_time and +queue_time_overall: S=, F=, P=, DT= and the QT= of
    Completed as Exim writes them."""
    selector = ("log_selector = +delivery_size +sender_on_delivery +return_path_on_delivery "
                "+deliver_time +queue_time_overall")
    results = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        base = env[who]
        conf = base / "fields.conf"
        text = (base / "deliver.conf").read_text()
        conf.write_text(text.replace("begin routers", selector + "\nbegin routers", 1))
        os.chmod(conf, 0o644)
        assert run(binary, conf, ["-odq", "-oi", "-f", "sender@x.example", "mb"], MESSAGE) == 0
        (msg_id,) = queued_ids(base)
        assert run(binary, conf, ["-M", msg_id]) == 0
        results[who] = [l for l in delivery_log(base) if l.startswith("<id> ")]
    assert results["corvid"] == results["exim"]
    assert results["corvid"][0].startswith(
        "<id> => mb <mb@test.example> F=<sender@x.example> P=<sender@x.example> R=mbox")
    assert results["corvid"][-1] == "<id> Completed QT=0s"
