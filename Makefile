# kubedojo — see README.md. `make run` and `make test` are the whole quick start.
SWIFT      ?= swift
DEB_DEPS   := libedit-dev libsqlite3-dev
# The end-to-end tests drive the trainer in a real terminal through tmux and trace it with strace.
TEST_DEPS  := tmux strace
ARGS       ?=

.PHONY: test-sim run test release deps test-deps install-debs build clean

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

clean:
	rm -rf .build
