"""The scripts behind `make run`: a broken nginx config fails at once with nginx's own error line,
scripts/run.sh stops every process it started when a step fails and when it is stopped, and
without any keys a newcomer can sign in, buy credits and make a (simulated) video.

Each run.sh here gets its own data folder (SORASHARE_DATA=.data/test-scripts-PORT): given this
session's (.data, whose PostgreSQL scripts/test.sh started), run.sh would leave that running
cluster alone, so its own stopping would go untested, and its nginx prefix, socket and log could
clash with a `make run` in the same checkout. Its own folder means its own cluster (kept between
sessions, so initialised once, in a few seconds), started and stopped by run.sh, and free ports
for nginx and the stand-ins. setup.sh is skipped (SORASHARE_SKIP_SETUP=1: the binary under test,
SORASHARE_BINARY, is built) and the session's Python environment is used (SORASHARE_VENV).

The processes of a run are found in /proc: those whose command line or environment names its
data folder (the responder's socket, nginx's prefix, PostgreSQL's data folder, tee's log file;
the worker, the stand-ins and the shells inherit SORASHARE_DATA), and their descendants (nginx's
workers, PostgreSQL's backends).
"""

import contextlib
import html
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import BINARY, DATA, PORT, ROOT, free_port, wait_for
from standins.video_common import probe

RUN_DATA = DATA / f"test-scripts-{PORT}"


def processes(marker):
    """{pid: command line} of live processes whose command line or environment contains
    `marker`, and of their descendants."""
    found, parents = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        command = _command(entry.name) or ""
        try:
            environment = (entry / "environ").read_text(errors="replace")
        except OSError:  # ended, or another user's (when not run as root)
            environment = ""
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state == "Z":
            continue
        pid = int(entry.name)
        parents[pid] = (int(parent), command)
        if marker in command or marker in environment:
            found[pid] = command
    while more := {pid: command for pid, (parent, command) in parents.items() if parent in found and pid not in found}:
        found |= more
    return found


def broken_templates(folder):
    """A copy of nginx/ in `folder` whose dev config has an unknown directive `foo`; returns the
    line of the rendered nginx.conf that nginx must name (rendering keeps the lines)."""
    shutil.copytree(ROOT / "nginx", folder)
    config = folder / "dev.conf.in"
    lines = config.read_text().splitlines(keepends=True)
    at = lines.index("http {\n") + 1
    lines.insert(at, "    foo bar;\n")
    config.write_text("".join(lines))
    return at + 1


def restore_sigint():
    """Ctrl-C must reach run.sh even when this session ignores SIGINT (as a shell's background
    job does); bash cannot trap a signal that was ignored when it started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def run_sh(tmp_path):
    """Starts scripts/run.sh in its own process group (a terminal's Ctrl-C reaches the whole
    group); `run_sh(templates=None)` returns (process, url, stderr file). Before (a session
    killed earlier may have left them) and after (whatever happened), nothing of a run is left
    running: its nginx and PostgreSQL are stopped, and any other process of it is killed."""
    assert BINARY.exists(), f"build first ({BINARY} is missing)"
    started = []
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SORASHARE_")}
    port = free_port()
    environment |= {
        "SORASHARE_DATA": str(RUN_DATA),
        "SORASHARE_VENV": str(DATA / "venv"),
        "SORASHARE_SKIP_SETUP": "1",
        "SORASHARE_BINARY": str(BINARY),
        "PORT": str(port),
        "PG_PORT": str(free_port()),  # its socket is in RUN_DATA anyway
        "LINKEDIN_STANDIN_PORT": str(free_port()),
        "STRIPE_STANDIN_PORT": str(free_port()),
        "RUNWAY_STANDIN_PORT": str(free_port()),
        "REPLICATE_STANDIN_PORT": str(free_port()),
    }

    def stop_leftovers():
        subprocess.run(["bash", ROOT / "scripts" / "nginx.sh", "stop", RUN_DATA / "nginx"], check=True)
        subprocess.run(["bash", ROOT / "scripts" / "pg.sh", "stop"], env=environment, check=True)
        for pid in processes(str(RUN_DATA)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def start(templates=None):
        if templates:
            environment["SORASHARE_NGINX_TEMPLATES"] = str(templates)
        stderr = tmp_path / "run.stderr"
        with open(stderr, "wb") as errors, open(tmp_path / "run.stdout", "wb") as output:
            process = subprocess.Popen(["bash", ROOT / "scripts" / "run.sh"], env=environment, cwd=ROOT, stdout=output,
                                       stderr=errors, start_new_session=True, preexec_fn=restore_sigint)
        started.append(process)
        return process, f"http://127.0.0.1:{port}", stderr

    stop_leftovers()
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stop_leftovers()


def test_nginx_start_fails_at_once_with_nginx_own_error_on_a_broken_config(tmp_path):
    line = broken_templates(tmp_path / "templates")
    prefix = tmp_path / "nginx"
    began = time.monotonic()
    done = subprocess.run(["bash", ROOT / "scripts" / "nginx.sh", "start", prefix, str(free_port()), tmp_path / "sorashare.sock"],
                          env=dict(os.environ, SORASHARE_NGINX_TEMPLATES=str(tmp_path / "templates")),
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert time.monotonic() - began < 4, "no waiting for an nginx that cannot start"
    assert "[emerg]" in done.stderr and f'unknown directive "foo" in {prefix}/nginx.conf:{line}' in done.stderr, done.stderr
    assert "could not open error log" not in done.stderr
    assert not (prefix / "nginx.pid").exists()
    assert processes(str(prefix)) == {}


def test_run_stops_everything_when_nginx_cannot_start(tmp_path, run_sh):
    """nginx starts last: its error means PostgreSQL, the stand-ins, the responder, the worker and
    the log's tee were all started, and all must be gone when run.sh has exited."""
    line = broken_templates(tmp_path / "templates")
    process, _, stderr = run_sh(templates=tmp_path / "templates")
    assert process.wait(timeout=60) != 0
    errors = stderr.read_text()
    assert "[emerg] " in errors and f'unknown directive "foo" in {RUN_DATA}/nginx/nginx.conf:{line}' in errors, errors
    assert "[run.sh] stopped" in errors
    assert processes(str(RUN_DATA)) == {}


@pytest.mark.parametrize("stop", ["Ctrl-C", "SIGTERM"])
def test_run_stops_everything_it_started(run_sh, stop):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM to run.sh
    alone (its children get no signal): either way every process of the run ends, promptly."""
    process, url, stderr = run_sh()
    assert wait_for(lambda: _healthy(url) or process.poll() is not None, timeout=60) and process.poll() is None, stderr.read_text()
    running = processes(str(RUN_DATA))
    commands = " | ".join(running.values())
    for expected in ["sorashare serve", "sorashare worker", "nginx: master process", "nginx: worker process", f"-D {RUN_DATA}/pg/data",
                     "standins.serve_linkedin", "standins.serve_stripe", "standins.serve_runway", "standins.serve_replicate",
                     "tee -a"]:
        assert expected in commands, f"{expected} is not running: {commands}"

    began = time.monotonic()
    if stop == "Ctrl-C":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=30)
    assert status == (130 if stop == "Ctrl-C" else 143), stderr.read_text()
    assert time.monotonic() - began < 20
    assert processes(str(RUN_DATA)) == {}
    left = [pid for pid, command in running.items() if Path(f"/proc/{pid}").exists() and _command(pid) == command]
    assert left == [], f"still running: {[running[pid] for pid in left]}"


def test_run_without_keys_lets_a_newcomer_make_a_video(run_sh, tmp_path):
    """`make run` with no provider keys: sign in with the LinkedIn stand-in, buy credits at the
    Stripe stand-in, make a TikTok video, which the Runway stand-in makes and the worker fetches
    and checks; the studio says videos are simulated, and the download is a 9:16 MP4."""
    process, url, stderr = run_sh()
    announced = stderr.with_name("run.stdout")  # once the stand-ins answer too
    assert wait_for(lambda: "SoraShare is running" in announced.read_text() or process.poll() is not None, timeout=60) \
        and process.poll() is None, stderr.read_text()
    assert "Videos: simulated by local stand-ins" in announced.read_text()
    browser = requests.Session()
    browser.trust_env = False
    assert browser.get(url + "/auth/linkedin").url == url + "/account", "signed in through the LinkedIn stand-in"
    # the stand-in signs everyone in as the same member, whose credits stay in this run's cluster
    balance = int(re.search(r'id="credit-balance">(-?\d+)<', browser.get(url + "/studio/new").text).group(1))
    billing = browser.get(url + "/billing").text
    checkout = browser.post(url + "/billing/credits", data={"_csrf": _field(billing, "_csrf"), "request_key": _field(billing, "request_key"),
                                                            "pack": "10"})
    pay = re.search(r"action='(/checkout/[^']+/pay)'", checkout.text)
    assert pay, checkout.text
    assert browser.post(checkout.url.split("/checkout/")[0] + pay.group(1)).url.startswith(url + "/billing/success")

    def studio_form():
        page = browser.get(url + "/studio/new").text
        return page if f'id="credit-balance">{balance + 10}<' in page else None

    assert wait_for(studio_form, timeout=20), "the credits arrived (the stand-in's signed webhook)"
    form = studio_form()
    assert 'id="videos-simulated"' in form
    made = browser.post(url + "/studio/new", headers={"X-CSRF-Token": re.search(r'data-csrf="([0-9a-f]+)"', form).group(1),
                                                       "Accept": "application/json"},
                        data={"request_key": _field(form, "request_key"), "prompt": "The mug on a kitchen table",
                              "preset": "lifestyle", "platform": "tiktok", "seconds": "5"},
                        files={"image": ("mug.png", (ROOT / "Tests" / "MediaTests" / "Fixtures" / "image.png").read_bytes(), "image/png")})
    assert made.status_code == 201, made.text
    job = made.json()["job"]["id"]
    status = url + f"/studio/jobs/{job}/status.json"
    assert wait_for(lambda: browser.get(status).json()["final"], timeout=60), browser.get(status).text
    assert browser.get(status).json()["label"] == "Ready"
    page = browser.get(url + f"/studio/jobs/{job}").text
    download = browser.get(url + html.unescape(re.search(r'id="download-video" href="([^"]+)"', page).group(1)))
    assert download.status_code == 200 and download.headers["Content-Type"] == "video/mp4"
    (tmp_path / "video.mp4").write_bytes(download.content)
    video = probe(str(tmp_path / "video.mp4"))
    assert (video["width"], video["height"]) == (360, 640) and abs(video["duration"] - 5) < 0.5, video


def _field(page, name):
    match = re.search(rf'name="{name}" value="([0-9a-f]+)"', page)
    assert match, f"no {name} field"
    return match.group(1)


def _healthy(url):
    try:
        return requests.get(url + "/health", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def _command(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
