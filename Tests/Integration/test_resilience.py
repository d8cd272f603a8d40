"""The responder survives its database going away, and stops cleanly on SIGTERM."""

import grp
import os
import pwd
import shutil
import stat
import subprocess
import threading
import time

import pytest
import requests

from conftest import BINARY, ROOT, SOCKET_GROUP, wait_for


def test_database_stopped_mid_run_gives_503_then_recovers(stack):
    pid = stack.responder.pid
    assert requests.get(stack.url("/_diag/database")).status_code == 200
    stack.pg("stop")
    try:
        time.sleep(1.2)  # /health trusts a success younger than one second
        page = requests.get(stack.url("/_diag/database"))
        assert page.status_code == 503
        assert "text/html" in page.headers["Content-Type"]
        assert "SoraShare is briefly unavailable" in page.text
        assert page.headers["Retry-After"] == "5"
        health = requests.get(stack.url("/health"))
        assert health.status_code == 503
        assert health.json()["database"] == "down"
        assert health.json()["status"] == "unhealthy"
        # pages that do not need the database keep working
        assert requests.get(stack.url("/")).status_code == 200
    finally:
        stack.pg("start")
    # every worker thread reconnects by itself: no request fails once the database is back
    statuses = [requests.get(stack.url("/_diag/database")).status_code for _ in range(30)]
    assert statuses == [200] * 30
    assert requests.get(stack.url("/health")).json()["database"] == "up"
    assert stack.responder.poll() is None and stack.responder.pid == pid, "the responder was not restarted"


def test_sigterm_lets_the_slow_request_finish(stack):
    results = {}

    def slow_request():
        started = time.monotonic()
        response = requests.get(stack.url("/_diag/sleep?ms=2500"), timeout=30)
        results["status"] = response.status_code
        results["body"] = response.json()
        results["elapsed"] = time.monotonic() - started

    worker = threading.Thread(target=slow_request)
    worker.start()
    time.sleep(0.5)
    stack.responder.send_signal(15)
    exit_code = stack.responder.wait(timeout=20)
    worker.join(timeout=20)
    try:
        assert results["status"] == 200
        assert results["body"] == {"slept_ms": 2500}
        assert results["elapsed"] >= 2.4
        assert exit_code == 0
        # no longer accepting: nginx shows its own 502 page
        down = requests.get(stack.url("/"))
        assert down.status_code == 502
        assert "briefly unavailable" in down.text
    finally:
        stack.start_responder()
    assert wait_for(lambda: requests.get(stack.url("/health")).status_code == 200)


def test_only_nginx_can_reach_the_responders_socket(stack):
    """Whoever can connect to the socket speaks FastCGI to the responder directly, with any
    REMOTE_ADDR and HTTPS=on, past nginx's limits and headers: it is mode 0660 with nginx's
    workers' group, in a directory of mode 0750 that the responder created (issue 9)."""
    socket_info, directory_info = stack.socket.stat(), stack.socket.parent.stat()
    assert stat.S_ISSOCK(socket_info.st_mode) and stat.S_IMODE(socket_info.st_mode) == 0o660
    assert stat.S_IMODE(directory_info.st_mode) == 0o750
    if SOCKET_GROUP:
        gid = int(SOCKET_GROUP) if SOCKET_GROUP.isdigit() else grp.getgrnam(SOCKET_GROUP).gr_gid
    else:
        gid = os.getegid()
    assert socket_info.st_gid == gid and directory_info.st_gid == gid
    assert requests.get(stack.url("/health")).status_code == 200, "nginx's workers still reach it"
    # as root, another local user (PostgreSQL's, made by scripts/pg.sh) outside that group cannot
    try:
        other = pwd.getpwnam("sorashare")
    except KeyError:
        other = None
    if os.geteuid() == 0 and other and gid not in os.getgrouplist(other.pw_name, other.pw_gid):
        probe = subprocess.run(
            ["runuser", "-u", other.pw_name, "--", "python3", "-c",
             "import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])", str(stack.socket)],
            capture_output=True, text=True, timeout=10)
        assert probe.returncode != 0 and "PermissionError" in probe.stderr, probe.stderr


def test_idle_responder_exits_on_sigterm(stack):
    stack.responder.send_signal(15)
    try:
        assert stack.responder.wait(timeout=10) == 0
        assert not stack.socket.exists(), "the socket file is removed on exit"
    finally:
        stack.start_responder()


@pytest.mark.skipif(shutil.which("spawn-fcgi") is None or shutil.which("cgi-fcgi") is None, reason="needs spawn-fcgi and cgi-fcgi")
def test_serves_on_a_socket_inherited_from_spawn_fcgi(stack, tmp_path):
    socket = tmp_path / "spawned.sock"
    pidfile = tmp_path / "spawned.pid"
    env = dict(stack.env)
    env.pop("SORASHARE_SOCKET", None)
    subprocess.run(
        ["spawn-fcgi", "-s", str(socket), "-M", "0600", "-P", str(pidfile), "--", str(BINARY), "serve", "--threads", "2"],
        env=env, cwd=ROOT, check=True, capture_output=True,
    )
    pid = int(pidfile.read_text())
    try:
        request_env = dict(os.environ, REQUEST_METHOD="GET", REQUEST_URI="/health", SERVER_PROTOCOL="HTTP/1.1")
        output = subprocess.run(["cgi-fcgi", "-bind", "-connect", str(socket)], env=request_env,
                                capture_output=True, timeout=10).stdout.decode()
        assert output.startswith("Status: 200 OK\r\n")
        assert '"service":"sorashare"' in output
    finally:
        os.kill(pid, 15)
        assert wait_for(lambda: not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z")
