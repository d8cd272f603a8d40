#!/usr/bin/env python3
"""One run of the studio upload benchmark (bench/studio.sh starts the stack): many product images
uploaded at once to POST /studio/new through nginx, while the responder's resident memory is
sampled from /proc/PID/status.

The images are valid PNGs whose header says WIDTH x HEIGHT, with a real (all-black, deflated) image
stream, padded to the requested size with a tEXt chunk: the studio reads only the header, and the
padding makes each upload a full-size body that must stream to disk. Each upload differs (its own
text), so each is stored under its own SHA-256.

Phases, each starting only when the one before has been answered:
  1. idle: the freshly started responder, sampled for a second: the baseline;
  2. warm-up: UPLOADS concurrent small uploads (WARMUP_BYTES each) by a warm-up member, so that the
     threads have met a request (database connection, first allocations) before bodies get large;
  3. measured: UPLOADS concurrent uploads of IMAGE_BYTES each by the benchmark member, whose
     credits pay for exactly UPLOADS jobs.
Writes JSON with the samples' summary, every status, and checks of what the database and media
directory hold afterwards; exits 1 if a check failed."""
import argparse
import hashlib
import http.client
import json
import os
import secrets
import statistics
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib

COOKIE = "sorashare_session"
PADDING = b"SoraShare studio upload benchmark: padding in a tEXt chunk. "


def sql(conninfo, statement):
    done = subprocess.run(["psql", conninfo, "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", statement], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"studio_uploads: psql failed: {done.stderr.strip()}")
    return done.stdout.strip()


def member_with_session(conninfo, name, credits):
    """A member with a live session (made in the database: sign-in is tested elsewhere) and `credits`; returns (id, cookie, csrf)."""
    cookie, csrf = secrets.token_hex(32), secrets.token_hex(32)
    id_hash = hashlib.sha256(cookie.encode()).hexdigest()
    member = sql(conninfo, f"""
        WITH made AS (INSERT INTO members (display_name) VALUES ('{name}') RETURNING id),
             session AS (INSERT INTO sessions (id_hash, member_id, csrf_token, expires_at)
                         SELECT '\\x{id_hash}'::bytea, id, '{csrf}', now() + interval '2 hours' FROM made),
             grant_ AS (INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
                        SELECT id, {credits}, 'grant', 'studio-bench-{uuid.uuid4().hex}', 'studio upload benchmark' FROM made)
        SELECT id FROM made""")
    return int(member), cookie, csrf


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


class PNG:
    """Valid PNGs of `width` x `height` (8-bit RGB, all black) padded to exactly `size` bytes."""

    def __init__(self, width, height, size):
        raw = zlib.compress(b"\0" * ((1 + 3 * width) * height), 9)
        self.head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw)
        self.tail = chunk(b"IEND", b"")
        self.size = size
        overhead = len(self.head) + 12 + len(self.tail) + len(b"Comment\0") + 64
        if size < overhead:
            sys.exit(f"studio_uploads: {size} bytes is too small for a {width}x{height} PNG (at least {overhead})")
        self.padding = memoryview((PADDING * (size // len(PADDING) + 1))[:size])

    def parts(self, tag):
        """The file as pieces (the padding shared, not copied): header and image data, then the tEXt chunk, then IEND."""
        text = b"Comment\0" + tag.encode().ljust(64, b" ")
        fill = self.size - len(self.head) - 12 - len(text) - len(self.tail)
        crc = zlib.crc32(self.padding[:fill], zlib.crc32(b"tEXt" + text)) & 0xFFFFFFFF
        return [self.head + struct.pack(">I", len(text) + fill) + b"tEXt" + text, self.padding[:fill], struct.pack(">I", crc) + self.tail]


def multipart(boundary, fields, filename, file_parts):
    head = b""
    for name, value in fields.items():
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode()
    return [head] + file_parts + [f"\r\n--{boundary}--\r\n".encode()]


class Sampler(threading.Thread):
    """Samples VmRSS of `pid` (and the summed VmRSS of `others`) every `interval` seconds."""

    def __init__(self, pid, others, interval):
        super().__init__(daemon=True)
        self.pid, self.others, self.interval = pid, others, interval
        self.samples = []  # (monotonic time, responder kB, others kB)
        self.stop = threading.Event()

    @staticmethod
    def status(pid, field):
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def run(self):
        while not self.stop.is_set():
            others = 0
            for pid in self.others:
                try:
                    others += self.status(pid, "VmRSS")
                except OSError:
                    pass
            self.samples.append((time.monotonic(), self.status(self.pid, "VmRSS"), others))
            self.stop.wait(self.interval)

    def between(self, start, end):
        return [sample for sample in self.samples if start <= sample[0] <= end]


def upload(host, port, session, body, results, index, barrier):
    cookie, csrf, boundary = session
    length = sum(len(part) for part in body)
    barrier.wait()
    began = time.monotonic()
    try:
        connection = http.client.HTTPConnection(host, port, timeout=600)
        connection.putrequest("POST", "/studio/new", skip_accept_encoding=True)
        for name, value in (("Content-Type", f"multipart/form-data; boundary={boundary}"), ("Content-Length", str(length)),
                            ("Cookie", f"{COOKIE}={cookie}"), ("X-CSRF-Token", csrf), ("Accept", "application/json")):
            connection.putheader(name, value)
        connection.endheaders()
        for part in body:
            for offset in range(0, len(part), 256 * 1024):
                connection.send(part[offset:offset + 256 * 1024])
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        connection.close()
        results[index] = {"status": response.status, "seconds": time.monotonic() - began, "body": text[:300]}
    except Exception as error:  # reported as status 0 with the reason
        results[index] = {"status": 0, "seconds": time.monotonic() - began, "body": f"{type(error).__name__}: {error}"}


def wave(args, session, png, count, label):
    """`count` uploads at once; returns (results, start, end)."""
    fields_base = {"prompt": "A 360 degree turntable of the product on a white table", "preset": "", "platform": "tiktok", "seconds": "5"}
    bodies = []
    for index in range(count):
        fields = dict(fields_base, request_key=secrets.token_hex(16))
        bodies.append(multipart(session[2], fields, f"product-{index}.png", png.parts(f"{label} upload {index} {uuid.uuid4().hex}")))
    results = [None] * count
    barrier = threading.Barrier(count + 1)
    threads = [threading.Thread(target=upload, args=(args.host, args.port, session, bodies[i], results, i, barrier)) for i in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.monotonic()
    for thread in threads:
        thread.join()
    return results, start, time.monotonic()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="nginx's port")
    parser.add_argument("--pid", type=int, required=True, help="the responder's process id")
    parser.add_argument("--nginx-pids", default="", help="comma-separated pids of nginx's workers (their RSS is reported too)")
    parser.add_argument("--conninfo", required=True, help="libpq connection string of the app's database")
    parser.add_argument("--media-dir", required=True)
    parser.add_argument("--upload-tmp", required=True, help="the responder's SORASHARE_TMPDIR")
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--image-bytes", type=int, default=10 << 20)
    parser.add_argument("--warmup-bytes", type=int, default=64 << 10)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--credits-per-job", type=int, default=5, help="the price of a 5 s video (SORASHARE_STUDIO_CREDITS_PER_SECOND x 5)")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between RSS samples")
    parser.add_argument("--json", required=True)
    args = parser.parse_args()

    nginx = [int(pid) for pid in args.nginx_pids.split(",") if pid]
    sampler = Sampler(args.pid, nginx, args.interval)
    sampler.start()
    time.sleep(1.0)
    idle_end = time.monotonic()

    credits = args.uploads * args.credits_per_job
    _, warm_cookie, warm_csrf = member_with_session(args.conninfo, "studio bench warm-up", credits)
    member, cookie, csrf = member_with_session(args.conninfo, "studio bench uploader", credits)
    small = PNG(args.width, args.height, args.warmup_bytes)
    large = PNG(args.width, args.height, args.image_bytes)

    warm_results, warm_start, warm_end = wave(args, (warm_cookie, warm_csrf, "bench" + secrets.token_hex(12)), small, args.uploads, "warm-up")
    time.sleep(1.0)
    settled_end = time.monotonic()
    results, start, end = wave(args, (cookie, csrf, "bench" + secrets.token_hex(12)), large, args.uploads, "measured")
    time.sleep(1.0)
    sampler.stop.set()
    sampler.join()
    hwm = Sampler.status(args.pid, "VmHWM")

    idle = sampler.between(0, idle_end)
    settled = sampler.between(warm_end, settled_end)
    during = sampler.between(start, end)
    after = sampler.between(end, time.monotonic())
    gaps = [b[0] - a[0] for a, b in zip(sampler.samples, sampler.samples[1:])]
    baseline = idle[-1][1]
    warm = settled[-1][1] if settled else baseline
    peak = max(sample[1] for sample in during) if during else 0
    nginx_peak = max(sample[2] for sample in during) if during and nginx else None

    statuses = [result["status"] for result in results]
    warm_statuses = [result["status"] for result in warm_results]
    seconds = sorted(result["seconds"] for result in results)
    stored = sql(args.conninfo, f"""
        SELECT count(*) || ' ' || count(DISTINCT a.storage_key) || ' ' || coalesce(sum(a.bytes), 0) || ' '
               || (SELECT coalesce(sum(delta), 0) FROM credit_ledger WHERE member_id = {member})
        FROM video_jobs j JOIN assets a ON a.id = j.image_asset_id WHERE j.member_id = {member}""").split()
    jobs, distinct, stored_bytes, balance = (int(value) for value in stored)
    files = []
    for directory, _, names in os.walk(args.media_dir):
        files += [os.path.getsize(os.path.join(directory, name)) for name in names if not name.startswith(".")]
    big_files = sum(1 for size in files if size == args.image_bytes)
    leftovers = [name for name in os.listdir(args.upload_tmp) if name.startswith("sorashare-upload-")]

    checks = [
        ("every measured upload answered 201", all(status == 201 for status in statuses),
         ", ".join(f"{status} x{statuses.count(status)}" for status in sorted(set(statuses)))),
        ("every warm-up upload answered 201", all(status == 201 for status in warm_statuses),
         ", ".join(f"{status} x{warm_statuses.count(status)}" for status in sorted(set(warm_statuses)))),
        (f"{args.uploads} jobs with {args.uploads} distinct images, balance 0", jobs == args.uploads and distinct == args.uploads and balance == 0,
         f"{jobs} jobs, {distinct} distinct image keys, {stored_bytes:,} bytes recorded, balance {balance}"),
        (f"{args.uploads} images of {args.image_bytes:,} bytes in media storage", big_files == args.uploads,
         f"{big_files} files of that size ({len(files)} files in all)"),
        ("no temporary upload file left", not leftovers, f"{len(leftovers)} left in SORASHARE_TMPDIR"),
    ]
    failures = [result["body"] for result in results + warm_results if result["status"] != 201][:3]
    report = {
        "uploads": args.uploads, "image_bytes": args.image_bytes, "warmup_bytes": args.warmup_bytes, "width": args.width,
        "height": args.height, "baseline_kb": baseline, "warm_kb": warm, "peak_kb": peak, "hwm_kb": hwm,
        "after_kb": after[-1][1] if after else None, "growth_kb": peak - baseline, "growth_over_warm_kb": peak - warm,
        "hwm_growth_kb": hwm - baseline, "nginx_workers_baseline_kb": idle[-1][2] if nginx else None, "nginx_workers_peak_kb": nginx_peak,
        "samples": len(sampler.samples), "samples_during": len(during), "sample_gap_median_ms": statistics.median(gaps) * 1000,
        "sample_gap_max_ms": max(gaps) * 1000, "wave_seconds": end - start, "warmup_seconds": warm_end - warm_start,
        "upload_seconds_p50": statistics.median(seconds), "upload_seconds_max": seconds[-1], "statuses": statuses,
        "warmup_statuses": warm_statuses, "failures": failures,
        "checks": [{"name": name, "passed": bool(passed), "detail": detail} for name, passed, detail in checks],
        "series": [[round(t - start, 3), rss] for t, rss, _ in sampler.samples],
    }
    with open(args.json, "w") as out:
        json.dump(report, out, indent=1)
    mib = lambda kb: f"{kb / 1024:.1f} MiB"  # noqa: E731
    print(f"responder RSS: idle {mib(baseline)}, after warm-up {mib(warm)}, peak during the uploads {mib(peak)} "
          f"(growth {mib(peak - baseline)}, over warm {mib(peak - warm)}), VmHWM {mib(hwm)}; "
          f"{len(during)} samples in {end - start:.1f} s; statuses {statuses.count(201)}/{len(statuses)} x 201")
    for name, passed, detail in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {name}: {detail}")
    for failure in failures:
        print(f"  answer: {failure}")
    sys.exit(0 if all(passed for _, passed, _ in checks) else 1)


if __name__ == "__main__":
    main()
