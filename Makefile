# Convenience entry points around CMake. `make run` and `make test` are the
# README's quick start; both install missing Debian packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-fast test-asan lexicon clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the built-in frameworks: what evmatch knows.
run: build
	$(BUILD)/evmatch lexicon list

# The whole suite: the normal build, then everything again under ASan+UBSan.
test: test-fast test-asan

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEVM_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Regenerate lexicon/*.lex from ../shared/seeds and the correction files.
lexicon: build
	$(BUILD)/evmatch-import --seeds ../shared/seeds --corrections lexicon/corrections --out lexicon

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
