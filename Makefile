# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv
# from plain python3 first; nothing else needs to be installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The report test opens the report in headless Chromium; Chinese needs a CJK font.
BROWSER_PACKAGES := chromium fonts-noto-cjk

.PHONY: install browser demo test lint bench draft-eval schema readme architecture clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Installs Chromium and a CJK font from Debian's packages when either is missing
# (as root, or through sudo); stops with the reason if it cannot.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  exit 0; \
	fi; \
	echo "installing $(BROWSER_PACKAGES) for the report test"; \
	sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	$$sudo apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null || \
	{ echo "error: could not install $(BROWSER_PACKAGES); the report test needs them" >&2; exit 1; }; \
	command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || \
	{ echo "error: chromium or a CJK font is still missing" >&2; exit 1; }

demo: $(STAMP)
	$(BIN)/qualpolicy validate
	$(BIN)/qualpolicy compare --metric 制造业质量竞争力指数

# The tests run on every core (pytest-xdist); lint-imports checks the layers contract.
test: $(STAMP) browser
	$(BIN)/python -m pytest -n auto
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# How well `qualpolicy draft` reads the seed plans and the test texts (recall, fields, precision).
draft-eval: $(STAMP)
	$(BIN)/python scripts/draft_eval.py --floor 0.95

readme: $(STAMP)
	$(BIN)/python -m scripts.readme_plans
	$(BIN)/python -m scripts.readme_examples

architecture: $(STAMP)
	$(BIN)/python -m scripts.architecture

schema: $(STAMP)
	$(BIN)/qualpolicy schema

clean:
	rm -rf $(VENV) .bench-tools build dist .pytest_cache .mypy_cache .ruff_cache
