# memview — build, test, demo. `make test` and `make demo` set up what they need.
SHELL := /bin/bash
export NODE_PATH := /usr/share/nodejs

C_SRC   := $(wildcard c/src/*.c)
C_HDR   := c/include/memview.h $(wildcard c/src/*.h)
WASM    := js/memview.wasm
PY313   := PYENV_VERSION=3.13.0 python3

CFLAGS_COMMON := -std=c11 -Wall -Wextra -Werror -Ic/include
# Wasm memory may grow to 4 GiB less one 64 KiB page (c/src/alloc.c says why).
EMCC_FLAGS := -O3 -msimd128 $(CFLAGS_COMMON) --no-entry -sSTANDALONE_WASM \
              -sALLOW_MEMORY_GROWTH -sMAXIMUM_MEMORY=4294901760 -sMALLOC=emmalloc \
              -sINITIAL_MEMORY=1MB -sTOTAL_STACK=256KB
NATIVE_FLAGS := -g -O1 $(CFLAGS_COMMON) -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: all wasm dist native-test test test-js deps toolchains-deps bench-deps demo bench corpus clean

all: wasm dist

deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@scripts/setup.sh npm

# The bundlers and TypeScript versions of tests/toolchains (a user's project,
# pinned by its own lockfile) for tests/toolchains.test.js and tests/types.test.js.
toolchains-deps: tests/toolchains/node_modules/.package-lock.json
tests/toolchains/node_modules/.package-lock.json: tests/toolchains/package.json tests/toolchains/package-lock.json
	@scripts/setup.sh toolchains

$(WASM): $(C_SRC) $(C_HDR)
	@scripts/setup.sh emcc
	emcc $(EMCC_FLAGS) $(C_SRC) -o $@

wasm: $(WASM)

# What the package ships (scripts/build-dist.js lists the files): js/ bundled
# into an ESM, a CommonJS and a classic-script build that carry the wasm
# inline and instantiate it synchronously, the memview/manual build (init()
# loads the wasm), and the wasm itself. The CLI and the examples import
# 'memview', so they run on this build; the tests import js/ directly. (web/
# serves js/ unbundled.)
JS_SRC := $(wildcard js/*.js)
dist/memview.js: $(JS_SRC) js/memview.d.ts $(WASM) scripts/build-dist.js node_modules/.package-lock.json
	node scripts/build-dist.js
dist: dist/memview.js

build/native/%: c/tests/%.c $(C_SRC) $(C_HDR)
	@mkdir -p build/native
	cc $(NATIVE_FLAGS) $< $(C_SRC) -lm -o $@

NATIVE_TESTS := $(patsubst c/tests/%.c,build/native/%,$(wildcard c/tests/*_test.c))
native-test: $(NATIVE_TESTS)
	@set -e; for t in $(NATIVE_TESTS); do echo "== $$t"; $$t; done

test-js: wasm deps dist toolchains-deps
	@scripts/setup.sh chromium
	node --expose-gc node_modules/uvu/bin.js tests '\.test\.js$$'

test: native-test fuzz-smoke test-js

corpus:
	$(PY313) tests/gen/gen_corpus.py --out tests/corpus/memoryview.json

# The hex editor on http://127.0.0.1:8080 with a sample file open.
demo: wasm deps
	node web/make-sample.js
	node web/serve.js

# bench/run.js times the shipped bundle (dist/memview.js) and writes
# bench/RESULTS.md; bench/web.js times the hex editor in Chromium.
# The npm peer of the struct rows (bench/peers, pinned by its own lockfile).
bench-deps: bench/peers/node_modules/.package-lock.json
bench/peers/node_modules/.package-lock.json: bench/peers/package.json bench/peers/package-lock.json
	@scripts/setup.sh bench-peers

bench: wasm deps dist bench-deps
	@scripts/setup.sh chromium
	node bench/run.js --write
	node bench/beyond.js
	node bench/web.js

clean:
	rm -rf build dist $(WASM)

# The NumPy corpus of what memview does beyond CPython (byte-order formats,
# records, N-D sub-views): Debian's NumPy checks it; struct's messages come
# from CPython 3.13.
.PHONY: numpy-corpus
numpy-corpus:
	@scripts/setup.sh numpy
	/usr/bin/python3 tests/gen/numpy_gen.py --out tests/corpus/numpy.json

# The struct differential corpus (CPython 3.13 runs tests/gen/struct_gen.py).
.PHONY: struct-corpus
struct-corpus:
	$(PY313) tests/gen/struct_gen.py > tests/corpus/struct.json

# libFuzzer targets (c/fuzz): `make fuzz FUZZ_SECONDS=600` runs each in turn, one
# process at a time; `make fuzz-smoke` runs each for a few seconds (CI). Seeds
# are read from c/fuzz/corpus/<target>; new inputs go to build/fuzz/corpus.
# Needs clang 14's fuzzer runtime (Debian: libclang-rt-14-dev).
FUZZ_TARGETS := format cast index walk hex struct assign search subview
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 4
FUZZ_CC := clang-14
FUZZ_FLAGS := -g -O1 $(CFLAGS_COMMON) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_BINS := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

FUZZ_OBJS := $(patsubst c/src/%.c,build/fuzz/obj/%.o,$(C_SRC))
.SECONDARY: $(FUZZ_OBJS)

# The core is compiled once, instrumented, and linked into every target.
build/fuzz/obj/%.o: c/src/%.c $(C_HDR) | fuzz-toolchain
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(subst fuzzer,fuzzer-no-link,$(FUZZ_FLAGS)) -c $< -o $@

build/fuzz/fuzz_%: c/fuzz/fuzz_%.c c/fuzz/fuzz_common.h $(FUZZ_OBJS) $(C_HDR)
	$(FUZZ_CC) $(FUZZ_FLAGS) $< $(FUZZ_OBJS) -lm -o $@

define run_fuzzers
	@set -e; mkdir -p build/fuzz/artifacts build/fuzz/logs; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t c/fuzz/corpus/$$t; log=build/fuzz/logs/make-$$t.log; rc=0; \
	  echo "== fuzz_$$t ($(1) s, log $$log)"; \
	  build/fuzz/fuzz_$$t -max_total_time=$(1) -print_final_stats=1 -max_len=512 \
	    -artifact_prefix=build/fuzz/artifacts/$$t- build/fuzz/corpus/$$t c/fuzz/corpus/$$t \
	    > $$log 2>&1 || rc=$$?; \
	  grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec)' $$log || true; \
	  if [ $$rc != 0 ]; then tail -n 40 $$log; echo "fuzz_$$t failed: see build/fuzz/artifacts"; exit 1; fi; \
	done
endef

# Line coverage of c/src reached by the corpora (seeds and what make fuzz found),
# replayed by the targets built with clang's source coverage.
COV_DIR := build/fuzz/cov
fuzz-coverage: | fuzz-toolchain
	@mkdir -p $(COV_DIR); rm -f $(COV_DIR)/*.profraw
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_CC) -g -O1 $(CFLAGS_COMMON) -fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping \
	    c/fuzz/fuzz_$$t.c $(C_SRC) -lm -o $(COV_DIR)/fuzz_$$t; \
	  mkdir -p build/fuzz/corpus/$$t; \
	  LLVM_PROFILE_FILE=$(COV_DIR)/$$t.profraw $(COV_DIR)/fuzz_$$t -runs=0 c/fuzz/corpus/$$t build/fuzz/corpus/$$t >/dev/null 2>&1; \
	done
	llvm-profdata-14 merge -sparse $(COV_DIR)/*.profraw -o $(COV_DIR)/all.profdata
	llvm-cov-14 report $(COV_DIR)/fuzz_$(firstword $(FUZZ_TARGETS)) \
	  $(patsubst %,-object $(COV_DIR)/fuzz_%,$(wordlist 2,$(words $(FUZZ_TARGETS)),$(FUZZ_TARGETS))) \
	  -instr-profile=$(COV_DIR)/all.profdata $(C_SRC)

.PHONY: fuzz fuzz-smoke fuzz-toolchain fuzz-coverage
fuzz-toolchain:
	@scripts/setup.sh fuzz
fuzz: $(FUZZ_BINS)
	$(call run_fuzzers,$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BINS)
	$(call run_fuzzers,$(FUZZ_SMOKE_SECONDS))
