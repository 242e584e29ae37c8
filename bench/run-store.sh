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
if "$src/tests/pg/server.sh" setup "$dir/durable" --durable >/dev/null; then
  "$bench" --pg "$(cat "$dir/durable/url")" --pg-label pg-durable "$@"
  "$src/tests/pg/server.sh" teardown "$dir/durable" >/dev/null
  "$src/tests/pg/server.sh" setup "$dir/nosync" >/dev/null
  "$bench" --no-memory --pg "$(cat "$dir/nosync/url")" --pg-label pg-nosync "$@"
else
  echo "no PostgreSQL server: the in-memory store only" >&2
  "$bench" "$@"
fi
