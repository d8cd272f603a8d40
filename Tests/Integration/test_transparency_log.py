"""The public queue log through nginx (issue 11): the export and the signed checkpoints verify
with both checkers, `sorashare verify-log --file` and the independent tools/verify_log.py; every
tampering (one byte changed, an event removed, two allocations swapped or a join time moved with
every hash recomputed, history rewritten after a checkpoint) fails both, naming the same entry;
no e-mail address, name or code is in the export."""

import base64
import hashlib
import json
import os
import subprocess
import sys
import uuid

import pytest
import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql
from test_queue import donate, join, report, reveal

sys.path.insert(0, str(ROOT / "tools"))
import verify_log  # noqa: E402


def worker_once(stack, seed):
    """One worker pass signing with the Ed25519 seed `seed` (it writes the hour's checkpoint)."""
    env = dict(stack.env, SORASHARE_DEV="1", SORASHARE_TRANSPARENCY_SIGNING_KEY=base64.b64encode(seed).decode())
    done = subprocess.run([BINARY, "worker", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def named_member(stack, name):
    browser, email = sign_in(stack)
    sql(f"UPDATE members SET display_name = '{name}' WHERE email = '{email}'")
    return browser


def export(stack, tmp_path):
    """The log, the checkpoints and the keys as nginx serves them, saved as files."""
    files = {}
    for name, path in [("log", "/transparency/log.ndjson"), ("checkpoints", "/transparency/checkpoints.ndjson"),
                       ("keys", "/transparency/key")]:
        response = requests.get(stack.url(path), timeout=30)
        assert response.status_code == 200, response.text
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_bytes(response.content)
    return files


def both(log, checkpoints=None, keys=None):
    """(exit status, output) of the Swift checker and of the Python one, on the same files."""
    extra = ["--checkpoints", str(checkpoints), "--keys", str(keys)] if checkpoints else []
    swift = subprocess.run([BINARY, "verify-log", "--file", str(log)] + extra, capture_output=True, text=True, timeout=60,
                           env={"PATH": os.environ["PATH"]})
    python = subprocess.run([sys.executable, str(ROOT / "tools" / "verify_log.py"), str(log)] + extra, capture_output=True,
                            text=True, timeout=120)
    return (swift.returncode, swift.stdout.strip()), (python.returncode, python.stdout.strip())


def entries_of(path):
    return [verify_log.parse_canonical(line) for line in path.read_text().splitlines()]


def write_entries(path, entries, rechain_from=None):
    """Writes `entries` as export lines; from index `rechain_from` on, every hash is recomputed."""
    previous = bytes.fromhex(entries[rechain_from - 1]["hash"]) if rechain_from else verify_log.GENESIS
    lines = []
    for index, entry in enumerate(entries):
        if rechain_from is not None and index >= rechain_from:
            entry = dict(entry, prev_hash=previous.hex(),
                         hash=hashlib.sha256(previous + entry["body"].encode()).hexdigest())
        previous = bytes.fromhex(entry["hash"])
        lines.append(verify_log.canonical(entry))
    path.write_text("".join(line + "\n" for line in lines))


def edit_body(entry, change):
    body = verify_log.parse_canonical(entry["body"])
    change(body)
    return dict(entry, body=verify_log.canonical(body))


def seqs_of_kind(entries, kind):
    return [index for index, entry in enumerate(entries) if verify_log.parse_canonical(entry["body"])["kind"] == kind]


@pytest.fixture(scope="module")
def populated(stack):
    """A queue filled through the real pages and the worker: five members join, a donor gives
    three codes, the worker hands them out and signs a checkpoint (key A); one recipient reports
    the code worked, another leaves, two more join; an hour "later" a second checkpoint is signed
    with a new key (B): the keys rotated."""
    sql("TRUNCATE queue_events, return_obligations, allocations, invite_codes, queue_entries, "
        "transparency_checkpoints, transparency_keys")
    sql("UPDATE queue_control SET paused = false, reason = '', changed_at = now()")
    tag = uuid.uuid4().hex[:6]
    names = [f"Waiting Person {tag} {n}" for n in range(7)] + [f"Generous Donor {tag}"]
    members = [named_member(stack, name) for name in names[:5]]
    for member in members:
        join(stack, member)
    donor = named_member(stack, names[7])
    codes = [f"TRN{tag.upper()}{n}X" for n in range(3)]
    assert "3 code(s) added" in donate(stack, donor, "\n".join(codes))
    worker_once(stack, b"A" * 32)
    code, page = reveal(stack, members[0])
    assert code in codes
    report(stack, members[0], page, "worked")
    left = members[3].post(stack.url("/queue/leave"), data={"_csrf": csrf_of(members[3].get(stack.url("/dashboard")).text)},
                           allow_redirects=False)
    assert left.status_code == 303, left.text
    for name in names[5:7]:
        join(stack, named_member(stack, name))
    sql("ALTER TABLE transparency_checkpoints DISABLE TRIGGER transparency_checkpoints_append_only; "
        "UPDATE transparency_checkpoints SET hour = hour - interval '1 hour'; "
        "ALTER TABLE transparency_checkpoints ENABLE TRIGGER transparency_checkpoints_append_only")
    worker_once(stack, b"B" * 32)
    return {"names": names, "codes": codes}


def test_the_export_verifies_with_both_checkers_and_holds_no_personal_data(stack, populated, tmp_path):
    files = export(stack, tmp_path)
    entries = entries_of(files["log"])
    assert len(entries) >= 14 and [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    checkpoints = files["checkpoints"].read_text().splitlines()
    assert len(checkpoints) == 2
    keys = verify_log.read_keys(files["keys"].read_bytes())
    assert len(keys) == 2, "both keys stay published after the rotation"
    swift, python = both(files["log"], files["checkpoints"], files["keys"])
    expected = (0, f"queue log intact: {len(entries)} entries, every allocation went to the head of the queue, "
                   "consistent with 2 signed checkpoint(s)")
    assert swift == expected and python == expected
    assert both(files["log"]) == ((0, expected[1].split(", consistent")[0]),) * 2
    # The database mode agrees with the file mode.
    done = subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == f"queue log intact: {len(entries)} entries, every allocation went to the head of the queue"
    # No e-mail, name or code: every member's, not only this test's.
    text = files["log"].read_text()
    emails = sql("SELECT string_agg(email::text, ',') FROM members").split(",")
    names = [n for n in sql("SELECT string_agg(display_name, '|') FROM members WHERE display_name <> ''").split("|") if len(n) >= 4]
    assert populated["names"][0] in names and len(emails) >= 8
    for secret in emails + names + populated["names"] + populated["codes"]:
        assert secret not in text and secret.lower() not in text.lower(), f"{secret!r} is in the export"
    assert "after" in requests.get(stack.url("/transparency/log.ndjson?after=-1")).json()["error"]["message"]
    assert requests.get(stack.url("/transparency/log.ndjson?after=nope")).status_code == 400
    tail = requests.get(stack.url(f"/transparency/log.ndjson?after={len(entries) - 2}")).text.splitlines()
    assert [verify_log.parse_canonical(line)["seq"] for line in tail] == [len(entries) - 1, len(entries)]


def test_both_checkers_name_the_same_first_bad_entry_of_each_tampered_log(stack, populated, tmp_path):
    files = export(stack, tmp_path)
    entries = entries_of(files["log"])
    joins, allocations = seqs_of_kind(entries, "join"), seqs_of_kind(entries, "allocate")
    assert len(allocations) >= 2
    tampered = tmp_path / "tampered.ndjson"
    cases = {}

    # One byte changed: a digit of the fourth entry's time, hashes left alone.
    raw = files["log"].read_bytes().split(b"\n")
    at = raw[3].index(b'at\\":\\"20') + len(b'at\\":\\"20')
    raw[3] = raw[3][:at] + (b"3" if raw[3][at:at + 1] != b"3" else b"4") + raw[3][at + 1:]
    tampered.write_bytes(b"\n".join(raw))
    cases["one byte"] = (both(tampered), 4, "its content does not match its hash")

    # An event removed.
    write_entries(tampered, entries[:5] + entries[6:])
    cases["removed"] = (both(tampered), 6, "entry 6 is missing")

    # Two allocations swapped, every hash recomputed from the first.
    first, second = allocations[0], allocations[1]
    swapped = list(entries)
    body_a, body_b = (verify_log.parse_canonical(entries[i]["body"]) for i in (first, second))
    swapped[first] = edit_body(entries[first], lambda b: b.update(subject=body_b["subject"], data=body_b["data"]))
    swapped[second] = edit_body(entries[second], lambda b: b.update(subject=body_a["subject"], data=body_a["data"]))
    write_entries(tampered, swapped, rechain_from=first)
    cases["swapped"] = (both(tampered), first + 1, "the code went to entry ")

    # The last joiner's join time moved before everyone's, every hash recomputed.
    late = joins[4]
    moved = list(entries)
    moved[late] = edit_body(entries[late], lambda b: b["data"].update(joined_at="2000-01-01T00:00:00.000000Z"))
    write_entries(tampered, moved, rechain_from=late)
    cases["join time"] = (both(tampered), allocations[0] + 1, "the code went to entry ")

    # The first joiner's join time moved earlier still: the order is unchanged, the allocation's place is not.
    moved = list(entries)
    moved[joins[0]] = edit_body(entries[joins[0]], lambda b: b["data"].update(joined_at="2000-01-01T00:00:00.000000Z"))
    write_entries(tampered, moved, rechain_from=joins[0])
    cases["join time, still the head"] = (both(tampered), allocations[0] + 1, "entry ")

    for name, ((swift, python), seq, reason) in cases.items():
        assert swift[0] == 1 and python[0] == 1, name
        assert swift[1] == python[1], f"{name}: the checkers disagree: {swift[1]!r} / {python[1]!r}"
        assert swift[1].startswith(f"queue log broken at entry {seq}: {reason}"), f"{name}: {swift[1]}"
    assert "got the code at another place than the log gave it" in cases["join time, still the head"][0][0][1]


def test_a_history_rewritten_after_a_checkpoint_fails_on_the_checkpoint(stack, populated, tmp_path):
    files = export(stack, tmp_path)
    entries = entries_of(files["log"])
    first = verify_log.parse_canonical(files["checkpoints"].read_text().splitlines()[0])
    signed = first["seq"]
    assert 2 < signed < len(entries), "the first checkpoint signs an entry in the middle of the log"
    # Entry 2's time rewritten and every hash after it recomputed: chain and replay pass...
    rewritten = list(entries)
    rewritten[1] = edit_body(entries[1], lambda b: b.update(at=b["at"][:-4] + "999Z"))
    forged = tmp_path / "forged.ndjson"
    write_entries(forged, rewritten, rechain_from=1)
    assert [r[0] for r in both(forged)] == [0, 0]
    # ...but not the signed checkpoint.
    swift, python = both(forged, files["checkpoints"], files["keys"])
    assert swift == python == (1, f"queue log broken at entry {signed}: its hash is not the one checkpoint 1 signed")
    # The log cut short before the second checkpoint's entry.
    second = verify_log.parse_canonical(files["checkpoints"].read_text().splitlines()[1])["seq"]
    write_entries(forged, entries[:second - 1])
    swift, python = both(forged, files["checkpoints"], files["keys"])
    assert swift == python == (1, f"queue log broken at entry {second}: the log ends at entry {second - 1}, "
                                  f"but checkpoint 2 signed entry {second}")
    # A checkpoint altered (its figures), or signed by a key that is not published.
    lines = files["checkpoints"].read_text().splitlines()
    altered = tmp_path / "altered.ndjson"
    altered.write_text(lines[0].replace('"waiting":', '"waiting":1') + "\n" + lines[1] + "\n")
    swift, python = both(files["log"], altered, files["keys"])
    assert swift == python and swift[0] == 1 and " is not signed by key " in swift[1], swift
    only_new = tmp_path / "only-new.json"
    document = requests.get(stack.url("/transparency/key")).json()
    only_new.write_text(json.dumps({"keys": document["keys"][1:]}))
    swift, python = both(files["log"], files["checkpoints"], only_new)
    assert swift == python and swift[0] == 1 and "which is not published" in swift[1], swift


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_the_log_page_fits_the_screen(stack, populated, width, height):
    """/transparency/log in headless Chromium on a phone and a desktop: every entry listed, no
    sideways scrolling of the page (the table scrolls inside its box), no name or code shown."""
    from test_browser import ARTIFACTS, CHROMIUM, DRIVER
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.set_window_size(width, height)
        driver.get(stack.url("/transparency/log"))
        assert driver.find_element(By.TAG_NAME, "h1").text == "Public queue log"
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.log-entry")
        newest = int(sql("SELECT max(seq) FROM queue_events"))
        assert len(rows) == min(newest, 50) and rows[0].get_attribute("id") == f"entry-{newest}"
        assert driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth") <= 0
        text = driver.find_element(By.TAG_NAME, "body").text
        for secret in populated["names"] + populated["codes"]:
            assert secret not in text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / f"transparency-log-{width}x{height}.png"))
    finally:
        driver.quit()


def rss_peak_kib(pid):
    """The process's peak resident set (VmHWM) in KiB."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def test_the_export_streams_in_constant_memory(stack, populated):
    """300,000 entries (about 120 MB of export; SORASHARE_TEST_EXPORT_ENTRIES for more) through
    nginx: the responder's peak RSS grows by less than 16 MiB, and the log page's newest and oldest
    pages still answer (their times are printed). The rows are made by SQL (their hashes are not a chain: the export
    does not check, it serves what is stored)."""
    count = int(os.environ.get("SORASHARE_TEST_EXPORT_ENTRIES", "300000"))
    sql("TRUNCATE queue_events")
    sql("INSERT INTO queue_events (seq, body, prev_hash, hash) SELECT n, "
        "'{\"at\":\"2026-11-29T04:00:00.000000Z\",\"data\":{\"entry\":' || n || ',\"joined_at\":\"2026-11-29T04:00:00.000000Z\","
        "\"lane\":2,\"score\":0},\"kind\":\"join\",\"seq\":' || n || ',\"subject\":\"' || md5(n::text) || '\"}', "
        f"sha256(n::text::bytea), sha256((n + 1)::text::bytea) FROM generate_series(1, {count}) AS n")
    try:
        before = rss_peak_kib(stack.responder.pid)
        lines, size = 0, 0
        with requests.get(stack.url("/transparency/log.ndjson"), stream=True, timeout=300) as response:
            assert response.status_code == 200 and "Content-Length" not in response.headers
            for chunk in response.iter_content(chunk_size=1 << 16):
                lines += chunk.count(b"\n")
                size += len(chunk)
        growth = rss_peak_kib(stack.responder.pid) - before
        print(f"exported {lines} entries, {size / 1e6:.1f} MB; responder peak RSS grew by {growth / 1024:.1f} MiB")
        assert lines == count and size > count * 300
        assert growth < 16 * 1024, f"the responder's peak RSS grew by {growth} KiB"
        for target in ["/transparency/log", "/transparency/log?before=60"]:
            timings = []
            for _ in range(5):
                page = requests.get(stack.url(target), timeout=30)
                assert page.status_code == 200 and 'class="log-entry"' in page.text
                timings.append(page.elapsed.total_seconds() * 1000)
            print(f"{target}: best of 5 {min(timings):.1f} ms (a figure, not a test: bench/ measures it)")
    finally:
        sql("TRUNCATE queue_events")
