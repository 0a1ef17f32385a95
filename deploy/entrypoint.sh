#!/bin/sh
# The image's one entry point: which part of signaalloket this container runs.
#   api       the REST API, ministry pages and dashboard (PORT), readiness and metrics (OPS_PORT)   [default]
#   worker    the Temporal worker: workflows from the bundle built into the image, activities, mail outbox
#   migrate   applies pending database migrations to DATABASE_URL, then exits (the Helm pre-upgrade hook)
#   admin …   the operator's CLI (organisations, users, API keys), e.g. `kubectl exec deploy/… -- signaalloket admin …`
#   import …  imports existing signals from a file
# `exec` makes Node the container's main process, so it receives SIGTERM itself and shuts down cleanly.
set -eu
cd /app
command=${1:-api}
if [ $# -gt 0 ]; then shift; fi
case "$command" in
  api) exec node --import tsx api/main.ts "$@" ;;
  worker) exec node --import tsx worker/main.ts "$@" ;;
  migrate) exec node --import tsx scripts/db/migrate.ts "$@" ;;
  admin) exec node --import tsx scripts/admin.ts "$@" ;;
  import) exec node --import tsx scripts/import.ts "$@" ;;
  *)
    echo "signaalloket: unknown command '$command' (api, worker, migrate, admin, import)" >&2
    exit 64
    ;;
esac
