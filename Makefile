# Two commands do all setup on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
# Word vectors (navec's news model, MIT) ship only inside natasha's wheel: installed without natasha's own
# dependencies (pymorphy2 and a DAWG reader that would overwrite pymorphy3's). natasha is never imported.
MODEL_DATA := natasha==1.6.0
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv run test load eval bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps "$(MODEL_DATA)"
	touch $(STAMP)

run: venv
	$(BIN)/python -m bot

test: venv
	$(BIN)/python -m pytest

# Speed and scale report (docs/speed.md); installs bm25s for the comparison.
bench: venv $(VENV)/.bench-installed
	$(BIN)/python -m bench.run

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

# The load test with its report printed; LOAD_USERS=1000 LOAD_GROUPS=100 make load for a bigger crowd.
load: venv
	$(BIN)/python -m pytest tests/front/telegram/test_load.py -q -s

clean:
	rm -rf $(VENV) .pytest_cache

eval: venv $(VENV)/.eval-installed
	$(BIN)/python -m quality

$(VENV)/.eval-installed: pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,eval]"
	touch $@
