# minsheng — the front door. The real build is meson + ninja (meson.build).
#
#   make          build build/minsheng
#   make run      install what is missing, build, create var/minsheng.db with demo data,
#                 show where delivery stands, and serve the dashboard (LISTEN, Ctrl-C stops)
#   make test     build again with AddressSanitizer + UBSan (and the fuzz targets with
#                 clang/libFuzzer) and run the whole suite, the database scripts once more
#                 on a throwaway PostgreSQL cluster beside it; ends "N passed, N failed (…)"
#   make test-pg  only the CLI scripts that use a database, against PostgreSQL (tests/pg-suite.sh)
#   make fuzz     run each fuzz target for FUZZ_SECONDS (default 60)
#   make bench    release build, then batch dibao on BENCH_ROWS (10 million) rows against
#                 pandas, mawk and cat, status/bulletin at 1x, 10x, 100x a province's
#                 ledger, and the web server's status API and 总览 page under wrk against
#                 nginx serving saved copies, and notice import in MB/s against grep and
#                 iconv (bench/README.md); not part of make test
#   make install  a release build installed under PREFIX (default /usr/local): bin/minsheng,
#                 share/man/man1/minsheng.1, share/minsheng/data (plans, regions, params,
#                 notices; the binary looks there after $$MINSHENG_DATA and ./data) and
#                 share/minsheng/docs/openapi.json and DEPLOY.md, and the systemd unit
#                 UNITDIR/minsheng.service (default PREFIX/lib/systemd/system); DESTDIR for staging
#   make man      regenerate docs/minsheng.1 from the command tables (commit it)
#   make clean

BUILD      := build
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
BENCH_BUILD := build-release
BENCH_ROWS ?= 10000000
INSTALL_BUILD := build-install
INSTALL_BUILDTYPE ?= release
PREFIX     ?= /usr/local
UNITDIR    ?= $(PREFIX)/lib/systemd/system
DESTDIR    ?=
DB         ?= var/minsheng.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
# The test builds are not position-independent: under the sanitizers a PIE carries
# 266,000 relative relocations (6 MB of data written at every start), and the suite
# starts the binary thousands of times. Installed and benchmarked builds stay PIE.
SAN_FLAGS  := -Db_sanitize=address,undefined -Db_lundef=false \
              '-Dc_args=-fno-sanitize-recover=all -fno-pie' '-Dc_link_args=-fno-sanitize-recover=all -no-pie'
# The suite's build traps on undefined behaviour (SIGILL, exit 132) instead of calling
# libubsan to describe it: the same checks, but without libubsan's 6 MB of state and the
# 6 MB of source locations in the binary, which the leak check scans at every exit (a
# command's start and exit under the sanitizers: 150 ms before, 115 ms after). When a test
# fails with exit 132, `make test UBSAN_MESSAGES=1` in a fresh build-asan says what and
# where. The fuzz build keeps the messages.
ifeq ($(UBSAN_MESSAGES),1)
ASAN_FLAGS := $(SAN_FLAGS)
else
ASAN_FLAGS := -Db_sanitize=address,undefined -Db_lundef=false \
              '-Dc_args=-fno-sanitize-recover=all -fno-pie -fsanitize-undefined-trap-on-error' \
              '-Dc_link_args=-fno-sanitize-recover=all -no-pie -fsanitize-undefined-trap-on-error'
endif

.PHONY: all build run test test-pg fuzz bench clean deps install man

all: build

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug $(ASAN_FLAGS)

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) --buildtype=debug -Dtests=false -Dfuzz=true $(SAN_FLAGS)

run: deps build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then $(BUILD)/minsheng --db $(DB) init --demo; fi
	@$(BUILD)/minsheng --db $(DB) status --as-of 2023-07-07
	@$(BUILD)/minsheng --db $(DB) serve --listen $(LISTEN)

test: deps $(ASAN_BUILD)/build.ninja $(FUZZ_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ninja -C $(FUZZ_BUILD)
	tests/run.sh $(ASAN_BUILD) $(FUZZ_BUILD)

# the database scripts again, unchanged, against a throwaway PostgreSQL cluster
test-pg: deps build
	tests/pg-suite.sh $(BUILD)

fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz.sh $(FUZZ_BUILD) long

$(BENCH_BUILD)/build.ninja:
	meson setup $(BENCH_BUILD) --buildtype=release -Dtests=false

bench: deps $(BENCH_BUILD)/build.ninja
	ninja -C $(BENCH_BUILD)
	bench/deps.sh
	MINSHENG=$(BENCH_BUILD)/minsheng bench/payroll.sh $(BENCH_ROWS)
	MINSHENG=$(BENCH_BUILD)/minsheng bench/ledger.sh 1 10 100
	MINSHENG=$(BENCH_BUILD)/minsheng bench/web.sh
	MINSHENG=$(BENCH_BUILD)/minsheng bench/notice.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD) $(INSTALL_BUILD)

# the installed binary finds its data under PREFIX (meson -Ddata_dir), not in this tree
install:
	@if [ -f $(INSTALL_BUILD)/build.ninja ]; then \
		meson configure $(INSTALL_BUILD) --prefix=$(PREFIX) -Ddata_dir=$(PREFIX)/share/minsheng/data; \
	else \
		meson setup $(INSTALL_BUILD) --buildtype=$(INSTALL_BUILDTYPE) --prefix=$(PREFIX) -Dtests=false \
			-Ddata_dir=$(PREFIX)/share/minsheng/data; \
	fi
	ninja -C $(INSTALL_BUILD) minsheng
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/minsheng/docs
	install -m 755 $(INSTALL_BUILD)/minsheng $(DESTDIR)$(PREFIX)/bin/minsheng
	install -m 644 docs/minsheng.1 $(DESTDIR)$(PREFIX)/share/man/man1/minsheng.1
	rm -rf $(DESTDIR)$(PREFIX)/share/minsheng/data
	cp -R data $(DESTDIR)$(PREFIX)/share/minsheng/data
	install -m 644 docs/openapi.json $(DESTDIR)$(PREFIX)/share/minsheng/docs/openapi.json
	install -m 644 docs/DEPLOY.md $(DESTDIR)$(PREFIX)/share/minsheng/docs/DEPLOY.md
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@BINDIR@|$(PREFIX)/bin|g' -e 's|@DOCDIR@|$(PREFIX)/share/minsheng/docs|g' \
		dist/minsheng.service.in > $(DESTDIR)$(UNITDIR)/minsheng.service
	chmod 644 $(DESTDIR)$(UNITDIR)/minsheng.service

man: build
	$(BUILD)/minsheng help --man > docs/minsheng.1
