#!/usr/bin/env bash
# Checks deploy/ where no Docker engine runs: the files the Dockerfile, compose file and Caddyfile refer to
# (tests/unit/deploy-files.test.ts), the compose file as Compose reads it (when `docker compose` or
# `docker-compose` is installed) and the Caddyfile as Caddy reads it (when `caddy` is installed).
set -euo pipefail
cd "$(dirname "$0")/.."

npx vitest run tests/unit/deploy-files.test.ts

# Placeholder values for every required variable (they override a deploy/.env, which is never read here).
sample=(
  PUBLIC_BASE_URL=https://earshot.example.com SITE_ADDRESS=earshot.example.com POSTGRES_PASSWORD=check-only
  METRICS_TOKEN=check-only-0123456789abcdef SUPERVISOR_PASSWORD=check-only
  'ACS_CONNECTION_STRING=endpoint=https://example.communication.azure.com/;accesskey=Y2hlY2s=' ACS_JWT_AUDIENCE=check-only
)
if docker compose version >/dev/null 2>&1; then
  (cd deploy && env "${sample[@]}" docker compose --profile emulator config --quiet) && echo "compose file: valid (docker compose)"
elif command -v docker-compose >/dev/null 2>&1; then
  (cd deploy && env "${sample[@]}" docker-compose --profile emulator config --quiet) && echo "compose file: valid (docker-compose)"
else
  echo "compose file: not checked (neither docker compose nor docker-compose is installed)"
fi

if command -v caddy >/dev/null 2>&1; then
  # `adapt` parses only; `--validate` would start health checks against the upstreams.
  for site in earshot.example.com :80; do SITE_ADDRESS="$site" caddy adapt --config deploy/Caddyfile --adapter caddyfile >/dev/null; done
  echo "Caddyfile: valid (caddy $(caddy version | cut -d' ' -f1))"
else
  echo "Caddyfile: not checked (caddy is not installed)"
fi
