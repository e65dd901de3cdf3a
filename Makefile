# `make` installs dependencies, runs the quick profile and builds the companion into reports/;
# `make test` runs every test. See README.md for the other targets.
NODE_MODULES := node_modules/.package-lock.json
REPRO := node bin/repro.js
JOBS ?=

.PHONY: all install run report paper bundle audit verify test typecheck bench demo clean
all: report

install: $(NODE_MODULES)
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

run: install
	$(REPRO) run --profile quick $(if $(JOBS),--jobs $(JOBS))

report: run
	$(REPRO) report --profile quick

paper: install
	$(REPRO) run --profile paper $(if $(JOBS),--jobs $(JOBS))
	$(REPRO) report --profile paper

bundle: install
	$(REPRO) bundle

audit: install
	$(REPRO) audit

verify: install
	$(REPRO) verify $(BUNDLE)

demo: install
	$(REPRO) demo

test: install
	npx tsc --noEmit
	node scripts/run-tests.mjs

typecheck: install
	npx tsc --noEmit

bench: install
	node --import tsx scripts/bench.ts

clean:
	rm -rf reports/site reports/figures reports/bench reports/*.tar.gz
