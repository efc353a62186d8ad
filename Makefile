# Two entry points for a newcomer: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The extractor's compiled build (src/timeline_gui/core/compiled.py): redone when a core source
# changes. Without a C compiler it is skipped and the same code runs as plain Python.
COMPILED := $(VENV)/.compiled
CORE_SOURCES := $(wildcard src/timeline_gui/core/*.py src/timeline_gui/core/timex/*.py)

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,data,compile]'
	touch $(STAMP)

$(COMPILED): $(STAMP) $(CORE_SOURCES) scripts/build_compiled.py
	-$(BIN)/python scripts/build_compiled.py
	touch $(COMPILED)

run: $(COMPILED)
	$(BIN)/timeline-gui $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench main.py
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(COMPILED) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(COMPILED)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache src/timeline_gui/core/_compiled
