# satudata: the README's commands. Everything installs itself into .venv (and the portal into .portal/).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test unit bench portal-up portal-down lint env

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

env: $(STAMP)

demo: $(STAMP)
	$(BIN)/satudata run

test: $(STAMP)
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

bench: $(STAMP)
	$(BIN)/python -m benchmarks

portal-up: $(STAMP)
	$(BIN)/satudata portal up

portal-down: $(STAMP)
	$(BIN)/satudata portal down

lint: $(STAMP)
	$(BIN)/ruff check pipelines tests benchmarks
