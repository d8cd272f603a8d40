"""The invite queue through nginx: join, place and wait on the dashboard, the polled status
document (ETag / 304), leave."""

import re
import subprocess
import uuid

import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql


def test_join_see_position_poll_and_leave(stack):
    browser, email = sign_in(stack)
    page = browser.get(stack.url("/dashboard"))
    assert page.status_code == 200
    assert 'id="join-queue"' in page.text
    # a bad form is refused with a message and changes nothing
    refused = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": " ", "persona": "agency"})
    assert refused.status_code == 422 and "up to 500 characters" in refused.text
    refused = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": "ads", "persona": "wizard"})
    assert refused.status_code == 422 and "describes you best" in refused.text
    joined = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": "Product videos", "persona": "small_team"},
                          allow_redirects=False)
    assert joined.status_code == 303 and joined.headers["Location"] == "/dashboard"
    dashboard = browser.get(stack.url("/dashboard")).text
    position = int(re.search(r'id="queue-position">(\d+)<', dashboard).group(1))
    waiting = int(sql("SELECT count(*) FROM queue_entries WHERE status = 'waiting'"))
    assert position == waiting, "the newest member is last in line"
    assert "Estimated wait: <span id=\"queue-estimate\">" in dashboard
    # joining twice is refused
    again = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(dashboard), "use_case": "x", "persona": "other"})
    assert again.status_code == 409 and "already have a place" in again.text
    # the polled document, then a 304 with the ETag
    status = browser.get(stack.url("/queue/status.json"))
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "waiting" and body["position"] == position and body["waiting"] == waiting
    etag = status.headers["ETag"]
    unchanged = browser.get(stack.url("/queue/status.json"), headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    # someone else joins ahead? no: behind; our document is unchanged except the queue length
    other, _ = sign_in(stack)
    other_page = other.get(stack.url("/dashboard")).text
    other.post(stack.url("/queue/join"), data={"_csrf": csrf_of(other_page), "use_case": "Ads", "persona": "agency"})
    changed = browser.get(stack.url("/queue/status.json"), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["waiting"] == waiting + 1 and changed.json()["position"] == position
    left = browser.post(stack.url("/queue/leave"), data={"_csrf": csrf_of(dashboard)}, allow_redirects=False)
    assert left.status_code == 303
    assert browser.get(stack.url("/queue/status.json")).json()["status"] == "none"
    assert other.get(stack.url("/queue/status.json")).json()["position"] == position, "the member behind moved up"


def test_dashboard_needs_sign_in(stack):
    response = requests.get(stack.url("/dashboard"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert requests.get(stack.url("/queue/status.json")).status_code == 401


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
    done = subprocess.run([BINARY, "worker", "--once"], env=stack.env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_donate_allocate_reveal_and_report(stack):
    clear_queue()
    first, _ = sign_in(stack)
    join(stack, first)
    donor, _ = sign_in(stack)
    result = donate(stack, donor, "abc123\nABC123\nnot a code!\n\nDEF456")
    assert 'id="accepted-count">2 code(s) added' in result
    assert "AB…(6 chars)" in result and "ABC123" not in result and "DEF456" not in result, "codes are shown redacted"
    assert "appears more than once in this submission" in result
    assert "does not look like" in result
    assert "already in the pool" in donate(stack, donor, "DEF456")
    # the member waiting got the oldest code at once
    code, page = reveal(stack, first)
    assert code == "ABC123"
    report(stack, first, page, "worked")
    assert first.get(stack.url("/queue/status.json")).json()["status"] == "none"
    assert sql("SELECT status FROM invite_codes ORDER BY id LIMIT 1") == "worked"
    # the second code waits in the pool for the next member; the worker hands it out
    second, _ = sign_in(stack)
    join(stack, second)
    run_worker_once(stack)
    code, page = reveal(stack, second)
    assert code == "DEF456"
    report(stack, second, page, "invalid")
    # an invalid code: retired, and the recipient is back at the head of the queue
    assert sql("SELECT status FROM invite_codes WHERE id = (SELECT max(id) FROM invite_codes)") == "invalid"
    later, _ = sign_in(stack)
    join(stack, later)
    assert second.get(stack.url("/queue/status.json")).json()["position"] == 1
    assert later.get(stack.url("/queue/status.json")).json()["position"] == 2
    done = subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


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


def test_recipients_owe_codes_back_and_arrears_block_rejoining(stack):
    clear_queue()
    recipient, _ = sign_in(stack)
    join(stack, recipient)
    donor, _ = sign_in(stack)
    donate(stack, donor, "RET" + uuid.uuid4().hex[:7].upper())
    _, page = reveal(stack, recipient)
    report(stack, recipient, page, "worked")
    dashboard = recipient.get(stack.url("/dashboard")).text
    assert "You owe 1 invite code(s)</strong> by " in dashboard
    # past the deadline: no rejoining, and the profile says so
    sql("UPDATE return_obligations SET due_at = now() - interval '1 minute' WHERE returned < owed")
    refused = recipient.post(stack.url("/queue/join"), data={"_csrf": csrf_of(dashboard), "use_case": "again", "persona": "other"})
    assert refused.status_code == 403 and "You still owe 1 invite code(s)" in refused.text
    assert 'id="arrears">owes 1 code(s), overdue' in recipient.get(stack.url("/account")).text
    # donating a code pays the debt back
    assert "1 code(s) added" in donate(stack, recipient, "PAY" + uuid.uuid4().hex[:7].upper())
    assert 'id="owed"' not in recipient.get(stack.url("/dashboard")).text
    join(stack, recipient)
    assert recipient.get(stack.url("/queue/status.json")).json()["status"] in ("waiting", "allocated")
    assert sql("SELECT count(*) FROM queue_events WHERE body LIKE '%\"kind\":\"return\"%'") == "1"
    assert subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True).returncode == 0


def test_priority_pass_moves_to_the_head_once(stack):
    clear_queue()
    first, _ = sign_in(stack)
    join(stack, first)
    holder, _ = sign_in(stack)
    join(stack, holder)
    minted = subprocess.run([BINARY, "admin", "mint-passes", "3", "sora"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert minted.returncode == 0, minted.stderr
    codes = [line for line in minted.stdout.splitlines() if re.fullmatch(r"SORA-[0-9A-F]{12}", line)]
    assert len(codes) == 3 and len(set(codes)) == 3
    assert holder.get(stack.url("/queue/status.json")).json()["position"] == 2
    assert holder.get(stack.url(f"/passes/status.json?code={codes[0]}")).json() == {"code": codes[0], "status": "valid"}
    page = holder.get(stack.url("/dashboard")).text
    redeemed = holder.post(stack.url("/passes/redeem"), data={"_csrf": csrf_of(page), "code": codes[0].lower()}, allow_redirects=False)
    assert redeemed.status_code == 303
    assert holder.get(stack.url("/queue/status.json")).json()["position"] == 1
    assert first.get(stack.url("/queue/status.json")).json()["position"] == 2
    assert 'id="queue-lane">You are in the head lane' in holder.get(stack.url("/dashboard")).text
    assert 'id="queue-lane"' not in first.get(stack.url("/dashboard")).text
    assert 'id="queue-score"' not in first.get(stack.url("/dashboard")).text, "first come, first served: no scores"
    assert holder.get(stack.url(f"/passes/status.json?code={codes[0]}")).json()["status"] == "redeemed"
    # the same pass again, by anyone: refused
    first_page = first.get(stack.url("/dashboard")).text
    again = first.post(stack.url("/passes/redeem"), data={"_csrf": csrf_of(first_page), "code": codes[0]})
    assert again.status_code == 400 and "already used" in again.text
    assert first.get(stack.url("/queue/status.json")).json()["position"] == 2
    # an expired pass: refused
    sql(f"UPDATE priority_passes SET expires_at = now() - interval '1 second' WHERE code = '{codes[1]}'")
    assert first.get(stack.url(f"/passes/status.json?code={codes[1]}")).json()["status"] == "expired"
    assert first.post(stack.url("/passes/redeem"), data={"_csrf": csrf_of(first_page), "code": codes[1]}).status_code == 400
    assert first.get(stack.url("/passes/status.json?code=NOPE-000000000000")).json()["status"] == "unknown"
    # the next code goes to the pass holder, and the replay agrees
    donor, _ = sign_in(stack)
    donate(stack, donor, "PAS" + uuid.uuid4().hex[:7].upper())
    assert 'id="reveal-code"' in holder.get(stack.url("/dashboard")).text
    assert subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True).returncode == 0


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
    import time

    clear_queue()
    admin, admin_email = sign_in(stack)
    subprocess.run([BINARY, "admin", "grant", admin_email], env=stack.env, cwd=ROOT, check=True, capture_output=True)
    recipients = [sign_in(stack)[0] for _ in range(3)]
    for member in recipients:
        join(stack, member)
    donor, _ = sign_in(stack)
    donate(stack, donor, "\n".join("BAD" + uuid.uuid4().hex[:7].upper() for _ in range(3)))
    for member in recipients:
        _, page = reveal(stack, member)
        report(stack, member, page, "invalid")
    gate = dict(stack.env, SORASHARE_TRUST_MINIMUM_SAMPLE="3")
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
    donate(stack, donor, "OK" + uuid.uuid4().hex[:8].upper())
    assert 'id="reveal-code"' not in recipients[0].get(stack.url("/dashboard")).text
    # an admin resumes; the gate does not pause again on the figures already checked
    resumed = subprocess.run([BINARY, "admin", "resume"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert resumed.stdout.strip() == "distribution resumed"
    subprocess.run([BINARY, "worker", "--once"], env=gate, cwd=ROOT, check=True, capture_output=True)
    assert sql("SELECT paused FROM queue_control") == "f"
    assert 'id="reveal-code"' in recipients[0].get(stack.url("/dashboard")).text, "the head of the queue got the waiting code"
    assert subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True).returncode == 0
