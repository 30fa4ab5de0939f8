PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(BIN)/kg

install: $(BIN)/kg

run: install
	$(BIN)/kg build seeds -o out
	@echo "$(CURDIR)/out/graph.html"

install-test: install
	$(BIN)/pip install -q -e '.[test]'

test: install-test
	$(BIN)/ruff check kg tests ontology benchmarks scripts
	$(BIN)/ruff format --check kg tests ontology benchmarks scripts
	$(BIN)/pytest -q

clean:
	rm -rf out build *.egg-info
