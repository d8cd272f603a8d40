"""`sorashare verify-log` against the real database: exit 0 for an intact log, 1 naming the
first bad entry otherwise."""

import subprocess

from conftest import BINARY, ROOT
from test_accounts import sql


def verify(stack):
    return subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True, text=True)


def test_verify_log_passes_an_intact_log_and_names_a_forged_entry(stack):
    done = verify(stack)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("queue log intact: ")
    entries = int(done.stdout.split(": ")[1].split()[0])
    forged = entries + 1
    sql(f"INSERT INTO queue_events (seq, body, prev_hash, hash) VALUES ({forged}, '{{\"seq\":{forged}}}', "
        "'\\x00'::bytea, sha256('forged'::bytea))")
    try:
        done = verify(stack)
        assert done.returncode == 1
        assert done.stdout.strip() == f"queue log broken at entry {forged}: its previous-hash does not match entry {forged - 1}"
    finally:
        sql("ALTER TABLE queue_events DISABLE TRIGGER queue_events_append_only; "
            f"DELETE FROM queue_events WHERE seq = {forged}; "
            "ALTER TABLE queue_events ENABLE TRIGGER queue_events_append_only")
    assert verify(stack).returncode == 0
