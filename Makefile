# Two commands matter: `make demo` and `make test`. Both set up .venv first if needed.
# While working: `make fmt` (rewrites files) and `make test-fast` (all checks, no slow tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make demo` needs only the core's libraries; `make test` installs everything (both stamps).
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: demo test test-fast fmt lint typecheck contracts pytest pytest-fast clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/nudgebot demo

test: lint typecheck contracts pytest

test-fast: lint typecheck contracts pytest-fast

# Safe fixes first (imports sorted, old syntax upgraded), then formatting, then what is left.
fmt: $(STAMP)
	$(BIN)/ruff check --fix-only --quiet .
	$(BIN)/ruff format .
	$(BIN)/ruff check .

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# SQLite always; PostgreSQL too when NUDGEBOT_TEST_POSTGRES_URL is set (.ci/run sets it).
pytest: $(STAMP)
	$(BIN)/pytest

# Leaves out the end-to-end tests marked slow (subprocesses: the demo, CSV import, SIGKILL).
pytest-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
