# One entry point for developers, CI and evaluators. Everything installs itself.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=

.PHONY: help setup infra k8s-tools run stop test scale-test test-sqlite test-postgres lint format bench token clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)  ## Create the virtualenv with every Python dependency

infra: setup  ## Install (if missing) and start Kafka, Redis and PostgreSQL
	deploy/infra.sh up

run: setup  ## Run the whole mall with demo data (Ctrl-C stops it)
	deploy/run.sh

stop:  ## Stop the mall's processes and the infrastructure
	-deploy/run.sh stop
	deploy/infra.sh down

k8s-tools:  ## kubectl (Debian's kubernetes-client if none) for the manifests' test
	deploy/k8s/kubectl.sh >/dev/null

test: infra lint k8s-tools  ## Lint, then the whole suite on SQLite and on PostgreSQL
	$(MAKE) test-sqlite test-postgres

test-sqlite: setup
	MALL_TEST_DB=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: setup
	MALL_TEST_DB=postgres $(PY) -m pytest $(PYTEST_ARGS)

lint: setup  ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: infra  ## Benchmarks; each prints `bench: <name> ratio=... target=...`
	bash -c '. deploy/lib.sh && apt_install_if_missing wrk'
	$(PY) -m benchmarks

scale-test: infra  ## 3 of each web process, 2 of each worker, under load; kill a worker; check order, once, outboxes
	$(PY) -m tests.scale.scale_run

token: setup  ## make token ROLE=member|ops SUB=... SEGMENTS=a,b REGION=460100
	@$(PY) -m services.gateway.devtoken --role "$(or $(ROLE),member)" --sub "$(or $(SUB),demo-member)" \
		--segments "$(or $(SEGMENTS),regular)" --region "$(or $(REGION),460100)"

clean:  ## Remove local state (databases, Kafka data); keeps the download caches
	-deploy/infra.sh down
	rm -rf var
