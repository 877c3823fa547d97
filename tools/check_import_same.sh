#!/bin/sh
# Does a change of the importer change what is imported? Imports every
# document the tests use with two builds of the CLI and compares the CBOR
# (and the exit status and messages) byte for byte.
#   tools/check_import_same.sh BASE_CLI NEW_CLI [BENCH_TEXT_DIR]
# BASE_CLI: e.g. a copy of main's build/tools/workplan (copy the whole build
# directory: the CLI finds its library through $ORIGIN/../lib).
# Documents: tests/accuracy/cases, tests/accuracy/own, examples/plans,
# tests/data (the .docx fixture zipped, the HTML pages), fuzz/corpus/import,
# fuzz/regressions/import-*, ../shared/seeds if present, and the bench's
# gentext documents (BENCH_TEXT_DIR: large.txt and small/, made by
# `wpbench gentext`; skipped when not given).
# Prints one line per difference and a summary; exit 1 on any difference.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 BASE_CLI NEW_CLI [BENCH_TEXT_DIR]" >&2; exit 2; }
base=$1 new=$2 bench=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The .docx fixture, zipped (as tests/test_docx.c does).
/usr/bin/python3 - "$work/fixture.docx" <<'EOF'
import os, sys, zipfile
root = "tests/data/formats/docx"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, root))
EOF

list=$work/list
{
    find tests/accuracy/cases tests/accuracy/own examples/plans -type f -name '*.txt'
    find tests/data -type f \( -name '*.txt' -o -name '*.html' \)
    echo "$work/fixture.docx"
    find fuzz/corpus/import -type f 2>/dev/null || true
    find fuzz/regressions -type f -name 'import-*' 2>/dev/null || true
    [ -d ../shared/seeds ] && find ../shared/seeds -type f
    [ -n "$bench" ] && [ -f "$bench/large.txt" ] && echo "$bench/large.txt"
} | sort >"$list"

n=0 diff=0
run() { # CLI OUT FILE...: status and messages in OUT.err
    cli=$1 out=$2
    shift 2
    rc=0
    # One output name for both builds: the messages name it.
    "$cli" import -k -o "$work/out.cbor" "$@" >"$out.err" 2>&1 || rc=$?
    echo "exit $rc" >>"$out.err"
    if [ -f "$work/out.cbor" ]; then mv "$work/out.cbor" "$out"; else : >"$out"; fi
}
compare() { # NAME FILE...
    name=$1
    shift
    run "$base" "$work/a.cbor" "$@"
    run "$new" "$work/b.cbor" "$@"
    n=$((n + 1))
    if ! cmp -s "$work/a.cbor" "$work/b.cbor"; then
        echo "DIFFERS (plan): $name"; diff=$((diff + 1))
    elif ! cmp -s "$work/a.cbor.err" "$work/b.cbor.err"; then
        echo "DIFFERS (messages): $name"; diff=$((diff + 1))
    fi
    rm -f "$work/a.cbor" "$work/b.cbor"
}
while IFS= read -r f; do
    compare "$f" "$f"
done <"$list"
if [ -n "$bench" ] && [ -d "$bench/small" ]; then
    # The many small documents in one run (one CBOR of all the plans).
    # shellcheck disable=SC2046
    compare "$bench/small/*" $(find "$bench/small" -type f | sort)
fi
echo "$n imports compared, $diff differ"
[ "$diff" -eq 0 ]
