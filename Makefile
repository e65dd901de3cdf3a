# `make` installs dependencies and builds the default (quick) companion; `make test` runs every test.
NODE_MODULES := node_modules/.package-lock.json
REPRO := node bin/repro.js

.PHONY: all install demo test typecheck bench
all: install demo

install: $(NODE_MODULES)
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

demo: install
	$(REPRO) demo

test: install
	npx tsc --noEmit
	node scripts/run-tests.mjs

typecheck: install
	npx tsc --noEmit

bench: install
	node --import tsx scripts/bench.ts
