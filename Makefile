# SoraShare. `make run` serves the product on http://127.0.0.1:8080; `make test` runs every test;
# `make bench` runs every benchmark (HTTP, then the invite queue: `make bench-queue`, then the video
# studio's uploads and job claims: `make bench-studio`, then /transparency with a log of 1,000,000
# events: `make bench-transparency`, then the public log's export of 1,000,000 entries: `make bench-export`); `make fuzz` runs every fuzz target under
# libFuzzer for FUZZ_SECONDS (60) each.
.PHONY: run test bench bench-queue bench-studio bench-transparency bench-export fuzz build clean

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/setup.sh bench
	bash bench/run.sh
	bash bench/queue.sh
	bash bench/studio.sh
	bash bench/transparency.sh
	bash bench/export.sh

bench-queue:
	bash bench/queue.sh

bench-studio:
	bash bench/studio.sh

bench-transparency:
	bash bench/transparency.sh

bench-export:
	bash bench/export.sh

fuzz:
	bash scripts/fuzz.sh

build:
	swift build -c release

clean:
	bash scripts/pg.sh stop
	rm -rf .build .data
