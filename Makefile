# Convenience entry points around CMake. `make run` and `make test` are the
# README's quick start; both install missing Debian packages first.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-fast test-asan fuzz bench lexicon typical clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the built-in frameworks: what evmatch knows, then a
# behaviour statement matched against the Success Profiles behaviours.
run: build
	$(BUILD)/evmatch lexicon list
	$(BUILD)/evmatch match --framework success-profiles --top 3 tests/data/example-statement.txt

# The whole suite: the normal build, everything again under ASan+UBSan, then
# a bounded fuzzing run of every input path.
test: test-fast test-asan fuzz

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEVM_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Bounded fuzzing: each libFuzzer target for FUZZ_SECONDS on a scratch copy
# of its seed corpus (tests/fuzz/corpus/NAME); a crash fails the target.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_TARGETS = tokenise lexicon index match batch_record csv polarity bridge models
fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DEVM_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes/$$t; \
	  cp -r tests/fuzz/corpus/$$t/. $(FUZZ_BUILD)/corpus/$$t/; \
	  $(FUZZ_BUILD)/tests/fuzz/fuzz_$$t $(FUZZ_BUILD)/corpus/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -rss_limit_mb=2048 -timeout=20 -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t/ -print_final_stats=1 \
	    2>$(FUZZ_BUILD)/fuzz_$$t.log || { tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; echo "fuzz_$$t: FAILED"; exit 1; }; \
	  echo "fuzz_$$t: $$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ_BUILD)/fuzz_$$t.log | grep -o '[0-9]*$$') runs, no crash"; \
	done

# The benchmark (Release build), with the labelled corpus's dev split for
# the accuracy columns. Figures go in bench/README.md.
BENCH_BUILD ?= build-rel
bench: deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	$(BENCH_BUILD)/bench/evmatch-bench --corpus corpus --split dev --evmatch $(BENCH_BUILD)/evmatch $(BENCH_ARGS)

# Regenerate lexicon/*.lex from ../shared/seeds and the correction files.
lexicon: build
	$(BUILD)/evmatch-import --seeds ../shared/seeds --corrections lexicon/corrections --out lexicon

# lexicon/typical.txt: each competency's typical evidence, fitted on the
# train split's texts. Refit after any change to the lexicon, the bridging
# files or the weights; the lexicon CLI test fails while it is stale.
typical: build
	$(BUILD)/evmatch lexicon typical --split train corpus/*.jsonl >lexicon/typical.txt.new
	mv lexicon/typical.txt.new lexicon/typical.txt
	@cmake --build $(BUILD) -j $(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
