"""What the video-provider stand-ins (Runway, Replicate) share: real MP4s made with ffmpeg and
cached by (aspect, seconds), output URLs that stop working after a while, tasks whose state moves
with the clock, knobs to make them misbehave, counters, and the `/_control` endpoint.

A task's plan is fixed when it is created, from the knobs of that moment: it is throttled for
`throttle_seconds`, queued for `queue_seconds`, runs for `run_seconds` (progress 0 → 1), then
succeeds, fails (`fail_tasks`: the next N tasks end failed with `failure`), is aborted
(`abort_tasks`, Replicate) or never finishes (`never_finish`). The state is computed from the
clock whenever it is read, so no background work is needed to move it.

Control API (JSON, no authentication: stand-ins listen on 127.0.0.1 only):
    GET  /_control          → {"knobs": {...}, "creates", "create_attempts", "cancels", "tasks": [...], ...}
    POST /_control          {"fail_creates": [503, 429], "queue_seconds": 0.2, ...} → the same, after the change
    POST /_control/reset    → tasks, counters and knobs back to the start
"""

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, fields

from .http_service import HTTPService, Request, Response

# The frame of each aspect the studio asks for: small, so ffmpeg is quick.
FRAME_SIZES = {"9:16": (360, 640), "16:9": (640, 360), "1:1": (480, 480)}


class VideoFiles:
    """Short real MP4s (H.264, yuv420p, faststart) of ffmpeg's test pattern, one file per
    (aspect, seconds), made once and kept in `directory`."""

    # one lock per file for every instance in the process (stand-ins may share a directory)
    _locks = {}
    _lock = threading.Lock()

    def __init__(self, directory=None):
        self.directory = directory or tempfile.mkdtemp(prefix="video-standin-")
        os.makedirs(self.directory, exist_ok=True)

    def path(self, aspect, seconds):
        """The MP4 for `aspect` ("9:16", "16:9", "1:1") lasting `seconds`, made if missing."""
        width, height = FRAME_SIZES[aspect]
        target = os.path.join(self.directory, f"testsrc-{width}x{height}-{int(seconds)}s.mp4")
        with self._lock:
            lock = self._locks.setdefault(target, threading.Lock())
        with lock:
            if not os.path.exists(target):
                if shutil.which("ffmpeg") is None:
                    raise RuntimeError("ffmpeg is needed to make the stand-in's videos (apt-get install ffmpeg)")
                partial = f"{target}.{os.getpid()}-{threading.get_ident()}.part.mp4"  # another process may be making it too
                subprocess.run(
                    ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                     "-i", f"testsrc=size={width}x{height}:rate=24:duration={int(seconds)}",
                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", partial],
                    check=True, capture_output=True, timeout=120)
                os.replace(partial, target)
        return target


def probe(path):
    """ffprobe's view of a video: {"duration": seconds, "width", "height", "codec"}."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,codec_name:format=duration",
         "-of", "json", path], check=True, capture_output=True, text=True, timeout=30)
    info = json.loads(result.stdout)
    stream = info["streams"][0]
    return {"duration": float(info["format"]["duration"]), "width": stream["width"], "height": stream["height"],
            "codec": stream["codec_name"]}


@dataclass
class Knobs:
    """How the stand-in behaves for tasks created from now on (and the next creates)."""

    queue_seconds: float = 1.0
    run_seconds: float = 2.0
    throttle_seconds: float = 0.0
    fail_creates: list = field(default_factory=list)  # statuses answered to the next creates, in order (503, 429, …)
    fail_tasks: int = 0  # the next N tasks end failed with `failure`
    failure: str = ""  # the provider's failure code or error text ("" = the provider's moderation refusal)
    abort_tasks: int = 0  # the next N tasks end aborted (Replicate)
    never_finish: bool = False  # tasks run forever
    output_ttl_seconds: float = 3600.0  # output URLs answer 404 after this
    webhooks: bool = True  # Replicate: send webhooks at all
    webhook_delay_seconds: float = 0.0  # Replicate: wait before each delivery
    webhook_duplicates: bool = False  # Replicate: deliver every message twice (same webhook-id)
    webhook_order: str = "normal"  # Replicate: "reversed" delivers `completed` before `start`

    def update(self, changes):
        known = {item.name for item in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown knobs: {sorted(unknown)}")
        for name, value in changes.items():
            setattr(self, name, list(value) if name == "fail_creates" else value)


@dataclass
class Task:
    """One task as the stand-in keeps it; `plan` is (throttle, queue, run, outcome)."""

    id: str
    created: float
    aspect: str
    seconds: int
    plan: tuple
    failure: str
    reference: str = ""  # Replicate: the webhook URL it was created with
    canceled_at: float | None = None
    deleted: bool = False
    output_token: str | None = None
    extra: dict = field(default_factory=dict)

    def stage(self, now):
        """("throttled" | "queued" | "running", progress) or ("succeeded" | "failed" | "aborted" | "canceled", 1.0)."""
        throttle, queue, run, outcome = self.plan
        if self.canceled_at is not None:
            return "canceled", 1.0
        age = now - self.created
        if age < throttle:
            return "throttled", 0.0
        if age < throttle + queue:
            return "queued", 0.0
        if outcome == "never" or age < throttle + queue + run:
            return "running", min(0.99, (age - throttle - queue) / run) if run > 0 else 0.0
        return outcome, 1.0

    def finished_at(self):
        throttle, queue, run, _ = self.plan
        return self.canceled_at or self.created + throttle + queue + run


class VideoStandIn:
    """The shared machinery; a provider subclass answers its API in `api(request)`."""

    name = "video"

    def __init__(self, port=0, video_directory=None, **knobs):
        self.knobs = Knobs()
        self.knobs.update(knobs)
        self._initial_knobs = asdict(self.knobs)
        self.videos = VideoFiles(video_directory)
        self.tasks = {}
        self.outputs = {}  # token → (path, expires_at)
        self.creates = 0
        self.create_attempts = 0
        self.cancels = 0
        self.requests = []  # (method, path, headers) of every API call
        self.lock = threading.RLock()
        self._service = HTTPService(self._handle)
        self._service.port = port

    @property
    def base_url(self):
        return self._service.base_url

    def start(self):
        self._service.start()

    def stop(self):
        self._service.stop()

    def set(self, **changes):
        """Changes knobs (as POST /_control does)."""
        with self.lock:
            self.knobs.update(changes)

    def reset(self):
        with self.lock:
            self.knobs = Knobs(**self._initial_knobs)
            self.tasks.clear()
            self.outputs.clear()
            self.creates = self.create_attempts = self.cancels = 0
            self.requests.clear()
            self.reset_extra()

    def reset_extra(self):
        pass

    # --- tasks ---

    def next_create_failure(self):
        """The status the next create answers with instead (counts the attempt), or None."""
        with self.lock:
            self.create_attempts += 1
            return self.knobs.fail_creates.pop(0) if self.knobs.fail_creates else None

    def new_task(self, task_id, aspect, seconds, default_failure, reference=""):
        """Records a task planned from the current knobs, and starts making its video."""
        with self.lock:
            knobs = self.knobs
            outcome, failure = "succeeded", ""
            if knobs.never_finish:
                outcome = "never"
            elif knobs.fail_tasks > 0:
                knobs.fail_tasks -= 1
                outcome, failure = "failed", knobs.failure or default_failure
            elif knobs.abort_tasks > 0:
                knobs.abort_tasks -= 1
                outcome = "aborted"
            task = Task(task_id, time.time(), aspect, seconds,
                        (knobs.throttle_seconds, knobs.queue_seconds, knobs.run_seconds, outcome), failure, reference)
            self.tasks[task_id] = task
            self.creates += 1
        if outcome == "succeeded":
            threading.Thread(target=self.videos.path, args=(aspect, seconds), daemon=True).start()
        return task

    def output_url(self, task):
        """The task's output URL, made when first asked for; it expires `output_ttl_seconds` after."""
        with self.lock:
            if task.output_token is None:
                path = self.videos.path(task.aspect, task.seconds)
                task.output_token = secrets.token_urlsafe(16)
                self.outputs[task.output_token] = (path, time.time() + self.knobs.output_ttl_seconds)
        return f"{self.base_url}/outputs/{task.output_token}.mp4"

    def state(self):
        """What GET /_control answers."""
        now = time.time()
        with self.lock:
            return {"knobs": asdict(self.knobs), "creates": self.creates, "create_attempts": self.create_attempts,
                    "cancels": self.cancels,
                    "tasks": [{"id": task.id, "stage": task.stage(now)[0], "created": task.created, "aspect": task.aspect,
                               "seconds": task.seconds, "canceled": task.canceled_at is not None, "deleted": task.deleted,
                               "reference": task.reference} for task in self.tasks.values()],
                    **self.extra_state()}

    def extra_state(self):
        return {}

    # --- HTTP ---

    def _handle(self, request: Request) -> Response:
        try:
            if request.path == "/_control" or request.path.startswith("/_control/"):
                return self._control(request)
            if request.path.startswith("/outputs/") and request.method == "GET":
                return self._output(request)
            with self.lock:
                self.requests.append((request.method, request.path, request.headers))
            return self.api(request)
        except Exception as failure:  # a stand-in bug must be visible, not a hung test
            return json_response(500, {"error": f"stand-in failure: {failure!r}"})

    def _control(self, request):
        if request.method == "POST" and request.path == "/_control/reset":
            self.reset()
        elif request.method == "POST" and request.path == "/_control":
            try:
                self.set(**json.loads(request.body or b"{}"))
            except (ValueError, TypeError) as problem:
                return json_response(400, {"error": str(problem)})
        elif request.method != "GET" or request.path != "/_control":
            return json_response(404, {"error": "not found"})
        return json_response(200, self.state())

    def _output(self, request):
        token = request.path[len("/outputs/"):].removesuffix(".mp4")
        with self.lock:
            entry = self.outputs.get(token)
        if entry is None or time.time() > entry[1]:
            return Response(404, b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
                            {"Content-Type": "application/xml"})
        with open(entry[0], "rb") as file:
            return Response(200, file.read(), {"Content-Type": "video/mp4"})

    def api(self, request):
        raise NotImplementedError


def json_response(status, body, headers=None):
    return Response(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})


def iso(timestamp):
    """RFC 3339 with milliseconds and Z, as both APIs write times."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(timestamp)) + f".{int(timestamp * 1000) % 1000:03d}Z"


def data_uri_media_type(value):
    """The media type of a base64 data URI, or None when `value` is not one."""
    if not isinstance(value, str) or not value.startswith("data:") or ";base64," not in value:
        return None
    return value[len("data:"):value.index(";base64,")]
