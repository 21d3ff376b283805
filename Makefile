# minsheng — the front door. The real build is meson + ninja (meson.build).
#
#   make          build build/minsheng
#   make run      install what is missing, build, create var/minsheng.db with demo data,
#                 show where delivery stands, and serve the dashboard (LISTEN, Ctrl-C stops)
#   make test     build again with AddressSanitizer + UBSan (and the fuzz targets with
#                 clang/libFuzzer) and run the whole suite; ends "N passed, N failed"
#   make fuzz     run each fuzz target for FUZZ_SECONDS (default 60)
#   make bench    release build, then batch dibao on BENCH_ROWS (10 million) rows against
#                 pandas, mawk and cat, status/bulletin at 1x, 10x, 100x a province's
#                 ledger, and the web server's status API and 总览 page under wrk against
#                 nginx serving saved copies, and notice import in MB/s against grep and
#                 iconv (bench/README.md); not part of make test
#   make clean

BUILD      := build
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
BENCH_BUILD := build-release
BENCH_ROWS ?= 10000000
DB         ?= var/minsheng.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
SAN_FLAGS  := -Db_sanitize=address,undefined -Db_lundef=false \
              -Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all

.PHONY: all build run test fuzz bench clean deps

all: build

deps:
	@scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug $(SAN_FLAGS)

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
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
