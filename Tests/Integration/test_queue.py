"""The invite queue where the worker, several clients at once or the stored bytes are involved:
unrevealed codes back to the pool, codes never in clear in the database or the logs, one pass
redeemed by six members at once, the quality gate. (Joining, donating, revealing, reporting,
returns and passes are tested in-process: Tests/AppTests/Routes/QueueRoutes.swift.)"""

import re
import subprocess
import uuid

import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql


def clear_queue():
    """These tests need to know who is at the head: start from an empty queue (and log, which
    the replay in verify-log checks against the queue's state)."""
    sql("TRUNCATE queue_events, return_obligations, allocations, invite_codes, queue_entries")
    sql("UPDATE queue_control SET paused = false, reason = '', changed_at = now()")


def join(stack, browser, use_case="Product videos"):
    page = browser.get(stack.url("/dashboard")).text
    response = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page), "use_case": use_case, "persona": "solo_founder"},
                            allow_redirects=False)
    assert response.status_code == 303, response.text


def donate(stack, browser, text):
    page = browser.get(stack.url("/donate")).text
    response = browser.post(stack.url("/donate"), data={"_csrf": csrf_of(page), "codes": text})
    assert response.status_code == 200, response.text
    return response.text


def reveal(stack, browser):
    page = browser.get(stack.url("/dashboard")).text
    assert 'id="reveal-code"' in page
    response = browser.post(stack.url("/queue/reveal"), data={"_csrf": csrf_of(page)})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    return re.search(r'id="invite-code">([^<]+)<', response.text).group(1), response.text


def report(stack, browser, page, outcome):
    response = browser.post(stack.url("/queue/report"), data={"_csrf": csrf_of(page), "outcome": outcome}, allow_redirects=False)
    assert response.status_code == 303, response.text


def run_worker_once(stack):
    # no SMTP server here: in development the worker writes mail to its log instead
    done = subprocess.run([BINARY, "worker", "--once"], env=dict(stack.env, SORASHARE_DEV="1"), cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_unrevealed_code_goes_back_to_the_pool(stack):
    clear_queue()
    sleepy, _ = sign_in(stack)
    join(stack, sleepy)
    donor, _ = sign_in(stack)
    donate(stack, donor, "GHI789")
    assert 'id="reveal-code"' in sleepy.get(stack.url("/dashboard")).text
    sql("UPDATE allocations SET reveal_by = now() - interval '1 second' WHERE outcome IS NULL")
    next_in_line, _ = sign_in(stack)
    join(stack, next_in_line)
    run_worker_once(stack)
    assert sleepy.get(stack.url("/queue/status.json")).json()["status"] == "none", "the unrevealed entry expired"
    code, _ = reveal(stack, next_in_line)
    assert code == "GHI789", "the code went to the next member in line"


def test_codes_are_never_stored_or_logged_in_clear(stack):
    clear_queue()
    donor, _ = sign_in(stack)
    secret = "ZQX" + uuid.uuid4().hex[:9].upper()
    assert "1 code(s) added" in donate(stack, donor, secret)
    recipient, _ = sign_in(stack)
    join(stack, recipient)
    worker_log = run_worker_once(stack)
    code, _ = reveal(stack, recipient)
    assert code == secret
    dump = subprocess.run(["pg_dump", stack.env["SORASHARE_DATABASE_URL"]], capture_output=True, text=True, check=True).stdout
    assert "invite_codes" in dump and secret not in dump and secret.lower() not in dump
    logs = stack.log_path.read_text() + worker_log + (stack.prefix / "nginx" / "access.log").read_text()
    assert secret not in logs


def test_two_members_redeem_the_same_pass_at_once(stack):
    from concurrent.futures import ThreadPoolExecutor

    clear_queue()
    members = [sign_in(stack)[0] for _ in range(6)]
    for member in members:
        join(stack, member)
    code = subprocess.run([BINARY, "admin", "mint-passes", "1", "race"], env=stack.env, cwd=ROOT, capture_output=True,
                          text=True).stdout.splitlines()[-1]
    pages = [member.get(stack.url("/dashboard")).text for member in members]
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda pair: pair[0].post(stack.url("/passes/redeem"), data={"_csrf": csrf_of(pair[1]), "code": code},
                                                           allow_redirects=False).status_code, zip(members, pages)))
    assert sorted(statuses) == [303] + [400] * 5, "double redemption is impossible"
    assert sql("SELECT count(*) FROM queue_entries WHERE lane = 0 AND status = 'waiting'") == "1"


def test_quality_gate_pauses_distribution_and_an_admin_resumes_it(stack):
    """Codes from several donors failing (no one donor quarantined: each has one failure) is what
    the global gate is for; one donor's junk is judged on its own (Tests/AppTests/Routes/FairnessRoutes.swift)."""
    import time

    clear_queue()
    admin, admin_email = sign_in(stack)
    subprocess.run([BINARY, "admin", "grant", admin_email], env=stack.env, cwd=ROOT, check=True, capture_output=True)
    recipients = [sign_in(stack)[0] for _ in range(3)]
    for member in recipients:
        join(stack, member)
    for _ in recipients:
        donor, _ = sign_in(stack)
        donate(stack, donor, "BAD" + uuid.uuid4().hex[:7].upper())
    for member in recipients:
        _, page = reveal(stack, member)
        report(stack, member, page, "invalid")
    assert sql("SELECT count(*) FROM members WHERE donor_quarantined_at IS NOT NULL") == "0"
    waiting, _ = sign_in(stack)
    join(stack, waiting)
    gate = dict(stack.env, SORASHARE_TRUST_MINIMUM_SAMPLE="3", SORASHARE_DEV="1")
    log = subprocess.run([BINARY, "worker", "--once"], env=gate, cwd=ROOT, capture_output=True, text=True, check=True).stderr
    assert "paused by the quality gate" in log
    assert sql("SELECT paused FROM queue_control") == "t"
    assert sql(f"SELECT count(*) FROM outbox_emails WHERE recipient = '{admin_email}' AND subject = 'SoraShare paused distribution'") == "1"
    deadline = time.monotonic() + 8  # each responder thread reads the state at most every 5 s
    landing = requests.get(stack.url("/")).text
    while 'id="distribution-paused"' not in landing and time.monotonic() < deadline:
        time.sleep(0.5)
        landing = requests.get(stack.url("/")).text
    assert 'id="distribution-paused"' in landing
    assert "the trust score fell to 50, below 60" in admin.get(stack.url("/dashboard")).text
    # while paused, a donated code waits in the pool
    donor, _ = sign_in(stack)
    donate(stack, donor, "OK" + uuid.uuid4().hex[:8].upper())
    assert 'id="reveal-code"' not in waiting.get(stack.url("/dashboard")).text
    # an admin resumes; the gate does not pause again on the figures already checked
    resumed = subprocess.run([BINARY, "admin", "resume"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert resumed.stdout.strip() == "distribution resumed"
    subprocess.run([BINARY, "worker", "--once"], env=gate, cwd=ROOT, check=True, capture_output=True)
    assert sql("SELECT paused FROM queue_control") == "f"
    assert 'id="reveal-code"' in waiting.get(stack.url("/dashboard")).text, "the head of the queue got the waiting code"
    assert subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True).returncode == 0
