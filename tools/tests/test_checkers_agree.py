"""tools/verify_log.py and `sorashare verify-log --file` on the same hand-made logs, malformed in
the ways a careless or hostile export could be: both give the same exit status and the same words.
Needs the binary (SORASHARE_BINARY, or .build/debug/sorashare); skipped without it."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import verify_log as v  # noqa: E402

BINARY = Path(os.environ.get("SORASHARE_BINARY") or ROOT / ".build" / "debug" / "sorashare")
pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"no sorashare binary at {BINARY}")

AT = "2026-11-29T04:00:00.000000Z"


def line(seq, body, previous):
    digest = hashlib.sha256(previous + body.encode()).digest()
    return v.canonical({"seq": seq, "body": body, "prev_hash": previous.hex(), "hash": digest.hex()}), digest


def log_of(bodies):
    """Export lines for raw `bodies` (texts), each correctly chained."""
    previous, lines = v.GENESIS, []
    for seq, body in enumerate(bodies, start=1):
        text, previous = line(seq, body, previous)
        lines.append(text)
    return "".join(text + "\n" for text in lines).encode()


def body(seq, kind, data, subject="", at=AT):
    return v.canonical({"seq": seq, "at": at, "kind": kind, "subject": subject, "data": data})


def join(seq, entry, lane=2, score=0, at=AT):
    return body(seq, "join", {"entry": entry, "lane": lane, "score": score, "joined_at": at})


GOOD = [join(1, 1), join(2, 2, at="2026-11-29T04:00:00.000001Z"), body(3, "donate", {"code": 7}),
        body(4, "allocate", {"entry": 1, "lane": 2, "score": 0, "joined_at": AT, "code": 7})]

CASES = {
    "intact": log_of(GOOD),
    "empty file": b"",
    "unknown kind and extra data": log_of(GOOD[:3] + [body(4, "future_kind", {"x": {"y": 1}})]),
    "blank line": log_of(GOOD).replace(b"\n", b"\n\n", 1),
    "CRLF": log_of(GOOD).replace(b"\n", b"\r\n"),
    "no final newline": log_of(GOOD)[:-1],
    "invalid UTF-8 in a body": log_of(GOOD).replace(b"join", b"jo\xffn", 1),
    "body with white space": log_of([join(1, 1).replace(",", ", ", 1)] + GOOD[1:]),
    "body seq as text": log_of([join(1, 1).replace('"seq":1', '"seq":"1"')] + GOOD[1:]),
    "body names another seq": log_of([join(1, 1).replace('"seq":1', '"seq":2')] + GOOD[1:]),
    "boolean in data": log_of([join(1, 1).replace('"score":0', '"score":true')] + GOOD[1:]),
    "lane as text": log_of([join(1, 1).replace('"lane":2', '"lane":"2"')] + GOOD[1:]),
    "lane as signed text": log_of([join(1, 1).replace('"lane":2', '"lane":"+2"')] + GOOD[1:]),
    "lane as an object": log_of([join(1, 1).replace('"lane":2', '"lane":{}')] + GOOD[1:]),
    "join without a time": log_of([body(1, "join", {"entry": 1, "lane": 2})] + GOOD[1:]),
    "allocation to the second": log_of(GOOD[:3] + [GOOD[3].replace('"entry":1', '"entry":2')]),
    "join time moved, still the head": log_of([join(1, 1, at="2026-11-29T03:00:00.000000Z")] + GOOD[1:]),
    "duplicate line": log_of(GOOD)[: log_of(GOOD).index(b"\n") + 1] * 2,
    "upper-case hash": log_of(GOOD).replace(b'"hash":"', b'"hash":"A', 1),
    "huge seq": log_of(GOOD).replace(b'"seq":1}', b'"seq":99999999999999999999}', 1),
    "float seq": log_of(GOOD).replace(b'"seq":1}', b'"seq":1.0}', 1),
    "escaped slash": log_of(GOOD).replace(b'"body":"{', b'"body":"\\/{', 1),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_checkers_say_the_same(name, tmp_path):
    path = tmp_path / "log.ndjson"
    path.write_bytes(CASES[name])
    swift = subprocess.run([str(BINARY), "verify-log", "--file", str(path)], capture_output=True, text=True, timeout=60,
                           env={"PATH": os.environ.get("PATH", "")})
    python = subprocess.run([sys.executable, str(ROOT / "tools" / "verify_log.py"), str(path)], capture_output=True, text=True,
                            timeout=60)
    assert (swift.returncode, swift.stdout.strip()) == (python.returncode, python.stdout.strip()), name
    assert swift.returncode == (0 if name in PASSING else 1), swift.stdout


# Data values are read as text, so a number written as a string (even "+2") counts as that number.
PASSING = {"intact", "empty file", "unknown kind and extra data", "no final newline", "lane as text", "lane as signed text"}
