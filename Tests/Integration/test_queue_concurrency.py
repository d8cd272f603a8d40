"""The queue under concurrency: three responder processes behind one nginx and two workers,
150 members joining, 30 donors donating (ten codes by two donors at the same instant) and
recipients revealing and confirming, all at once, against real PostgreSQL. Afterwards: no code
went to two people, no entry got two codes, no code entered the pool twice, and
`sorashare verify-log` replays the log and finds every allocation went to the head."""

import hashlib
import os
import re
import secrets
import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from conftest import BINARY, NGINX_WORKER_GROUP, NGINX_WORKER_USER, ROOT, wait_for
from test_accounts import sql
from test_queue import clear_queue

PORT = int(os.environ.get("SORASHARE_TEST_CLUSTER_PORT", "18082"))  # the main stack has SORASHARE_TEST_PORT
COOKIE = "sorashare_session"


def nginx_config(prefix: Path, sockets):
    upstream = "\n".join(f"        server unix:{socket};" for socket in sockets)
    # as root, workers that reach the responders' sockets (mode 0660) through their group
    user = f"user {NGINX_WORKER_USER} {NGINX_WORKER_GROUP};" if NGINX_WORKER_USER else ""
    return f"""{user}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    proxy_temp_path {prefix}/tmp/proxy;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream responders {{
{upstream}
    }}
    server {{
        listen 127.0.0.1:{PORT};
        location / {{
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_X_REQUEST_ID $request_id;
            fastcgi_pass responders;
        }}
    }}
}}
"""


@pytest.fixture
def cluster(stack):
    """Three responders (the stack's own and two more) and two workers behind a second nginx."""
    prefix = stack.prefix / "cluster"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    env = dict(stack.env, SORASHARE_PUBLIC_URL=f"http://127.0.0.1:{PORT}", SORASHARE_WORKER_INTERVAL_SECONDS="1")
    processes = []
    sockets = [stack.socket]
    for index in range(2):
        socket = prefix / f"responder-{index}.sock"
        processes.append(subprocess.Popen([BINARY, "serve", "--socket", str(socket), "--threads", "6"], env=env, cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        assert wait_for(socket.exists)
        sockets.append(socket)
    # the stack's responder checks forms against its own public URL: give the cluster its own three
    processes.append(subprocess.Popen([BINARY, "serve", "--socket", str(prefix / "responder-2.sock"), "--threads", "6"], env=env,
                                      cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    assert wait_for((prefix / "responder-2.sock").exists)
    sockets[0] = prefix / "responder-2.sock"
    # no SMTP server: in development the workers write mail to their log instead of refusing to start
    workers = [subprocess.Popen([BINARY, "worker"], env=dict(env, SORASHARE_DEV="1"), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
               for _ in range(2)]
    (prefix / "nginx.conf").write_text(nginx_config(prefix, sockets))
    subprocess.run(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], check=True, capture_output=True)
    assert wait_for(lambda: requests.get(f"http://127.0.0.1:{PORT}/health").status_code == 200)
    yield env
    subprocess.run(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-s", "quit"], capture_output=True)
    for process in processes + workers:
        process.send_signal(signal.SIGTERM)
    for process in processes + workers:
        assert process.wait(timeout=20) == 0


def signed_in_clients(count):
    """Members with live sessions, made directly in the database (the sign-in itself is tested elsewhere)."""
    batch = uuid.uuid4().hex[:8]
    clients = []
    rows = []
    for index in range(count):
        cookie = secrets.token_hex(32)
        csrf = secrets.token_hex(32)
        clients.append((cookie, csrf))
        rows.append(f"('c{index}-{batch}', '\\x{hashlib.sha256(cookie.encode()).hexdigest()}', '{csrf}')")
    sql(f"""WITH new (name, id_hash, csrf) AS (VALUES {','.join(rows)}),
            made AS (INSERT INTO members (display_name) SELECT name FROM new RETURNING id, display_name)
            INSERT INTO sessions (id_hash, member_id, csrf_token, expires_at)
            SELECT new.id_hash::bytea, made.id, new.csrf, now() + interval '1 hour' FROM new JOIN made ON made.display_name = new.name""")
    sessions = []
    for cookie, csrf in clients:
        session = requests.Session()
        session.cookies.set(COOKIE, cookie)
        sessions.append((session, csrf))
    return sessions


def url(path):
    return f"http://127.0.0.1:{PORT}{path}"


def test_many_joiners_donors_and_recipients_at_once(stack, cluster):
    clear_queue()
    joiners = signed_in_clients(150)
    donors = signed_in_clients(30)
    unique = [f"U{uuid.uuid4().hex[:10].upper()}" for _ in range(120)]
    shared = [f"S{uuid.uuid4().hex[:10].upper()}" for _ in range(10)]
    same_instant = threading.Barrier(20)
    failures = []

    def join(client):
        session, csrf = client
        response = session.post(url("/queue/join"), data={"_csrf": csrf, "use_case": "videos", "persona": "other"}, allow_redirects=False)
        if response.status_code != 303:
            failures.append(("join", response.status_code, response.text[:200]))

    def donate(index):
        session, csrf = donors[index]
        codes = unique[index * 4:(index + 1) * 4]
        if index < 20:  # donors 0–19 pair up: donor i and donor i+10 submit shared code i at the same instant
            same_instant.wait(timeout=30)
            codes = codes + [shared[index % 10]]
        response = session.post(url("/donate"), data={"_csrf": csrf, "codes": "\n".join(codes)})
        if response.status_code != 200:
            failures.append(("donate", response.status_code, response.text[:200]))

    revealed = []
    revealed_lock = threading.Lock()

    def receive(client, deadline):
        session, csrf = client
        while time.monotonic() < deadline and len(revealed) < len(unique) + len(shared):
            page = session.get(url("/dashboard")).text
            if 'id="reveal-code"' in page:
                response = session.post(url("/queue/reveal"), data={"_csrf": csrf})
                code = re.search(r'id="invite-code">([^<]+)<', response.text).group(1)
                with revealed_lock:
                    revealed.append(code)
                session.post(url("/queue/report"), data={"_csrf": csrf, "outcome": "worked"}, allow_redirects=False)
                return
            if 'id="join-queue"' in page and 'id="queue-position"' not in page:
                return  # not in the queue (should not happen)
            time.sleep(0.3)

    with ThreadPoolExecutor(max_workers=48) as pool:
        list(pool.map(join, joiners))
        donations = [pool.submit(donate, index) for index in range(30)]
        deadline = time.monotonic() + 60
        receivers = [pool.submit(receive, client, deadline) for client in joiners]
        for future in donations + receivers:
            future.result()
    assert failures == []
    total = len(unique) + len(shared)
    assert sql("SELECT count(*) FROM invite_codes") == str(total), "no code entered the pool twice"
    assert sorted(revealed) == sorted(unique + shared), "every code was revealed to exactly one member"
    assert sql("SELECT count(*) FROM allocations") == str(total)
    assert sql("SELECT count(DISTINCT code_id) FROM allocations") == str(total), "no code to two people"
    assert sql("SELECT count(DISTINCT entry_id) FROM allocations") == str(total), "no entry got two codes"
    assert sql("SELECT count(*) FROM queue_entries WHERE status = 'waiting'") == str(150 - total)
    done = subprocess.run([BINARY, "verify-log"], env=cluster, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "every allocation went to the head of the queue" in done.stdout
