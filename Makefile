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

.PHONY: help setup infra k8s-tools run stop test test-unit test-sqlite test-postgres lint format bench token clean logs chaos chaos-short browser screenshots rehearse fuzz scale-test

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

browser:  ## Install Debian's chromium (and CJK fonts) for the page tests
	bash -c '. deploy/lib.sh && apt_install_if_missing chromium fonts-noto-cjk'

run: setup  ## Run the whole mall with demo data under supervisord (Ctrl-C stops it)
	deploy/run.sh

logs:  ## Follow the logs of every process of `make run` together
	deploy/run.sh logs

stop:  ## Stop the mall's processes and the infrastructure
	-deploy/run.sh stop
	deploy/infra.sh down

k8s-tools:  ## kubectl (Debian's kubernetes-client if none) for the manifests' test
	deploy/k8s/kubectl.sh >/dev/null

test: test-unit infra browser lint k8s-tools  ## Unit tests, lint, then the integration suites on SQLite and PostgreSQL (with the short chaos run)
	$(MAKE) test-sqlite test-postgres

# Servers named here are unreachable on purpose: a unit test that needs one fails at once.
test-unit: setup  ## Pure tests (tests/unit): no Kafka, Redis or database; under 30 s
	KAFKA_BOOTSTRAP=127.0.0.1:1 REDIS_PORT=1 PGPORT=1 MALL_TEST_DB=sqlite \
		$(PY) -m pytest tests/unit $(PYTEST_ARGS)

test-sqlite: setup
	MALL_TEST_DB=sqlite $(PY) -m pytest --ignore=tests/unit $(PYTEST_ARGS)

test-postgres: setup
	MALL_TEST_DB=postgres $(PY) -m pytest --ignore=tests/unit $(PYTEST_ARGS)

lint: setup  ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: infra  ## Benchmarks; each prints `bench: <name> ratio=... target=...`
	bash -c '. deploy/lib.sh && apt_install_if_missing wrk'
	$(PY) -m benchmarks

chaos: setup  ## SIGKILL every part of a private mall under load, then check nothing was lost
	$(PY) -m tests.chaos

chaos-short: infra  ## The short chaos run alone (one kill of each kind; `make test` runs it in its PostgreSQL pass)
	MALL_TEST_DB=postgres $(PY) -m pytest tests/chaos $(PYTEST_ARGS)

rehearse: setup  ## Claim rush against a running mall: make rehearse [MEMBERS=38077] (gateway trusts 1 proxy hop)
	$(VENV)/bin/mallctl rehearse --members "$(or $(MEMBERS),38077)"

fuzz: infra  ## schemathesis over the gateway as every role: FUZZ_EXAMPLES=100, all phases, FUZZ_MAX_TIME=900 s a pass
	MALL_TEST_DB=$(FUZZ_DB) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_PHASES=$(FUZZ_PHASES) FUZZ_MAX_TIME=$(FUZZ_MAX_TIME) \
		$(PY) -m pytest tests/gateway/test_fuzz.py $(PYTEST_ARGS)

scale-test: infra  ## 3 of each web process, 2 of each worker, under load; kill a worker; check order, once, outboxes
	$(PY) -m tests.scale.scale_run

token: setup  ## make token ROLE=member|ops SUB=... SEGMENTS=a,b REGION=460100
	@$(PY) -m services.gateway.devtoken --role "$(or $(ROLE),member)" --sub "$(or $(SUB),demo-member)" \
		--segments "$(or $(SEGMENTS),regular)" --region "$(or $(REGION),460100)"

screenshots: infra browser  ## Phone and desktop screenshots of the main pages in var/screenshots/
	$(PY) -m tests.web.screenshots var/screenshots

clean:  ## Remove local state (databases, Kafka data); keeps the download caches
	-deploy/infra.sh down
	rm -rf var
