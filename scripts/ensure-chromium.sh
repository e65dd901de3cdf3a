#!/usr/bin/env bash
# Installs Debian's chromium for the site's browser tests (tests/site/) when it is missing.
# The tests skip with a printed reason when no browser is present, so this never fails the build:
# it says why it did nothing and exits 0.
set -uo pipefail
BROWSER=${REPRO_CHROMIUM:-/usr/bin/chromium}
if [ -x "$BROWSER" ]; then
  echo "ensure-chromium: $BROWSER present ($("$BROWSER" --version 2>/dev/null | head -n1))"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-chromium: $BROWSER absent and not root; skipping install (browser tests will skip)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "ensure-chromium: $BROWSER absent and no apt-get; skipping install (browser tests will skip)"
  exit 0
fi
echo "ensure-chromium: installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null); then
  echo "ensure-chromium: apt-get install chromium failed; browser tests will skip"
elif [ -x "$BROWSER" ]; then
  echo "ensure-chromium: installed ($("$BROWSER" --version 2>/dev/null | head -n1))"
else
  echo "ensure-chromium: apt-get installed chromium but $BROWSER is still absent; browser tests will skip"
fi
exit 0
