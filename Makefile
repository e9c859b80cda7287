# Two commands do everything on a fresh machine with Python 3.11:
#   make run    start the dashboard on the shipped data at http://localhost:8501
#   make test   lint, type check, unit, AppTest and browser tests (installs Chromium first if there is none:
#               Debian's package as root, else Playwright's download; see scripts/ensure_browser.sh; and
#               Debian's nginx as root, for the check of the replicas' config: scripts/ensure_nginx.sh)
VENV   ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PY      = $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test check-data bench geography screenshots install serve-replicas

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	bash scripts/ensure_browser.sh $(PY)
	bash scripts/ensure_nginx.sh
	$(PY) -m pytest

check-data: install
	$(PY) -m kc_metrics

geography: install
	$(PY) scripts/build_geography.py

bench: install
	$(PY) bench/run.py

screenshots: install
	bash scripts/ensure_browser.sh $(PY)
	$(PY) scripts/screenshots.py

serve-replicas: install
	bash scripts/serve_replicas.sh
