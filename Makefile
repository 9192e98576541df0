# Two commands on a fresh machine: `make run` opens the app, `make test` runs every check.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bundle clean bytecode

# The venv is made once; a changed pyproject.toml installs what changed into it. The pip that
# comes with the venv is new enough (editable installs need pip 21.3): upgrading it first
# fetched and installed a new pip on every fresh machine for nothing.
$(STAMP): pyproject.toml scripts/find-python
	@[ -x $(PY) ] || "$$(sh scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# The program's own modules compiled to bytecode, as pip compiles what it installs into the
# venv and the bundle carries it: an editable install leaves src/ uncompiled, and where
# PYTHONDONTWRITEBYTECODE is set (as on these machines) Python never writes it, so every start
# compiled every module first (about 0.4 s of CPU). Quick when nothing has changed.
bytecode: $(STAMP)
	@$(PY) -m compileall -q src

run: bytecode
	$(VENV)/bin/cass-desktop $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	@for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

bundle: $(STAMP)
	$(PY) -m pip install -q -e '.[test,bundle]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/cass-desktop/cass-desktop --data-dir "$$(mktemp -d)" selftest

clean:
	rm -rf $(VENV) build dist
