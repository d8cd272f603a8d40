"""The video studio on the whole stack: members create jobs through nginx, `sorashare worker`
processes (the `workers` fixture) send them to the Runway and Replicate stand-ins
(dev/standins/runway_api.py, replicate_api.py: knobs and counters read in-process), Replicate's
signed webhooks come back through nginx, and the finished video is served by nginx from the media
directory behind a signed link. Each test starts from a clean studio (the `studio` fixture: no job
under way, closed circuits, the stand-ins reset)."""

import base64
import hashlib
import hmac
import html
import json
import os
import re
import subprocess
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import REPLICATE_OLD_WEBHOOK_SECRET, REPLICATE_WEBHOOK_SECRET, ROOT, wait_for
from standins.replicate_api import deliver, sign
from standins.video_common import probe
from test_accounts import sign_in, sql

IMAGE = (ROOT / "Tests" / "MediaTests" / "Fixtures" / "image.png").read_bytes()
FRAMES = {"tiktok": (360, 640), "youtube": (640, 360), "square": (480, 480)}  # the stand-ins' frames
http = requests.Session()
http.trust_env = False


# --- helpers ---

def member_of(email):
    return int(sql(f"SELECT id FROM members WHERE email = '{email}'"))


def grant(member, credits):
    sql(f"INSERT INTO credit_ledger (member_id, delta, kind, reference, description) "
        f"VALUES ({member}, {credits}, 'grant', 'test-{uuid.uuid4().hex}', 'test grant')")


def balance(member):
    return int(sql(f"SELECT coalesce(sum(delta), 0) FROM credit_ledger WHERE member_id = {member}"))


def ledger(member):
    """The member's ledger entries as (kind, delta), oldest first."""
    rows = subprocess.run(["psql", stack_database(), "-tAc",
                           f"SELECT kind, delta FROM credit_ledger WHERE member_id = {member} ORDER BY id"],
                          check=True, capture_output=True, text=True).stdout.split()
    return [(kind, int(delta)) for kind, delta in (row.split("|") for row in rows)]


def rows(statement):
    """Every row of `statement` as a list of column strings."""
    out = subprocess.run(["psql", stack_database(), "-tAc", statement], check=True, capture_output=True, text=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def stack_database():
    return os.environ["SORASHARE_TEST_DATABASE_URL"]


def job(job_id):
    """The job's row as a dict of the columns tests look at."""
    columns = ["state", "attempts", "failed_attempts", "dead_letter", "failure_code", "failure_message", "video_asset_id",
               "progress", "lease_owner", "updated_at", "finished_at"]
    values = rows(f"SELECT {', '.join(columns)} FROM video_jobs WHERE id = {job_id}")[0]
    return dict(zip(columns, values))


def attempts(job_id):
    """(number, provider, task_id, ended, outcome) of each attempt of the job."""
    return [(int(number), provider, task or None, ended == "t", outcome) for number, provider, task, ended, outcome in rows(
        f"SELECT number, provider, coalesce(task_id, ''), ended_at IS NOT NULL, outcome FROM video_attempts "
        f"WHERE job_id = {job_id} ORDER BY number")]


def wait_state(job_id, *states, timeout=30):
    assert wait_for(lambda: job(job_id)["state"] in states, timeout=timeout), \
        f"job {job_id} is {job(job_id)} after {timeout} s, not {states}; attempts {attempts(job_id)}"


def csrf_for_studio(stack, browser):
    page = browser.get(stack.url("/studio/new"))
    assert page.status_code == 200, page.text
    return re.search(r'data-csrf="([0-9a-f]+)"', page.text).group(1)


def create(stack, cookies, csrf, platform="tiktok", seconds=5, key=None):
    """POST /studio/new as the page's script sends it (multipart, token in X-CSRF-Token, JSON answer)."""
    return http.post(stack.url("/studio/new"), cookies=cookies, timeout=60,
                     headers={"X-CSRF-Token": csrf, "Accept": "application/json"},
                     data={"request_key": key or uuid.uuid4().hex, "prompt": "The mug turns slowly on a white table",
                           "preset": "turntable", "platform": platform, "seconds": str(seconds)},
                     files={"image": ("mug.png", IMAGE, "image/png")})


def member_with_credits(stack, credits):
    """A signed-in member holding `credits`: (session, member id, studio CSRF token)."""
    browser, email = sign_in(stack)
    member = member_of(email)
    grant(member, credits)
    return browser, member, csrf_for_studio(stack, browser)


def new_job(stack, browser, csrf, platform="tiktok", seconds=5):
    made = create(stack, browser.cookies.get_dict(), csrf, platform, seconds)
    assert made.status_code == 201, made.text
    return made.json()["job"]["id"]


def links(stack, browser, job_id):
    """The job page's signed video and download links."""
    page = browser.get(stack.url(f"/studio/jobs/{job_id}")).text
    video = re.search(r'<video id="job-video"[^>]* src="([^"]+)"', page)
    download = re.search(r'id="download-video" href="([^"]+)"', page)
    assert video and download, page
    return html.unescape(video.group(1)), html.unescape(download.group(1))


def signed_link(stack, job_id, member, file, expires):
    """A link signed as the app signs them (MediaLink: HMAC-SHA256 under a key derived from
    SORASHARE_SECRET_KEY), for any expiry."""
    key = hmac.new(base64.b64decode(stack.env["SORASHARE_SECRET_KEY"]), b"sorashare media-link v1", hashlib.sha256).digest()
    signature = hmac.new(key, f"media v1|{job_id}|{member}|{file}|{expires}".encode(), hashlib.sha256).hexdigest()
    return f"/studio/jobs/{job_id}/{file}?expires={expires}&signature={signature}"


def outbox(member, subject):
    return int(sql(f"SELECT count(*) FROM outbox_emails o JOIN members m ON m.email = o.recipient "
                   f"WHERE m.id = {member} AND o.subject = '{subject}'"))


FAILED_MAIL = "Your SoraShare video could not be made"
READY_MAIL = "Your SoraShare video is ready"


# --- concurrency ---

def test_200_concurrent_creates_by_one_member_make_exactly_the_jobs_paid_for(stack, studio):
    """200 creates at once through nginx, each its own form (request key), by a member whose balance
    pays for exactly 10: 10 jobs, the rest refused (402), balance 0, and no moment with a negative
    balance (a watcher reads the ledger's sum throughout)."""
    browser, member, csrf = member_with_credits(stack, 50)  # 10 × 5 s at 1 credit/s
    cookies = browser.cookies.get_dict()
    observed, done = [], threading.Event()

    def watch():
        while not done.is_set():
            observed.append(balance(member))

    watcher = threading.Thread(target=watch)
    watcher.start()
    start = threading.Barrier(200)

    def one(_):
        start.wait()
        return create(stack, cookies, csrf).status_code

    began = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=200) as pool:
            statuses = Counter(pool.map(one, range(200)))
    finally:
        done.set()
        watcher.join()
    elapsed = time.monotonic() - began
    assert statuses == {201: 10, 402: 190}, statuses
    assert sql(f"SELECT count(*) FROM video_jobs WHERE member_id = {member}") == "10"
    assert balance(member) == 0
    entries = ledger(member)
    assert entries.count(("spend", -5)) == 10 and len(entries) == 11 and sum(delta for _, delta in entries) == 0
    assert sql(f"SELECT count(DISTINCT reference) FROM credit_ledger WHERE member_id = {member} AND kind = 'spend'") == "10"
    # the page shows the same balance as the ledger's sum
    assert re.search(r'id="credit-balance">0<', browser.get(stack.url("/studio/new")).text)
    assert observed and min(observed) >= 0, f"negative balance observed: {min(observed)}"
    print(f"200 creates in {elapsed:.1f} s; {len(observed)} balance readings, lowest {min(observed)}")


# --- failures ---

@pytest.mark.parametrize("knobs", [{"fail_creates": [503]}, {"fail_tasks": 1, "failure": "INTERNAL"}],
                         ids=["runway create 503", "runway task INTERNAL"])
def test_a_retryable_failure_at_runway_ends_as_a_video_from_replicate_charged_once(stack, studio, workers, knobs):
    browser, member, csrf = member_with_credits(stack, 10)
    studio["runway"].set(**knobs)
    job_id = new_job(stack, browser, csrf)
    workers()
    wait_state(job_id, "succeeded")
    tried = attempts(job_id)
    assert [(number, provider) for number, provider, *_ in tried] == [(1, "runway"), (2, "replicate")], tried
    assert tried[0][4].startswith("retry: runway") and tried[1][4] == "succeeded", tried
    assert ledger(member) == [("grant", 10), ("spend", -5)], "charged once, nothing refunded"
    assert studio["replicate"].creates == 1
    assert studio["runway"].creates == (1 if "fail_tasks" in knobs else 0)
    page = browser.get(stack.url(f"/studio/jobs/{job_id}")).text
    assert 'id="job-state">Ready<' in page and "Trying again: runway" in page and "Made by replicate" in page
    assert outbox(member, READY_MAIL) == 1 and outbox(member, FAILED_MAIL) == 0


def test_a_task_throttled_past_the_limit_is_cancelled_and_made_elsewhere(stack, studio, workers):
    """Runway keeps the task THROTTLED (over the tier's concurrency) longer than the studio waits:
    the task is cancelled there and Replicate makes the video, charged once."""
    browser, member, csrf = member_with_credits(stack, 10)
    studio["runway"].set(throttle_seconds=60)
    job_id = new_job(stack, browser, csrf)
    workers(SORASHARE_STUDIO_QUEUE_LIMIT_SECONDS="2")
    wait_state(job_id, "succeeded")
    tried = attempts(job_id)
    assert [(number, provider) for number, provider, *_ in tried] == [(1, "runway"), (2, "replicate")], tried
    assert tried[0][4] == "retry: runway kept it waiting over 2 s", tried
    assert wait_for(lambda: studio["runway"].cancels == 1, timeout=10), studio["runway"].state()
    (task,) = studio["runway"].state()["tasks"]
    assert task["canceled"], task
    assert ledger(member) == [("grant", 10), ("spend", -5)]


def test_a_refusal_by_moderation_fails_the_job_with_its_reason_and_one_refund(stack, studio, workers):
    browser, member, csrf = member_with_credits(stack, 10)
    studio["runway"].set(fail_tasks=1)  # the task ends FAILED with SAFETY.INPUT.IMAGE
    job_id = new_job(stack, browser, csrf)
    workers()
    wait_state(job_id, "failed")
    row = job(job_id)
    assert row["failure_code"] == "SAFETY.INPUT.IMAGE" and row["dead_letter"] == "f", row
    page = browser.get(stack.url(f"/studio/jobs/{job_id}")).text
    failure = re.search(r'id="job-failure">([^<]+)<', page)
    assert failure and "content moderation refused" in html.unescape(failure.group(1)), page
    assert ledger(member) == [("grant", 10), ("spend", -5), ("job_refund", 5)], "exactly one refund"
    assert studio["replicate"].create_attempts == 0, "a refusal is not tried elsewhere"
    assert wait_for(lambda: outbox(member, FAILED_MAIL) == 1, timeout=5)
    time.sleep(2)  # the workers keep running: nothing more happens to an ended job
    assert ledger(member)[-1] == ("job_refund", 5) and len(ledger(member)) == 3 and job(job_id)["state"] == "failed"


def test_providers_down_for_good_make_a_dead_letter_refunded_once(stack, studio, workers):
    browser, member, csrf = member_with_credits(stack, 10)
    for name in ("runway", "replicate"):
        studio[name].set(fail_creates=[503] * 20)
    job_id = new_job(stack, browser, csrf)
    began = time.monotonic()
    workers(SORASHARE_STUDIO_MAX_ATTEMPTS="3")
    wait_state(job_id, "failed", timeout=40)
    elapsed = time.monotonic() - began
    row = job(job_id)
    assert row["dead_letter"] == "t" and row["failure_code"] == "attempts" and row["attempts"] == "3", row
    assert [provider for _, provider, *_ in attempts(job_id)] == ["runway", "replicate", "runway"], "each retry goes elsewhere"
    assert studio["runway"].create_attempts + studio["replicate"].create_attempts == 3
    assert studio["runway"].creates + studio["replicate"].creates == 0
    # retries wait 1, 2 s (± 20 %) before attempts 2 and 3, then 4 s before the job is given up
    assert elapsed >= (1 + 2 + 4) * 0.8, elapsed
    page = browser.get(stack.url(f"/studio/jobs/{job_id}")).text
    assert "No provider could make it after 3 attempts" in page
    assert ledger(member) == [("grant", 10), ("spend", -5), ("job_refund", 5)], "refunded once"
    assert wait_for(lambda: outbox(member, FAILED_MAIL) == 1, timeout=5)
    assert sql(f"SELECT body LIKE '%No provider could make it after 3 attempts%' FROM outbox_emails o JOIN members m "
               f"ON m.email = o.recipient WHERE m.id = {member} AND o.subject = '{FAILED_MAIL}'") == "t"
    print(f"dead letter after {elapsed:.1f} s")


# --- events ---

def webhook_url(stack, reference):
    return stack.url(f"/webhooks/replicate?attempt={reference}")


def test_duplicate_late_and_out_of_order_replicate_webhooks_leave_the_job_final(stack, studio, workers):
    """The stand-in sends every webhook twice and `completed` before `start`; then 16 more arrive at
    once (re-posted deliveries with their webhook-id, and late `starting`/`processing` events, a
    `failed` one among them): the job ends succeeded, charged once, and nothing changes after."""
    replicate = studio["replicate"]
    browser, member, csrf = member_with_credits(stack, 10)
    replicate.set(webhook_duplicates=True, webhook_order="reversed")
    job_id = new_job(stack, browser, csrf)
    workers(SORASHARE_VIDEO_PROVIDERS="replicate")
    wait_state(job_id, "succeeded")
    assert wait_for(lambda: len(replicate.deliveries) == 4, timeout=10), replicate.deliveries
    events = [(event, status) for event, _, _, status in replicate.deliveries]
    assert events == [("completed", "succeeded")] * 2 + [("start", "starting")] * 2, events
    assert all(answer == 200 for _, _, answer, _ in replicate.deliveries), replicate.deliveries
    before = job(job_id), rows(f"SELECT state, detail FROM video_job_events WHERE job_id = {job_id} ORDER BY id")

    (task,) = replicate.tasks.values()
    final = replicate.prediction(task)
    late = []
    for status in ("starting", "processing"):
        late.append({**final, "status": status, "output": None, "completed_at": None, "metrics": {}})
    failed = {**final, "status": "failed", "output": None, "error": "The input or output was flagged as sensitive. (E005)"}
    recorded = [message_id for _, message_id, _, _ in replicate.deliveries]
    messages = ([(final, recorded[0])] * 4 + [(final, None)] * 2 + [(late[0], recorded[2])] * 2 + [(late[0], None)] * 2
                + [(late[1], None)] * 4 + [(failed, None)] * 2)
    assert len(messages) == 16

    def post(message):
        body, message_id = message
        return deliver(task.reference, body, REPLICATE_WEBHOOK_SECRET, message_id=message_id, session=http).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(post, messages))
    assert answers == [200] * 16, answers
    time.sleep(2.5)  # the workers run a few more passes (polls would see the same final state)
    after = job(job_id), rows(f"SELECT state, detail FROM video_job_events WHERE job_id = {job_id} ORDER BY id")
    assert after == before, "20 duplicate, late and out-of-order events changed nothing"
    assert before[0]["state"] == "succeeded" and before[0]["video_asset_id"]
    assert ledger(member) == [("grant", 10), ("spend", -5)]
    assert outbox(member, READY_MAIL) == 1 and outbox(member, FAILED_MAIL) == 0
    assert replicate.creates == 1


def test_replicate_webhooks_badly_signed_stale_or_for_an_unknown_attempt(stack, studio, workers):
    """Through nginx: a wrong secret, a stale or future timestamp and missing headers are 400 and
    change nothing; the old secret of a rotation is accepted; an attempt we never made is 200."""
    replicate = studio["replicate"]
    browser, member, csrf = member_with_credits(stack, 10)
    replicate.set(webhooks=False)  # the stack hears only what this test sends
    job_id = new_job(stack, browser, csrf)
    workers(SORASHARE_VIDEO_PROVIDERS="replicate")
    wait_state(job_id, "succeeded")
    (task,) = replicate.tasks.values()
    before = job(job_id), ledger(member)
    body = json.dumps(replicate.prediction(task))
    now = int(time.time())
    wrong = "whsec_" + base64.b64encode(b"someone else's key").decode()
    cases = [
        ("wrong secret", lambda: deliver(task.reference, body, wrong, session=http), 400),
        ("stale timestamp", lambda: deliver(task.reference, body, REPLICATE_WEBHOOK_SECRET, timestamp=now - 301 - 5, session=http), 400),
        ("future timestamp", lambda: deliver(task.reference, body, REPLICATE_WEBHOOK_SECRET, timestamp=now + 301 + 5, session=http), 400),
        ("no signature", lambda: http.post(task.reference, data=body, headers={"Content-Type": "application/json"}), 400),
        ("tampered body", lambda: http.post(task.reference, data=body.replace("succeeded", "failed"), headers=dict(
            deliver_headers(body))), 400),
        ("old secret", lambda: deliver(task.reference, body, REPLICATE_OLD_WEBHOOK_SECRET, session=http), 200),
        ("unknown attempt", lambda: deliver(webhook_url(stack, "job-999999999-1"), body, REPLICATE_WEBHOOK_SECRET, session=http), 200),
        ("no attempt", lambda: deliver(stack.url("/webhooks/replicate"), body, REPLICATE_WEBHOOK_SECRET, session=http), 200),
    ]
    for name, send, status in cases:
        answer = send()
        assert answer.status_code == status, f"{name}: {answer.status_code} {answer.text}"
        if name in ("unknown attempt", "no attempt"):
            assert answer.json() == {"received": True, "outcome": "unknown"}, answer.text
    assert (job(job_id), ledger(member)) == before


def deliver_headers(body):
    """Valid Standard Webhooks headers for `body` (for tampering with the body afterwards)."""
    message_id, timestamp = "msg_" + uuid.uuid4().hex, int(time.time())
    return {"Content-Type": "application/json", "webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(REPLICATE_WEBHOOK_SECRET, message_id, timestamp, body)}


# --- crash ---

def test_a_worker_killed_while_polling_a_running_task_is_replaced_after_its_lease(stack, studio, workers, monkeypatch):
    """kill -9 of the worker while it holds the job (its poll of the running task hangs at Runway):
    after the lease runs out another worker polls the same task and finishes the job; one create,
    charged once."""
    runway = studio["runway"]
    browser, member, csrf = member_with_credits(stack, 10)
    runway.set(run_seconds=4)
    hang, polled = threading.Event(), threading.Event()
    original = runway._get

    def get(task_id):
        if hang.is_set():
            polled.set()
            time.sleep(8)  # until the worker is gone
        return original(task_id)

    monkeypatch.setattr(runway, "_get", get)
    job_id = new_job(stack, browser, csrf)
    first = workers(SORASHARE_STUDIO_LEASE_SECONDS="3")
    wait_state(job_id, "running")
    hang.set()
    assert polled.wait(10)
    holder = job(job_id)["lease_owner"]
    assert holder.endswith(f"-{first.pid}"), f"the worker holds the job while it polls: {holder}"
    first.kill()
    first.wait()
    hang.clear()
    began = time.monotonic()
    workers(SORASHARE_STUDIO_LEASE_SECONDS="3")
    wait_state(job_id, "succeeded", timeout=30)
    print(f"taken over and finished {time.monotonic() - began:.1f} s after the kill")
    assert runway.creates == 1 and runway.cancels == 0, "the same task, polled by the next worker"
    assert [(number, provider) for number, provider, *_ in attempts(job_id)] == [(1, "runway")]
    assert ledger(member) == [("grant", 10), ("spend", -5)]


def test_a_worker_killed_between_the_providers_create_and_our_commit_costs_one_cancelled_task(
        stack, studio, workers, monkeypatch):
    """kill -9 of the worker after Replicate created the prediction but before the worker recorded
    it (Replicate's answer hangs until the worker is dead). After the lease the next worker tries
    again; the orphan's webhook (held back until then) names its attempt, and the worker cancels
    it. The stand-in saw one extra create, cancelled while it ran; the member is charged once."""
    replicate = studio["replicate"]
    browser, member, csrf = member_with_credits(stack, 10)
    replicate.set(run_seconds=30)  # the orphan would run long
    created, killed, holding = threading.Event(), threading.Event(), threading.Event()
    original_create, original_send = replicate._create, replicate._send
    held = []

    def create_then_hang(request):
        response = original_create(request)
        created.set()
        killed.wait(30)
        return response

    def send(task, event, body):
        # the orphan's webhooks (attempt job-ID-1) are held back, as a slow delivery would be
        if holding.is_set() and task.reference.endswith("-1"):
            held.append((task, event, body))
            return
        original_send(task, event, body)

    holding.set()

    monkeypatch.setattr(replicate, "_create", create_then_hang)
    monkeypatch.setattr(replicate, "_send", send)
    job_id = new_job(stack, browser, csrf)
    lease = {"SORASHARE_STUDIO_LEASE_SECONDS": "3", "SORASHARE_VIDEO_PROVIDERS": "replicate"}
    first = workers(**lease)
    assert created.wait(20), "the worker sent the job"
    (orphan,) = replicate.tasks.values()
    assert attempts(job_id) == [(1, "replicate", None, False, "")], "the attempt is recorded before the create"
    first.kill()
    first.wait()
    replicate.set(run_seconds=0.6)
    monkeypatch.setattr(replicate, "_create", original_create)
    killed.set()
    workers(**lease)
    assert wait_for(lambda: len(attempts(job_id)) == 2 and attempts(job_id)[1][2], timeout=20), attempts(job_id)
    holding.clear()
    assert held, "the orphan's start event was held back"
    for item in held:
        original_send(*item)
    wait_state(job_id, "succeeded")
    assert wait_for(lambda: replicate.cancels == 1, timeout=10), replicate.state()
    tasks = {task["id"]: task for task in replicate.state()["tasks"]}
    assert replicate.creates == 2 and tasks[orphan.id]["canceled"], tasks
    tried = attempts(job_id)
    assert tried[0][:4] == (1, "replicate", orphan.id, True) and tried[1][4] == "succeeded", tried
    assert ledger(member) == [("grant", 10), ("spend", -5)], "charged once"


# --- the finished video ---

def test_the_video_is_served_by_nginx_through_its_signed_link_with_ranges(stack, studio, workers):
    browser, member, csrf = member_with_credits(stack, 10)
    job_id = new_job(stack, browser, csrf, platform="youtube", seconds=5)
    workers()
    wait_state(job_id, "succeeded")
    video, download = links(stack, browser, job_id)
    served = browser.get(stack.url(video))
    assert served.status_code == 200 and served.headers["Content-Type"] == "video/mp4"
    assert "X-Accel-Redirect" not in served.headers and served.headers.get("Accept-Ranges") == "bytes"
    path = ROOT / ".data" / "test-artifacts" / f"studio-{job_id}.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(served.content)
    info = probe(str(path))
    assert (info["width"], info["height"]) == FRAMES["youtube"] and abs(info["duration"] - 5) < 0.5, info
    assert served.content[4:8] == b"ftyp"
    stored = rows(f"SELECT a.width, a.height, a.bytes, a.content_type FROM assets a JOIN video_jobs j ON j.video_asset_id = a.id "
                  f"WHERE j.id = {job_id}")
    assert stored == [["640", "360", str(len(served.content)), "video/mp4"]]
    # the player seeks: a range is a 206
    part = browser.get(stack.url(video), headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes 100-299/{len(served.content)}"
    assert part.content == served.content[100:300]
    saved = browser.get(stack.url(download))
    assert saved.status_code == 200 and saved.content == served.content
    name = f"sorashare-video-{job_id}.mp4"
    assert saved.headers["Content-Disposition"] == f'attachment; filename="{name}"; filename*=UTF-8\'\'{name}'
    # someone else, an expired, a tampered or no link, and /_media/ itself: 404
    other, _ = sign_in(stack)
    assert other.get(stack.url(f"/studio/jobs/{job_id}")).status_code == 404
    assert other.get(stack.url(f"/studio/jobs/{job_id}/status.json")).status_code == 404
    assert other.get(stack.url(video)).status_code == 404 and other.get(stack.url(download)).status_code == 404
    assert http.get(stack.url(video)).status_code == 404, "signed out"
    expired = signed_link(stack, job_id, member, "video", int(time.time()) - 1)
    fresh = signed_link(stack, job_id, member, "video", int(time.time()) + 60)
    assert browser.get(stack.url(fresh)).status_code == 200, "the test signs links as the app does"
    assert browser.get(stack.url(expired)).status_code == 404
    assert browser.get(stack.url(video.replace("signature=", "signature=0"))).status_code == 404
    assert browser.get(stack.url(f"/studio/jobs/{job_id}/video")).status_code == 404
    key = sql(f"SELECT storage_key FROM assets a JOIN video_jobs j ON j.video_asset_id = a.id WHERE j.id = {job_id}")
    assert browser.get(stack.url(f"/_media/{key}")).status_code == 404
