#!/bin/sh
# list_batches.sh PROMO - `promo codes` on a list longer than its batch of
# 4,096 codes (run from tests/data): 9,000 lines, every one reported in
# order, the last batch included (its last code is not in the catalog, so
# the exit status is 1), nothing on stderr.
set -u
promo=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
i=1
while [ "$i" -lt 9000 ]; do
  echo SPRING-2026
  i=$((i + 1))
done > "$dir/list.txt"
echo NOT-IN-THE-CATALOG >> "$dir/list.txt"
"$promo" codes --catalog catalog.json "$dir/list.txt" > "$dir/out" 2> "$dir/err"
status=$?
fail() {
  echo "list_batches: $*" >&2
  exit 1
}
[ "$status" -eq 1 ] || fail "exit status $status, not 1"
[ -s "$dir/err" ] && fail "stderr: $(cat "$dir/err")"
[ "$(wc -l < "$dir/out")" -eq 9000 ] || fail "$(wc -l < "$dir/out") lines, not 9000"
[ "$(grep -c '"status": "ok", "campaign": "spring-2026"}$' "$dir/out")" -eq 8999 ] ||
  fail "not 8999 codes found"
[ "$(sed -n 4097p "$dir/out")" = '{"line": 4097, "code": "SPRING-2026", "status": "ok", "campaign": "spring-2026"}' ] ||
  fail "line 4097: $(sed -n 4097p "$dir/out")"
[ "$(tail -n 1 "$dir/out")" = '{"line": 9000, "code": "NOT-IN-THE-CATALOG", "status": "code_not_found"}' ] ||
  fail "last line: $(tail -n 1 "$dir/out")"
exit 0
