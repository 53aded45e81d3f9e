# Set-up and run. Every target creates .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench load lint probe clean

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m crmwizard.ui.serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Hostile input against every screen (AppTest and a real browser), the import battery, forged
# links and the command line; ends with the counts tried / held per attack.
probe: $(STAMP)
	$(BIN)/python -m pytest tests/security tests/e2e/test_hostile.py -q

bench: $(STAMP)
	$(BIN)/python -m bench

# 20 browser users on two servers sharing a throw-away PostgreSQL, then on one server with
# SQLite; loopback only, bounded in users and time. Writes bench/load.md and load.json.
load: $(STAMP)
	$(BIN)/python -m bench.load

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
