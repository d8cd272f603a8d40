"""The scripts behind `make run`: a broken nginx config fails at once with nginx's own error line,
and scripts/run.sh stops every process it started when a step fails and when it is stopped.

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
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import BINARY, DATA, PORT, ROOT, free_port, wait_for

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
        with open(stderr, "wb") as errors:
            process = subprocess.Popen(["bash", ROOT / "scripts" / "run.sh"], env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
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
                     "standins.serve_linkedin", "standins.serve_stripe", "tee -a"]:
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
