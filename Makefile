# barometer — the two set-up commands are `make demo` and `make test`.
MAKEFLAGS += --no-print-directory
# Both install missing Debian packages first (scripts/install-deps.sh).

JOBS ?= $(shell nproc)
BUILD ?= build
SAN_BUILD ?= build-san
FUZZ_SECONDS ?= 20
BAROMETER := $(BUILD)/src/cli/barometer

.PHONY: all deps build cli demo test unit asan fuzz fuzz-long bench format format-check clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Only the barometer binary (the demo needs nothing else; `build` also compiles
# every test, which on a fresh clone with no compiler cache takes far longer).
cli: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target barometer

# The main job: synthetic data for the example strategies and a deprived city of
# 200,000 people, then every report (Board, committee packs, IPR, BAF,
# population outcomes) as HTML and PDF in $(DEMO_OUT)/ (scripts/demo.sh).
DEMO_OUT ?= demo-output
demo: cli
	@bash scripts/demo.sh $(BAROMETER) $(DEMO_OUT)

# Everything CI runs: unit + end-to-end tests, the sanitizer run, and a fuzz smoke run.
test: unit asan fuzz

unit: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# One clang build serves the sanitizer test run and the fuzz targets (address,
# undefined and libFuzzer's coverage instrumentation; line tables only and -O1,
# as libFuzzer recommends, so that it compiles and runs fast).
SAN_CONFIGURE = CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DBAROMETER_SANITIZE=ON -DBAROMETER_FUZZ=ON >/dev/null

asan: deps
	@$(SAN_CONFIGURE)
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS) -LE slow

fuzz: deps
	@$(SAN_CONFIGURE)
	@cmake --build $(SAN_BUILD) -j $(JOBS) --target fuzz_targets
	@bash fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

# Every fuzz target for FUZZ_LONG_SECONDS each (default 30 minutes), its corpus
# kept in fuzz-corpus/<target> so the next run goes on from it; FUZZ_TARGETS
# picks some ("fuzz_csv fuzz_extract"). Prints executions and coverage per target.
FUZZ_LONG_SECONDS ?= 1800
FUZZ_TARGETS ?=
fuzz-long: deps
	@$(SAN_CONFIGURE)
	@cmake --build $(SAN_BUILD) -j $(JOBS) --target fuzz_targets
	@bash fuzz/run.sh $(SAN_BUILD) $(FUZZ_LONG_SECONDS) $(CURDIR)/fuzz-corpus $(FUZZ_TARGETS)

bench: deps
	@cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBAROMETER_BENCH=ON -DBAROMETER_TESTS=OFF >/dev/null
	@cmake --build build-bench -j $(JOBS)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

# Fails when a source file is not clang-formatted (CI runs it before the tests).
format-check: deps
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-bench
