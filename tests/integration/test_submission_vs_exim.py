"""`control = submission` against Exim 4.96: a message received by SMTP
(`-bs -oMa`) without Message-Id:, From: or Date: gets them added as Exim
adds them (From: from the envelope sender, with `name=` as its phrase),
and one that has them keeps its own; the spool files are compared."""

import pytest

from test_local_submission_vs_exim import CONFIG, run, spool_text, spools  # noqa: F401

CONFIG_TAIL = r"""
host_lookup =
rfc1413_hosts =
acl_smtp_rcpt = rcpt
begin acl
rcpt:
  accept  senders = named@x.example
          control = submission/name=Named Sender
  accept  control = submission
"""

CASES = {
    "bare": ("alice@x.example", "To: bob, carol@y.example\r\nSubject: sub\r\n\r\nbody\r\n"),
    "named": ("named@x.example", "Subject: with name\r\n\r\nbody\r\n"),
    "complete": ("alice@x.example", "From: Someone <someone@z.example>\r\nDate: Mon, 1 Jan 2024 "
                 "00:00:00 +0000\r\nMessage-ID: <given@x.example>\r\n\r\nbody\r\n"),
    "null_sender": ("", "Subject: bounce\r\n\r\nbody\r\n"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_submission_matches_exim(case, spools, corvid_bin, exim_bin):
    sender, message = CASES[case]
    dialogue = (f"EHLO c.example\r\nMAIL FROM:<{sender}>\r\nRCPT TO:<bob@test.example>\r\n"
                f"DATA\r\n{message}.\r\nQUIT\r\n")
    results = {}
    for who, binary in (("exim", exim_bin), ("corvid", corvid_bin)):
        spool, conf = spools[who]
        # The local-submission test's main options, with this ACL instead.
        main = CONFIG.split("acl_not_smtp")[0]
        conf.write_text(main.replace("@SPOOL@", str(spool)).replace("@SELECTOR@", "") + CONFIG_TAIL)
        rc = run(binary, conf, ["-bs", "-oMa", "10.0.0.1"], dialogue)
        results[who] = [f"exit {rc}"] + [l for l in spool_text(spool) if "<=" not in l]
    assert any("Message-Id:" in l or "Message-ID:" in l for l in results["exim"]), results["exim"]
    assert results["corvid"] == results["exim"]
