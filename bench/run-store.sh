#!/usr/bin/env bash
# Runs promo-store-bench: the in-memory store, then PostgreSQL on a server
# started here with PostgreSQL's default durability (fsync and
# synchronous_commit on: a commit waits for its WAL flush; "pg-durable"),
# then on one with fsync and synchronous_commit off ("pg-nosync": what the
# row lock alone costs), each torn down after.
#   bench/run-store.sh [BUILD_DIR] [--seconds S]
# BUILD_DIR (default build/release) must be configured with
# -DPROMO_BUILD_BENCH=ON.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build/release}
shift || true
bench="$build/bench/promo-store-bench"
[ -x "$bench" ] || { echo "no $bench: configure with -DPROMO_BUILD_BENCH=ON" >&2; exit 2; }
dir=$(mktemp -d)
cleanup() {
  for s in durable nosync; do
    "$src/tests/pg/server.sh" teardown "$dir/$s" >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
nproc | sed 's/^/cores: /'
# Instructions per commit (callgrind), which the machine's load does not
# change: promo_order_complete, and the store's part of it.
if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
  n=100000
  for kind in hot cold; do
    flag=""
    [ $kind = cold ] && flag=--cold
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$kind" \
      "$bench" --count $n $flag >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$dir/cg.$kind" 2>/dev/null |
      awk -v kind=$kind -v n=$n '
        /:promo_order_complete / { gsub(",", "", $1); c = $1 / n }
        /:promo_store_run / { gsub(",", "", $1); s = $1 / n }
        END { printf "callgrind, in-memory, %s: promo_order_complete %.0f instructions per commit, the store %.0f of them\n", kind, c, s }'
  done
fi
if "$src/tests/pg/server.sh" setup "$dir/durable" --durable >/dev/null; then
  "$bench" --pg "$(cat "$dir/durable/url")" --pg-label pg-durable "$@"
  "$src/tests/pg/server.sh" teardown "$dir/durable" >/dev/null
  "$src/tests/pg/server.sh" setup "$dir/nosync" >/dev/null
  "$bench" --no-memory --pg "$(cat "$dir/nosync/url")" --pg-label pg-nosync "$@"
else
  echo "no PostgreSQL server: the in-memory store only" >&2
  "$bench" "$@"
fi
