#!/usr/bin/env bash
# The store commands of `promo` against the PostgreSQL server of the test
# fixture: each step is a new process with a new connection, as a fleet's
# would be, and must see what the steps before it did.
#   cli_flow.sh PROMO DATA_DIR SERVER_DIR [WRAPPER...]
# A WRAPPER (valgrind) runs every fourth step, where the store is opened,
# used and closed as in the others: enough to check the command's memory
# on this path without running all of them under it.
# Exits 77 (skipped) without a server, unless PROMO_REQUIRE_PG=1.
set -uo pipefail
promo=${1:?promo}
data=${2:?data dir}
server=${3:?server dir}
shift 3
wrapper=("$@")
if [ ! -f "$server/url" ]; then
  echo "cli_flow.sh: no PostgreSQL server (tests/pg/server.sh setup did not run)" >&2
  [ "${PROMO_REQUIRE_PG:-0}" = 1 ] && exit 1
  exit 77
fi
url=$(cat "$server/url")
# From an empty database, so that `store init` creates the schema and the
# counts start at zero however often this runs on the same server.
"$(cat "$server/bindir")/psql" -X -q -v ON_ERROR_STOP=1 \
  "$(cat "$server/admin_url")" \
  -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS promo CASCADE" ||
  exit 1
cd "$data" || exit 1
t0=1800000000
failures=0
step=0

# expect EXIT "TEXT IN STDOUT" ARGS...: runs promo ARGS, checks the exit
# status and that stdout holds TEXT (stderr must be empty unless EXIT is 2
# or 3, when stdout must be).
expect() {
  local want=$1 text=$2
  shift 2
  step=$((step + 1))
  local out err rc
  out=$(mktemp)
  err=$(mktemp)
  if [ $((step % 4)) = 1 ]; then
    "${wrapper[@]}" "$promo" "$@" >"$out" 2>"$err"
  else
    "$promo" "$@" >"$out" 2>"$err"
  fi
  rc=$?
  # A coverage build's runtime may say something about its own files.
  sed -i '/^profiling:/d' "$err"
  local ok=1
  [ "$rc" = "$want" ] || ok=0
  if [ "$want" -ge 2 ]; then
    [ -s "$out" ] && ok=0
    grep -qF -- "$text" "$err" || ok=0
  else
    [ -s "$err" ] && ok=0
    grep -qF -- "$text" "$out" || ok=0
  fi
  if [ $ok = 0 ]; then
    failures=$((failures + 1))
    echo "step $step FAILED: promo $*" >&2
    echo "  exit $rc (want $want), expected to see: $text" >&2
    sed 's/^/  stdout: /' "$out" >&2
    sed 's/^/  stderr: /' "$err" >&2
  fi
  rm -f "$out" "$err"
}

s=(--store "$url")
# An operator applies the schema; a second time changes nothing.
expect 0 '"schema_version": 1' store init "${s[@]}"
expect 0 '"schema_version": 1' store init "${s[@]}"
expect 0 '{"campaign": "once", "redeemed": 0, "reserved": 0, "max_redemptions": 1}' \
  redemptions --catalog catalog.json "${s[@]}" --now $t0
expect 0 '{"campaign": "open", "redeemed": 0, "reserved": 0, "max_redemptions": null}' \
  redemptions --catalog catalog.json "${s[@]}" --now $t0

# order-a holds the only slot of "once" while it pays.
expect 0 '"status": "ok"' reserve --catalog catalog.json --order order-a.json \
  "${s[@]}" --ttl 60 --now $t0 ONCE
expect 1 '"status": "redemption_limit"' complete --catalog catalog.json \
  --order order-b.json "${s[@]}" --now $((t0 + 1)) ONCE
expect 0 '{"campaign": "once", "redeemed": 0, "reserved": 1, "max_redemptions": 1}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 1))
# It completes (the reservation becomes the redemption); again: the same.
expect 0 '"status": "ok"' complete --catalog catalog.json --order order-a.json \
  "${s[@]}" --now $((t0 + 2)) ONCE
expect 0 '"status": "ok"' complete --catalog catalog.json --order order-a.json \
  "${s[@]}" --now $((t0 + 3)) ONCE
expect 0 '{"campaign": "once", "redeemed": 1, "reserved": 0, "max_redemptions": 1}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 3))
expect 1 '"status": "redemption_limit"' reserve --catalog catalog.json \
  --order order-b.json "${s[@]}" --ttl 60 --now $((t0 + 4)) ONCE

# Refunded: the slot comes back, and order-b takes it.
expect 0 '"campaigns": ["once", "open"]' refund --catalog catalog.json \
  --order paid-a.json "${s[@]}" --now $((t0 + 100))
expect 0 '{"campaign": "once", "redeemed": 0, "reserved": 0, "max_redemptions": 1}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 100))
expect 0 '"status": "ok"' complete --catalog catalog.json --order order-b.json \
  "${s[@]}" --now $((t0 + 101)) ONCE

# A reservation nobody releases frees its slot when it expires.
expect 0 '"status": "ok"' reserve --catalog catalog.json --order order-c.json \
  "${s[@]}" --ttl 10 --now $((t0 + 200)) PAIR
expect 0 '{"campaign": "pair", "redeemed": 0, "reserved": 1, "max_redemptions": 2}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 209))
expect 0 '{"campaign": "pair", "redeemed": 0, "reserved": 0, "max_redemptions": 2}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 210))
# Released before it expires.
expect 0 '"status": "ok"' reserve --catalog catalog.json --order order-c.json \
  "${s[@]}" --ttl 10 --now $((t0 + 300)) PAIR
# The order as stored carries its codes: without them there is nothing
# to release.
expect 0 '"campaigns": []' release --catalog catalog.json --order order-c.json \
  "${s[@]}" --now $((t0 + 301))
expect 0 '"campaigns": ["pair"]' release --catalog catalog.json \
  --order held-c.json "${s[@]}" --now $((t0 + 301))
expect 0 '{"campaign": "pair", "redeemed": 0, "reserved": 0, "max_redemptions": 2}' \
  redemptions --catalog catalog.json "${s[@]}" --now $((t0 + 301))

# A store that cannot be reached: exit 3, nothing on stdout.
expect 3 'cannot use the redemption store' complete --catalog catalog.json \
  --order order-a.json --store "postgresql://promo@127.0.0.1:1/promo?connect_timeout=2" \
  ONCE

if [ $failures -gt 0 ]; then
  echo "cli_flow.sh: $failures of $step steps failed" >&2
  exit 1
fi
echo "cli_flow.sh: $step steps passed"
