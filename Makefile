# satudata: the README's commands. Everything installs itself into .venv (and the portal into .portal/).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo down test unit bench portal-up portal-down ui lint env

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

env: $(STAMP)

# The main job: the portal, every sample dataset end to end, and the Dagster UI beside the portal.
# Both stay up to browse; `make down` stops them.
demo: $(STAMP)
	$(BIN)/satudata portal up
	$(BIN)/satudata run --publish
	$(BIN)/satudata ui up
	@echo
	@$(BIN)/satudata portal status
	@$(BIN)/satudata ui status
	@echo "Stop both with: make down"

down: $(STAMP)
	$(BIN)/satudata ui down
	$(BIN)/satudata portal down

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

ui: $(STAMP)
	$(BIN)/satudata ui up

lint: $(STAMP)
	$(BIN)/ruff check pipelines tests benchmarks
