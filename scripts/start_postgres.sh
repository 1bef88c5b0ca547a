#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the database tests and print its URL on stdout.
# Installs nothing (scripts/setup.sh --test installs Debian's postgresql). Idempotent: a
# server already running from an earlier call is reused.
#
#   export SOHOA_TEST_PG_URL="$(bash scripts/start_postgres.sh)"
#   bash scripts/start_postgres.sh --stop
#
# Why initdb in a scratch folder rather than the Debian "main" cluster: it needs no system
# configuration, no password (trust auth, localhost only, a private socket folder) and can
# be thrown away. PostgreSQL refuses to run as root, so as root it runs as `postgres`.
set -euo pipefail
PORT="${SOHOA_PG_PORT:-54329}"
DATA="${SOHOA_PG_DIR:-/tmp/sohoa-pg-$PORT}"
DB="${SOHOA_PG_DB:-sohoa_test}"

bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && bin="$candidate"; done
if [ -z "$bin" ] && command -v initdb >/dev/null; then bin="$(dirname "$(command -v initdb)")"; fi
if [ -z "$bin" ]; then
  echo "start_postgres: PostgreSQL is not installed (scripts/setup.sh --test installs it)" >&2
  exit 1
fi

as_owner() {  # run a command as the server's owner: postgres when we are root
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
user="$(id -un)"; [ "$(id -u)" -eq 0 ] && user=postgres

if [ "${1:-}" = "--stop" ]; then
  as_owner "$bin/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DATA"
  chmod 700 "$DATA"
  as_owner "$bin/initdb" -D "$DATA" -U "$user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DATA.initdb.log" 2>&1 || { cat "$DATA.initdb.log" >&2; exit 1; }
fi
ready() { "$bin/pg_isready" -q -h localhost -p "$PORT"; }
if ! ready; then
  # A server killed with the machine's processes leaves postmaster.pid and the socket lock
  # behind, and its PID may linger as a zombie (seen here: PID 1 does not reap) that
  # PostgreSQL takes for a live server: drop the lock files of a process that is gone or
  # defunct, give a live one time to come up, then start.
  if [ -f "$DATA/postmaster.pid" ]; then
    pid="$(head -1 "$DATA/postmaster.pid")"
    state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
    if [ -z "$state" ] || [[ "$state" == Z* ]]; then
      rm -f "$DATA/postmaster.pid" "$DATA/.s.PGSQL.$PORT" "$DATA/.s.PGSQL.$PORT.lock"
    else
      for _ in $(seq 30); do ready && break; sleep 1; done
    fi
  fi
  if ! ready; then
    as_owner "$bin/pg_ctl" -D "$DATA" -w -t 60 -l "$DATA/server.log" \
      -o "-p $PORT -k $DATA -c listen_addresses=localhost -c fsync=off" start >&2 \
      || { tail -20 "$DATA/server.log" >&2; exit 1; }
  fi
fi
if ! as_owner "$bin/psql" -h localhost -p "$PORT" -U "$user" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  as_owner "$bin/createdb" -h localhost -p "$PORT" -U "$user" "$DB"
fi
echo "postgresql://$user@localhost:$PORT/$DB"
