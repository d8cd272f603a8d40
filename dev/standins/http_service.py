"""A tiny threaded HTTP server on 127.0.0.1 that can be taken down and brought back up on the
same port. Request handling is a plain function from `Request` to `Response`."""

import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Request:
    """One HTTP request as the handler function sees it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        """The body as application/x-www-form-urlencoded fields (empty for other content types)."""
        if self.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
            return {}
        return dict(urllib.parse.parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    """Adapts http.server to `handle(Request) -> Response`. HTTP/1.0: one request per
    connection, so `down()` leaves no kept-alive connection answering."""

    def __init__(self, *args, handle: Callable[[Request], Response], **kwargs):
        self.handle_request = handle
        super().__init__(*args, **kwargs)

    def _serve(self):
        split = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command,
            path=split.path,
            query=dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        response = self.handle_request(request)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format, *args):
        pass  # tests read the provider's own request log instead


class HTTPService:
    """Serves `handle` on 127.0.0.1. `start()` picks a free port; `down()` closes the listening
    socket (connections are refused) and `up()` listens again on the same port."""

    def __init__(self, handle: Callable[[Request], Response]):
        self._handler = lambda *args: _Handler(*args, handle=handle)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.up()

    def up(self):
        """Listen (again) on `self.port`; the first call binds a free port."""
        assert self._server is None, "already listening"
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def down(self):
        """Stop listening; in-flight requests finish, new connections are refused until `up()`."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None

    def stop(self):
        self.down()


def serve_until_stopped(service, name):
    """Starts `service` (anything with start/stop/base_url), says where it listens, and runs until
    SIGTERM or SIGINT: how `make run` keeps a stand-in up."""
    import signal

    service.start()
    print(f"{name} listening on {service.base_url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    service.stop()
