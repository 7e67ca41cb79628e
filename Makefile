# 卡友助手 — the two front-door commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 $(VENV)/bin/rasa
STAMP     := $(VENV)/.installed
MODEL     := models/kayou.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(wildcard data/*.yml data/*/*.yml data/jieba/*) $(wildcard bot/nlu/*.py)

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install train run test unit e2e validate test-stories lint bench clean browser-deps nginx-deps font-deps

help:
	@echo "make run    install if needed, train if stale, start the bot (REST, widget, WeChat, console)"
	@echo "make test   install if needed, train if stale, run every test"
	@echo "make install | train | validate | test-stories | lint | bench | clean"

install: $(STAMP)

# Reinstall only when pyproject.toml changed (or the venv is missing).
$(STAMP): pyproject.toml scripts/find_python310.sh
	@set -e; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)'; then \
	  PY310=$$(scripts/find_python310.sh); \
	  echo "creating $(VENV) with $$PY310"; \
	  rm -rf $(VENV); "$$PY310" -m venv $(VENV); \
	fi; \
	$(PY) -m pip install --quiet --upgrade "pip<24.1"; \
	$(PY) -m pip install --quiet -e ".[dev]"; \
	touch $(STAMP)

train: $(MODEL)

# Rasa also fingerprints its inputs; make's timestamps decide whether to call it at all.
$(MODEL): $(STAMP) $(TRAIN_INPUTS)
	@mkdir -p models
	$(RASA) train --config config.yml --domain domain.yml --data data --out models --fixed-model-name kayou
	@touch $(MODEL)

run: install train font-deps
	@scripts/run.sh

validate: install
	$(RASA) data validate --domain domain.yml --data data --config config.yml

test-stories: install train
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out results/core

unit: install
	$(PY) -m pytest -m "not e2e and not browser" -q

e2e: install nginx-deps train
	$(PY) -m pytest -m "e2e or browser" -q

# Debian's chromium for the browser tests (never a downloaded browser).
browser-deps:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  echo "installing Debian's chromium and a Chinese font for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing Debian's poppler-utils (pdftotext) for the document tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# The Chinese font embedded in the PDF letter (bot/documents/render.py); never downloaded at run time.
font-deps:
	@fc-list :lang=zh 2>/dev/null | grep -q . || [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || { \
	  echo "installing Debian's fonts-wqy-zenhei for the PDF letter"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-wqy-zenhei >/dev/null; }

# Debian's nginx for the production-path test (tests/e2e/test_nginx.py runs deploy/nginx/kayou.conf).
nginx-deps:
	@{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || { \
	  echo "installing Debian's nginx for the reverse-proxy test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx >/dev/null; }

test: install browser-deps nginx-deps train validate
	$(PY) -m pytest -q -ra
	$(MAKE) --no-print-directory test-stories

lint: install
	$(VENV)/bin/ruff check bot actions tests bench

bench: install train
	$(PY) -m bench.run_all

clean:
	rm -rf models results var .pytest_cache
