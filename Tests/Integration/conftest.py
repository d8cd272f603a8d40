"""The whole stack for integration tests: real PostgreSQL (started by scripts/test.sh), the
release `sorashare` responder and a private nginx on 127.0.0.1:18080, with stand-ins for LinkedIn,
Stripe, Runway and Replicate; `workers` starts `sorashare worker` processes for a test."""

import base64
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from standins import OIDCProvider
from standins.replicate_api import ReplicateAPI
from standins.runway_api import RunwayAPI
from standins.stripe_api import SECRET_KEY as STRIPE_SECRET_KEY, StripeAPI

import oidc_provider_mock

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SORASHARE_DATA", ROOT / ".data"))
# The binary under test: make test runs the debug build it has just built and unit-tested.
BINARY = Path(os.environ.get("SORASHARE_BINARY") or ROOT / ".build" / "release" / "sorashare")
PORT = int(os.environ.get("SORASHARE_TEST_PORT", "18080"))
APP_BODY_LIMIT = 8 * 1024 * 1024  # the responder's limit (413 from the app)
NGINX_BODY_LIMIT = "16m"  # nginx's own limit (413 from nginx)
# The webhook endpoint accepts both secrets (a rotation in progress); the stand-in signs with the new one.
STRIPE_WEBHOOK_SECRET = "whsec_test_sorashare_new_0123456789"
STRIPE_OLD_WEBHOOK_SECRET = "whsec_test_sorashare_old_9876543210"
# The video stand-ins' knobs for every test (fast: a video in about a second), restored before each
# studio test; the app polls them every second (SORASHARE_*_POLL_SECONDS) instead of Runway's 5 s.
VIDEO_KNOBS = {"queue_seconds": 0.2, "run_seconds": 0.6}
REPLICATE_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"sorashare test replicate key 2").decode()
REPLICATE_OLD_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"sorashare test replicate key 1").decode()
STRIPE_PRICES = {"price_premium": (1900, "usd", "month"), "price_credits_10": (500, "usd", None),
                 "price_credits_50": (2000, "usd", None), "price_credits_200": (7000, "usd", None)}


# Run as root, nginx's workers are nobody (scripts/lib.sh, nginx/dev.conf.in): the responder's
# socket (mode 0660, in a directory of mode 0750) gets their group. Otherwise they run as us.
NGINX_WORKER_USER = "nobody" if os.geteuid() == 0 else None
NGINX_WORKER_GROUP = None
if os.geteuid() == 0:
    NGINX_WORKER_GROUP = "nogroup" if subprocess.run(["getent", "group", "nogroup"], capture_output=True).returncode == 0 else "nobody"
SOCKET_GROUP = os.environ.get("SORASHARE_SOCKET_GROUP") or NGINX_WORKER_GROUP


def wait_for(predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_get(target):
    """GET with the request target sent byte for byte (no client-side quoting); returns
    (status, body bytes)."""
    with socket.create_connection(("127.0.0.1", PORT)) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        raw = b""
        while chunk := connection.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


class Stack:
    """The responder and nginx; the responder can be stopped and started again by tests.
    OpenID providers: `linkedin` (our stand-in with LinkedIn's issuer and quirks, no PKCE or
    nonce), `acme` (the same stand-in configured through discovery, with PKCE and nonce) and
    `mock` (PyPI's oidc-provider-mock, a third-party implementation, via discovery)."""

    def __init__(self, linkedin, acme, mock_url, stripe_api, runway_api, replicate_api):
        # Per port, so test runs on different ports (e.g. two worktrees sharing one .data) keep apart.
        self.prefix = DATA / ("test-stack" if PORT == 18080 else f"test-stack-{PORT}")
        self.prefix.mkdir(parents=True, exist_ok=True)
        # in a directory the responder creates (mode 0750), as in production
        self.socket = self.prefix / "run" / "sorashare.sock"
        self.upload_dir = self.prefix / "uploads"
        self.upload_dir.mkdir(exist_ok=True)
        self.log_path = self.prefix / "responder.log"
        self.base = f"http://127.0.0.1:{PORT}"
        self.env = dict(
            os.environ,
            SORASHARE_DATABASE_URL=os.environ["SORASHARE_TEST_DATABASE_URL"],
            SORASHARE_DIAGNOSTICS="1",
            SORASHARE_MAX_BODY_BYTES=str(APP_BODY_LIMIT),
            SORASHARE_TMPDIR=str(self.upload_dir),
            SORASHARE_THREADS="6",
            SORASHARE_TEMPLATES_DIR=str(ROOT / "templates"),
            SORASHARE_MIGRATIONS_DIR=str(ROOT / "db" / "migrations"),
            SORASHARE_PUBLIC_URL=f"http://127.0.0.1:{PORT}",
            SORASHARE_LOG_KEY=base64.b64encode(os.urandom(32)).decode(),
            # scripts/test.sh exports the development secret key; without it, one for this session
            SORASHARE_SECRET_KEY=os.environ.get("SORASHARE_SECRET_KEY") or base64.b64encode(os.urandom(32)).decode(),
            # scripts/test.sh exports development invite-code keys; without it, keys for this session
            SORASHARE_CODE_KEYS=os.environ.get("SORASHARE_CODE_KEYS") or "test1:" + base64.b64encode(os.urandom(32)).decode(),
            SORASHARE_CODE_KEY_ID=os.environ.get("SORASHARE_CODE_KEY_ID") or "test1",
            SORASHARE_CODE_FINGERPRINT_KEY=os.environ.get("SORASHARE_CODE_FINGERPRINT_KEY") or base64.b64encode(os.urandom(32)).decode(),
            # every test client is 127.0.0.1: keep the per-client limit out of the way
            SORASHARE_SIGNIN_LINKS_PER_CLIENT_PER_HOUR="100000",
            SORASHARE_OIDC_LINKEDIN_CLIENT_ID=linkedin.client_id,
            SORASHARE_OIDC_LINKEDIN_CLIENT_SECRET=linkedin.client_secret,
            SORASHARE_OIDC_LINKEDIN_AUTHORIZATION_URL=linkedin.base_url + "/oauth/v2/authorization",
            SORASHARE_OIDC_LINKEDIN_TOKEN_URL=linkedin.base_url + "/oauth/v2/accessToken",
            SORASHARE_OIDC_LINKEDIN_JWKS_URL=linkedin.base_url + "/oauth/v2/keys",
            SORASHARE_OIDC_PROVIDERS="acme,mock",
            SORASHARE_OIDC_MOCK_CLIENT_ID="mock-client",
            SORASHARE_OIDC_MOCK_CLIENT_SECRET="mock-secret",
            SORASHARE_OIDC_MOCK_DISPLAY_NAME="Mock OP",
            SORASHARE_OIDC_MOCK_DISCOVERY_URL=mock_url + "/.well-known/openid-configuration",
            SORASHARE_OIDC_ACME_CLIENT_ID=acme.client_id,
            SORASHARE_OIDC_ACME_CLIENT_SECRET=acme.client_secret,
            SORASHARE_OIDC_ACME_DISCOVERY_URL=acme.base_url + "/.well-known/openid-configuration",
            SORASHARE_STRIPE_SECRET_KEY=STRIPE_SECRET_KEY,
            SORASHARE_STRIPE_API_BASE=stripe_api.base_url,
            SORASHARE_STRIPE_WEBHOOK_SECRETS=f"{STRIPE_OLD_WEBHOOK_SECRET},{STRIPE_WEBHOOK_SECRET}",
            SORASHARE_STRIPE_PREMIUM_PRICE="price_premium",
            SORASHARE_STRIPE_CREDIT_PACKS="10:price_credits_10:$5,50:price_credits_50:$20,200:price_credits_200:$70",
            SORASHARE_STRIPE_TIMEOUT_SECONDS="5",
            SORASHARE_STRIPE_SIMULATED="1",
            # the studio: both video stand-ins (Runway first), Replicate's webhooks through nginx,
            # the media directory nginx serves (scripts/nginx.sh: $DATA/media), quick polls and retries
            SORASHARE_RUNWAY_API_KEY=runway_api.api_key,
            SORASHARE_RUNWAY_API_BASE=runway_api.base_url,
            SORASHARE_RUNWAY_POLL_SECONDS="1",
            SORASHARE_REPLICATE_API_TOKEN=replicate_api.token,
            SORASHARE_REPLICATE_API_BASE=replicate_api.base_url + "/v1",
            SORASHARE_REPLICATE_WEBHOOK_SECRETS=f"{REPLICATE_OLD_WEBHOOK_SECRET},{REPLICATE_WEBHOOK_SECRET}",
            SORASHARE_REPLICATE_POLL_SECONDS="1",
            SORASHARE_MEDIA_DIR=str(DATA / "media"),
            SORASHARE_STUDIO_BACKOFF_SECONDS="1",
            SORASHARE_VIDEOS_SIMULATED="1",
        )
        if SOCKET_GROUP:
            self.env["SORASHARE_SOCKET_GROUP"] = SOCKET_GROUP
        self.responder = None

    def migrate(self):
        subprocess.run([BINARY, "migrate"], env=self.env, cwd=ROOT, check=True, capture_output=True)
        # Codes sealed by an earlier run used other keys: every run starts with an empty queue.
        subprocess.run(["psql", self.env["SORASHARE_DATABASE_URL"], "-qc",
                        "TRUNCATE queue_events, return_obligations, allocations, invite_codes, queue_entries, leaderboard_members, "
                        "stripe_events, stripe_subscriptions, stripe_customers, credit_purchases, credit_ledger, billing_receipts; "
                        "UPDATE queue_control SET paused = false, reason = '', changed_at = now()"], check=True, capture_output=True)

    def start_responder(self):
        log = open(self.log_path, "ab")
        self.responder = subprocess.Popen(
            [BINARY, "serve", "--socket", str(self.socket)], env=self.env, cwd=ROOT, stdout=log, stderr=log
        )
        assert wait_for(self.socket.exists), "responder did not create its socket"

    def stop_responder(self):
        if self.responder and self.responder.poll() is None:
            self.responder.send_signal(signal.SIGTERM)
            self.responder.wait(timeout=30)

    def start_nginx(self, signin_rate="6000r/m"):
        subprocess.run(
            ["bash", ROOT / "scripts" / "nginx.sh", "start", str(self.prefix / "nginx"), str(PORT), str(self.socket), NGINX_BODY_LIMIT],
            check=True, env=dict(os.environ, NGINX_SIGNIN_RATE=signin_rate),
        )

    def stop_nginx(self):
        subprocess.run(["bash", ROOT / "scripts" / "nginx.sh", "stop", str(self.prefix / "nginx")], check=True)

    def url(self, path):
        return self.base + path

    def pg(self, action):
        subprocess.run(["bash", ROOT / "scripts" / "pg.sh", action], check=True, capture_output=True)


@pytest.fixture(scope="session")
def providers():
    callback = f"http://127.0.0.1:{PORT}/auth/{{}}/callback"
    linkedin = OIDCProvider(redirect_uris=(callback.format("linkedin"),))
    acme = OIDCProvider(client_id="acme-client", client_secret="acme-secret", redirect_uris=(callback.format("acme"),))
    linkedin.start()
    acme.start()
    acme.issuer = acme.base_url  # a provider whose issuer is its own address, found by discovery
    # a third-party OpenID provider (PyPI's oidc-provider-mock), requiring a nonce
    mock = oidc_provider_mock.run_server_in_thread(port=0, require_nonce=True)
    mock_server = mock.__enter__()
    yield {"linkedin": linkedin, "acme": acme, "mock": f"http://127.0.0.1:{mock_server.server_port}"}
    mock.__exit__(None, None, None)
    linkedin.stop()
    acme.stop()


@pytest.fixture(scope="session")
def stripe_api():
    """The Stripe stand-in; its webhooks go through nginx to the stack."""
    api = StripeAPI(prices=STRIPE_PRICES, webhook_url=f"http://127.0.0.1:{PORT}/webhooks/stripe", webhook_secret=STRIPE_WEBHOOK_SECRET)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def runway_api():
    """The Runway stand-in (dev/standins/runway_api.py), its MP4s cached in .data/test-videos."""
    api = RunwayAPI(video_directory=str(DATA / "test-videos"), **VIDEO_KNOBS)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def replicate_api():
    """The Replicate stand-in; its signed webhooks go through nginx to the stack."""
    api = ReplicateAPI(webhook_secret=REPLICATE_WEBHOOK_SECRET, video_directory=str(DATA / "test-videos"), **VIDEO_KNOBS)
    api.start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def stack(providers, stripe_api, runway_api, replicate_api):
    assert BINARY.exists(), f"build first ({BINARY} is missing): swift build -c release, or make test"
    stack = Stack(providers["linkedin"], providers["acme"], providers["mock"], stripe_api, runway_api, replicate_api)
    stack.migrate()
    stack.start_responder()
    stack.start_nginx()
    assert wait_for(lambda: requests.get(stack.url("/health"), timeout=2).status_code == 200)
    yield stack
    stack.stop_responder()
    stack.stop_nginx()


def finish_studio_jobs():
    """Ends every studio job still under way (a worker would otherwise carry it on in a later
    test) and closes the providers' circuits."""
    subprocess.run(["psql", os.environ["SORASHARE_TEST_DATABASE_URL"], "-qc",
                    "UPDATE video_jobs SET state = 'canceled', lease_owner = NULL, lease_until = NULL, finished_at = now() "
                    "WHERE state IN ('created', 'submitted', 'queued', 'running', 'fetching'); "
                    "UPDATE video_attempts SET ended_at = now() WHERE ended_at IS NULL; DELETE FROM video_provider_health"],
                   check=True, capture_output=True)


@pytest.fixture
def studio(stack, runway_api, replicate_api):
    """A clean studio for one test: no job under way, closed circuits, both video stand-ins reset
    to VIDEO_KNOBS (tasks and counters cleared); the same again afterwards."""
    def clean():
        finish_studio_jobs()
        for api in (runway_api, replicate_api):
            api.reset()
    clean()
    yield {"runway": runway_api, "replicate": replicate_api}
    clean()


@pytest.fixture
def workers(stack):
    """Starts `sorashare worker` processes for one test: `workers(**env)` starts one with the
    stack's environment, SORASHARE_DEV=1 (mail goes to the log) and a pass every second, plus `env`
    (e.g. SORASHARE_STUDIO_LEASE_SECONDS), and returns its Popen. Each is stopped (SIGTERM, then
    SIGKILL) after the test; their output goes to the stack's worker.log."""
    started = []
    # where workers stage images and videos: apart from the responder's uploads (a worker killed
    # mid-create leaves its staged image behind until its housekeeping removes it an hour later)
    staging = stack.prefix / "worker-staging"
    staging.mkdir(exist_ok=True)

    def start(**env):
        with open(stack.prefix / "worker.log", "ab") as log:
            process = subprocess.Popen([BINARY, "worker"], cwd=ROOT, stdout=log, stderr=log,
                                       env=dict(stack.env, SORASHARE_DEV="1", SORASHARE_WORKER_INTERVAL_SECONDS="1",
                                                SORASHARE_TMPDIR=str(staging), **env))
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
