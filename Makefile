# Both targets work on a fresh machine with only Python 3.11+: they create .venv and install
# what they need. Reinstall happens when pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHECKED := src tests benchmarks fixtures scripts conftest.py

.PHONY: demo test lint typecheck contracts pytest schemas bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/talentmatch match fixtures/demo/backend_engineer.txt fixtures/demo/backend_job.txt
	$(BIN)/talentmatch load fixtures/documents/pdf/two_column_rows.pdf
	$(BIN)/talentmatch load fixtures/documents/pdf/hidden_white.pdf
	-$(BIN)/talentmatch load fixtures/documents/pdf/encrypted_user_password.pdf

test: lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

typecheck: $(STAMP)
	$(BIN)/mypy src

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q --doctest-modules src tests

schemas: $(STAMP)
	$(BIN)/python scripts/export_schemas.py

bench: $(STAMP)
	$(BIN)/python benchmarks/load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
