# kestra_io.kestra: every command sets up .venv itself (Python 3.11 and make are all it needs).
#   make demo   run examples/demo.yml against the emulator
#   make test   every check, in order, stopping at the first failure
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
SYSTEM_PATH := $(PATH)
export PATH := $(BIN):$(PATH)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0
export PY_COLORS := 0
export NO_COLOR := 1
PY_VERSION := 3.11
IN_COLLECTION := .ci/in_collection.sh
# 0: the demo's emulator listens on a free port, printed first
DEMO_PORT ?= 0
EMULATOR_PORT ?= 8080
DEMO_USERNAME := admin@kestra.io
DEMO_PASSWORD := Kestra-Demo-2026
SUMMARY_LABEL ?= test

# the role scenario and the demo join the suite once they exist
# leftover-processes stays last: it fails when a process started by an earlier step is still running
TEST_STEPS := sanity compat units emulator-tests integration matrix-fast lint changelog-lint docs-lint build-doc \
	$(if $(wildcard roles/deploy/molecule),role) $(if $(wildcard examples/demo.yml),demo) eda leftover-processes

.PHONY: venv test $(TEST_STEPS) role demo emulator bench clean leftover-processes matrix integration-full eda java-check

# the version matrix: each ansible-core version with the controller Python (pyenv) it is tested on;
# .venv-matrix/<version> holds ansible-core==<version>.* and .ci/matrix-requirements.txt,
# pinned by .ci/matrix-constraints/<version>.txt
MATRIX := 2.17:3.10 2.18:3.11 2.19:3.12 2.20:3.12 2.21:3.13
MATRIX_VERSIONS := $(foreach pair,$(MATRIX),$(firstword $(subst :, ,$(pair))))
# make test's part of the matrix: the oldest and the newest ansible-core, the integration smoke set (make matrix runs units too)
MATRIX_FAST := $(firstword $(MATRIX_VERSIONS)) $(lastword $(MATRIX_VERSIONS))
PYENV_ROOT ?= $(HOME)/.pyenv
matrix_python = $(lastword $(subst :, ,$(filter $(1):%,$(MATRIX))))

$(VENV)/.installed: .ci/requirements.txt .ci/constraints.txt
	PATH="$(SYSTEM_PATH)" $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r .ci/requirements.txt -c .ci/constraints.txt
	touch $@

venv: $(VENV)/.installed

test: venv
	@passed=0; failed=0; started=$$SECONDS; export KESTRA_TEST_STARTED=$$(date +%s); \
	for step in $(TEST_STEPS); do \
	  echo; echo "=== $$step"; t0=$$SECONDS; \
	  if $(MAKE) --no-print-directory $$step; then \
	    passed=$$((passed + 1)); echo "--- ok: $$step ($$((SECONDS - t0))s)"; \
	  else \
	    failed=$$((failed + 1)); echo "--- FAILED: $$step ($$((SECONDS - t0))s)"; break; \
	  fi; \
	done; \
	if [ $$failed -ne 0 ]; then echo; echo "=== leftover-processes"; $(MAKE) --no-print-directory leftover-processes; fi; \
	echo; echo "total $$((SECONDS - started))s"; \
	echo "$(SUMMARY_LABEL): $$passed passed, $$failed failed"; \
	[ $$failed -eq 0 ]

sanity: venv
	$(IN_COLLECTION) ansible-test sanity --python $(PY_VERSION) --color no

compat:
	.ci/check_python_compat.sh

units: venv
	$(IN_COLLECTION) ansible-test units --python $(PY_VERSION) --color no

emulator-tests: venv
	python -m pytest -q -p no:cacheprovider tests/emulator/tests

# each target on the profiles and in-process settings its aliases file declares (see run.py); three
# runs at a time on two cores, because the runs wait (retry back-offs, simulated task durations) part of the time
integration: venv
	python tests/integration/run.py --jobs 3

# every target on both profiles x in-process on and off: the slow case, not part of make test
integration-full: venv
	python tests/integration/run.py --jobs 3 --full

# sanity, units and the integration smoke set on every ansible-core version of MATRIX
matrix: $(foreach version,$(MATRIX_VERSIONS),.venv-matrix/$(version)/.installed)
	.ci/matrix.sh $(MATRIX_VERSIONS)

matrix-fast: $(foreach version,$(MATRIX_FAST),.venv-matrix/$(version)/.installed)
	MATRIX_STEPS="smoke" MATRIX_PARALLEL=1 .ci/matrix.sh $(MATRIX_FAST)

# the controller Python comes from pyenv; a missing one is installed with pyenv
.venv-matrix/%/.installed: .ci/matrix-requirements.txt .ci/matrix-constraints/%.txt
	@pyver=$(call matrix_python,$*); \
	find_python() { ls -d $(PYENV_ROOT)/versions/$$pyver.*/bin/python3 2>/dev/null | sort -V | tail -1; }; \
	py="$$(find_python)"; \
	if [ -z "$$py" ]; then \
	  echo "installing Python $$pyver with pyenv"; \
	  pyenv install --skip-existing "$$(pyenv latest --known $$pyver)" && py="$$(find_python)"; \
	fi; \
	[ -n "$$py" ] || { echo "ansible-core $* needs Python $$pyver: pyenv install $$pyver"; exit 1; }; \
	set -ex; rm -rf .venv-matrix/$*; \
	PATH="$(SYSTEM_PATH)" "$$py" -m venv .venv-matrix/$*; \
	.venv-matrix/$*/bin/pip install -q --disable-pip-version-check -r .ci/matrix-requirements.txt \
	  'ansible-core==$*.*' -c .ci/matrix-constraints/$*.txt
	touch $@

lint: venv
	$(IN_COLLECTION) ansible-lint --offline --profile production --nocolor

changelog-lint: venv
	antsibull-changelog lint

docs-lint: venv
	$(IN_COLLECTION) antsibull-docs lint-collection-docs --plugin-docs .

build-doc: venv
	$(IN_COLLECTION) bash -c 'set -eo pipefail; \
	  ansible-galaxy collection build --force --output-path "$$WORK/dist" . >/dev/null; \
	  export ANSIBLE_COLLECTIONS_PATH="$$WORK/installed"; \
	  ansible-galaxy collection install --offline --force -p "$$WORK/installed" "$$WORK"/dist/*.tar.gz >/dev/null; \
	  count=0; \
	  for file in plugins/modules/*.py plugins/lookup/*.py; do \
	    [ -e "$$file" ] || continue; name=$$(basename "$$file" .py); [ "$$name" = __init__ ] && continue; \
	    kind=$$(basename "$$(dirname "$$file")"); kind=$${kind%s}; \
	    ansible-doc --json -t "$$kind" "kestra_io.kestra.$$name" | python -c "import json, sys; \
	      doc = json.load(sys.stdin).get(sys.argv[1], {}).get(\"doc\"); \
	      sys.exit(0 if doc else \"ansible-doc did not render %s\" % sys.argv[1])" "kestra_io.kestra.$$name"; \
	    count=$$((count + 1)); done; \
	  echo "ansible-doc rendered $$count plugins from the installed tarball"'

role: venv
	$(IN_COLLECTION) bash -c 'cd roles/deploy && molecule test'

# from a copy laid out as ansible_collections/kestra_io/kestra, so the playbook finds the collection;
# the playbooks read KESTRA_URL/KESTRA_USERNAME/KESTRA_PASSWORD, set by with_emulator.sh
demo: venv
	PORT_HINT="choose another port: make demo DEMO_PORT=<port> (DEMO_PORT=0, the default, picks a free one)" \
	  $(IN_COLLECTION) .ci/with_emulator.sh $(DEMO_PORT) $(DEMO_USERNAME) $(DEMO_PASSWORD) \
	  ansible-playbook examples/demo.yml
	@# access as code on the Enterprise Edition emulator: examples/platform.yml twice, the second with no write
	PORT_HINT="choose another port: make demo DEMO_PORT=<port> (DEMO_PORT=0, the default, picks a free one)" \
	  EMULATOR_ARGS="--edition ee" $(IN_COLLECTION) .ci/with_emulator.sh $(DEMO_PORT) $(DEMO_USERNAME) \
	  $(DEMO_PASSWORD) python .ci/platform_demo.py

# Event-Driven Ansible: the example rulebook run by the real ansible-rulebook against the emulator (tests/eda).
# ansible-rulebook and its Java rule engine live in .cache/venv-eda (.ci/eda-requirements.txt, pinned by
# .ci/eda-constraints.txt), apart from .venv; it needs a Java 17+ runtime (java-check says how to install one)
EDA_VENV := .cache/venv-eda
java-check:
	@.ci/check_java.sh

$(EDA_VENV)/.installed: .ci/eda-requirements.txt .ci/eda-constraints.txt
	rm -rf $(EDA_VENV)
	PATH="$(SYSTEM_PATH)" $(PYTHON) -m venv $(EDA_VENV)
	$(EDA_VENV)/bin/pip install -q --disable-pip-version-check -r .ci/eda-requirements.txt -c .ci/eda-constraints.txt
	touch $@

eda: venv java-check $(EDA_VENV)/.installed
	EDA_BIN=$(CURDIR)/$(EDA_VENV)/bin python -m pytest -q -p no:cacheprovider tests/eda

emulator: venv
	@python -m tests.emulator --port $(EMULATOR_PORT) --username $(DEMO_USERNAME) --password $(DEMO_PASSWORD) || \
	  { status=$$?; [ $$status -ne 3 ] || echo "choose another port: make emulator EMULATOR_PORT=<port> (0 picks a free one)"; \
	    exit $$status; }

# fails when a process the suite started (an emulator, anything under the checkout) is still running;
# under make test only processes started since the run began count
leftover-processes: venv
	@python .ci/check_leftover_processes.py

bench: venv
	@for script in bench/*.py; do \
	  [ "$$(basename $$script)" = _common.py ] && continue; \
	  echo "=== $$script"; python "$$script" || exit 1; done

# what a release needs beyond make test, without containers: changelog (lint, no bugfixes before the first
# release, a dry run of the release), the tarball through galaxy-importer, an execution-environment build
# context from ansible-builder, actionlint and yamllint of .github/workflows (tools in .cache/venv-release)
.PHONY: release-check
release-check: venv
	.ci/release_check.sh

clean:
	rm -rf dist tests/output tests/integration/inventory .pytest_cache
