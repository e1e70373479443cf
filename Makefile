# 讲话档案 — `make site` builds, `make test` tests, `make serve` previews.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test serve bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	# the search engine's JavaScript is tested under Node.js (tests/js/): its tests fail without it
	command -v node >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs)
	# CJK glyphs for the screenshots the browser tests keep (optional: tests pass without them)
	test -d /usr/share/fonts/opentype/noto || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk || true
	touch $@

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python -m tools.bench

clean:
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache
