# quotegraph: the two commands a newcomer needs (see README.md).
#   make run    install everything into .venv and run the main job on examples/ (SQLite)
#   make test   install everything the tests need (PostgreSQL, Chromium when root) and run all tests
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= quotegraph.sqlite

.PHONY: install run test services clean

$(BIN)/quotegraph: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,postgres,ray]"
	touch $(BIN)/quotegraph

install: $(BIN)/quotegraph

run: install
	$(BIN)/quotegraph ingest examples/ --db $(DB) --published 2024-07-18
	$(BIN)/quotegraph speakers --db $(DB) --top 10
	$(BIN)/quotegraph extract examples/ --out out/examples --published 2024-07-18
	@echo "Contract JSON for every example is in out/examples/; the store is $(DB)."

# PostgreSQL and Chromium come from Debian packages; the scripts install them when run as root
# and the tests that need them are skipped (with the reason) when they are absent.
services:
	@if [ -x .ci/browser.sh ]; then .ci/browser.sh || echo "chromium unavailable: browser tests will be skipped"; fi

test: install services
	@set -e; \
	if [ -f .ci/postgres.sh ]; then . .ci/postgres.sh || echo "PostgreSQL unavailable: its tests will be skipped"; fi; \
	status=0; $(BIN)/python -m pytest tests || status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

clean:
	rm -rf $(VENV) out $(DB)
