# The two commands a newcomer needs: `make run` opens the app on the demo profile,
# `make test` installs everything and runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PROFILE ?= profiles/demo

.PHONY: install run test lint bench bundle clean-demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/sector-desktop --profile $(PROFILE) demo-data --if-empty
	$(BIN)/sector-desktop --profile $(PROFILE)

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# The Linux one-folder bundle (PyInstaller) in build/dist/sector-desktop; packaging/smoke.sh runs it.
bundle: install
	packaging/build-linux.sh

bench: install
	$(BIN)/python bench/run_all.py

clean-demo:
	rm -rf $(PROFILE)
