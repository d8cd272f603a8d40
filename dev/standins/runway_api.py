"""A Runway API stand-in (VIDEO-PROVIDERS.md §2.1) for the studio's tests and `make run` without a
Runway key.

It speaks Runway's protocol for what the studio uses: `Authorization: Bearer <key>` (401 otherwise)
and `X-Runway-Version: 2024-11-06` (400 otherwise) on every call; `POST /v1/image_to_video` with
`{model, promptImage, promptText?, ratio, duration}` checked as Runway documents it (gen4 models and
ratios, a data URI under 5 MB or an https URL, a prompt of at most 1000 UTF-16 code units, 2–10
seconds; 400 `{"error", "issues": [{"path", "message"}]}` otherwise) answering `{"id"}`;
`GET /v1/tasks/{id}` (`PENDING`/`THROTTLED` → `RUNNING` with `progress` 0–1 → `SUCCEEDED` with
`output: [url]`, or `FAILED` with `failure` and `failureCode`, or `CANCELLED`); `DELETE
/v1/tasks/{id}` (cancels a task still running, deletes an ended one; 204). The output URL serves a
real MP4 of the requested ratio and length and expires (404) after `output_ttl_seconds`.

    api = RunwayAPI(api_key="key_test", queue_seconds=0.2, run_seconds=0.5)
    api.start()                 # SORASHARE_RUNWAY_API_BASE=api.base_url
    api.set(fail_creates=[503]) # the next create answers 503 (then as usual)
    api.set(fail_tasks=1)       # the next task ends FAILED with SAFETY.INPUT.IMAGE (or `failure=`)
See video_common.py for every knob and the `/_control` endpoint.
"""

import json
import time
import uuid

from .http_service import Response
from .video_common import VideoStandIn, data_uri_media_type, iso, json_response

API_VERSION = "2024-11-06"
API_KEY = "key_sorashare_standin"
MODELS = {"gen4_turbo", "gen4.5"}
# gen4 ratios (types/image_to_video_create_params.py) and the frame the stand-in renders for each
RATIOS = {"1280:720": "16:9", "720:1280": "9:16", "960:960": "1:1", "1104:832": "16:9", "832:1104": "9:16", "1584:672": "16:9"}
DATA_URI_LIMIT = 5 * 1024 * 1024
IMAGE_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/webp"}


class RunwayAPI(VideoStandIn):
    name = "Runway"

    def __init__(self, api_key=API_KEY, port=0, video_directory=None, **knobs):
        super().__init__(port=port, video_directory=video_directory, **knobs)
        self.api_key = api_key

    def api(self, request):
        if request.headers.get("authorization") != f"Bearer {self.api_key}":
            return json_response(401, {"error": "Invalid API key. Ensure you are using a valid API key."})
        if request.headers.get("x-runway-version") != API_VERSION:
            return json_response(400, {"error": f"Invalid API version. The X-Runway-Version header must be set to {API_VERSION}."})
        parts = request.path.strip("/").split("/")
        if request.path == "/v1/image_to_video":
            if request.method != "POST":
                return json_response(405, {"error": "Method not allowed"})
            return self._create(request)
        if len(parts) == 3 and parts[:2] == ["v1", "tasks"]:
            if request.method == "GET":
                return self._get(parts[2])
            if request.method == "DELETE":
                return self._delete(parts[2])
            return json_response(405, {"error": "Method not allowed"})
        return json_response(404, {"error": "Not found"})

    def _create(self, request):
        failure = self.next_create_failure()
        if failure is not None:
            message = "You have exceeded your daily generation limit." if failure == 429 else "Runway is shedding load. Please retry."
            return json_response(failure, {"error": message})
        try:
            body = json.loads(request.body)
        except ValueError:
            return json_response(400, {"error": "Invalid JSON body"})
        issues = validate(body)
        if issues:
            return json_response(400, {"error": "Validation of body failed", "issues": issues})
        task = self.new_task(str(uuid.uuid4()), RATIOS[body["ratio"]], body["duration"], "SAFETY.INPUT.IMAGE")
        task.extra["model"] = body["model"]
        return json_response(200, {"id": task.id})

    def _get(self, task_id):
        with self.lock:
            task = self.tasks.get(task_id)
        if task is None or task.deleted:
            return json_response(404, {"error": "Task not found"})
        return json_response(200, self.task_object(task))

    def _delete(self, task_id):
        with self.lock:
            task = self.tasks.get(task_id)
            if task is None or task.deleted:
                return json_response(404, {"error": "Task not found"})
            self.cancels += 1
            if task.stage(time.time())[0] in ("throttled", "queued", "running"):
                task.canceled_at = time.time()
            else:
                task.deleted = True
        return Response(204, b"")

    def task_object(self, task):
        """The task as `GET /v1/tasks/{id}` shows it now (types/task_retrieve_response.py)."""
        stage, progress = task.stage(time.time())
        base = {"id": task.id, "createdAt": iso(task.created)}
        if stage == "throttled":
            return {**base, "status": "THROTTLED"}
        if stage == "queued":
            return {**base, "status": "PENDING"}
        if stage == "running":
            return {**base, "status": "RUNNING", "progress": round(progress, 2)}
        if stage == "canceled":
            return {**base, "status": "CANCELLED"}
        if stage == "failed":
            return {**base, "status": "FAILED", "failure": failure_text(task.failure), "failureCode": task.failure}
        return {**base, "status": "SUCCEEDED", "output": [self.output_url(task)]}


def failure_text(code):
    """Runway's human-friendly `failure` for a code."""
    if code.startswith("SAFETY."):
        return "Your input was flagged by our content moderation system."
    if code.startswith("INTERNAL.BAD_OUTPUT"):
        return "An unexpected error occurred; the output did not pass our quality checks."
    return "An unexpected error occurred."


def validate(body):
    """Runway's checks of an image_to_video body, as `issues` ([] when it is fine)."""
    issues = []

    def issue(path, message):
        issues.append({"code": "invalid", "path": [path], "message": message})

    if not isinstance(body, dict):
        return [{"code": "invalid_type", "path": [], "message": "Expected object"}]
    if body.get("model") not in MODELS:
        issue("model", f"Invalid enum value. Expected {' | '.join(sorted(MODELS))}")
    image = body.get("promptImage")
    media_type = data_uri_media_type(image)
    if media_type is not None:
        if media_type not in IMAGE_TYPES:
            issue("promptImage", f"Unsupported image type {media_type}")
        elif len(image.encode()) >= DATA_URI_LIMIT:
            issue("promptImage", "Data URIs must be under 5MB")
    elif not (isinstance(image, str) and image.startswith("https://")):
        issue("promptImage", "Expected an HTTPS URL, a runway:// URI or a base64 data URI")
    text = body.get("promptText")
    if text is not None and (not isinstance(text, str) or not text or len(text.encode("utf-16-le")) // 2 > 1000):
        issue("promptText", "String must contain at least 1 and at most 1000 character(s)")
    if body.get("ratio") not in RATIOS:
        issue("ratio", f"Invalid enum value. Expected {' | '.join(RATIOS)}")
    duration = body.get("duration")
    if not isinstance(duration, int) or isinstance(duration, bool) or not 2 <= duration <= 10:
        issue("duration", "Number must be an integer from 2 to 10")
    return issues
