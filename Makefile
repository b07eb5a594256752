# The front door. Every target is a thin call into tasks.py (invoke); the first
# use creates .venv from requirements.lock, and a changed lock re-creates it.
# Authors' targets install only what building needs (requirements.lock); the
# test, lint, audit and bench targets add the test tools (requirements-test.lock,
# the same pins plus Playwright, pytest, linters and validators).

PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.synced-from-lock
TEST_STAMP := $(VENV)/.synced-from-test-lock
INVOKE := $(VENV)/bin/invoke
PIP    := $(VENV)/bin/python -m pip --quiet --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help html clean devserver serve publish test check new translate messages lint report bench lock

help: ## List the targets
	@echo "Olea site. Usage: make TARGET"
	@grep -E '^[a-z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@echo "Setting up $(VENV) from requirements.lock (first run, or the lock changed)..."
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --require-hashes --no-deps -r requirements.lock
	@# The site's own package (olea/), editable: a change to its code needs no reinstall.
	@$(PIP) install --no-deps --no-build-isolation --no-index -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	@echo "Adding the test tools from requirements-test.lock..."
	@$(PIP) install --require-hashes --no-deps -r requirements-test.lock
	@touch $(TEST_STAMP)

html: $(STAMP) ## Build the site into output/ (strict: any warning fails)
	@$(INVOKE) html

clean: $(STAMP) ## Remove output/ and the content cache
	@$(INVOKE) clean

devserver: $(STAMP) ## Build, serve at http://localhost:8000 and reload on save
	@$(INVOKE) devserver

serve: devserver ## Same as devserver

publish: $(STAMP) ## Build the production site (needs OLEA_SITEURL) from scratch
	@$(INVOKE) publish

# Node tools (the Nu validator, Lighthouse) from package-lock.json, re-installed when it changes.
NODE_STAMP := node_modules/.synced-from-lock
$(NODE_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is needed (apt-get install nodejs npm)."; exit 1; }
	@echo "Installing node_modules from package-lock.json..."
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

test: $(TEST_STAMP) $(NODE_STAMP) ## Run every test, browser tests included
	@$(INVOKE) test

check: $(STAMP) ## Run every content check without writing the site
	@$(INVOKE) check

new: $(STAMP) ## Start an article: make new TITLE="Heat or ice for back pain"
	@if [ -z "$(TITLE)" ]; then echo 'usage: make new TITLE="The article title"'; exit 1; fi
	@$(INVOKE) new --title "$(TITLE)"

translate: $(STAMP) ## Start a translation: make translate SLUG=heat-or-ice-for-back-pain LANG=es
	@if [ -z "$(SLUG)" ] || [ -z "$(LANG)" ]; then echo 'usage: make translate SLUG=article-folder LANG=es'; exit 1; fi
	@$(INVOKE) translate --slug "$(SLUG)" --lang "$(LANG)"

messages: $(STAMP) ## Update the theme's message catalogues after editing template strings
	@$(INVOKE) messages

lint: $(TEST_STAMP) ## Check Python and template style
	@$(INVOKE) lint

report: $(STAMP) ## Word count, reading grade and references of each article
	@$(INVOKE) report

bench: $(STAMP) ## Benchmark builds at 100 and 1000 articles; prints ratios
	@$(INVOKE) bench

lock: $(TEST_STAMP) ## Re-pin requirements.lock after editing pyproject.toml
	@$(INVOKE) lock

.PHONY: audit
audit: $(TEST_STAMP) $(NODE_STAMP) ## Lighthouse on four pages (after npm ci); fails below 100 in a11y, BP or SEO
	@$(INVOKE) audit

# --- Deploy: each refuses an output/ that make publish did not verify ------------------
.PHONY: deploy github rsync_upload rollback
deploy: $(STAMP) ## Put the published output/ live, the way the site was set up (OLEA_DEPLOY)
	@$(INVOKE) deploy

github: $(STAMP) ## Push the published output/ to gh-pages (OLEA_CNAME, OLEA_GIT_REMOTE)
	@$(INVOKE) github

rsync_upload: $(STAMP) ## Upload output/ as a new release to OLEA_RSYNC_TARGET, then go live
	@$(INVOKE) rsync-upload

rollback: $(STAMP) ## Make the previous release on OLEA_RSYNC_TARGET live again
	@$(INVOKE) rollback
