# claimtrace: the two commands of the README's Quick start, and a few more.
#   make demo   set up .venv and analyse the bundled sample corpus
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint eval bench train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# An editable install leaves the package uncompiled; where Python may not
	# write bytecode (PYTHONDONTWRITEBYTECODE, set on our machines) every start
	# would compile it again (0.05-0.1 s of each command).
	$(BIN)/python -m compileall -q src/claimtrace
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/claimtrace analyze examples/articles

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet ruff mypy
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
