# casemgmt — the two commands are `make demo` and `make test`; they need only python3.
#   make demo           venv + dependencies, migrate, load the 示范县 demo (once), print logins, runserver
#   make test           the whole test suite on SQLite (the browser test runs when /usr/bin/chromium exists)
#   make test-postgres  the suite again on a fresh UTF-8 PostgreSQL database, dropped afterwards
#   make lint           ruff

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_USER ?= postgres
PYTEST_ARGS ?=

CJK_FONT ?= /usr/share/fonts/truetype/arphic/uming.ttc

.PHONY: demo test test-postgres lint cjk-font

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall when a requirements file changes.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# Enforcement-document PDFs embed a CJK TrueType font (documents.E001 without one): Debian's fonts-arphic-uming.
cjk-font:
	@if [ -n "$$DOCUMENT_FONT_PATH" ] || [ -f "$(CJK_FONT)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then \
		echo "Installing the CJK font for PDF documents (fonts-arphic-uming)…"; \
		s=""; [ "$$(id -u)" -eq 0 ] || s="sudo -n"; \
		DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -q --no-install-recommends fonts-arphic-uming \
		|| { $$s apt-get update -q && DEBIAN_FRONTEND=noninteractive $$s apt-get install -y -q --no-install-recommends fonts-arphic-uming; } \
		|| echo "Could not install fonts-arphic-uming: PDF documents need a CJK font (set DOCUMENT_FONT_PATH)"; \
	else echo "No CJK font at $(CJK_FONT): run 'apt-get install fonts-arphic-uming' or set DOCUMENT_FONT_PATH to a .ttf/.ttc font"; fi

demo: $(STAMP) | cjk-font
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "演示地址 / open http://$(HOST):$(PORT)/  （Ctrl-C 停止 / to stop）"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) | cjk-font
	@[ -x "$(CHROMIUM)" ] || echo "Browser test skipped: $(CHROMIUM) not found (apt-get install -y chromium)"
	$(PY) -m pytest -rs $(PYTEST_ARGS)

# A fresh database per run; pytest-django creates test_<name> from template0 as UTF-8 (see settings.DATABASES).
test-postgres: $(STAMP) | cjk-font
	@set -euo pipefail; \
	db="casemgmt_ci_$$($(PY) -c 'import secrets; print(secrets.token_hex(4))')"; \
	pg=(-h "$(PG_HOST)" -p "$(PG_PORT)" -U "$(PG_USER)"); \
	createdb "$${pg[@]}" -E UTF8 --locale=C.UTF-8 -T template0 "$$db"; \
	trap 'dropdb "$${pg[@]}" --force --if-exists "test_$$db"; dropdb "$${pg[@]}" --force --if-exists "$$db"' EXIT; \
	echo "PostgreSQL database $$db on $(PG_HOST):$(PG_PORT)"; \
	DATABASE_URL="postgres://$(PG_USER)@$(PG_HOST):$(PG_PORT)/$$db" $(PY) -m pytest -rs $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
