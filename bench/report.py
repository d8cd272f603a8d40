#!/usr/bin/env python3
"""Turns bench/run.sh's wrk outputs into a table, PASS/FAIL checks and a docs/PERFORMANCE.md section."""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

START, END = "<!-- bench:http:start -->", "<!-- bench:http:end -->"
DOC_HEADER = """# Performance

<!-- Generated file: the bench:* sections are rewritten by `make bench` (see bench/).
     Do not edit them by hand; text outside the markers is kept. -->
"""
RSS_LIMIT_KB = 64 * 1024
TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(path):
    text = open(path).read()

    def find(pattern, default=None):
        match = re.search(pattern, text, re.M)
        if match is None:
            if default is None:
                sys.exit(f"report.py: no match for {pattern!r} in {path}")
            return default
        return match.groups()

    def latency(percent):
        value, unit = find(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$")
        return float(value) * TIME_UNITS_MS[unit]

    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ("0",) * 4)
    return {
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")[0]),
        "p50": latency(50),
        "p99": latency(99),
        "errors": dict(zip(("connect", "read", "write", "timeout"), map(int, errors))),
        "non200": int(find(r"Non-200 responses: (\d+)")[0]),
    }


def fmt_ms(ms):
    return f"{ms * 1000:.0f} µs" if ms < 1 else f"{ms:.2f} ms" if ms < 100 else f"{ms:.0f} ms"


def fmt_errors(errors):
    total = sum(errors.values())
    detail = ", ".join(f"{kind} {n}" for kind, n in errors.items() if n)
    return f"{total} ({detail})" if total else "0"


def baseline_id(target_id):
    return "c-fcgi-ka" if target_id.endswith("-ka") else "c-fcgi"


def median_row(target_id, label, measured):
    """One row per target from its rounds: the round with the median requests/s gives the
    figures; socket errors and non-200 responses are added up over every round."""
    ordered = sorted(measured, key=lambda run: run["rps"])
    row = dict(ordered[(len(ordered) - 1) // 2], id=target_id, label=label)
    row["errors"] = {kind: sum(run["errors"].get(kind, 0) for run in measured) for kind in row["errors"]}
    row["non200"] = sum(run["non200"] for run in measured)
    row["rounds"] = [run["rps"] for run in measured]
    return row


def table(rows):
    by_id = {row["id"]: row for row in rows}
    lines = [
        "| target | requests/s (median) | each round | p50 | p99 | socket errors | non-200 | ratio to c-fcgi |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        base = by_id.get(baseline_id(row["id"]))
        ratio = f"{row['rps'] / base['rps']:.2f}" if base else "–"
        lines.append(
            f"| {row['label']} | {row['rps']:,.0f} | {' / '.join(f'{rps / 1000:.1f}k' for rps in row['rounds'])} "
            f"| {fmt_ms(row['p50'])} | {fmt_ms(row['p99'])} "
            f"| {fmt_errors(row['errors'])} | {row['non200']} | {ratio} |"
        )
    return "\n".join(lines)


def checks(rows, rss, connections):
    by_id = {row["id"]: row for row in rows}
    results = []

    def compare(name, a_id, b_id, factor, strict=False):
        a, b = by_id.get(a_id), by_id.get(b_id)
        if not (a and b):
            results.append(("SKIP", f"{name} (not measured)"))
            return
        ok = a["rps"] > b["rps"] * factor if strict else a["rps"] >= b["rps"] * factor
        detail = f"{a['rps']:,.0f} vs {b['rps']:,.0f} req/s ({a['rps'] / b['rps']:.0%})"
        results.append(("PASS" if ok else "FAIL", f"{name}: {detail}"))

    compare("sorashare /health ≥ 90% of c-fcgi", "app-health", "c-fcgi", 0.9)
    compare("sorashare /health > php-fpm", "app-health", "php-fpm", 1.0, strict=True)
    compare("sorashare / ≥ 60% of c-fcgi", "app-root", "c-fcgi", 0.6)

    def failures(selected):
        return [
            f"{row['label']}: {sum(row['errors'].values())} socket errors, {row['non200']} non-200"
            for row in selected
            if sum(row["errors"].values()) or row["non200"]
        ]

    per_request = [row for row in rows if not row["id"].endswith("-ka")]
    bad = failures(per_request)
    name = f"no socket errors and only 200 responses at {connections} connections, one-connection-per-request targets"
    results.append(("FAIL", f"{name}: " + "; ".join(bad)) if bad else ("PASS", name))
    kept_alive = [row for row in rows if row["id"].endswith("-ka")]
    if kept_alive:
        bad = failures(kept_alive)
        name = "stretch, keep-alive targets without errors (kept connections pin threads, see below)"
        results.append(("NOTE" if bad else "PASS", f"{name}: " + "; ".join(bad) if bad else name))
    if "app-health-ka" in by_id and "c-fcgi" in by_id:
        ka, ceiling = by_id["app-health-ka"]["rps"], by_id["c-fcgi"]["rps"]
        results.append(
            ("NOTE", f"stretch, sorashare /health keep-alive vs the per-request C ceiling: {ka:,.0f} vs {ceiling:,.0f} req/s ({ka / ceiling:.2f}x)")
        )

    if not rss:
        results.append(("SKIP", "sorashare responder RSS < 64 MiB (not measured)"))
    for label, kb in rss:
        status = "PASS" if kb < RSS_LIMIT_KB else "FAIL"
        results.append((status, f"{label} responder RSS < 64 MiB: {kb / 1024:.1f} MiB"))
    return results


def command_version(*argv):
    """First line of `argv`'s output, minus build dates and copyright notices."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True)
    except FileNotFoundError:
        return f"{argv[0]} not installed"
    lines = (done.stdout or done.stderr).strip().splitlines()
    first = lines[0] if lines else f"{argv[0]} unknown"
    return re.sub(r"^nginx version: | \(built: [^)]*\)| \[epoll\].*$", "", first)


def machine(args):
    model = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model}), Linux {platform.release()}, load average before the run {args.loadavg}"


def section(args, rows, rss, results):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rss_lines = "\n".join(f"- {label}: {kb / 1024:.1f} MiB (VmRSS after the runs)" for label, kb in rss)
    check_lines = "\n".join(f"{status}  {text}" for status, text in results)
    return f"""{START}
## HTTP throughput behind nginx

Measured {now} with `make bench` (`bash bench/run.sh`).

- Machine: {machine(args)}
- Versions: {command_version("nginx", "-v")}; {command_version(args.php_fpm, "-v")}; {command_version("gcc", "--version")}; {command_version("wrk", "-v")}
- Load: `wrk -t2 -c{args.connections} -d{args.duration}s --latency -s bench/count-status.lua URL` per target,
  after an unreported 2 s warm-up, in {args.rounds} rounds that each measure every target in turn
  (so slow drifts of the machine hit all targets alike); the table shows the median round, with
  socket errors and non-200 responses added up over all rounds. wrk, nginx and the responders
  share the same machine.
- Setup: one nginx ({args.nginx_workers} workers), responders on unix sockets; C responder, sorashare and
  php-fpm (`pm = static`) with {args.threads} threads/children; keep-alive variants use
  `keepalive 16` + `fastcgi_keep_conn on` and {args.keepalive_threads} threads.
- Reproduce: `make bench`; `BENCH_CONNECTIONS`, `BENCH_DURATION`, `BENCH_THREADS`,
  `BENCH_KEEPALIVE_THREADS` and `BENCH_TARGETS` override the defaults (see bench/run.sh).

{table(rows)}

Resident memory of the sorashare responders:

{rss_lines or "- not measured"}

Targets:

```
{check_lines}
```

How to read it: `static` is nginx alone and bounds what any FastCGI target can reach here.
`c-fcgi` is a minimal multi-threaded libfcgi responder that prints a constant answer: the ceiling
for a FastCGI app that takes one connection per request, so "ratio to c-fcgi" shows what the app's
own work costs (keep-alive rows are divided by `c-fcgi keep-alive` instead). `php-fpm` is the
conventional alternative. In the keep-alive rows each kept connection pins a responder thread
while the requests beyond it queue for the remaining threads, so expect a low p50 but a far
higher p99 than in the rows above. `sorashare /` renders the home page and so includes template and database
work that `/health` skips. wrk, nginx and the responder share the machine's cores, so figures move by
10–20% between identical runs, more if the load average above was not near zero: compare ratios
within one run, and rerun before acting on a near miss. Any socket error or
non-200 response means requests were dropped or refused and invalidates the row.
{END}
"""


def report_main(tool, description, targets, section, start, end):
    """The main of a benchmark's report script: reads `tool`'s --json results, prints the target
    lines, and writes the section (between `start` and `end`) into --doc."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--results", required=True, help=f"{tool} --json output")
    parser.add_argument("--doc", required=True)
    parser.add_argument("--loadavg", default="unknown", help="1, 5 and 15 minute load before the run")
    parser.add_argument("--arguments", default="", help=f"the arguments {tool} ran with")
    args = parser.parse_args()
    with open(args.results) as file:
        results = json.load(file)
    target_lines = targets(results)
    for status, text in target_lines:
        print(f"{status}  {text}")
    write_doc(args.doc, section(args, results, target_lines), start, end)
    print(f"wrote {args.doc}")


def write_doc(path, text, start=START, end=END):
    """Replaces the section between `start` and `end` in `path` with `text` (or appends it), keeping the rest."""
    old = open(path).read() if os.path.exists(path) else DOC_HEADER
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + text.rstrip("\n") + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as doc:
        doc.write(new)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", required=True, help="TSV: id, label, wrk output file")
    parser.add_argument("--rss", required=True, help="TSV: label, VmRSS in kB")
    parser.add_argument("--doc", required=True)
    parser.add_argument("--php-fpm", default="php-fpm8.2")
    parser.add_argument("--loadavg", default="unknown", help="1, 5 and 15 minute load before the run")
    for name in ("connections", "duration", "rounds", "threads", "keepalive-threads", "nginx-workers"):
        parser.add_argument(f"--{name}", type=int, required=True)
    args = parser.parse_args()

    runs = {}
    for line in open(args.results).read().splitlines():
        target_id, label, path = line.split("\t")
        runs.setdefault((target_id, label), []).append(parse_wrk(path))
    rows = [median_row(target_id, label, measured) for (target_id, label), measured in runs.items()]
    rss = [(label, int(kb)) for label, kb in (l.split("\t") for l in open(args.rss).read().splitlines())]
    results = checks(rows, rss, args.connections)

    print(table(rows))
    for label, kb in rss:
        print(f"RSS {label}: {kb / 1024:.1f} MiB")
    for status, text in results:
        print(f"{status}  {text}")
    write_doc(args.doc, section(args, rows, rss, results))
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
