# Set-up and checks in two commands: `make run` and `make test`.
# Both create .venv/ from this checkout on first use; nothing is installed globally.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=

.PHONY: run test lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## run: install into .venv and open brreader on the sample archive in articles/
run: $(BIN)/.installed
	$(BIN)/brreader $(ARGS)

## test: install into .venv with the test tools, then lint, type-check and run every test
## (spread over every core with pytest-xdist; PYTEST_WORKERS=0 runs them in this process)
PYTEST_WORKERS ?= auto
test: $(BIN)/.installed lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

lint: $(BIN)/.installed
	$(BIN)/ruff check brreader tests benchmarks
	$(BIN)/ruff format --check brreader tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) index build *.egg-info
