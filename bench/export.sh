#!/usr/bin/env bash
# Public log export benchmark (`make bench-export`, also run by `make bench`): the whole stack of
# the integration tests (the release responder behind nginx, PostgreSQL) with a queue log of
# EXPORT_BENCH_ENTRIES (1,000,000) entries; /transparency/log.ndjson is read to the end while the
# responder's peak RSS (VmHWM) is compared before and after, and /transparency/log's newest and
# oldest pages are timed. Runs Tests/Integration/test_transparency_log.py's measurement
# (test_the_export_streams_in_constant_memory, which fails above 16 MiB of growth) and writes the
# bench:export section of docs/PERFORMANCE.md (the rest of the file is kept).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH/../scripts/lib.sh"
ENTRIES="${EXPORT_BENCH_ENTRIES:-1000000}"
[[ "$ENTRIES" =~ ^[1-9][0-9]*$ ]] || die "EXPORT_BENCH_ENTRIES must be a positive integer (got '$ENTRIES')"
OUT="$BENCH/out/export"
mkdir -p "$OUT"
cd "$ROOT"

bench_check_load
PG_STARTED=0
cleanup() { if [ "$PG_STARTED" = 1 ]; then bash "$ROOT/scripts/pg.sh" stop; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM
bench_database sorashare_export_bench
ensure_venv
ensure_code_keys
ensure_log_key
ensure_secret_key
ensure_transparency_key
bench_build sorashare
log "exporting $ENTRIES entries through nginx (load average $LOADAVG)"
SORASHARE_BINARY="$BIN" SORASHARE_TEST_DATABASE_URL="$(conninfo sorashare_export_bench)" \
    SORASHARE_TEST_EXPORT_ENTRIES="$ENTRIES" "$VENV/bin/pytest" -q -s -p no:cacheprovider \
    "Tests/Integration/test_transparency_log.py::test_the_export_streams_in_constant_memory" | tee "$OUT/output.txt"
python3 - "$OUT/output.txt" "$ROOT/docs/PERFORMANCE.md" "$ENTRIES" "$LOADAVG" <<'PY'
import re, sys, time, os
output, doc, entries, load = open(sys.argv[1]).read(), sys.argv[2], int(sys.argv[3]), sys.argv[4]
export = re.search(r"exported (\d+) entries, ([\d.]+) MB; responder peak RSS grew by ([\d.]+) MiB", output)
pages = dict(re.findall(r"(/transparency/log\S*): best of 5 ([\d.]+) ms", output))
if not export or int(export.group(1)) != entries:
    sys.exit("the measurement did not report the export")
growth = float(export.group(3))
verdict = "PASS" if growth < 16 else "FAIL"
section = f"""<!-- bench:export:start -->
### The public log's export at {entries:,} entries

Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `make bench-export` (`bash bench/export.sh`, also run by `make bench`):
the release responder behind nginx, PostgreSQL on the same machine ({os.cpu_count()} CPUs, load average {load} before the run).

| entries | export | responder peak RSS growth | `/transparency/log` newest page | oldest page |
|--:|--:|--:|--:|--:|
| {entries:,} | {float(export.group(2)):.1f} MB | **{growth:.1f} MiB** | {pages.get('/transparency/log', '?')} ms | {pages.get('/transparency/log?before=60', '?')} ms |

```
{verdict}  the export of {entries:,} entries grows the responder's peak RSS by less than 16 MiB: {growth:.1f} MiB
```

Reproduce: `make bench-export` (`EXPORT_BENCH_ENTRIES` for another size); page times are the best of 5.
<!-- bench:export:end -->"""
text = open(doc).read()
if "<!-- bench:export:start -->" in text:
    text = re.sub(r"<!-- bench:export:start -->.*?<!-- bench:export:end -->", lambda _: section, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(doc, "w").write(text)
print(f"wrote {doc}")
sys.exit(0 if verdict == "PASS" else 1)
PY
