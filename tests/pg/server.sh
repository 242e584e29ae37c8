#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks of promo_pg,
# started from Debian's server binaries (package postgresql) with initdb and
# pg_ctl -- as the postgres user when run as root, since PostgreSQL refuses
# to run as root. It listens on a Unix socket in its data directory and on
# 127.0.0.1 at a free port, with password authentication over TCP so that a
# wrong password can be tested.
#
#   server.sh setup DIR [--durable]  initdb, start, create role and database;
#                                    writes DIR/url (the service's URL, on
#                                    the socket: no password), DIR/tcp_url
#                                    (over TCP, with its password),
#                                    DIR/admin_url, DIR/datadir, DIR/bindir
#   server.sh stop DIR               stops it (fast shutdown), keeps the data
#   server.sh start DIR              starts it again, same port
#   server.sh teardown DIR           stops it and removes everything
#
# Without server binaries, setup exits 77 (skipped) with a message, unless
# PROMO_REQUIRE_PG=1 (CI), when it fails. The test cluster runs with fsync
# off (the tests check logic, not durability); --durable keeps PostgreSQL's
# defaults, for benchmarks.
set -euo pipefail

SKIP=77
cmd=${1:?usage: server.sh setup|start|stop|teardown DIR}
dir=${2:?usage: server.sh setup|start|stop|teardown DIR}

skip_or_fail() {
  echo "server.sh: $*" >&2
  if [ "${PROMO_REQUIRE_PG:-0}" = 1 ]; then
    echo "server.sh: PROMO_REQUIRE_PG=1: failing instead of skipping" >&2
    exit 1
  fi
  echo "server.sh: the PostgreSQL tests are skipped" >&2
  exit $SKIP
}

# Server binaries: $PG_BINDIR, else the newest /usr/lib/postgresql/N/bin.
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then
    echo "$PG_BINDIR"
    return
  fi
  local best=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
  done
  if [ -z "$best" ] && command -v pg_config >/dev/null &&
     [ -x "$(pg_config --bindir)/initdb" ]; then
    best=$(pg_config --bindir)
  fi
  echo "$best"
}

# Runs a command as the cluster's owner: postgres when we are root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ctl_() {
  local bindir datadir
  bindir=$(cat "$dir/bindir")
  datadir=$(cat "$dir/datadir")
  as_owner "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
    -t 60 "$@" >/dev/null
}

setup() {
  local durable=0
  [ "${3:-}" = --durable ] && durable=1
  local bindir
  bindir=$(find_bindir)
  [ -n "$bindir" ] ||
    skip_or_fail "no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package, or set PG_BINDIR"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    skip_or_fail "running as root, and there is no postgres user to run the server as"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  # The data directory must belong to the server's user; the build tree
  # may not be reachable by it.
  local datadir
  datadir=$(mktemp -d /tmp/promo-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$datadir"
  chmod 700 "$datadir"
  echo "$bindir" >"$dir/bindir"
  echo "$datadir" >"$dir/datadir"
  as_owner "$bindir/initdb" -D "$datadir" -A trust -U postgres -E UTF8 \
    --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  {
    echo "local all all trust"
    echo "host all all 127.0.0.1/32 scram-sha-256"
  } | as_owner tee "$datadir/pg_hba.conf" >/dev/null
  local port started=0
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$datadir'"
      echo "max_connections = 60"
      echo "password_encryption = 'scram-sha-256'"
      if [ $durable = 0 ]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      fi
    } | as_owner tee "$datadir/postgresql.auto.conf" >/dev/null
    echo "$port" >"$dir/port"
    if pg_ctl_ start; then
      started=1
      break
    fi
  done
  [ $started = 1 ] || { cat "$datadir/server.log" >&2; exit 1; }
  as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$datadir" -p "$port" \
    -U postgres -d postgres <<'SQL'
CREATE ROLE promo LOGIN PASSWORD 'promo-test';
CREATE DATABASE promo OWNER promo;
SQL
  echo "postgresql://promo@/promo?host=$datadir&port=$port" >"$dir/url"
  echo "postgresql://promo:promo-test@127.0.0.1:$port/promo?sslmode=disable&gssencmode=disable" \
    >"$dir/tcp_url"
  echo "postgresql://postgres@/promo?host=$datadir&port=$port" \
    >"$dir/admin_url"
  echo "server.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port, data in $datadir"
}

case $cmd in
  setup) setup "$@" ;;
  start) [ -f "$dir/datadir" ] || exit $SKIP; pg_ctl_ start ;;
  stop) [ -f "$dir/datadir" ] || exit $SKIP; pg_ctl_ stop -m fast ;;
  teardown)
    [ -f "$dir/datadir" ] || exit 0
    pg_ctl_ stop -m immediate 2>/dev/null || true
    rm -rf "$(cat "$dir/datadir")" "$dir"
    ;;
  *) echo "server.sh: unknown command $cmd" >&2; exit 2 ;;
esac
