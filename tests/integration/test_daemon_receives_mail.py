"""The daemon end to end: `corvid -bdf` on a free loopback port receives
mail from real clients (Python's smtplib, swaks), writes it durably to an
Exim-format spool that Exim 4.96's own `exim -bp` lists, logs the `<=`
line, refuses relaying through the ACL, and stops cleanly on SIGTERM."""

import os
import shutil
import signal
import smtplib
import socket
import subprocess
import time

import pytest

from conftest import corvid_daemon, run_binary

CONFIG = """\
primary_hostname = mx.test.example
spool_directory = {root}/spool
log_file_path = {root}/log/%slog
host_lookup =
rfc1413_hosts =
# Reception is what is tested here: accepted messages stay queued.
queue_only = true
dsn_advertise_hosts = *
domainlist local_domains = test.example
acl_smtp_rcpt = rcpt
acl_smtp_notquit = notquit
begin acl
rcpt:
  accept  domains = +local_domains
  deny    message = relay not permitted
notquit:
  accept  logwrite = NOTQUIT $smtp_notquit_reason
"""


@pytest.fixture
def daemon(corvid_bin):
    with corvid_daemon(corvid_bin, CONFIG) as state:
        yield state


def spool_ids(root):
    return sorted(p.name[:-2] for p in (root / "spool" / "input").glob("*-H"))


def test_smtplib_message_is_spooled_and_logged(daemon, corvid_bin):
    with smtplib.SMTP("127.0.0.1", daemon["port"], timeout=10) as s:
        code, banner = s.ehlo("client.example")
        assert code == 250
        s.mail("alice@client.example")
        code, _ = s.rcpt("bob@test.example")
        assert code == 250
        code, resp = s.data(b"Subject: hello\r\nFrom: alice@client.example\r\n\r\nHi Bob.\r\n")
    assert code == 250 and resp.startswith(b"OK id=")
    msg_id = resp.decode().split("id=")[1]
    assert spool_ids(daemon["root"]) == [msg_id]
    header = (daemon["root"] / "spool" / "input" / f"{msg_id}-H").read_text()
    assert "<alice@client.example>" in header
    assert "bob@test.example" in header
    assert "Subject: hello" in header
    body = (daemon["root"] / "spool" / "input" / f"{msg_id}-D").read_text()
    assert body == f"{msg_id}-D\nHi Bob.\n"
    mainlog = (daemon["root"] / "log" / "mainlog").read_text()
    assert f"{msg_id} <= alice@client.example H=(client.example) [127.0.0.1]" in mainlog
    rc, out, _ = run_binary(corvid_bin, ["-bpc"], config_path=daemon["config"])
    assert rc == 0 and out.strip() == "1"


def test_exim_lists_the_queue_corvid_wrote(daemon, corvid_bin, exim_bin):
    for n in range(2):
        with smtplib.SMTP("127.0.0.1", daemon["port"], timeout=10) as s:
            s.sendmail(f"s{n}@client.example", ["u@test.example"], b"Subject: x\r\n\r\nbody\r\n")
    _, corvid_list, _ = run_binary(corvid_bin, ["-bp"], config_path=daemon["config"])
    # Exim gets the same spool but logs of its own (it insists on owning them).
    root = daemon["root"]
    (root / "eximlog").mkdir(mode=0o777)
    os.chmod(root / "eximlog", 0o777)
    exim_config = root / "exim.conf"
    exim_config.write_text(daemon["config"].read_text().replace(
        f"{root}/log/%slog", f"{root}/eximlog/%slog") + "keep_environment =\n")
    # Exim reads the spool as its own user; Corvid (root here) made it
    # private to root, so open it up for this comparison.
    subprocess.run(["chmod", "-R", "a+rX", str(root / "spool")], check=True)
    rc, exim_list, err = run_binary(exim_bin, ["-bp"], config_path=exim_config)
    assert rc == 0, err
    assert exim_list == corvid_list
    assert exim_list.count("u@test.example") == 2


def test_relay_is_refused_and_logged(daemon):
    with smtplib.SMTP("127.0.0.1", daemon["port"], timeout=10) as s:
        s.ehlo("client.example")
        s.mail("a@client.example")
        code, text = s.rcpt("x@elsewhere.example")
    assert (code, text) == (550, b"relay not permitted")
    assert spool_ids(daemon["root"]) == []
    rejectlog = (daemon["root"] / "log" / "rejectlog").read_text()
    assert "rejected RCPT <x@elsewhere.example>: relay not permitted" in rejectlog


def test_swaks_pipelined_delivery(daemon):
    swaks = shutil.which("swaks")
    if swaks is None:
        pytest.skip("swaks is not installed (scripts/install-deps installs it)")
    proc = subprocess.run([swaks, "--server", "127.0.0.1", "--port", str(daemon["port"]),
                           "--from", "a@client.example", "--to", "u@test.example",
                           "--helo", "client.example", "--pipeline", "--silent", "2"],
                          capture_output=True, timeout=30)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert len(spool_ids(daemon["root"])) == 1


def test_sigterm_stops_the_daemon(daemon):
    daemon["proc"].send_signal(signal.SIGTERM)
    assert daemon["proc"].wait(timeout=15) == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", daemon["port"]), timeout=1).close()


def _raw(port, first, then=None):
    """Reads the banner, sends `first` in one write, then (optionally)
    `then` after the first reply; returns everything received."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        f = s.makefile("rb")
        f.readline()  # banner
        s.sendall(first)
        time.sleep(0.3)
        if then is not None:
            s.sendall(then)
            time.sleep(0.3)
        s.shutdown(socket.SHUT_WR)
        return f.read().decode()


def test_pipelining_after_ehlo_is_a_sync_error(daemon):
    # EHLO must end a pipelined group (RFC 2920); at the first EHLO nothing
    # has been advertised yet, which is what the log says.
    out = _raw(daemon["port"], b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\n")
    assert out == "554 SMTP synchronization error\r\n"
    rejectlog = (daemon["root"] / "log" / "rejectlog").read_text()
    assert ("SMTP protocol synchronization error (next input sent too soon: pipelining was "
            "not advertised): rejected \"EHLO c.example\" H=[127.0.0.1] "
            "next input=\"MAIL FROM:<a@b.example>\\r\\n\"") in rejectlog


def test_pipelining_without_advertisement_is_a_sync_error(daemon):
    out = _raw(daemon["port"], b"HELO c.example\r\n",
               b"MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n")
    assert out.splitlines() == ["250 mx.test.example Hello c.example [127.0.0.1]",
                                "554 SMTP synchronization error"]


def test_pipelined_envelope_after_ehlo_is_accepted(daemon):
    out = _raw(daemon["port"], b"EHLO c.example\r\n",
               b"MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n")
    # (The client then goes away during DATA: 421, as Exim says it.)
    assert out.splitlines()[-4:] == ["250 OK", "250 Accepted",
                                     "354 Enter message, ending with \".\" on a line by itself",
                                     "421 Lost incoming connection"]


def test_connections_over_the_per_host_limit_get_421(corvid_bin):
    limited = CONFIG.replace("begin acl", "smtp_accept_max_per_host = 2\nbegin acl", 1)
    with corvid_daemon(corvid_bin, limited) as d:
        # The daemon's start-up probe (a connect and close) is a session of
        # its own: wait until it has ended (its notquit ACL logs) so that it
        # no longer counts.
        log = d["root"] / "log" / "mainlog"
        deadline = time.time() + 10
        while time.time() < deadline and "NOTQUIT" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.02)
        held = [socket.create_connection(("127.0.0.1", d["port"]), timeout=10) for _ in range(2)]
        try:
            for s in held:
                assert s.makefile("rb").readline().startswith(b"220 ")
            with socket.create_connection(("127.0.0.1", d["port"]), timeout=10) as third:
                reply = third.makefile("rb").readline().decode()
            assert reply == ("421 Too many concurrent SMTP connections from this IP address; "
                             "please try again later.\r\n")
        finally:
            for s in held:
                s.close()
        # Closed connections no longer count.
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", d["port"]), timeout=10) as again:
            assert again.makefile("rb").readline().startswith(b"220 ")


def test_reserved_slots_are_kept_for_smtp_reserve_hosts(corvid_bin):
    """smtp_accept_max = 3 with smtp_accept_reserve = 1: other hosts get
    two connections, a host in smtp_reserve_hosts (127.0.0.2) the last."""
    limited = CONFIG.replace("begin acl", "smtp_accept_max = 3\nsmtp_accept_reserve = 1\n"
                             "smtp_reserve_hosts = 127.0.0.2\nbegin acl", 1)
    with corvid_daemon(corvid_bin, limited) as d:
        log = d["root"] / "log" / "mainlog"
        deadline = time.time() + 10
        while time.time() < deadline and "NOTQUIT" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.02)

        def connect(source):
            s = socket.create_connection(("127.0.0.1", d["port"]), timeout=10,
                                         source_address=(source, 0))
            return s, s.makefile("rb").readline().decode()

        held = []
        try:
            for _ in range(2):
                s, greeting = connect("127.0.0.1")
                held.append(s)
                assert greeting.startswith("220 ")
            s, refused = connect("127.0.0.1")
            s.close()
            assert refused == "421 Too many concurrent SMTP connections; please try again later.\r\n"
            time.sleep(0.3)  # the refused session ends and no longer counts
            s, greeting = connect("127.0.0.2")
            held.append(s)
            assert greeting.startswith("220 ")
        finally:
            for s in held:
                s.close()


def test_sighup_rereads_the_configuration(daemon):
    def banner():
        with socket.create_connection(("127.0.0.1", daemon["port"]), timeout=10) as s:
            return s.makefile("rb").readline().decode()

    assert "reloaded" not in banner()
    config = daemon["config"]
    config.write_text(config.read_text().replace(
        "primary_hostname = mx.test.example",
        "primary_hostname = mx.test.example\nsmtp_banner = reloaded banner"))
    daemon["proc"].send_signal(signal.SIGHUP)
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            if banner() == "220 reloaded banner\r\n":
                break
        except OSError:
            pass  # the daemon is between its old and new self
        time.sleep(0.1)
    assert banner() == "220 reloaded banner\r\n"
    assert daemon["proc"].poll() is None


def test_notquit_acl_runs_when_the_client_vanishes(daemon):
    with socket.create_connection(("127.0.0.1", daemon["port"]), timeout=10) as s:
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"EHLO c.example\r\n")
        while f.readline()[3:4] == b"-":
            pass
    deadline = time.time() + 5
    log = daemon["root"] / "log" / "mainlog"
    while time.time() < deadline and "NOTQUIT" not in log.read_text():
        time.sleep(0.05)
    assert "NOTQUIT connection-lost" in log.read_text()
    # A polite QUIT does not run it.
    with smtplib.SMTP("127.0.0.1", daemon["port"], timeout=10) as s:
        s.ehlo("c.example")
    time.sleep(0.2)
    assert log.read_text().count("NOTQUIT") == 1


def test_dsn_parameters_reach_the_spool_as_exim_writes_them(daemon):
    # The expected lines are what exim4 -bs writes for the same envelope.
    with smtplib.SMTP("127.0.0.1", daemon["port"], timeout=10) as s:
        s.ehlo("client.example")
        assert s.has_extn("dsn")
        s.mail("a@b.example", ["RET=HDRS", "ENVID=abc"])
        s.rcpt("u@test.example", ["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;x@y.example"])
        code, resp = s.data(b"Subject: x\r\n\r\nhi\r\n")
    assert code == 250
    msg_id = resp.decode().split("id=")[1]
    header = (daemon["root"] / "spool" / "input" / f"{msg_id}-H").read_text().splitlines()
    assert "-dsn_envid abc" in header
    assert "-dsn_ret 2" in header
    assert "u@test.example rfc822;x@y.example 18,12  0,-1#3" in header


# (Braces doubled: corvid_daemon fills in {root} with str.format.)
AUTH_CONFIG = CONFIG + """
begin authenticators
cram:
  driver = cram_md5
  public_name = CRAM-MD5
  server_secret = ${{if eq{{$auth1}}{{user}}{{secret}}fail}}
  server_set_id = $auth1
login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = ${{if and{{{{eq{{$auth1}}{{user}}}}{{eq{{$auth2}}{{secret}}}}}}}}
  server_set_id = $auth1
"""


@pytest.mark.parametrize("mechanism", ["CRAM-MD5", "LOGIN"])
def test_smtp_auth_through_smtplib(corvid_bin, mechanism):
    """Python's smtplib authenticates with CRAM-MD5 (challenge and HMAC
    computed live) and LOGIN; a wrong password gets 535; the message is
    logged as esmtpa with A=<authenticator>:<id> and the spool records it."""
    name = "cram" if mechanism == "CRAM-MD5" else "login"
    with corvid_daemon(corvid_bin, AUTH_CONFIG) as d:
        with smtplib.SMTP("127.0.0.1", d["port"], timeout=20) as s:
            s.ehlo("client.example")
            assert s.has_extn("auth") and s.esmtp_features["auth"].split() == ["CRAM-MD5", "LOGIN"]
            s.user, s.password = "user", "wrong"
            with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
                s.auth(mechanism, getattr(s, "auth_" + mechanism.lower().replace("-", "_")))
            assert refused.value.smtp_code == 535
        with smtplib.SMTP("127.0.0.1", d["port"], timeout=20) as s:
            s.ehlo("client.example")
            s.user, s.password = "user", "secret"
            code, _ = s.auth(mechanism, getattr(s, "auth_" + mechanism.lower().replace("-", "_")))
            assert code == 235
            s.sendmail("a@b.example", ["u@test.example"], b"Subject: auth\r\n\r\nbody\r\n")
        log = (d["root"] / "log" / "mainlog").read_text()
        assert f"{name} authenticator failed for (client.example) [127.0.0.1]: 535 " \
               f"Incorrect authentication data (set_id=user)" in log
        assert f" P=esmtpa A={name}:user S=" in log
        header = next((d["root"] / "spool" / "input").rglob("*-H")).read_text()
        assert f"\n-host_auth {name}\n" in header and "\n--auth_id user\n" in header
