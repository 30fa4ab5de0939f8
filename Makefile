PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_VENV := .lock-venv

.PHONY: run test install install-test lock clean

# Exact versions from the lock files (make lock), then this package itself without resolving again.
$(BIN)/kg: pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q -e . --no-deps
	touch $(BIN)/kg

install: $(BIN)/kg

run: install
	$(BIN)/kg build seeds -o out
	@echo "$(CURDIR)/out/graph.html"

install-test: install
	$(BIN)/pip install -q -r requirements-test.lock
	$(BIN)/pip install -q -e . --no-deps

# Regenerate requirements.lock (the dependencies) and requirements-test.lock (with the test extras, the
# same versions for what both hold) from a fresh install of pyproject.toml's ranges.
lock:
	rm -rf $(LOCK_VENV)
	$(PY) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q --upgrade pip
	$(LOCK_VENV)/bin/pip install -q .
	( echo "# exact versions of pyproject.toml's dependencies: written by make lock, do not edit"; \
	  $(LOCK_VENV)/bin/pip freeze --exclude fupin-kg ) > requirements.lock
	$(LOCK_VENV)/bin/pip install -q -c requirements.lock '.[test]'
	( echo "# requirements.lock and the test extras: written by make lock, do not edit"; \
	  $(LOCK_VENV)/bin/pip freeze --exclude fupin-kg ) > requirements-test.lock
	rm -rf $(LOCK_VENV) build

test: install-test
	$(BIN)/ruff check kg tests ontology benchmarks scripts
	$(BIN)/ruff format --check kg tests ontology benchmarks scripts
	$(BIN)/pytest -q

clean:
	rm -rf out build *.egg-info
