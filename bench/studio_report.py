#!/usr/bin/env python3
"""Turns the studio benchmark's results (bench/studio.sh: one JSON per upload round from
studio_uploads.py, one from studio-bench) into PASS/FAIL lines and the bench:studio-uploads and
bench:studio-claims sections of docs/PERFORMANCE.md (a part not run keeps its section)."""
import argparse
import datetime
import json
import statistics

from report import command_version, machine, write_doc

UPLOADS_START, UPLOADS_END = "<!-- bench:studio-uploads:start -->", "<!-- bench:studio-uploads:end -->"
CLAIMS_START, CLAIMS_END = "<!-- bench:studio-claims:start -->", "<!-- bench:studio-claims:end -->"
GROWTH_TARGET_MIB = 32
CLAIMS_TARGET = 500


def mib(kb):
    return f"{kb / 1024:.1f} MiB"


def memory():
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "unknown"


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def upload_targets(rounds):
    # The larger of the sampled peak and the kernel's high-water mark (a spike between samples), per round.
    strict = [max(r["growth_kb"], r["hwm_growth_kb"]) for r in rounds]
    growth = statistics.median(strict)
    worst = max(strict)
    each = " / ".join(mib(kb) for kb in strict)
    statuses = [status for r in rounds for status in r["statuses"]]
    created = statuses.count(201)
    failed = sorted({c["name"] for r in rounds for c in r["checks"] if not c["passed"]})
    uploads, size = rounds[0]["uploads"], rounds[0]["image_bytes"]
    return [
        (
            "PASS" if worst < GROWTH_TARGET_MIB * 1024 else "FAIL",
            f"responder RSS growth under {GROWTH_TARGET_MIB} MiB with {uploads} concurrent uploads of {size:,} bytes "
            f"(max(sampled peak, VmHWM) - idle, in every one of {len(rounds)} rounds): worst {mib(worst)} (rounds: {each}; median {mib(growth)})",
        ),
        (
            "PASS" if created == len(statuses) and not failed else "FAIL",
            f"every upload answered 201 and was stored as a job: {created}/{len(statuses)} in {len(rounds)} rounds"
            + (f"; failed checks: {', '.join(failed)}" if failed else ""),
        ),
    ]


def uploads_section(args, rounds, target_lines):
    first = rounds[0]
    rows = []
    for index, r in enumerate(rounds, 1):
        statuses = ", ".join(f"{status} x{r['statuses'].count(status)}" for status in sorted(set(r["statuses"])))
        nginx = mib(r["nginx_workers_peak_kb"]) if r.get("nginx_workers_peak_kb") is not None else "-"
        rows.append(
            f"| {index} | {mib(r['baseline_kb'])} | {mib(r['warm_kb'])} | {mib(r['peak_kb'])} | **{mib(r['growth_kb'])}** | "
            f"{mib(r['growth_over_warm_kb'])} | {mib(r['hwm_growth_kb'])} | {nginx} | {statuses} | {r['wave_seconds']:.1f} s | "
            f"{r['upload_seconds_p50']:.1f} / {r['upload_seconds_max']:.1f} s | {r['samples_during']} ({r['sample_gap_max_ms']:.0f} ms) |")
    median = lambda key: statistics.median(r[key] for r in rounds)  # noqa: E731
    rows.append(
        f"| median | {mib(median('baseline_kb'))} | {mib(median('warm_kb'))} | {mib(median('peak_kb'))} | **{mib(median('growth_kb'))}** | "
        f"{mib(median('growth_over_warm_kb'))} | {mib(median('hwm_growth_kb'))} | | | {median('wave_seconds'):.1f} s | "
        f"{median('upload_seconds_p50'):.1f} / {median('upload_seconds_max'):.1f} s | |")
    checks = "\n".join(
        f"{'PASS' if all(r['checks'][i]['passed'] for r in rounds) else 'FAIL'}  {check['name']}: "
        + (f"{check['detail']} (every round)" if len({r["checks"][i]["detail"] for r in rounds}) == 1
           else " / ".join(r["checks"][i]["detail"] for r in rounds))
        for i, check in enumerate(first["checks"]))
    verdicts = "\n".join(f"{status}  {text}" for status, text in target_lines)
    return f"""{UPLOADS_START}
### Uploads: the responder's memory under {first['uploads']} concurrent {first['image_bytes'] / 1e6:.0f} MB uploads

Measured {now()} with `make bench-studio` (`bash bench/studio.sh`, also run by `make bench`).

- Machine: {machine(args)}, {memory()} of memory
- Versions: {command_version("nginx", "-v")}; {command_version("swift", "--version")}; PostgreSQL on the same machine (scripts/pg.sh)
- Set-up: the release responder (`sorashare serve --threads {args.threads}`) behind the development nginx config
  (scripts/nginx.sh: nginx reads each request body into a temporary file of its own, then passes it over FastCGI),
  Runway configured with a key and an address nothing listens on (no worker runs, no provider is called),
  local media storage; a fresh responder for each round.
- Each round: 1 s idle (baseline: the last sample); {first['uploads']} uploads at once of a {first['warmup_bytes'] // 1024} KiB PNG by a
  warm-up member; 1 s idle; then {first['uploads']} uploads at once to `POST /studio/new` of a {first['image_bytes']:,}-byte PNG
  (the largest the studio accepts: a {first['width']} × {first['height']} header, a real deflated image stream, padded with a tEXt
  chunk; each upload distinct) by one member whose credits pay for exactly {first['uploads']} jobs, each with its own
  `request_key`, `X-CSRF-Token` and `Accept: application/json`. The responder's VmRSS (`/proc/PID/status`) is
  sampled every 50 ms by the client; VmHWM (the kernel's high-water mark since start) is read at the end, so a
  spike between samples would show there.
- Growth = the peak while the large uploads run minus the idle baseline (the warm-up included: the strict
  figure); "over warm-up" = peak minus the level after the warm-up (what the body size adds). The target is
  checked on the larger of growth and VmHWM − idle, in every round.
- Reproduce: `make bench-studio` (both studio benchmarks), or only this part:
  `STUDIO_BENCH_PARTS=uploads bash bench/studio.sh`; `STUDIO_BENCH_ROUNDS`, `STUDIO_BENCH_UPLOADS`,
  `STUDIO_BENCH_IMAGE_BYTES`, `STUDIO_BENCH_THREADS` and `STUDIO_BENCH_PORT` override the defaults.

| round | idle | after warm-up | peak | growth | over warm-up | VmHWM − idle | nginx workers (peak, for comparison) | statuses | all answered in | one upload p50 / max | samples (largest gap) |
|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|
{chr(10).join(rows)}

Checks after each round (rounds separated by / where they differ):

```
{checks}
```

Targets:

```
{verdicts}
```
{UPLOADS_END}
"""


def claim_targets(claims):
    lines = []
    runs = claims["runs"]
    for batch in batches(claims):
        rates = [run["result"]["per_second"] for run in runs if run["result"]["batch"] == batch]
        median = statistics.median(rates)
        lines.append((
            "PASS" if median >= CLAIMS_TARGET else "FAIL",
            f"at least {CLAIMS_TARGET} claims per second with {claims['workers']} workers, limit {batch}: {median:,.0f} per second "
            f"(median of {len(rates)} runs: {' / '.join(f'{rate:,.0f}' for rate in rates)})",
        ))
    total = sum(run["result"]["claims"] for run in runs)
    failed = sorted({check["name"] for run in runs for check in run["checks"] if not check["passed"]})
    lines.append((
        "FAIL" if failed else "PASS",
        f"never one job to two workers, each due job claimed exactly once: {len(runs)} runs, {total:,} claims"
        + (f"; failed: {', '.join(failed)}" if failed else ", every check passed"),
    ))
    return lines


def batches(claims):
    seen = []
    for run in claims["runs"]:
        if run["result"]["batch"] not in seen:
            seen.append(run["result"]["batch"])
    return seen


def claims_section(args, claims, target_lines):
    runs = claims["runs"]
    rows = []
    for batch in batches(claims):
        mine = [run["result"] for run in runs if run["result"]["batch"] == batch]
        rates = [result["per_second"] for result in mine]
        middle = sorted(mine, key=lambda result: result["per_second"])[len(mine) // 2]
        rows.append(
            f"| {batch} | **{statistics.median(rates):,.0f}** | {' / '.join(f'{rate:,.0f}' for rate in rates)} | "
            f"{middle['claims']:,} in {middle['seconds']:.2f} s | {' / '.join(f'{n:,}' for n in middle['per_worker'])} | "
            f"{middle['call_p50']:.2f} / {middle['call_p99']:.2f} ms | {middle['release_p50']:.2f} / {middle['release_p99']:.2f} ms | "
            f"{middle['empty_claims']} |")
    names = [check["name"] for check in runs[0]["checks"]]
    checks = "\n".join(
        f"{'PASS' if all(run['checks'][i]['passed'] for run in runs) else 'FAIL'}  {name}: "
        + f"{sum(run['checks'][i]['passed'] for run in runs)}/{len(runs)} runs"
        + "".join(f"; run {run['round']} limit {run['result']['batch']}: {run['checks'][i]['detail']}"
                  for run in runs if not run["checks"][i]["passed"])
        + (f" (e.g. {runs[0]['checks'][i]['detail']})" if all(run["checks"][i]["passed"] for run in runs) else "")
        for i, name in enumerate(names))
    verdicts = "\n".join(f"{status}  {text}" for status, text in target_lines)
    return f"""{CLAIMS_START}
### Job claims: {claims['workers']} workers at once

Measured {now()} with `make bench-studio` (`bash bench/studio.sh`, also run by `make bench`).

- Machine: {machine(args)}, {memory()} of memory
- Versions: PostgreSQL {claims['postgres']} (the cluster of scripts/pg.sh, same machine, unix socket); {command_version("swift", "--version")}
- Jobs: {claims['jobs']:,} due jobs (state `created`, due within the last hour) beside {claims['finished']:,} succeeded ones,
  {claims['members']:,} members with an image each, in the schema `studio_bench` of the database `sorashare_studio_bench`;
  `video_jobs` is emptied, refilled with set-based SQL and `VACUUM ANALYZE`d before every run.
- Work: {claims['workers']} threads, each with its own connection, each looping over
  `VideoJobQueue().claim(owner: "wN", limit: L, leaseSeconds: {claims['lease']})` (one `UPDATE … WHERE id IN (SELECT … ORDER BY
  next_run_at, id LIMIT L FOR UPDATE SKIP LOCKED) RETURNING id`, then one read of the claimed jobs) and `release(jobID:owner:after:
  {claims['release_seconds']:.0f})` of each job it got (as the worker does after sending a job to a provider, until its next
  poll), until a claim finds nothing and nothing is due. A claim is one job handed to a worker and released again;
  claims per second = jobs / wall time from the moment all workers are connected until the last one stops.
- Runs: each `limit` {claims['runs'][-1]['round']} times, interleaved; the table shows the median run. Each claim is
  recorded (job, worker, time) and checked: released an hour ahead, a job claimed twice in a run would have been
  handed out twice.
- Reproduce: `make bench-studio`, or only this part: `STUDIO_BENCH_PARTS=claims bash bench/studio.sh` (runs
  `studio-bench {args.claims_arguments}`); `STUDIO_BENCH_WORKERS`, `STUDIO_BENCH_JOBS`, `STUDIO_BENCH_FINISHED`,
  `STUDIO_BENCH_BATCHES` and `STUDIO_BENCH_ROUNDS` override the defaults.

| limit | claims/s (median) | each run | median run | per worker | `claim` call p50 / p99 | `release` p50 / p99 | empty claims |
|--:|--:|--:|--:|--:|--:|--:|--:|
{chr(10).join(rows)}

Checks of every run:

```
{checks}
```

Targets:

```
{verdicts}
```
{CLAIMS_END}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", action="append", default=[], help="studio_uploads.py --json output, one per round")
    parser.add_argument("--claims", help="studio-bench --json output")
    parser.add_argument("--claims-arguments", default="", help="the arguments studio-bench ran with")
    parser.add_argument("--doc", required=True)
    parser.add_argument("--loadavg", default="unknown", help="1, 5 and 15 minute load before the run")
    parser.add_argument("--claims-loadavg", help="1, 5 and 15 minute load before the claims part (default: --loadavg)")
    parser.add_argument("--threads", type=int, default=64, help="the responder's threads")
    args = parser.parse_args()

    if args.uploads:
        rounds = [json.load(open(path)) for path in args.uploads]
        lines = upload_targets(rounds)
        for status, text in lines:
            print(f"{status}  {text}")
        write_doc(args.doc, uploads_section(args, rounds, lines), UPLOADS_START, UPLOADS_END)
    if args.claims:
        claims = json.load(open(args.claims))
        if args.claims_loadavg:
            args.loadavg = args.claims_loadavg
        lines = claim_targets(claims)
        for status, text in lines:
            print(f"{status}  {text}")
        write_doc(args.doc, claims_section(args, claims, lines), CLAIMS_START, CLAIMS_END)
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()
