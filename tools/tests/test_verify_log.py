"""tools/verify_log.py on its own: Ed25519 against RFC 8032's test vectors, the canonical JSON
rules, and the replay's verdicts on small hand-made logs."""

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import verify_log as v  # noqa: E402

# RFC 8032 §7.1: TEST 1, 2, 3 and TEST SHA(abc): public key, message, signature.
VECTORS = [
    ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
]


@pytest.mark.parametrize("public, message, signature", VECTORS)
def test_ed25519_accepts_the_rfc8032_vectors_and_nothing_altered(public, message, signature):
    public, message, signature = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert v.ed25519_verify(public, message, signature)
    assert not v.ed25519_verify(public, message + b"\0", signature)
    assert not v.ed25519_verify(public, message, signature[:40] + bytes([signature[40] ^ 1]) + signature[41:])
    assert not v.ed25519_verify(bytes(32), message, signature)
    assert not v.ed25519_verify(public, message, signature[:63])
    # S above the group order is refused (signature malleability).
    s = int.from_bytes(signature[32:], "little") + v.Q
    assert not v.ed25519_verify(public, message, signature[:32] + s.to_bytes(32, "little"))


def test_canonical_json():
    assert v.canonical({"b": 1, "a": "x\u0001\"\\\n\t\r\u00e9", "c": {}}) == '{"a":"x\\u0001\\"\\\\\\n\\t\\r\u00e9","b":1,"c":{}}'
    assert v.canonical({"\u00e9": 1, "z": 2}) == '{"z":2,"\u00e9":1}', "keys in UTF-8 byte order"
    assert v.parse_canonical('{"a":1}') == {"a": 1}
    for text in ['{ "a":1}', '{"a":1.0}', '{"a":true}', '{"b":1,"a":2}', '{"a":1,"a":1}', '{"a":"\\u0041"}', '[1]', '{"a":null}',
                 '{"a":99999999999999999999}']:
        assert v.parse_canonical(text) is None, text


def entry_lines(bodies):
    previous, lines = v.GENESIS, []
    for seq, (kind, data) in enumerate(bodies, start=1):
        body = v.canonical({"seq": seq, "at": "2026-11-29T04:00:00.000000Z", "kind": kind, "subject": "", "data": data})
        digest = hashlib.sha256(previous + body.encode()).digest()
        lines.append(v.canonical({"seq": seq, "body": body, "prev_hash": previous.hex(), "hash": digest.hex()}))
        previous = digest
    return lines


def join(entry, lane=2, at="2026-11-29T04:00:00.000001Z", score=0):
    return ("join", {"entry": entry, "lane": lane, "joined_at": at, "score": score})


def allocate(entry, lane=2, at="2026-11-29T04:00:00.000001Z", score=0):
    return ("allocate", {"entry": entry, "lane": lane, "joined_at": at, "score": score, "code": 1})


def test_the_replay_follows_lanes_scores_join_times_and_moves():
    early, late = "2026-11-29T04:00:00.000001Z", "2026-11-29T04:00:00.000002Z"
    ok = [join(1, at=early), join(2, at=late), join(3, lane=1, at=late), ("donate", {"code": 1}), allocate(3, lane=1, at=late),
          ("lane_changed", {"entry": 2, "lane": 0, "joined_at": late, "score": 0}), allocate(2, lane=0, at=late),
          ("leave", {"entry": 1}), join(4, at=late, score=5), join(5, at=early), allocate(4, at=late, score=5)]
    assert v.check_log(entry_lines(ok)) == (11, None)
    wrong = [join(1, at=early), join(2, at=late), allocate(2, at=late)]
    assert v.check_log(entry_lines(wrong)) == (3, "the code went to entry 2, but entry 1 was ahead of it")
    assert v.check_log(entry_lines([allocate(1)])) == (1, "an allocation to entry 1 while nobody was waiting")
    moved = [join(1, at=late), join(2, at=late), allocate(1, at=early)]
    assert v.check_log(entry_lines(moved)) == (3, "entry 1 got the code at another place than the log gave it")
    assert v.check_log(entry_lines([join(1), join(1)])) == (2, "entry 1 joined twice")
    assert v.check_log(entry_lines([("leave", {"entry": 9})])) == (1, "a leave of an entry that was not waiting")
    assert v.check_log(entry_lines([("join", {"entry": 1})])) == (1, "a join without entry, lane and join time")


def test_lines_out_of_order_missing_or_not_canonical():
    lines = entry_lines([join(1), join(2), join(3)])
    assert v.check_log([lines[0], lines[2]]) == (2, "entry 2 is missing")
    assert v.check_log([lines[0], lines[1] + " "]) == (2, "line 2 is not a canonical log line")
    assert v.check_log([lines[1]]) == (1, "entry 1 is missing")
    marks = [(1, 2, bytes(32))]
    assert v.check_log(lines, marks) == (2, "its hash is not the one checkpoint 1 signed")
    assert v.check_log(lines[:1], [(1, 2, bytes(32))]) == (2, "the log ends at entry 1, but checkpoint 1 signed entry 2")
