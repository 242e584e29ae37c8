#!/usr/bin/env bash
# Times `promo check` in a cold process (one code: start, open the catalog,
# apply, print) against the sqlite3 command-line tool answering the same
# question from an indexed database of the same codes: issue 11's target
# "promo check cold, one code, compiled 10M-code catalog / sqlite3 CLI on an
# indexed DB <= 1.0x". Every figure is hyperfine's (wall time, -N: no shell
# in between), with warm-up runs, so the page cache holds every file: "cold"
# is the process, not the disk.
#   bench/run-cold.sh [BUILD_DIR] [--codes N] [--runs N] [--export DIR]
#                     [--data DIR]
# BUILD_DIR (default build/release) must be configured with
# -DPROMO_BUILD_BENCH=ON. The data set is promo-bench's own (--write): ten
# campaigns, N codes (default 10,000,000) of 8 to 20 bytes, as catalog.json
# with a codes_file per campaign; `promo compile` makes catalog.promo of it,
# and sqlite3 a `WITHOUT ROWID` table keyed by the code. --export DIR keeps
# hyperfine's JSON there (default: only the summary printed here); --data
# DIR writes the data set into DIR and leaves it there (for strace,
# callgrind...; default: a temporary directory, removed).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build/release
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  build=$1
  shift
fi
codes=10000000
runs=30
export_dir=
data_dir=
while [ $# -gt 0 ]; do
  case $1 in
    --codes) codes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --export) export_dir=$2; shift 2 ;;
    --data) data_dir=$2; shift 2 ;;
    *) echo "usage: $0 [BUILD_DIR] [--codes N] [--runs N] [--export DIR] [--data DIR]" >&2; exit 2 ;;
  esac
done
bench=$build/bench/promo-bench
promo=$build/src/cli/promo
[ -x "$bench" ] || { echo "no $bench: configure with -DPROMO_BUILD_BENCH=ON" >&2; exit 2; }
[ -x "$promo" ] || { echo "no $promo: build the promo command" >&2; exit 2; }
for tool in hyperfine sqlite3 python3; do
  command -v $tool >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
if [ -n "$data_dir" ]; then
  mkdir -p "$data_dir"
  dir=$(cd "$data_dir" && pwd)
  rm -f "$dir/codes.db"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
out=${export_dir:-$dir}
mkdir -p "$out"

echo "cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bench" --codes "$codes" --write "$dir"
"$promo" compile -o "$dir/catalog.promo" "$dir/catalog.json" >/dev/null
# Sorted inserts into the keyed table: what CREATE INDEX would do, and far
# faster than inserting ten million codes in random order.
sqlite3 "$dir/codes.db" >/dev/null <<EOF
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TEMP TABLE raw (code TEXT, campaign TEXT);
.import --csv $dir/codes.csv raw
CREATE TABLE codes (code TEXT PRIMARY KEY, campaign TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO codes SELECT code, campaign FROM raw ORDER BY code;
EOF
rm "$dir/codes.csv"
hit=$(cat "$dir/hit.txt")
miss=$(cat "$dir/miss.txt")
sizes() { stat -c %s "$@" | awk '{ s += $1 } END { printf "%.0f MB", s / 1e6 }'; }
echo "codes: $codes; catalog.promo $(sizes "$dir/catalog.promo");" \
  "catalog.json + codes files $(sizes "$dir"/catalog.json "$dir"/codes-*.txt);" \
  "codes.db $(sizes "$dir/codes.db")"

check() { # CATALOG CODE
  echo "$promo check --catalog $1 --order $dir/order.json $2"
}
query() { # CODE
  echo "sqlite3 $dir/codes.db \"SELECT campaign FROM codes WHERE code = '$1'\""
}
# What each answers, once: the hit applies (exit 0), the miss is refused.
for code in "$hit" "$miss"; do
  echo "$code: promo check exits $("$promo" check --catalog "$dir/catalog.promo" \
    --order "$dir/order.json" "$code" >/dev/null && echo 0 || echo $?)," \
    "sqlite3 prints '$(sqlite3 "$dir/codes.db" \
    "SELECT campaign FROM codes WHERE code = '$code'")'"
done

# -i: a refused code exits 1, which is the answer, not a failure.
for kind in hit miss; do
  code=$hit
  [ $kind = miss ] && code=$miss
  hyperfine -N -i --style none --warmup 5 --runs "$runs" \
    --export-json "$out/cold-$kind.json" \
    -n "promo check, compiled, $kind" "$(check "$dir/catalog.promo" "$code")" \
    -n "sqlite3 CLI, indexed, $kind" "$(query "$code")" >/dev/null
done
# The JSON catalog rebuilds its index in every process: seconds, so fewer runs.
hyperfine -N -i --style none --warmup 1 --runs 3 \
  --export-json "$out/cold-json.json" \
  -n "promo check, JSON + codes_file, hit" "$(check "$dir/catalog.json" "$hit")" \
  >/dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out" <<'EOF'
import json, sys
out = sys.argv[1]
rows = {}
for name in ("cold-hit", "cold-miss", "cold-json"):
    for r in json.load(open(f"{out}/{name}.json"))["results"]:
        rows[r["command"]] = r
        print(f'{r["command"]:40} median {r["median"]*1e3:9.2f} ms  '
              f'min {r["min"]*1e3:9.2f} ms  mean {r["mean"]*1e3:9.2f} ms '
              f'± {r["stddev"]*1e3:.2f}  ({len(r["times"])} runs)')
for kind in ("hit", "miss"):
    p = rows[f"promo check, compiled, {kind}"]
    s = rows[f"sqlite3 CLI, indexed, {kind}"]
    print(f'{kind}: promo check (compiled) / sqlite3 CLI: median '
          f'{p["median"]/s["median"]:.2f}x, min {p["min"]/s["min"]:.2f}x '
          '(target <= 1.0x)')
j = rows["promo check, JSON + codes_file, hit"]
p = rows["promo check, compiled, hit"]
print(f'hit: JSON + codes_file / compiled: median {j["median"]/p["median"]:.0f}x')
EOF
