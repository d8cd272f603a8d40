"""A Replicate API stand-in (VIDEO-PROVIDERS.md §2.6) for the studio's tests and `make run` without
a Replicate token, serving one image-to-video model (`kwaivgi/kling-v2.1` by default).

It speaks Replicate's protocol for what the studio uses: `Authorization: Bearer <token>` (401
problem details otherwise); `POST /v1/models/{owner}/{name}/predictions` with `{input: {prompt,
start_image, duration, mode?}, webhook?, webhook_events_filter?}` checked against the model's schema
(422 `{"title": "Input validation failed", "detail", "status", "invalid_fields"}` otherwise),
answering 201 with the prediction object; `GET /v1/predictions/{id}` (`starting` → `processing`
→ `succeeded` with `output` (a URL), `failed` with `error`, `canceled` or `aborted`); `POST
/v1/predictions/{id}/cancel`. Webhooks go to the prediction's `webhook` URL for the events in its
filter (`start` when it is created, `completed` when it ends), the body being the prediction,
signed by the Standard Webhooks scheme with the official `standardwebhooks` package (headers
`webhook-id`, `webhook-timestamp`, `webhook-signature`). The output URL serves a real MP4 of the
requested length, framed by `aspect_ratio` when the input has one and 9:16 otherwise (Kling takes
its start image's frame, and the studio cuts the image to the frame it wants); it expires (404)
after `output_ttl_seconds` (Replicate keeps API outputs for an hour).

    api = ReplicateAPI(token="r8_test", webhook_secret="whsec_…", queue_seconds=0.2, run_seconds=0.5)
    api.start()                              # SORASHARE_REPLICATE_API_BASE=api.base_url + "/v1"
    api.set(webhook_duplicates=True)         # every webhook delivered twice, same webhook-id
    api.set(webhook_order="reversed")        # `completed` before `start`
    api.deliveries                           # [(event, webhook-id, status or error text), …]
See video_common.py for every knob and the `/_control` endpoint.
"""

import base64
import json
import queue
import secrets
import threading
import time
from datetime import datetime, timezone

import requests
import standardwebhooks

from .http_service import Request
from .video_common import VideoStandIn, data_uri_media_type, iso, json_response

TOKEN = "r8_sorashare_standin"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"sorashare replicate stand-in key").decode()
MODEL = "kwaivgi/kling-v2.1"
FLAGGED = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)"
EVENTS = {"start", "output", "logs", "completed"}


def sign(secret, message_id, timestamp, body):
    """The `webhook-signature` value for `body` (str), made by the official library."""
    return standardwebhooks.Webhook(secret).sign(message_id, datetime.fromtimestamp(timestamp, tz=timezone.utc), body)


def deliver(url, body, secret, message_id=None, timestamp=None, session=None):
    """POSTs a webhook body (a dict, or the exact text) signed with `secret`; returns the response."""
    payload = body if isinstance(body, str) else json.dumps(body)
    message_id = message_id or "msg_" + secrets.token_hex(12)
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {"Content-Type": "application/json", "User-Agent": "Replicate-Webhook/1.0", "webhook-id": message_id,
               "webhook-timestamp": str(timestamp), "webhook-signature": sign(secret, message_id, timestamp, payload)}
    return (session or requests).post(url, data=payload.encode(), headers=headers, timeout=30)


def problem(status, title, detail, **extra):
    return json_response(status, {"title": title, "detail": detail, "status": status, **extra},
                         {"Content-Type": "application/problem+json"})


class ReplicateAPI(VideoStandIn):
    name = "Replicate"

    def __init__(self, token=TOKEN, webhook_secret=WEBHOOK_SECRET, model=MODEL, port=0, video_directory=None, **knobs):
        super().__init__(port=port, video_directory=video_directory, **knobs)
        self.token = token
        self.webhook_secret = webhook_secret
        self.model = model
        self.deliveries = []  # (event, webhook-id, status code or error text, prediction status)
        self._sent = {}  # prediction id → events already queued
        self._outbox = queue.Queue()
        self._running = False

    def start(self):
        super().start()
        self._running = True
        threading.Thread(target=self._watch, daemon=True).start()
        threading.Thread(target=self._send_loop, daemon=True).start()

    def stop(self):
        self._running = False
        self._outbox.put(None)
        super().stop()

    def reset_extra(self):
        self.deliveries.clear()
        self._sent.clear()

    def extra_state(self):
        return {"deliveries": [{"event": event, "webhook_id": message_id, "answer": answer, "status": status}
                               for event, message_id, answer, status in self.deliveries]}

    # --- API ---

    def api(self, request: Request):
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        parts = request.path.strip("/").split("/")
        if len(parts) == 5 and parts[:2] == ["v1", "models"] and parts[4] == "predictions" and request.method == "POST":
            if f"{parts[2]}/{parts[3]}" != self.model:
                return problem(404, "Not found", "The requested resource could not be found.")
            return self._create(request)
        if len(parts) == 3 and parts[:2] == ["v1", "predictions"] and request.method == "GET":
            return self._get(parts[2])
        if len(parts) == 4 and parts[:2] == ["v1", "predictions"] and parts[3] == "cancel" and request.method == "POST":
            return self._cancel(parts[2])
        return problem(404, "Not found", "The requested resource could not be found.")

    def _create(self, request):
        failure = self.next_create_failure()
        if failure is not None:
            if failure == 429:
                return problem(429, "Request was throttled.", "Request was throttled. Expected available in 1 second.")
            return problem(failure, "Internal Server Error", "Something went wrong on our end. Please try again.")
        try:
            body = json.loads(request.body)
        except ValueError:
            return problem(400, "Bad request", "The request body is not valid JSON.")
        invalid = validate(body)
        if invalid:
            detail = "".join(f"- {item['field']}: {item['description']}\n" for item in invalid)
            return problem(422, "Input validation failed", detail, invalid_fields=invalid)
        item = body["input"]
        aspect = item.get("aspect_ratio") if item.get("aspect_ratio") in ("9:16", "16:9", "1:1") else "9:16"
        task = self.new_task(_prediction_id(), aspect, item.get("duration", 5), FLAGGED, reference=body.get("webhook") or "")
        task.extra.update(input=item, filter=body.get("webhook_events_filter") or sorted(EVENTS))
        return json_response(201, self.prediction(task))

    def _get(self, prediction_id):
        with self.lock:
            task = self.tasks.get(prediction_id)
        if task is None:
            return problem(404, "Not found", "The requested resource could not be found.")
        return json_response(200, self.prediction(task))

    def _cancel(self, prediction_id):
        with self.lock:
            task = self.tasks.get(prediction_id)
            if task is None:
                return problem(404, "Not found", "The requested resource could not be found.")
            self.cancels += 1
            if task.stage(time.time())[0] in ("throttled", "queued", "running"):
                task.canceled_at = time.time()
        return json_response(200, self.prediction(task))

    def prediction(self, task):
        """The prediction object as the API and the webhooks show it now."""
        stage, _ = task.stage(time.time())
        status = {"throttled": "starting", "queued": "starting", "running": "processing"}.get(stage, stage)
        started = task.created + task.plan[0] + task.plan[1]
        ended = status in ("succeeded", "failed", "canceled", "aborted")
        url = f"{self.base_url}/v1/predictions/{task.id}"
        return {
            "id": task.id, "model": self.model, "version": "hidden", "input": task.extra.get("input", {}),
            "logs": "" if status == "starting" else "Generating video…\n", "output": self.output_url(task) if status == "succeeded" else None,
            "data_removed": False, "error": task.failure if status == "failed" else None, "status": status, "source": "api",
            "created_at": iso(task.created), "started_at": iso(started) if status != "starting" else None,
            "completed_at": iso(task.finished_at()) if ended else None,
            "urls": {"get": url, "cancel": url + "/cancel", "web": f"https://replicate.com/p/{task.id}"},
            "metrics": {"predict_time": round(task.plan[2], 3)} if status == "succeeded" else {},
            "webhook": task.reference or None, "webhook_events_filter": task.extra.get("filter"),
        }

    # --- webhooks ---

    def _watch(self):
        """Queues the `start` and `completed` events of every prediction as its state reaches them."""
        while self._running:
            with self.lock:
                tasks = list(self.tasks.values())
            for task in tasks:
                if not task.reference:
                    continue
                wanted = set(task.extra.get("filter") or EVENTS)
                sent = self._sent.setdefault(task.id, set())
                events = []
                if "start" not in sent:
                    sent.add("start")
                    events.append("start")
                body = self.prediction(task)
                if body["completed_at"] and "completed" not in sent:
                    sent.add("completed")
                    events.append("completed")
                for event in events:
                    if event in wanted:
                        self._outbox.put((task, event, json.dumps(body)))
            time.sleep(0.05)

    def _send_loop(self):
        held = {}  # reversed order: a prediction's `start`, held until its `completed` was sent
        while True:
            item = self._outbox.get()
            if item is None:
                return
            task, event, body = item
            knobs = self.knobs
            if not knobs.webhooks:
                continue
            if knobs.webhook_order == "reversed" and event == "start":
                held[task.id] = item
                continue
            self._send(task, event, body)
            if event == "completed" and task.id in held:
                self._send(*held.pop(task.id))

    def _send(self, task, event, body):
        if self.knobs.webhook_delay_seconds:
            time.sleep(self.knobs.webhook_delay_seconds)
        message_id = "msg_" + secrets.token_hex(12)
        for _ in range(2 if self.knobs.webhook_duplicates else 1):
            try:
                answer = deliver(task.reference, body, self.webhook_secret, message_id).status_code
            except requests.RequestException as failure:
                answer = f"{type(failure).__name__}"
            with self.lock:
                self.deliveries.append((event, message_id, answer, json.loads(body)["status"]))


def _prediction_id():
    """A Replicate-looking id: 26 lowercase base32 characters."""
    return base64.b32encode(secrets.token_bytes(20)).decode().lower()[:26]


def validate(body):
    """kwaivgi/kling-v2.1's input schema, as Replicate's `invalid_fields` ([] when it is fine)."""
    invalid = []

    def field(name, kind, description):
        invalid.append({"type": kind, "field": name, "description": description})

    if not isinstance(body, dict) or not isinstance(body.get("input"), dict):
        return [{"type": "required", "field": "input", "description": "input is required"}]
    item = body["input"]
    if not isinstance(item.get("prompt"), str) or not item["prompt"]:
        field("input.prompt", "required", "prompt is required")
    image = item.get("start_image")
    if not (data_uri_media_type(image) in ("image/jpeg", "image/png") or (isinstance(image, str) and image.startswith(("http://", "https://")))):
        field("input.start_image", "format", "start_image must be a URI (an http(s) URL or a data URI)")
    if item.get("duration", 5) not in (5, 10) or isinstance(item.get("duration"), bool):
        field("input.duration", "enum", "duration must be one of the following: 5, 10")
    if item.get("mode", "standard") not in ("standard", "pro"):
        field("input.mode", "enum", "mode must be one of the following: \"standard\", \"pro\"")
    webhook = body.get("webhook")
    if webhook is not None and not (isinstance(webhook, str) and webhook.startswith(("http://", "https://"))):
        field("webhook", "format", "webhook must be an http(s) URL")
    events = body.get("webhook_events_filter")
    if events is not None and (not isinstance(events, list) or not set(events) <= EVENTS):
        field("webhook_events_filter", "enum", "events must be among start, output, logs, completed")
    return invalid
