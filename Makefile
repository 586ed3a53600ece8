# Two commands on a fresh machine:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest-xdist processes for `make test`: one per core; 0 runs the tests in make's own python.
TEST_WORKERS ?= auto

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Generate demo workbooks, ingest them under Prefect into var/warehouse.duckdb, print the national summary.
demo: $(STAMP)
	$(BIN)/cadres demo

## Lint, make sure the local PostgreSQL is up, run every test (DuckDB and PostgreSQL).
test: $(STAMP)
	$(BIN)/ruff check .
	bash scripts/ensure-postgres
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

## Benchmark: read floor, naive peer and pipeline on the same files, ratios in one run (not part of the tests).
bench: $(STAMP)
	bash scripts/ensure-postgres
	$(BIN)/python -m bench.run --scale $(or $(SCALE),small)

clean:
	rm -rf var .pytest_cache
