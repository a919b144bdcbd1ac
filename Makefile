# kubedojo — see README.md. `make run` and `make test` are the whole quick start.
SWIFT      ?= swift
DEB_DEPS   := libedit-dev libsqlite3-dev
# The end-to-end tests drive the trainer in a real terminal through tmux and trace it with strace,
# and render `kubedojo report` in headless Chromium.
TEST_DEPS  := tmux strace chromium
# `make bench` times whole processes with hyperfine and reads peak memory with GNU time;
# valgrind's callgrind is what to profile an over-budget figure with (instruction counts are
# repeatable on a busy machine, wall-clock times are not).
BENCH_DEPS := hyperfine valgrind time
BENCH_OUT  := $(CURDIR)/Benchmarks/.build/bench-results
# `make fuzz`: seconds per target, seconds one input may take, memory limit (MB), targets;
# FUZZ_ASAN=1 adds AddressSanitizer (a third of the speed; for the unsafe-pointer code).
FUZZ_SECONDS ?= 120
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB  ?= 2048
FUZZ_TARGETS ?= shell content graders regex
FUZZ_ASAN    ?=
FUZZ_OUT     := $(CURDIR)/Fuzzing/.build/fuzz
ifeq ($(FUZZ_ASAN),1)
FUZZ_BUILD   := $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address --scratch-path .build-asan
else
FUZZ_BUILD   := $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer
endif
ARGS       ?=

.PHONY: test-sim run test release deps test-deps install-debs build clean bench bench-deps fuzz

## deps: install the C libraries the build links (libedit, SQLite) when they are missing.
deps:
	@$(MAKE) --no-print-directory install-debs PKGS="$(DEB_DEPS)"

test-deps: deps
	@$(MAKE) --no-print-directory install-debs PKGS="$(TEST_DEPS)"

install-debs:
	@missing=""; \
	for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "kubedojo needs the Debian packages:$$missing — installing them with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; echo "(through sudo, as you are not root)"; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

build: deps
	$(SWIFT) build

## run: start the trainer on the bundled content with the default database.
run: build
	@"$$($(SWIFT) build --show-bin-path)/kubedojo" $(ARGS)

## test: every unit and end-to-end test (Swift Testing).
test: test-deps
	$(SWIFT) build
	$(SWIFT) test --disable-xctest

## test-sim: 10 000 seeded fault schedules over the cluster model, checking its invariants.
test-sim: test-deps
	$(SWIFT) build --build-tests
	KUBEDOJO_SIM_SCHEDULES=10000 $(SWIFT) test --skip-build --disable-xctest --filter FaultScheduleTests

## release: an optimised binary in .build/release/kubedojo.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

bench-deps: deps
	@$(MAKE) --no-print-directory install-debs PKGS="$(BENCH_DEPS)"

## bench: every DESIGN §7 budget, measured on a release build; prints one table and exits 1
## when a figure is over budget. The suites are the package in Benchmarks/ (package-benchmark),
## which `make test` never builds.
bench: bench-deps release
	@rm -rf "$(BENCH_OUT)" && mkdir -p "$(BENCH_OUT)"
	@echo "package-benchmark: building (release) and running the suites in Benchmarks/; log in $(BENCH_OUT)/suites.log"
	@cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark \
	  --format histogramPercentiles --path "$(BENCH_OUT)" --no-progress --quiet > "$(BENCH_OUT)/suites.log" 2>&1 \
	  || { tail -40 "$(BENCH_OUT)/suites.log"; exit 1; }
	@bin="$$($(SWIFT) build -c release --show-bin-path)/kubedojo"; out="$(BENCH_OUT)"; \
	set -e; \
	echo "hyperfine: start to first prompt, $$bin drill find-etcd-leader < /dev/null"; \
	hyperfine --style basic --warmup 3 --runs 30 --export-json "$$out/start.json" \
	  "$$bin drill find-etcd-leader --seed 1 --db $$out/start.sqlite < /dev/null" > "$$out/start.txt" 2>&1; \
	echo "hyperfine: $$bin verify (whole catalogue, 5 seeds)"; \
	hyperfine --style basic --runs 3 --export-json "$$out/verify.json" "$$bin verify" > "$$out/verify.txt" 2>&1; \
	echo "peak memory: a drill session (Benchmarks/drill-session.txt), then verify"; \
	/usr/bin/time -f %M -o "$$out/rss-drill.txt" "$$bin" drill find-etcd-leader --seed 1 \
	  --db "$$out/rss.sqlite" < Benchmarks/drill-session.txt > /dev/null; \
	/usr/bin/time -f %M -o "$$out/rss-verify.txt" "$$bin" verify > /dev/null; \
	echo; python3 Benchmarks/bench_table.py "$$out"

## fuzz: libFuzzer on the shell (typed lines), content files (load and lint), grader files and
## the regex matcher (against Swift's Regex),
## FUZZ_SECONDS each from a seed corpus of the golden transcripts, Content/ and Graders/; exits 1
## on a crash, hang or OOM and says how to keep the reproducer as a regression test. The targets
## are the package in Fuzzing/, which `make test` never builds; their entry points are FuzzHarness.
fuzz:
	@echo "libFuzzer: building the targets in Fuzzing/: $(FUZZ_BUILD) (log in Fuzzing/.build/build.log)"
	@mkdir -p Fuzzing/.build && cd Fuzzing && $(FUZZ_BUILD) > .build/build.log 2>&1 || { tail -30 .build/build.log; exit 1; }
	@python3 Fuzzing/seed_corpus.py "$(FUZZ_OUT)"
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) FUZZ_RSS_MB=$(FUZZ_RSS_MB) Fuzzing/run-fuzzers.sh \
	  "$$(cd Fuzzing && $(FUZZ_BUILD) --show-bin-path)" "$(FUZZ_OUT)" $(FUZZ_TARGETS)

clean:
	rm -rf .build Benchmarks/.build Fuzzing/.build Fuzzing/.build-asan
