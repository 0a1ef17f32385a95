#!/usr/bin/env bash
# Installs the pinned schemathesis (API fuzzer, PyPI) into .tools/schemathesis, as scripts/ensure-tools.sh does
# for Temporal. Idempotent: a second run is instant. Prints the path of the `st` launcher.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCHEMATHESIS_VERSION=4.32.5
target=.tools/schemathesis
stamp="$target/.installed-$SCHEMATHESIS_VERSION"
if [ ! -f "$stamp" ]; then
  python=$(command -v python3 || command -v python || true)
  if [ -z "$python" ]; then
    echo "signaalloket: python3 with pip is needed once to fetch schemathesis from PyPI" >&2
    exit 1
  fi
  echo "signaalloket: installing schemathesis $SCHEMATHESIS_VERSION into $target" >&2
  rm -rf "$target"
  "$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
    "schemathesis==$SCHEMATHESIS_VERSION" 2>&1 | grep -v "Running pip as the 'root' user" >&2 || true
  PYTHONPATH="$target" "$python" -c 'import schemathesis' || {
    echo "signaalloket: schemathesis did not install; see the pip output above" >&2
    exit 1
  }
  touch "$stamp"
fi
echo "$(pwd)/$target"
