#!/bin/sh
# workplan diff on the sample plans of examples/diff: the table and the
# JSON must be exactly the expected files; bad usage exits 2; corpora work.
set -eu
cli=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" diff "$dir/plan_2024.txt" "$dir/plan_2025.txt" > "$tmp/table.txt"
diff -u "$dir/expected.txt" "$tmp/table.txt"
"$cli" diff "$dir/plan_2024.txt" "$dir/plan_2025.txt" --format json > "$tmp/diff.json"
diff -u "$dir/expected.json" "$tmp/diff.json"
rc=0; "$cli" diff "$dir/plan_2024.txt" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "missing NEW: exit $rc, expected 2"; exit 1; }
rc=0; "$cli" diff "$dir/plan_2024.txt" "$dir/plan_2025.txt" --format xml 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "bad format: exit $rc, expected 2"; exit 1; }
rc=0; "$cli" diff "$dir/none.txt" "$dir/plan_2025.txt" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || { echo "missing file: exit $rc, expected 1"; exit 1; }
# corpora: two plans a side, paired by issuer
"$cli" import "$dir/plan_2024.txt" "$dir/plan_2024_hant.txt" -o "$tmp/old.cbor" --quiet
"$cli" import "$dir/plan_2025.txt" "$dir/plan_2024.txt" -o "$tmp/new.cbor" --quiet
"$cli" diff "$tmp/old.cbor" "$tmp/new.cbor" --format json > "$tmp/corpus.jsonl"
[ "$(wc -l < "$tmp/corpus.jsonl")" -ge 2 ] || { echo "corpus diff: too few lines"; exit 1; }
grep -q '"change":"unchanged","old"' "$tmp/corpus.jsonl" || { echo "corpus diff: plan_2024 not paired with itself"; exit 1; }
"$cli" diff "$tmp/old.cbor" "$tmp/new.cbor" | grep -q '^==== ' || { echo "corpus table"; exit 1; }
echo ok
