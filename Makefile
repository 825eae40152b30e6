# The two set-up commands (see README):  make run   |   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

# Python may keep the bytecode of what it compiles (__pycache__, git-ignored) even where the
# environment says not to (PYTHONDONTWRITEBYTECODE=1): without it every test process, app
# server and CLI run compiles the package again, and pytest rewrites every test module's
# asserts again on each run
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run test check install bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[app,test,scale]"
	touch $@

install: $(VENV)/.installed

run: install
	@echo "graphmodel: open http://127.0.0.1:$(PORT) in your browser (Ctrl+C stops the app)"
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Both cores (pytest-xdist, a test file's tests on one worker so its app server starts once);
# PYTEST_ARGS adds to it, e.g. make test PYTEST_ARGS="-k map"
PYTEST_JOBS ?= 2
XDIST := -n $(PYTEST_JOBS) --dist loadfile

test: install
	bash scripts/system-deps.sh
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The working loop: unit, property and doctests; no browser, no explorer run, no slow test
check: install
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not app and not slow" $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run.py --cases norway france banatic

lint: install
	$(BIN)/ruff check graphmodel tests app.py benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
