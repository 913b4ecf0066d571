# a2iot: the two commands of the quick start are `make demo` and `make test`.
# Both install what is missing, build, then run.

BUILD    ?= build
JOBS     ?= $(shell nproc)
# `make demo`: the scenario, its own database (recreated on every demo run) and the report.
SCENARIO ?= scenarios/adaptive-split-demo.yaml
DB       ?= results-demo.db
REPORT   ?= report.html

# Every Debian package the project needs. ns-3's CMake config needs `ns3` and libgsl-dev too.
DEB_PACKAGES := \
  build-essential cmake ninja-build pkg-config time \
  libsimgrid-dev libns3-dev ns3 libgsl-dev \
  libtorch-dev dataset-fashion-mnist \
  libboost-all-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev \
  libspdlog-dev libfmt-dev libsqlite3-dev sqlite3 \
  googletest libgtest-dev libgmock-dev libbenchmark-dev \
  gnuplot-nox

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test demo bench clean format sanitize fuzz

# Idempotent: asks dpkg which packages are missing and installs only those.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
	  echo "deps: all $(words $(DEB_PACKAGES)) packages present"; \
	fi

build:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

test:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 900

demo:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory build
	./scripts/demo.sh $(BUILD) $(SCENARIO) $(DB) $(REPORT)

# ASan + UBSan build of the test suites in its own folder (docs/workflow.md, "Sanitizer build").
# SAN_LABELS picks ctest labels (a regex; empty = every test), e.g. SAN_LABELS='unit|loader'.
# SimGrid switches between its actors' stacks by hand, which ASan cannot follow (false
# stack-buffer-overflow reports); thread contexts give every actor a real thread stack.
# exitcode=86: the program's own exit 1 ("a check failed") must not pass for a sanitizer report.
SAN_BUILD  ?= build-sanitize
SAN_LABELS ?=
SAN_ENV := A2IOT_SIMGRID_ARGS="--cfg=contexts/factory:thread" \
  ASAN_OPTIONS="exitcode=86:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=0" \
  UBSAN_OPTIONS="exitcode=86:print_stacktrace=1:halt_on_error=1"
sanitize:
	$(MAKE) --no-print-directory deps
	cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DA2IOT_SANITIZE=ON \
	  -DA2IOT_TORCH=OFF -DA2IOT_BENCH=OFF
	$(SAN_ENV) cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS) --timeout 300 \
	  $(if $(SAN_LABELS),-L '$(SAN_LABELS)')

# libFuzzer on the scenario loader (scripts/fuzz.sh). Not part of `make test`, so its compiler is
# not in DEB_PACKAGES: Clang, and the runtime with libFuzzer (only a Recommends of clang).
FUZZ_PACKAGES := clang libclang-rt-dev
fuzz:
	$(MAKE) --no-print-directory deps DEB_PACKAGES="$(FUZZ_PACKAGES)"
	./scripts/fuzz.sh

bench:
	$(MAKE) --no-print-directory build
	./bench/run-all.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
