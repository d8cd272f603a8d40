#!/usr/bin/env python3
"""An independent checker of SoraShare's public queue log, written from docs/TRANSPARENCY.md alone.

    python3 tools/verify_log.py export.ndjson [--checkpoints checkpoints.ndjson --keys key.json]

export.ndjson is /transparency/log.ndjson (the whole log: no `after`); checkpoints.ndjson and
key.json are /transparency/checkpoints.ndjson and /transparency/key. It recomputes the hash chain,
replays the queue (every allocation must go to the head), checks every checkpoint's Ed25519
signature and that the log still has the hash each checkpoint signed. Exit status 0: intact;
1: broken (the first bad entry is named); 2: a usage error. Standard library only: Ed25519 is the
reference code of RFC 8032 §6, which verifies slowly but needs nothing of ours.
"""

import base64
import hashlib
import heapq
import json
import re
import sys

GENESIS = bytes(32)
SIGNATURE_PREFIX = b"sorashare checkpoint v1\n"
INT64 = range(-(2**63), 2**63)

# --- canonical JSON (docs/TRANSPARENCY.md, "Canonical JSON") -----------------------------------


def canonical(value):
    """The canonical text of a value: objects with keys in UTF-8 byte order, no white space,
    integers as digits, strings with the minimal escapes. Only str, int and dict exist."""
    if isinstance(value, bool):
        raise ValueError("no booleans")
    if isinstance(value, int):
        if value not in INT64:
            raise ValueError("integer out of range")
        return str(value)
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            code = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif code < 0x20:
                out.append("\\u%04x" % code)
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-8", "surrogatepass"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise ValueError("not a canonical value")


def parse_canonical(text):
    """The object `text` spells, only if `text` is exactly its canonical encoding; else None."""
    try:
        value = json.loads(text)
        if isinstance(value, dict) and canonical(value) == text:
            return value
    except (ValueError, RecursionError):
        pass
    return None


# --- Ed25519 verification (RFC 8032 §6, reference code) ----------------------------------------

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493


def _inv(x):
    return pow(x, P - 2, P)


D = -121665 * _inv(121666) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(p1, p2):
    a, b = (p1[1] - p1[0]) * (p2[1] - p2[0]) % P, (p1[1] + p1[0]) * (p2[1] + p2[0]) % P
    c, d = 2 * p1[3] * p2[3] * D % P, 2 * p1[2] * p2[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f, g * h, f * g, e * h)


def _mul(s, point):
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(p1, p2):
    return (p1[0] * p2[2] - p2[0] * p1[2]) % P == 0 and (p1[1] * p2[2] - p2[1] * p1[2]) % P == 0


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * _inv(D * y * y + 1)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_GY = 4 * _inv(5) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def _decompress(data):
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def ed25519_verify(public_key, message, signature):
    """Whether `signature` (64 bytes) is `public_key`'s (32 bytes) Ed25519 signature of `message`."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decompress(public_key)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % Q
    return _equal(_mul(s, BASE), _add(r, _mul(h, a)))


# --- checkpoints --------------------------------------------------------------------------------


def strict_base64(text):
    """The bytes of padded standard Base64 that is exactly the encoding of its bytes; else None."""
    try:
        data = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        return None
    return data if base64.b64encode(data).decode() == text else None


def hash_bytes(text):
    return bytes.fromhex(text) if isinstance(text, str) and re.fullmatch(r"[0-9a-f]{64}", text) else None


def key_id(public_key):
    return hashlib.sha256(public_key).digest()[:8].hex()


def read_keys(document):
    """{key id: public key} from a /transparency/key document; None if it is not one."""
    try:
        keys = {}
        for item in json.loads(document)["keys"]:
            raw = strict_base64(item["public_key"])
            if raw is None or len(raw) != 32 or key_id(raw) != item["key_id"]:
                return None
            keys[item["key_id"]] = raw
        return keys
    except (ValueError, KeyError, TypeError):
        return None


def check_checkpoints(lines, keys):
    """The marks [(checkpoint, seq, hash)] of valid checkpoints, or (None, why not)."""
    marks, last_seq = [], 0
    for number, line in enumerate(lines, start=1):
        c = parse_canonical(line)
        if (c is None or sorted(c) != ["at", "figures", "hash", "key_id", "number", "seq", "signature"]
                or not all(isinstance(c[k], str) for k in ("at", "hash", "key_id", "signature"))
                or not all(type(c[k]) is int for k in ("number", "seq")) or not isinstance(c["figures"], dict)
                or not all(type(v) is int for v in c["figures"].values())
                or hash_bytes(c["hash"]) is None or strict_base64(c["signature"]) is None):
            return None, f"checkpoint {number} is not a canonical checkpoint line"
        if c["number"] != number:
            return None, f"checkpoint {number} is missing"
        if c["key_id"] not in keys:
            return None, f"checkpoint {number} names key {c['key_id']}, which is not published"
        unsigned = {k: v for k, v in c.items() if k != "signature"}
        message = SIGNATURE_PREFIX + canonical(unsigned).encode("utf-8")
        if not ed25519_verify(keys[c["key_id"]], message, strict_base64(c["signature"])):
            return None, f"checkpoint {number} is not signed by key {c['key_id']}"
        if c["seq"] < max(last_seq, 1):
            return None, f"checkpoint {number} signs entry {c['seq']}, before an earlier checkpoint's"
        marks.append((number, c["seq"], hash_bytes(c["hash"])))
        last_seq = c["seq"]
    return marks, None


# --- the replay (docs/TRANSPARENCY.md, "Replay") ------------------------------------------------


def as_int(text):
    """A data value (as text) as an integer, as a strict decimal reader takes it; else None."""
    if text is None or not re.fullmatch(r"[+-]?[0-9]+", text):
        return None
    value = int(text)
    return value if value in INT64 else None


def as_text(value):
    return value if isinstance(value, str) else canonical(value)


class Replay:
    """The waiting entries, ordered by (lane, -score, joined_at, entry) in a heap with stale tops."""

    def __init__(self):
        self.heap, self.waiting, self.allocations = [], {}, 0

    def apply(self, kind, data):
        """Applies one event; returns why it breaks the rules, or None."""
        def place():
            entry, lane, joined = as_int(data.get("entry")), as_int(data.get("lane")), data.get("joined_at")
            if entry is None or lane is None or joined is None:
                return None
            score = as_int(data.get("score")) or 0
            return (lane, -score, joined, entry)

        if kind == "join":
            p = place()
            if p is None:
                return "a join without entry, lane and join time"
            if p[3] in self.waiting:
                return f"entry {p[3]} joined twice"
            self.waiting[p[3]] = p
            heapq.heappush(self.heap, p)
        elif kind in ("pass_redeemed", "lane_changed"):
            p = place()
            if p is None:
                return "a move without entry, lane and join time"
            if p[3] not in self.waiting:
                return f"entry {p[3]} moved, but it was not waiting"
            self.waiting[p[3]] = p
            heapq.heappush(self.heap, p)
        elif kind == "leave":
            entry = as_int(data.get("entry"))
            if entry is None or self.waiting.pop(entry, None) is None:
                return "a leave of an entry that was not waiting"
        elif kind == "allocate":
            p = place()
            if p is None:
                return "an allocation without entry, lane and join time"
            while self.heap and self.waiting.get(self.heap[0][3]) != self.heap[0]:
                heapq.heappop(self.heap)
            if not self.heap:
                return f"an allocation to entry {p[3]} while nobody was waiting"
            if self.heap[0][3] != p[3]:
                return f"the code went to entry {p[3]}, but entry {self.heap[0][3]} was ahead of it"
            if self.heap[0] != p:
                return f"entry {p[3]} got the code at another place than the log gave it"
            del self.waiting[p[3]]
            self.allocations += 1
        return None


# --- the log ------------------------------------------------------------------------------------


def check_log(lines, marks=()):
    """(entries, None) for an intact log, or (seq, reason) for the first bad entry."""
    by_seq = {}
    for mark in marks:
        by_seq.setdefault(mark[1], []).append(mark)
    replay, expected, previous = Replay(), 1, GENESIS
    for number, line in enumerate(lines, start=1):
        e = parse_canonical(line)
        if (e is None or sorted(e) != ["body", "hash", "prev_hash", "seq"] or type(e["seq"]) is not int
                or not isinstance(e["body"], str) or hash_bytes(e["prev_hash"]) is None or hash_bytes(e["hash"]) is None):
            return expected, f"line {number} is not a canonical log line"
        seq, body, entry_hash = e["seq"], e["body"], hash_bytes(e["hash"])
        if seq != expected:
            return expected, f"entry {expected} is missing"
        if hash_bytes(e["prev_hash"]) != previous:
            return seq, f"its previous-hash does not match entry {seq - 1}"
        if hashlib.sha256(previous + body.encode("utf-8", "surrogatepass")).digest() != entry_hash:
            return seq, "its content does not match its hash"
        content = parse_canonical(body)
        if content is None or type(content.get("seq")) is not int:
            return seq, "its body is not canonical JSON with a seq"
        if content["seq"] != seq:
            return seq, "its body names another position"
        for checkpoint, _, signed_hash in by_seq.get(seq, []):
            if signed_hash != entry_hash:
                return seq, f"its hash is not the one checkpoint {checkpoint} signed"
        if not isinstance(content.get("kind"), str) or not isinstance(content.get("data"), dict):
            return seq, "its body is not a log entry"
        violation = replay.apply(content["kind"], {k: as_text(v) for k, v in content["data"].items()})
        if violation:
            return seq, violation
        previous, expected = entry_hash, seq + 1
    beyond = [mark for mark in marks if mark[1] >= expected]
    if beyond:
        checkpoint, seq, _ = min(beyond, key=lambda mark: mark[1])
        return seq, f"the log ends at entry {expected - 1}, but checkpoint {checkpoint} signed entry {seq}"
    return expected - 1, None


def lines_of(path):
    """The file's lines without their newline, invalid UTF-8 replaced (as the Swift checker reads)."""
    with open(path, "rb") as file:
        for raw in file:
            yield raw[:-1].decode("utf-8", "replace") if raw.endswith(b"\n") else raw.decode("utf-8", "replace")


def main(argv):
    args, options = [], {}
    rest = iter(argv)
    for arg in rest:
        if arg in ("--checkpoints", "--keys"):
            options[arg] = next(rest, None)
        else:
            args.append(arg)
    if len(args) != 1 or None in options.values() or ("--checkpoints" in options) != ("--keys" in options):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    marks = ()
    if "--checkpoints" in options:
        with open(options["--keys"], "rb") as file:
            keys = read_keys(file.read())
        if keys is None:
            print(f"--keys is not a key document like /transparency/key: {options['--keys']}", file=sys.stderr)
            return 2
        marks, fault = check_checkpoints(lines_of(options["--checkpoints"]), keys)
        if fault:
            print(f"checkpoints invalid: {fault}")
            return 1
    seq, reason = check_log(lines_of(args[0]), marks)
    if reason:
        print(f"queue log broken at entry {seq}: {reason}")
        return 1
    held = f", consistent with {len(marks)} signed checkpoint(s)" if "--checkpoints" in options else ""
    print(f"queue log intact: {seq} entries, every allocation went to the head of the queue{held}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
