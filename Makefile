# The two set-up commands (see README):  make run   |   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

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

# The working loop: unit, property and doctests, no browser and no slow test
check: install
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not slow" $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run.py --cases norway france banatic

lint: install
	$(BIN)/ruff check graphmodel tests app.py benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
