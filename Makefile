# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv
# from plain python3 first; nothing else needs to be installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/qualpolicy validate
	$(BIN)/qualpolicy compare --metric 制造业质量竞争力指数

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

schema: $(STAMP)
	$(BIN)/qualpolicy schema

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
