# `make` installs dependencies, runs the quick profile and builds the companion into reports/;
# `make test` runs the lint checks and every test. See README.md for the other targets.
NODE_MODULES := node_modules/.package-lock.json
REPRO := node bin/repro.js
JOBS ?=
# What prettier formats: the TypeScript and JavaScript sources (.prettierignore leaves out the rest).
FORMATTED := '**/*.{ts,mjs,js}'
# Folders whose code computes results: no engine-approximated Math.* or ** there (they use
# pipeline/sim/detmath.ts), checked by scripts/check-engine-math.mjs in `make lint`.
DETERMINISTIC := pipeline/sim pipeline/analysis pipeline/figures

.PHONY: all install run report paper docs bundle audit verify test test-runtimes lint fmt typecheck bench demo clean
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
	cp reports/claims.json reports/claims-paper.json
	node --import tsx scripts/write-docs.ts

# The generated documents: docs/claims.md (the claim registry) and the README's results block
# (from reports/claims-paper.json, which `make paper` writes and the repository keeps).
docs: install
	node --import tsx scripts/write-docs.ts

# The site names the commit it was built at, and a bundle must match HEAD: rebuild it first
# (everything is cached after `make`, so this takes seconds).
bundle: report
	$(REPRO) bundle

audit: install
	$(REPRO) audit

verify: install
	$(REPRO) verify $(BUNDLE)

demo: install
	$(REPRO) demo

test: lint
	npx tsc --noEmit
	node scripts/run-tests.mjs

# The quick profile and every test under each supported Node (scripts/test-runtimes.mjs);
# RUNTIME_FLAGS=--skip-current-tests leaves out the tests under this Node (.ci/run ran make test).
test-runtimes: install
	node scripts/test-runtimes.mjs $(RUNTIME_FLAGS)

lint: install
	npx prettier --check --log-level warn $(FORMATTED)
	npx eslint .
	node scripts/check-engine-math.mjs $(DETERMINISTIC)

fmt: install
	npx prettier --write --log-level warn $(FORMATTED)

typecheck: install
	npx tsc --noEmit

bench: install
	node --import tsx scripts/bench.ts

clean:
	rm -rf reports/site reports/figures reports/bench reports/*.tar.gz
