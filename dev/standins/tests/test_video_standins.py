"""Self-tests for the Runway and Replicate stand-ins: their protocol must match the real services
(routes, headers, JSON shapes, statuses moving over time), their videos must be real MP4s of the
requested frame and length, Replicate's webhooks must verify with the official `standardwebhooks`
library, and every knob must do what it says. No Swift app is needed."""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import standardwebhooks

from standins import replicate_api
from standins.replicate_api import FLAGGED, ReplicateAPI
from standins.runway_api import RunwayAPI
from standins.video_common import probe

http = requests.Session()
http.trust_env = False
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()
JPEG = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff" + bytes(64)).decode()
SECRET = "whsec_" + base64.b64encode(b"self-test webhook key").decode()
FAST = {"queue_seconds": 0.2, "run_seconds": 0.4}


def wait_for(check, timeout=15.0):
    """Polls `check` until it returns something truthy; returns it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    """One cache of MP4s for every test here: each (aspect, seconds) is made once."""
    return str(tmp_path_factory.mktemp("videos"))


# --- Runway ---

@pytest.fixture
def runway(videos):
    api = RunwayAPI(api_key="key_selftest", video_directory=videos, **FAST)
    api.start()
    yield api
    api.stop()


def runway_call(api, method, path, body=None, key="key_selftest", version="2024-11-06"):
    headers = {"Authorization": f"Bearer {key}"}
    if version:
        headers["X-Runway-Version"] = version
    return http.request(method, api.base_url + path, json=body, headers=headers)


def runway_body(**changes):
    return {"model": "gen4_turbo", "promptImage": PNG, "promptText": "The bottle turns", "ratio": "720:1280", "duration": 5, **changes}


def test_runway_checks_the_key_and_the_version(runway):
    assert runway_call(runway, "POST", "/v1/image_to_video", runway_body(), key="wrong").status_code == 401
    missing = runway_call(runway, "POST", "/v1/image_to_video", runway_body(), version=None)
    assert missing.status_code == 400 and "X-Runway-Version" in missing.json()["error"]
    assert runway.creates == 0


def test_runway_validates_the_body_like_runway(runway):
    bad = runway_call(runway, "POST", "/v1/image_to_video", runway_body(ratio="9:16", duration=11, promptText="x" * 1001))
    assert bad.status_code == 400 and bad.json()["error"] == "Validation of body failed"
    assert sorted(issue["path"][0] for issue in bad.json()["issues"]) == ["duration", "promptText", "ratio"]
    too_large = "data:image/png;base64," + "A" * (5 * 1024 * 1024)
    assert runway_call(runway, "POST", "/v1/image_to_video", runway_body(promptImage=too_large)).status_code == 400
    assert runway_call(runway, "POST", "/v1/image_to_video", runway_body(promptText="🎬" * 500)).status_code == 200, "UTF-16 units"


def test_a_runway_task_moves_from_pending_to_running_to_succeeded_with_a_real_mp4(runway):
    created = runway_call(runway, "POST", "/v1/image_to_video", runway_body())
    assert created.status_code == 200 and set(created.json()) == {"id"}
    task_id = created.json()["id"]
    first = runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()
    assert first["status"] == "PENDING" and first["id"] == task_id and first["createdAt"].endswith("Z")
    running = wait_for(lambda: (body := runway_call(runway, "GET", f"/v1/tasks/{task_id}").json())["status"] == "RUNNING" and body)
    assert 0 <= running["progress"] < 1
    done = wait_for(lambda: (body := runway_call(runway, "GET", f"/v1/tasks/{task_id}").json())["status"] == "SUCCEEDED" and body)
    video = http.get(done["output"][0])
    assert video.status_code == 200 and video.headers["Content-Type"] == "video/mp4"
    path = os.path.join(runway.videos.directory, "fetched.mp4")
    with open(path, "wb") as file:
        file.write(video.content)
    info = probe(path)
    assert (info["width"], info["height"], info["codec"]) == (360, 640, "h264") and abs(info["duration"] - 5) < 0.2


@pytest.mark.parametrize("ratio,seconds,size", [("1280:720", 2, (640, 360)), ("960:960", 3, (480, 480))])
def test_runway_videos_have_the_ratio_and_length_asked_for(runway, ratio, seconds, size):
    runway.set(queue_seconds=0, run_seconds=0)
    task_id = runway_call(runway, "POST", "/v1/image_to_video", runway_body(ratio=ratio, duration=seconds)).json()["id"]
    done = runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()
    path = os.path.join(runway.videos.directory, f"fetched-{seconds}.mp4")
    with open(path, "wb") as file:
        file.write(http.get(done["output"][0]).content)
    info = probe(path)
    assert (info["width"], info["height"]) == size and abs(info["duration"] - seconds) < 0.2


def test_output_urls_expire(runway):
    runway.set(queue_seconds=0, run_seconds=0, output_ttl_seconds=0.3)
    task_id = runway_call(runway, "POST", "/v1/image_to_video", runway_body()).json()["id"]
    url = runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()["output"][0]
    assert http.get(url).status_code == 200
    time.sleep(0.4)
    assert http.get(url).status_code == 404


def test_failing_creates_then_tasks_then_throttling(runway):
    runway.set(fail_creates=[503, 429], fail_tasks=1)
    statuses = [runway_call(runway, "POST", "/v1/image_to_video", runway_body()).status_code for _ in range(3)]
    assert statuses == [503, 429, 200] and (runway.create_attempts, runway.creates) == (3, 1)
    failed_id = next(iter(runway.tasks))
    failed = wait_for(lambda: (body := runway_call(runway, "GET", f"/v1/tasks/{failed_id}").json())["status"] == "FAILED" and body)
    assert failed["failureCode"] == "SAFETY.INPUT.IMAGE" and failed["failure"]
    runway.set(fail_tasks=1, failure="INTERNAL.BAD_OUTPUT.CODE01", throttle_seconds=0.5)
    task_id = runway_call(runway, "POST", "/v1/image_to_video", runway_body()).json()["id"]
    assert runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()["status"] == "THROTTLED"
    failed = wait_for(lambda: (body := runway_call(runway, "GET", f"/v1/tasks/{task_id}").json())["status"] == "FAILED" and body)
    assert failed["failureCode"] == "INTERNAL.BAD_OUTPUT.CODE01"


def test_cancelling_and_deleting_and_never_finishing(runway):
    runway.set(never_finish=True)
    task_id = runway_call(runway, "POST", "/v1/image_to_video", runway_body()).json()["id"]
    time.sleep(0.8)
    assert runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()["status"] == "RUNNING"
    assert runway_call(runway, "DELETE", f"/v1/tasks/{task_id}").status_code == 204
    assert runway_call(runway, "GET", f"/v1/tasks/{task_id}").json()["status"] == "CANCELLED"
    assert runway_call(runway, "DELETE", f"/v1/tasks/{task_id}").status_code == 204, "an ended task is deleted"
    assert runway_call(runway, "GET", f"/v1/tasks/{task_id}").status_code == 404
    assert runway_call(runway, "DELETE", f"/v1/tasks/{task_id}").status_code == 404
    assert runway.cancels == 2 and runway.state()["tasks"][0]["canceled"] is True


def test_the_control_endpoint_sets_knobs_and_shows_counters_and_tasks(runway):
    changed = http.post(runway.base_url + "/_control", json={"fail_creates": [503], "run_seconds": 0.1})
    assert changed.status_code == 200 and changed.json()["knobs"]["fail_creates"] == [503]
    assert http.post(runway.base_url + "/_control", json={"nonsense": 1}).status_code == 400
    runway_call(runway, "POST", "/v1/image_to_video", runway_body())
    runway_call(runway, "POST", "/v1/image_to_video", runway_body())
    state = http.get(runway.base_url + "/_control").json()
    assert (state["create_attempts"], state["creates"], len(state["tasks"])) == (2, 1, 1)
    reset = http.post(runway.base_url + "/_control/reset").json()
    assert reset["creates"] == 0 and reset["tasks"] == [] and reset["knobs"]["run_seconds"] == FAST["run_seconds"]


# --- Replicate ---

class Receiver:
    """A webhook endpoint that verifies each delivery with the official library and keeps it."""

    def __init__(self, secret, status=200):
        self.deliveries = []  # (headers, prediction)
        self.refused = 0
        receiver = self
        webhook = standardwebhooks.Webhook(secret)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    prediction = webhook.verify(body, dict(self.headers))
                    receiver.deliveries.append((dict(self.headers), prediction))
                except standardwebhooks.webhooks.WebhookVerificationError:
                    receiver.refused += 1
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/replicate?attempt=job-1-1"

    def events(self, prediction_id):
        return [prediction["status"] for _, prediction in self.deliveries if prediction["id"] == prediction_id]


@pytest.fixture
def replicate(videos):
    receiver = Receiver(SECRET)
    api = ReplicateAPI(token="r8_selftest", webhook_secret=SECRET, video_directory=videos, **FAST)
    api.receiver = receiver
    api.start()
    yield api
    api.stop()
    receiver.server.shutdown()


def replicate_call(api, method, path, body=None, token="r8_selftest"):
    return http.request(method, api.base_url + path, json=body, headers={"Authorization": f"Bearer {token}"})


def create_prediction(api, duration=5, webhook=True, **input_changes):
    body = {"input": {"prompt": "Spin", "start_image": JPEG, "duration": duration, "mode": "standard", **input_changes}}
    if webhook:
        body.update(webhook=api.receiver.url, webhook_events_filter=["start", "completed"])
    return replicate_call(api, "POST", "/v1/models/kwaivgi/kling-v2.1/predictions", body)


def test_replicate_creates_a_prediction_object_and_checks_the_schema(replicate):
    assert replicate_call(replicate, "POST", "/v1/models/kwaivgi/kling-v2.1/predictions", {}, token="wrong").status_code == 401
    created = create_prediction(replicate)
    assert created.status_code == 201
    prediction = created.json()
    assert prediction["status"] == "starting" and prediction["model"] == "kwaivgi/kling-v2.1" and prediction["output"] is None
    assert prediction["urls"]["get"] == f"{replicate.base_url}/v1/predictions/{prediction['id']}" and len(prediction["id"]) == 26
    assert prediction["webhook"] == replicate.receiver.url and prediction["webhook_events_filter"] == ["start", "completed"]
    invalid = create_prediction(replicate, duration=8)
    assert invalid.status_code == 422 and invalid.json()["title"] == "Input validation failed"
    assert invalid.json()["invalid_fields"][0]["field"] == "input.duration" and invalid.json()["status"] == 422
    assert replicate_call(replicate, "POST", "/v1/models/other/model/predictions", {"input": {}}).status_code == 404


def test_webhooks_for_start_and_completed_verify_with_the_official_library(replicate):
    prediction_id = create_prediction(replicate).json()["id"]
    wait_for(lambda: replicate.receiver.events(prediction_id) == ["starting", "succeeded"])
    headers, done = replicate.receiver.deliveries[-1]
    assert headers["webhook-id"].startswith("msg_") and headers["webhook-signature"].startswith("v1,")
    assert done["output"].startswith(replicate.base_url + "/outputs/") and replicate.receiver.refused == 0
    polled = replicate_call(replicate, "GET", f"/v1/predictions/{prediction_id}").json()
    assert polled["status"] == "succeeded" and polled["output"] == done["output"] and polled["completed_at"]
    path = os.path.join(replicate.videos.directory, "replicate.mp4")
    with open(path, "wb") as file:
        file.write(http.get(done["output"]).content)
    info = probe(path)
    assert (info["width"], info["height"]) == (360, 640) and abs(info["duration"] - 5) < 0.2


def test_duplicate_and_reversed_webhooks(replicate):
    replicate.set(webhook_duplicates=True, webhook_order="reversed")
    prediction_id = create_prediction(replicate).json()["id"]
    wait_for(lambda: len(replicate.receiver.events(prediction_id)) == 4)
    assert replicate.receiver.events(prediction_id) == ["succeeded", "succeeded", "starting", "starting"]
    ids = [headers["webhook-id"] for headers, _ in replicate.receiver.deliveries]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2], "a duplicate is the same message"


def test_failed_aborted_and_canceled_predictions(replicate):
    replicate.set(fail_tasks=1)
    failed_id = create_prediction(replicate).json()["id"]
    replicate.set(abort_tasks=1)
    aborted_id = create_prediction(replicate).json()["id"]
    replicate.set(never_finish=True)
    running_id = create_prediction(replicate).json()["id"]
    wait_for(lambda: replicate.receiver.events(failed_id) == ["starting", "failed"])
    assert replicate_call(replicate, "GET", f"/v1/predictions/{failed_id}").json()["error"] == FLAGGED
    wait_for(lambda: replicate.receiver.events(aborted_id) == ["starting", "aborted"])
    time.sleep(0.7)
    assert replicate_call(replicate, "GET", f"/v1/predictions/{running_id}").json()["status"] == "processing"
    canceled = replicate_call(replicate, "POST", f"/v1/predictions/{running_id}/cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    wait_for(lambda: replicate.receiver.events(running_id) == ["starting", "canceled"])
    assert replicate.cancels == 1 and replicate_call(replicate, "POST", "/v1/predictions/nope/cancel").status_code == 404


def test_failing_creates_and_no_webhook_without_a_url(replicate):
    replicate.set(fail_creates=[503, 429])
    assert [create_prediction(replicate).status_code for _ in range(3)] == [503, 429, 201]
    assert (replicate.create_attempts, replicate.creates) == (3, 1)
    quiet = create_prediction(replicate, webhook=False).json()["id"]
    wait_for(lambda: replicate_call(replicate, "GET", f"/v1/predictions/{quiet}").json()["status"] == "succeeded")
    time.sleep(0.2)
    assert replicate.receiver.events(quiet) == []
    assert {delivery["event"] for delivery in replicate.state()["deliveries"]} == {"start", "completed"}


def test_signing_matches_the_swift_tests_golden_value():
    # Tests/IntegrationsTests/StandardWebhookTests.swift: `right`
    secret = "whsec_" + base64.b64encode(b"sorashare replicate test key 01").decode()
    body = '{"id":"rp_1","status":"succeeded","output":"https://replicate.delivery/x/out.mp4"}'
    assert replicate_api.sign(secret, "msg_2b3c", 1700000000, body) == "v1,U71S15A24Q7l0+IsOwzIW6l3uulcx2f+bw0BCWs86dU="


# --- command lines ---

def free_port():
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


@pytest.mark.parametrize("module,arguments", [
    ("standins.serve_runway", ["--api-key", "key_cli"]),
    ("standins.serve_replicate", ["--token", "r8_cli", "--webhook-secret", SECRET]),
])
def test_the_command_lines_serve_until_sigterm(module, arguments):
    port = free_port()
    dev = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    process = subprocess.Popen([sys.executable, "-m", module, "--port", str(port), *arguments], cwd=dev,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert "listening on http://127.0.0.1:" in process.stdout.readline()
        assert http.get(f"http://127.0.0.1:{port}/_control").json()["creates"] == 0
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
