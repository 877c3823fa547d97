#!/bin/sh
# The workplan CLI end to end: import a sample plan, query it, export it,
# and fail cleanly on bad input.  $1 = the workplan binary, $2 = examples/plans.
set -eu
wp=$1
plans=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$wp" import "$plans/work_plan.txt" -o "$tmp/plan.cbor" 2>"$tmp/import.err"
grep -qF "3 sections" "$tmp/import.err" || { cat "$tmp/import.err" >&2; exit 1; }

check() { # QUERY EXPECTED-COUNT
    got=$("$wp" query --count "$tmp/plan.cbor" "$1")
    [ "$got" = "$2" ] || { echo "query '$1': $got matches, want $2" >&2; exit 1; }
}
check 'kind:section' 3
check 'unit:办公室 role:lead' 3   # 1.1.1 and its two tasks (effective responsibility)
check 'own.unit:办公室 role:lead' 1
check 'has:indicator' 8

# The listing names the plan and the node.
"$wp" query "$tmp/plan.cbor" 'unit:办公室 role:lead' 2>/dev/null | grep -qF "1.1.1" ||
    { echo "query listing lacks node 1.1.1" >&2; exit 1; }

# Several files into one corpus; JSON export is one document per plan.
"$wp" import "$plans/work_plan.txt" "$plans/traditional.txt" -o "$tmp/corpus.cbor" --quiet
[ "$("$wp" export --format jsonl "$tmp/corpus.cbor" | wc -l)" = 2 ] ||
    { echo "jsonl export: want 2 lines" >&2; exit 1; }
"$wp" export --format json "$tmp/plan.cbor" | grep -qF '"title": "示例市科协2025年工作要点"' ||
    { echo "json export lacks the title" >&2; exit 1; }

# Errors: a syntax error names its column; a missing file fails with 1; bad usage 2.
if "$wp" query "$tmp/plan.cbor" 'due<=tomorrow' 2>"$tmp/err"; then exit 1; fi
grep -q "column" "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
set +e
"$wp" import /nonexistent.txt -o "$tmp/x.cbor" 2>/dev/null; [ $? = 1 ] || exit 1
"$wp" frobnicate 2>/dev/null; [ $? = 2 ] || exit 1
[ ! -e "$tmp/x.cbor" ] || { echo "a failed import left a file" >&2; exit 1; }
echo ok
