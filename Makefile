# One entry point for developers, CI and evaluators. Everything installs itself.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=
# `make fuzz`: the suite runs 3 examples per operation without the coverage and stateful phases
FUZZ_EXAMPLES ?= 100
FUZZ_PHASES ?= examples,coverage,fuzzing,stateful
FUZZ_DB ?= postgres
FUZZ_MAX_TIME ?= 900

.PHONY: help setup infra run stop test test-sqlite test-postgres lint format bench fuzz token clean

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

test: infra lint  ## Lint, then the whole suite on SQLite and on PostgreSQL
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

fuzz: infra  ## schemathesis over the gateway as every role: FUZZ_EXAMPLES=100, all phases, FUZZ_MAX_TIME=900 s a role
	MALL_TEST_DB=$(FUZZ_DB) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_PHASES=$(FUZZ_PHASES) FUZZ_MAX_TIME=$(FUZZ_MAX_TIME) \
		$(PY) -m pytest tests/gateway/test_fuzz.py $(PYTEST_ARGS)

token: setup  ## make token ROLE=member|ops SUB=... SEGMENTS=a,b REGION=460100
	@$(PY) -m services.gateway.devtoken --role "$(or $(ROLE),member)" --sub "$(or $(SUB),demo-member)" \
		--segments "$(or $(SEGMENTS),regular)" --region "$(or $(REGION),460100)"

clean:  ## Remove local state (databases, Kafka data); keeps the download caches
	-deploy/infra.sh down
	rm -rf var
