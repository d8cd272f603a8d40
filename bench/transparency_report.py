#!/usr/bin/env python3
"""Turns transparency-bench's JSON (bench/transparency.sh) into PASS/FAIL lines and the bench:transparency section of docs/PERFORMANCE.md."""
import datetime

from report import command_version, machine, report_main

START, END = "<!-- bench:transparency:start -->", "<!-- bench:transparency:end -->"
PAGE_TARGET_MS = 50.0
EVENTS_TARGET = 1_000_000


def targets(results):
    page = results["page"]
    failed = [check["name"] for check in results["checks"] if not check["passed"]]
    return [
        (
            "PASS" if page["p99"] < PAGE_TARGET_MS and results["events"] >= EVENTS_TARGET else "FAIL",
            f"GET /transparency under {PAGE_TARGET_MS:.0f} ms with {results['events']:,} log entries "
            f"(at least {EVENTS_TARGET:,}; p99 of {page['requests']} requests): {page['p99']:.2f} ms (p50 {page['p50']:.2f} ms)",
        ),
        ("FAIL" if failed else "PASS",
         "page right: " + (", ".join(failed) + " failed" if failed else f"all {len(results['checks'])} checks passed")),
    ]


def row(name, timing):
    return (f"| {name} | {timing['requests']} | {timing['p50']:.2f} ms | {timing['p90']:.2f} ms | {timing['p99']:.2f} ms "
            f"| {timing['max']:.2f} ms |")


def section(args, results, target_lines):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    computations = ", ".join(f"{ms:,.0f} ms" for ms in results["compute_ms"])
    checks = "\n".join(f"{'PASS' if c['passed'] else 'FAIL'}  {c['name']}: {c['detail']}" for c in results["checks"])
    verdicts = "\n".join(f"{status}  {text}" for status, text in target_lines)
    table = "\n".join([
        "| request (responder, in-process) | requests | p50 | p90 | p99 | max |",
        "|---|--:|--:|--:|--:|--:|",
        row(f"GET /transparency ({results['page_bytes']:,} bytes)", results["page"]),
        row("GET /transparency, If-None-Match → 304", results["not_modified"]),
        row("GET /transparency/stats.json", results["json"]),
        row("GET / (landing page with three figures)", results["home"]),
    ])
    return f"""{START}
## Transparency page with a long log

Measured {now} with `make bench-transparency` (`bash bench/transparency.sh`, also run by `make bench`).

- Machine: {machine(args)}
- Versions: PostgreSQL {results['postgres']} (the cluster of scripts/pg.sh, same machine, unix socket); {command_version("swift", "--version")}
- Data: {results['events']:,} queue log entries ({results['log_size']} on disk) and the queue history behind them:
  {results['entries']:,} entries joined over 60 days, {results['allocations']:,} allocations with their codes and
  obligations, {results['waiting']:,} still waiting; built with set-based SQL in the schema `transparency_bench`
  of the database `sorashare_transparency_bench`, then `VACUUM ANALYZE` (set up in {results['setup_seconds']:.0f} s).
- The worker's computation of the figures (`TransparencyComputation.refresh`, once a minute at most):
  {computations} (three runs).
- Requests: built as the FastCGI layer builds them and answered by the app's responder in-process
  (`Application.makeResponder()`, release build, one thread, one PostgreSQL connection), 20 untimed
  first; the time is the responder's whole answer: routing, reading the two tables of figures,
  rendering the page with its four SVG charts inside the layout, the ETag. nginx and the FastCGI
  socket add their own fraction of a millisecond (see "HTTP throughput behind nginx").
- Reproduce: `make bench-transparency`, i.e. `bash bench/transparency.sh` (runs `transparency-bench {args.arguments}`);
  `TRANSPARENCY_BENCH_EVENTS` and `TRANSPARENCY_BENCH_REQUESTS` override the defaults.

{table}

Checks:

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
    report_main("transparency-bench", __doc__, targets, section, START, END)
