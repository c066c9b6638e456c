# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test snapshots bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/gradtui $(ARGS)

# Tests in twice as many processes as the machine has cores (pytest-xdist): many tests wait on
# a terminal, a server or a timer, and the other processes work while they do (on 2 cores:
# 4 min 18 s with 2 processes, 3 min 6 s with 3, 2 min 37 s with 4). What must not be split
# runs in one (xdist_group marks, --dist loadgroup). gradtui is compiled first, as an installed
# wheel is, so that the app the tests start over and over is not compiled anew each time
# (PYTHONDONTWRITEBYTECODE is set here).
TEST_JOBS ?= $(shell python3 -c 'import os; print(2 * len(os.sched_getaffinity(0)))')
test: $(STAMP)
	$(PY) -m ruff check gradtui tests benchmarks
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m compileall -q gradtui
	$(PY) -m pytest -q -n $(TEST_JOBS) --dist loadgroup

# After an intended change to what a screen shows: store the screens anew, then read the diff
# (git diff tests/snapshots) before committing.
snapshots: $(STAMP)
	$(PY) -m pytest -q -n auto tests/app/test_snapshots.py --update-snapshots

# Compiled first, as an installed wheel is: with PYTHONDONTWRITEBYTECODE set (as on the project's
# machine) an edited checkout would otherwise be compiled anew by every launch it times.
bench: $(STAMP)
	$(PY) -m compileall -q gradtui
	$(PY) benchmarks/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check gradtui tests benchmarks
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m ruff format --check gradtui tests benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache
