# The two front doors. Both install what is missing first.
#   make run    build and start the app on the default database
#   make check  build and run every test (plain build, then with
#               AddressSanitizer and UndefinedBehaviorSanitizer)
#   make bench  build optimised and print the benchmark figures

BUILD     ?= _build
SAN_BUILD ?= _build-sanitize
BENCH_BUILD ?= _build-bench
MESON     ?= meson

.PHONY: all deps build run check check-plain check-sanitize bench clean

all: build

deps:
	bash build-aux/install-deps.sh

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD)

build: deps $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data $(BUILD)/src/app/qi-coach

$(SAN_BUILD)/build.ninja:
	$(MESON) setup $(SAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false

check-plain: build
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes 2

check-sanitize: deps $(SAN_BUILD)/build.ninja
	$(MESON) compile -C $(SAN_BUILD)
	$(MESON) test -C $(SAN_BUILD) --print-errorlogs --num-processes 2 --setup sanitize

check: check-plain check-sanitize

$(BENCH_BUILD)/build.ninja:
	$(MESON) setup $(BENCH_BUILD) --buildtype=release

bench: deps $(BENCH_BUILD)/build.ninja
	$(MESON) compile -C $(BENCH_BUILD)
	bash tests/bench/run-all.sh $(BENCH_BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(BENCH_BUILD)
