#!/bin/sh
# The workplan CLI end to end.
#   $1 = the workplan binary, $2 = examples/plans, $3 = tests/cli
#
# Golden cases: tests/cli/<case>/cmd is a shell snippet run in an empty
# folder with $WP (the binary), $PLANS, $DATA (tests/cli/data) and $SRC
# (the source tree) set and
# WORKPLAN_TODAY=2026-01-01; its standard output must equal
# tests/cli/<case>/stdout and its exit status tests/cli/<case>/exit.
# WP_UPDATE_GOLDEN=1 rewrites the expected files from what the tool does.
# Then the scale tests: a thousand-file import, more files than any
# buffer, and a file of exactly 65,536 bytes.
set -eu
WP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PLANS=$(cd "$2" && pwd)
CASES=$(cd "$3" && pwd)
DATA=$CASES/data
SRC=$(cd "$CASES/../.." && pwd)
WORKPLAN_TODAY=2026-01-01
LC_ALL=C.UTF-8
export WP PLANS DATA SRC WORKPLAN_TODAY LC_ALL
unset COLUMNS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0

for dir in "$CASES"/*/; do
    case=$(basename "$dir")
    [ -f "$dir/cmd" ] || continue
    n=$((n + 1))
    work=$tmp/case-$case
    mkdir "$work"
    set +e
    (cd "$work" && sh "$dir/cmd") >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    set -e
    if [ "${WP_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/out" "$dir/stdout"
        echo "$rc" >"$dir/exit"
        continue
    fi
    want_rc=$(cat "$dir/exit" 2>/dev/null || echo 0)
    if [ "$rc" != "$want_rc" ] || ! cmp -s "$tmp/out" "$dir/stdout"; then
        fails=$((fails + 1))
        echo "FAIL $case: exit $rc (want $want_rc)" >&2
        diff -u "$dir/stdout" "$tmp/out" >&2 || true
        sed 's/^/  stderr: /' "$tmp/err" >&2
    fi
done
echo "$n golden cases, $fails failed"
[ "$fails" = 0 ] || exit 1

# ---- scale: no fixed arrays ---------------------------------------------------
# A thousand documents (each a small plan of its own) import into a corpus
# of a thousand plans; then 1,301 inputs (the old tool kept 256),
# with one bad file among them: named, exit 1, the rest with --keep-going.
mkdir "$tmp/many"
i=0
while [ $i -lt 1000 ]; do
    printf '示例%d单位工作要点\n一、重点工作\n（一）开展活动\n1. 开展宣讲活动不少于%d场次。（牵头部门：办公室）\n' \
        "$i" "$i" >"$tmp/many/p$i.txt"
    i=$((i + 1))
done
start=$(date +%s%N)
"$WP" import --quiet -o "$tmp/many.cbor" "$tmp"/many/p*.txt
got=$("$WP" query --count "$tmp/many.cbor" 'kind:point')
[ "$got" = 1000 ] || { echo "thousand-file import: $got points, want 1000" >&2; exit 1; }
[ "$("$WP" export --format jsonl "$tmp/many.cbor" | wc -l)" = 1000 ] ||
    { echo "thousand-file import: want 1000 plans" >&2; exit 1; }
echo "1000-file import: 1000 plans in $(( ($(date +%s%N) - start) / 1000000 )) ms"

i=1000
while [ $i -lt 1300 ]; do
    cp "$tmp/many/p$((i % 1000)).txt" "$tmp/many/q$i.txt"
    i=$((i + 1))
done
printf '\377\376\000' >"$tmp/many/bad.txt"
set +e
"$WP" import --quiet -o "$tmp/all.cbor" "$tmp"/many/*.txt 2>"$tmp/err"
rc=$?
set -e
[ $rc = 1 ] || { echo "a bad input among 1,301: exit $rc, want 1" >&2; exit 1; }
[ ! -e "$tmp/all.cbor" ] || { echo "a failed import wrote its output" >&2; exit 1; }
grep -q "bad.txt" "$tmp/err" || { echo "the failure does not name bad.txt" >&2; exit 1; }
set +e
"$WP" import --quiet --keep-going -o "$tmp/all.cbor" "$tmp"/many/*.txt 2>"$tmp/err"
rc=$?
set -e
[ $rc = 1 ] || { echo "--keep-going with a bad input: exit $rc, want 1" >&2; exit 1; }
got=$("$WP" query --count "$tmp/all.cbor" 'kind:point')
[ "$got" = 1300 ] || { echo "1,300-file import: $got plans, want 1300" >&2; exit 1; }
grep -q "1300 plans from 1300 inputs.*1 input not imported" "$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
echo "1301-input import with --keep-going: 1300 plans, the bad file named, exit 1"

# ---- a file of exactly 65,536 bytes (issue 10, defect 3) ---------------------
# The whole file is read, nothing past it: by path, by stdin, and as JSON.
cp "$PLANS/work_plan.txt" "$tmp/big.txt"
while [ "$(wc -c <"$tmp/big.txt")" -lt 65000 ]; do
    echo '二、补充事项开展科普活动。' >>"$tmp/big.txt"
done
# pad with ASCII to exactly 65,536 bytes (the old buffer's size)
head -c $((65536 - $(wc -c <"$tmp/big.txt"))) /dev/zero | tr '\0' 'x' >>"$tmp/big.txt"
[ "$(wc -c <"$tmp/big.txt")" = 65536 ]
"$WP" import --quiet -o "$tmp/big.cbor" "$tmp/big.txt"
"$WP" import --quiet -o "$tmp/big2.cbor" - <"$tmp/big.txt"
cmp -s "$tmp/big.cbor" "$tmp/big2.cbor" || { echo "65,536 bytes: stdin and path differ" >&2; exit 1; }
# a JSON plan padded with blank lines to exactly 65,536 bytes
"$WP" import --quiet -o - "$PLANS/work_plan.txt" | "$WP" export - >"$tmp/pad.json"
size=$(wc -c <"$tmp/pad.json")
head -c $((65536 - size)) /dev/zero | tr '\0' '\n' >>"$tmp/pad.json"
[ "$(wc -c <"$tmp/pad.json")" = 65536 ]
"$WP" show "$tmp/pad.json" >/dev/null
"$WP" show - <"$tmp/pad.json" >/dev/null
echo "65,536-byte inputs: imported alike by path and stdin; a 65,536-byte JSON file reads"
echo ok
