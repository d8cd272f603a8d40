#!/usr/bin/env python3
"""Turns queue-bench's JSON (bench/queue.sh) into PASS/FAIL lines and the bench:queue section of docs/PERFORMANCE.md."""
import datetime

from report import command_version, machine, report_main

START, END = "<!-- bench:queue:start -->", "<!-- bench:queue:end -->"
POSITION_TARGET_MS = 5.0
ALLOCATIONS_TARGET = 2000


def targets(results):
    position, allocation = results["position"], results["allocation"]
    checks = results["checks"]
    failed = [check["name"] for check in checks if not check["passed"]]
    return [
        (
            "PASS" if position["p99"] < POSITION_TARGET_MS else "FAIL",
            f"position under {POSITION_TARGET_MS:.0f} ms with {position['waiting']:,} waiting (p99 of {position['timings']} timings): "
            f"{position['p99']:.2f} ms (p50 {position['p50']:.2f} ms, max {position['max']:.2f} ms)",
        ),
        (
            "PASS" if allocation["per_second"] >= ALLOCATIONS_TARGET else "FAIL",
            f"at least {ALLOCATIONS_TARGET:,} allocations per second with {allocation['allocators']} allocators at once: "
            f"{allocation['per_second']:,.0f} per second",
        ),
        (
            "FAIL" if failed else "PASS",
            "allocation result right: " + (", ".join(failed) + " failed" if failed else f"all {len(checks)} checks passed"),
        ),
    ]


def table(results):
    position, allocation = results["position"], results["allocation"]
    rows = [
        ("position p50", f"{position['p50']:.2f} ms"),
        ("position p99", f"{position['p99']:.2f} ms"),
        ("position max", f"{position['max']:.2f} ms"),
        ("position of the last entry in the queue (p50)", f"{position['last_p50']:.2f} ms"),
        ("allocations", f"{allocation['allocations']:,} in {allocation['seconds']:.2f} s"),
        ("allocations per second", f"{allocation['per_second']:,.0f}"),
        ("per allocator", " / ".join(f"{n:,}" for n in allocation["per_allocator"])),
        (
            f"`allocate` call ({allocation['calls']:,} calls, lock wait included)",
            f"p50 {allocation['call_p50']:.1f} ms, p99 {allocation['call_p99']:.1f} ms, max {allocation['call_max']:.1f} ms",
        ),
    ]
    return "\n".join(["| measure | value |", "|---|--:|"] + [f"| {name} | {value} |" for name, value in rows])


def section(args, results, target_lines):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    position, allocation = results["position"], results["allocation"]
    lanes = ", ".join(f"lane {lane}: {count:,}" for lane, count in results["lanes"])
    checks = "\n".join(f"{'PASS' if c['passed'] else 'FAIL'}  {c['name']}: {c['detail']}" for c in results["checks"])
    verdicts = "\n".join(f"{status}  {text}" for status, text in target_lines)
    return f"""{START}
## Invite queue: allocation rate and position

Measured {now} with `make bench-queue` (`bash bench/queue.sh`, also run by `make bench`).

- Machine: {machine(args)}
- Versions: PostgreSQL {results['postgres']} (the cluster of scripts/pg.sh, same machine, unix socket); {command_version("swift", "--version")}
- Queue: {results['members']:,} members waiting ({lanes}; join times one second apart) and
  {results['codes']:,} available codes (fake ciphertext, distinct fingerprints), built with set-based SQL
  in the schema `queue_bench` of the database `sorashare_queue_bench`, then `VACUUM ANALYZE`.
- Position: `QueueStore().position(entryID:on:)` for {position['entries']} entries spread evenly over the
  queue (the head and the very last included), one untimed pass then timed passes: {position['timings']}
  timings, each a full round trip. A position is the sum of the running counts of waiting entries
  per (lane, score, hour joined) ahead of the entry (the table `queue_waiting_counts`, kept by
  statement triggers in the same transaction as every change; db/migrations/0011) plus a count of
  the entries ahead within the entry's own hour (at most the joins of one hour: 3,600 here).
- Every change to `queue_entries` pays for those triggers, the allocations included.
- Allocation: {allocation['allocators']} threads at once, each with its own connection, each calling
  `Allocator().allocate(limit: {allocation['batch']}, …)` until no code is left; wall time from the moment all are
  connected until the last one finds nothing left. Pseudonyms are HMAC-SHA256 as in the app.
- Reproduce: `make bench-queue`, i.e. `bash bench/queue.sh` (runs `queue-bench {args.arguments}`);
  `QUEUE_BENCH_ALLOCATORS`, `QUEUE_BENCH_BATCH`, `QUEUE_BENCH_MEMBERS`, `QUEUE_BENCH_SAMPLES` and
  `QUEUE_BENCH_ROUNDS` override the defaults.

{table(results)}

Checks after the run (the replay compares the allocation events in log order with the queue
order (lane, score, joined_at, id) and the codes with their age):

```
{checks}
```

Targets:

```
{verdicts}
```
{END}
"""


if __name__ == "__main__":
    report_main("queue-bench", __doc__, targets, section, START, END)
