#!/usr/bin/env bash
# Builds the real Temporal server (every service in one binary), its SQL schema tool and the Temporal Web UI server
# from the Go module proxy into .tools/temporal-server, for `npm run cluster` and the cluster tests (the dev server
# of `npm start` comes from scripts/ensure-tools.sh instead). Idempotent: a second run is instant (a stamp file
# names the versions).
#
# Everything Go needs lives under .tools/temporal-server/go (GOPATH, module cache, build cache), so a clean machine
# (CI) builds the same way and nothing outside the checkout is touched; the Go command downloads the toolchain the
# server needs (GOTOOLCHAIN) from the module proxy too. Cold: about 4-6 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_SERVER_VERSION=1.32.2
TEMPORAL_UI_SERVER_VERSION=2.54.1 # the Web UI the Temporal CLI 1.9.1 embeds (scripts/ensure-tools.sh)
GO_TOOLCHAIN=go1.27.3
target="$PWD/.tools/temporal-server"
stamp="$target/.installed-$TEMPORAL_SERVER_VERSION-$TEMPORAL_UI_SERVER_VERSION-$GO_TOOLCHAIN"
if [ -f "$stamp" ] && [ -x "$target/bin/temporal-server" ] && [ -x "$target/bin/temporal-sql-tool" ] \
  && [ -x "$target/bin/temporal-ui-server" ] && [ -d "$target/schema/postgresql/v12/temporal/versioned" ]; then
  exit 0
fi
say() { echo "signaalloket: $*" >&2; }
command -v go >/dev/null 2>&1 || {
  say "the Go command is needed once, to build the Temporal server from the Go module proxy (https://go.dev/dl)"
  exit 1
}
say "building Temporal server $TEMPORAL_SERVER_VERSION, its SQL tool and Web UI $TEMPORAL_UI_SERVER_VERSION into $target (first time only, a few minutes)"
started=$(date +%s)
rm -rf "$target/bin" "$target/schema" "$target"/.installed-*
mkdir -p "$target/bin"
export GOPATH="$target/go"
export GOMODCACHE="$target/go/pkg/mod"
export GOCACHE="$target/go/build-cache"
export GOBIN="$target/bin"
export GOTOOLCHAIN="$GO_TOOLCHAIN"
export GOFLAGS="-modcacherw -buildvcs=false" # a writable module cache can be removed with rm -rf
export CGO_ENABLED=0
server=go.temporal.io/server
go install "$server/cmd/server@v$TEMPORAL_SERVER_VERSION" "$server/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION"
mv "$target/bin/server" "$target/bin/temporal-server"
mv "$target/bin/sql" "$target/bin/temporal-sql-tool"
# The UI server module ships the built web app and embeds it in the binary.
go install "github.com/temporalio/ui-server/v2/cmd/server@v$TEMPORAL_UI_SERVER_VERSION"
mv "$target/bin/server" "$target/bin/temporal-ui-server"
# The SQL tool embeds only MySQL's versioned schemas; PostgreSQL's come from the server module's source, kept next
# to the binaries so nothing at run time needs the module cache.
mkdir -p "$target/schema/postgresql"
cp -R "$GOMODCACHE/$server@v$TEMPORAL_SERVER_VERSION/schema/postgresql/v12" "$target/schema/postgresql/"
chmod -R u+w "$target/schema"
# The build cache only speeds up a rebuild of the same versions, and is the largest part.
rm -rf "$GOCACHE"
touch "$stamp"
say "Temporal server, SQL tool and Web UI built in $(($(date +%s) - started)) s"
