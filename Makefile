# Regenerate everything with make. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLKIT := $(BIN)/python -m toolkit
JOBS ?=
# Processes that run the test suite (pytest-xdist); each test module stays in one of them.
TEST_JOBS ?= 2
FORCE ?=
# The build's exit 1 means data errors: their rows quarantined, the reports built all the same, so
# `make report` and `make pdf` go on and succeed (the build's last line counts the errors). With
# STRICT=1 (CI, scripts) they fail on it. Any other failure (2, 3, 130) stops make, which exits 2.
STRICT ?=
DATA_ERRORS_PASS := $(if $(filter-out 0,$(STRICT)),,|| { code=$$?; [ $$code -eq 1 ] || exit $$code; })
# Another programme: make report CONFIG=path/to/its/programme.toml (its [data] names its folders).
CONFIG ?=
CONFIG_OPTION := $(if $(CONFIG),--config $(CONFIG))
# Jupyter looks for kernels and settings in the environment first: keep it out of ~/.
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: help setup report pdf evaluator-templates validate clean-data workbook iati docs messages browser test format lab lock clean distclean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# uv installs the lock in seconds where pip takes a minute; it comes from PyPI into .tools/,
# pinned, and pip does the same work when uv cannot be had.
UV_VERSION := 0.13.9
UV := .tools/uv/bin/uv

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@if { [ -x $(UV) ] || $(PYTHON) -m pip install --quiet --target .tools/uv uv==$(UV_VERSION) 2>/dev/null; } && \
	  UV_PYTHON_DOWNLOADS=never $(UV) venv --quiet --seed --allow-existing --python $(PYTHON) $(VENV) && \
	  $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --requirement requirements.lock && \
	  $(UV) pip install --quiet --python $(BIN)/python --no-deps --editable .; then \
	  echo "Created $(VENV) with uv $(UV_VERSION) from requirements.lock"; \
	else \
	  echo "uv could not create $(VENV): creating it with pip from requirements.lock"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install --quiet --requirement requirements.lock && \
	  $(BIN)/python -m pip install --quiet --no-deps --editable .; \
	fi
	@touch $@

setup: $(STAMP) ## create .venv from requirements.lock (run by the other targets when needed)

report: $(STAMP) ## build the reports into reports/, re-running only what changed (FORCE=1: everything; JOBS=N workers; CONFIG=another programme; STRICT=1: fail on data errors)
	$(TOOLKIT) build $(CONFIG_OPTION) $(if $(JOBS),--jobs $(JOBS)) $(if $(filter-out 0,$(FORCE)),--force) $(DATA_ERRORS_PASS)

pdf: $(STAMP) browser ## print the programme report to reports/rapport-evaluation.pdf (builds it first if needed)
	$(TOOLKIT) build $(CONFIG_OPTION) $(if $(JOBS),--jobs $(JOBS)) $(DATA_ERRORS_PASS)
	$(TOOLKIT) pdf $(CONFIG_OPTION)

evaluator-templates: $(STAMP) ## write the evaluator's narrative files and a ratings grid (criterion × operation), keeping what exists
	$(TOOLKIT) evaluator-templates $(CONFIG_OPTION)

validate: $(STAMP) ## check data/raw and list the findings
	$(TOOLKIT) validate $(CONFIG_OPTION)

clean-data: $(STAMP) ## write data/clean (clean tables, quarantine, findings)
	$(TOOLKIT) clean $(CONFIG_OPTION)

workbook: $(STAMP) ## write the clean tables, findings and quarantine to reports/donnees-propres.xlsx
	$(TOOLKIT) workbook $(CONFIG_OPTION)

iati: $(STAMP) ## write the clean data as IATI 2.03 activity XML (reports/activites-iati.xml), checked against the schema
	$(TOOLKIT) export-iati $(CONFIG_OPTION)

docs: $(STAMP) ## regenerate docs/data-dictionary.md from the schema
	$(TOOLKIT) data-dictionary --out docs/data-dictionary.md

# Babel's extractor reads the code's messages (keywords and files in toolkit/model/catalogues.py);
# each language's .po files under toolkit/model/locale/ get the new ones, empty, for translating.
messages: $(STAMP) ## extract the code's messages into the translation catalogues (toolkit/model/locale/)
	$(BIN)/python -m toolkit.model.catalogues

# Root installs system packages itself; anyone else goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser: ## install Debian's Chromium for the browser tests, if it is not there
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser ## check style, then run the test suite (unit, end-to-end, in a real browser)
	$(BIN)/ruff check toolkit tests benchmarks notebooks
	$(BIN)/ruff format --check toolkit tests benchmarks
	$(BIN)/python -m pytest --numprocesses $(TEST_JOBS) --dist loadscope

format: $(STAMP) ## format and lint-fix the code with ruff
	$(BIN)/ruff format toolkit tests benchmarks
	$(BIN)/ruff check --fix toolkit tests benchmarks

# JupyterLab reads its settings from jupyter/ (the notebooks' paired scripts hidden) and keeps what it
# writes in .lab/, which git ignores, not in the home folder: cookie secret and connection files,
# settings and workspaces, the kernels' IPython history, and the log of the `npm prefix` its
# language-server extension runs. With CONFIG, the notebooks read that programme.
LAB_STATE := $(CURDIR)/.lab
LAB_ENV := JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter" JUPYTER_CONFIG_DIR="$(LAB_STATE)/config" \
  JUPYTER_DATA_DIR="$(LAB_STATE)/data" JUPYTER_RUNTIME_DIR="$(LAB_STATE)/runtime" IPYTHONDIR="$(LAB_STATE)/ipython" \
  npm_config_cache="$(LAB_STATE)/npm" $(if $(CONFIG),EVALUATION_TOOLKIT_CONFIG="$(abspath $(CONFIG))")

lab: $(STAMP) ## open JupyterLab on notebooks/ (cleans the data first so the notebooks run as they are)
	-$(TOOLKIT) clean $(CONFIG_OPTION)
	$(LAB_ENV) $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

lock: ## regenerate requirements.lock from requirements.in in a scratch environment
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --requirement requirements.in
	{ echo "# Generated by 'make lock' from requirements.in: every package the toolkit runs with, pinned."; \
	  echo "# Installed as is by 'make setup' and by environment.yml (pip section); edit requirements.in, not this file."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | sort -f; } > requirements.lock
	rm -rf .lock-venv

clean: ## remove build outputs (data/clean, reports, caches)
	rm -rf data/clean/* reports/* .reports.publishing .reports.previous .pytest_cache test-output
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

distclean: clean ## also remove the environment (and the uv that made it)
	rm -rf $(VENV) .tools
