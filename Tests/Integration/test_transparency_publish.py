"""The transparency mirror with real `sorashare` processes and a local bare repository: three
simulated hours make three commits with their files; two processes at once and two workers
running side by side still make one commit per hour; a mirror that cannot be reached gets the
missed hour in order at the next run; a mirror whose history was replaced is not overwritten and
the admins get an e-mail."""

import base64
import json
import os
import subprocess
import sys
import time

import pytest
import requests

from conftest import BINARY, ROOT, wait_for
from test_accounts import sign_in
from test_queue import join

DATABASE = os.environ.get("SORASHARE_TEST_DATABASE_URL", "")
HOURS = ["2099-01-01T10:00:00Z", "2099-01-01T11:00:00Z", "2099-01-01T12:00:00Z"]
GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(*arguments, cwd):
    return subprocess.run(["git", *arguments], cwd=cwd, env=GIT_ENV, check=True, capture_output=True, text=True).stdout.strip()


def psql(sql):
    return subprocess.run(["psql", DATABASE, "-qAtc", sql], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def mirror(tmp_path):
    """A fresh bare repository, a fresh publishing state and the environment that points at it."""
    bare = tmp_path / "mirror.git"
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    env = {"PATH": os.environ["PATH"], "SORASHARE_DATABASE_URL": DATABASE,
           "SORASHARE_TRANSPARENCY_GIT_REMOTE": str(bare), "SORASHARE_TRANSPARENCY_GIT_DIR": str(tmp_path / "clone"),
           "SORASHARE_MIGRATIONS_DIR": str(ROOT / "db" / "migrations")}
    subprocess.run([BINARY, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    psql("TRUNCATE transparency_snapshots, outbox_emails; "
         "UPDATE transparency_publishing SET stopped = false, reason = ''")
    return bare, env


def publish(env, hour, **extra):
    return subprocess.run([BINARY, "transparency", "publish", "--hour", hour], env={**env, **extra}, cwd=ROOT,
                          capture_output=True, text=True)


def hours_in(bare):
    """The Snapshot-Hour trailer of each commit of the mirror's main, oldest first."""
    log = subprocess.run(["git", "log", "--reverse", "--format=%(trailers:key=Snapshot-Hour,valueonly)", "main"], cwd=bare,
                         env=GIT_ENV, capture_output=True, text=True)
    return [line for line in log.stdout.splitlines() if line]  # none before the first push


def test_three_hours_make_three_commits_with_their_files(mirror):
    bare, env = mirror
    for hour in HOURS:
        assert publish(env, hour).returncode == 0
    assert hours_in(bare) == HOURS
    for commit in git("rev-list", "main", cwd=bare).split():
        files = set(git("ls-tree", "-r", "--name-only", commit, cwd=bare).split())
        assert {"README.md", "figures.json", "figures.csv"} <= files
    assert "| waiting members |" in git("show", "main:README.md", cwd=bare)


def test_two_processes_at_once_make_one_commit_per_hour(mirror):
    bare, env = mirror
    for hour in HOURS:
        racers = [subprocess.Popen([BINARY, "transparency", "publish", "--hour", hour], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        assert sorted(racer.wait(timeout=60) for racer in racers)[0] == 0
        assert publish(env, hour).returncode == 0
    assert hours_in(bare) == HOURS


def test_two_workers_publish_one_commit_per_simulated_hour(mirror, tmp_path):
    bare, env = mirror
    worker_env = {**env, "SORASHARE_TRANSPARENCY_PERIOD_SECONDS": "2", "SORASHARE_WORKER_INTERVAL_SECONDS": "1",
                  "SORASHARE_SECRET_KEY": "c29yYXNoYXJlIHRyYW5zcGFyZW5jeSB0ZXN0IHNlY3JldCBrZXkh", "SORASHARE_DEV": "1"}
    workers = [subprocess.Popen([BINARY, "worker"], env=worker_env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        assert wait_for(lambda: len(hours_in(bare)) >= 3, timeout=30)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=20)
    hours = hours_in(bare)
    assert hours == sorted(set(hours)), "one commit per period, in order"


def test_an_unreachable_mirror_gets_the_missed_hour_at_the_next_run(mirror):
    bare, env = mirror
    assert publish(env, HOURS[0]).returncode == 0
    away = bare.with_name("away.git")
    bare.rename(away)
    failed = publish(env, HOURS[1])
    assert failed.returncode == 3, failed.stdout  # committed here, not pushed
    away.rename(bare)
    assert publish(env, HOURS[2]).returncode == 0
    assert hours_in(bare) == HOURS


def test_a_mirror_with_foreign_history_is_not_overwritten(mirror, tmp_path):
    bare, env = mirror
    psql("INSERT INTO members (email, email_verified, role) VALUES ('transparency-admin@example.com', true, 'admin') "
         "ON CONFLICT (email) DO UPDATE SET role = 'admin'")
    assert publish(env, HOURS[0]).returncode == 0
    other = tmp_path / "other"
    git("init", "-q", "-b", "main", str(other), cwd=tmp_path)
    (other / "README.md").write_text("not ours\n")
    git("add", "README.md", cwd=other)
    git("commit", "-q", "-m", "Replaced", cwd=other)
    git("push", "-q", "--force", str(bare), "main:main", cwd=other)
    foreign = git("rev-parse", "main", cwd=other)
    assert publish(env, HOURS[1]).returncode == 5
    assert git("rev-parse", "main", cwd=bare) == foreign, "nothing overwritten"
    assert psql("SELECT stopped FROM transparency_publishing") == "t"
    assert psql("SELECT count(*) FROM outbox_emails WHERE recipient = 'transparency-admin@example.com' "
                "AND subject = 'SoraShare stopped publishing its transparency snapshot'") == "1"
    status = subprocess.run([BINARY, "transparency", "status"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert status.returncode == 1 and "stopped:" in status.stdout


def test_the_pushed_snapshot_holds_a_checkpoint_that_verifies_with_the_published_key_and_the_charts(stack, mirror, tmp_path):
    """One worker pass signs this hour's checkpoint and computes the figures; the snapshot of the
    next hour is pushed with that checkpoint, the log entries it signs and the four charts; the
    mirror's files alone (with the key as /transparency/key serves it) pass both checkers."""
    bare, env = mirror
    psql("TRUNCATE queue_events, return_obligations, allocations, invite_codes, queue_entries, "
         "transparency_checkpoints, transparency_keys")
    for _ in range(3):
        join(stack, sign_in(stack)[0])
    seed = base64.b64encode(b"P" * 32).decode()
    done = subprocess.run([BINARY, "worker", "--once"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(stack.env, SORASHARE_DEV="1", SORASHARE_TRANSPARENCY_SIGNING_KEY=seed))
    assert done.returncode == 0, done.stderr
    next_hour = (int(time.time()) // 3600 + 1) * 3600
    assert publish(env, time.strftime("%Y-%m-%dT%H:00:00Z", time.gmtime(next_hour))).returncode == 0
    files = set(git("ls-tree", "-r", "--name-only", "main", cwd=bare).split())
    charts = {f"charts/{name}.svg" for name in ("waiting", "allocations", "waits", "returns")}
    assert {"checkpoint.json", "checkpoints.ndjson"} | charts <= files, files
    for chart in charts:
        assert git("show", f"main:{chart}", cwd=bare).startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    log = "".join(git("show", f"main:{name}", cwd=bare) + "\n" for name in sorted(files) if name.startswith("log/"))
    assert log.count("\n") == 3, "the three joins"
    (tmp_path / "log.ndjson").write_text(log)
    (tmp_path / "checkpoints.ndjson").write_text(git("show", "main:checkpoints.ndjson", cwd=bare) + "\n")
    keys = requests.get(stack.url("/transparency/key"), timeout=10)
    assert keys.status_code == 200
    (tmp_path / "keys.json").write_bytes(keys.content)
    arguments = [str(tmp_path / "log.ndjson"), "--checkpoints", str(tmp_path / "checkpoints.ndjson"), "--keys", str(tmp_path / "keys.json")]
    python = subprocess.run([sys.executable, str(ROOT / "tools" / "verify_log.py"), *arguments], capture_output=True, text=True)
    swift = subprocess.run([BINARY, "verify-log", "--file", *arguments], capture_output=True, text=True, env={"PATH": os.environ["PATH"]})
    assert python.returncode == 0 and swift.returncode == 0, (python.stdout, swift.stdout)
    assert python.stdout.strip() == swift.stdout.strip()
    # a checkpoint the published key did not sign is refused by both
    forged = json.loads(git("show", "main:checkpoint.json", cwd=bare))
    forged["seq"] = forged["seq"] - 1
    (tmp_path / "checkpoints.ndjson").write_text(json.dumps(forged) + "\n")
    python = subprocess.run([sys.executable, str(ROOT / "tools" / "verify_log.py"), *arguments], capture_output=True, text=True)
    assert python.returncode != 0, python.stdout
