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

.PHONY: deps build test demo bench clean format

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

bench:
	$(MAKE) --no-print-directory build
	./bench/run-all.sh $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)
