#!/bin/sh
# Generate the synthetic corpus (once), then time loading against cbor2 and
# the common queries against SQLite with indexes, in one run.
#   bench/run.sh [TASKS] [REPEAT]     (default 1000000 tasks, 5 repeats)
# Needs a build with -Dbench=true in ./build-bench (made if absent).
set -eu
tasks=${1:-1000000}
repeat=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
data=${WP_BENCH_DIR:-/tmp/wpbench}
python=${PYTHON:-/usr/bin/python3}
[ -d "$build" ] || meson setup "$build" -Dbench=true -Dtests=false -Dbuildtype=release >/dev/null
meson compile -C "$build" >/dev/null
mkdir -p "$data"
corpus=$data/corpus-$tasks.cbor db=$data/corpus-$tasks.sqlite
[ -f "$corpus" ] && [ -f "$db" ] || "$build/bench/wpbench" gen "$corpus" "$db" "$tasks"
echo "file: $(du -m "$corpus" | cut -f1) MB CBOR, $(du -m "$db" | cut -f1) MB SQLite"
out=$("$build/bench/wpbench" run "$corpus" "$db" "$repeat")
echo "$out"
peer=$("$python" "$root/bench/cbor2_load.py" "$corpus")
echo "$peer"
ours_ms=$(echo "$out" | sed -n 's/^load_ms=//p')
cbor2_ms=$(echo "$peer" | sed -n 's/^cbor2_ms=//p')
awk -v a="$ours_ms" -v b="$cbor2_ms" 'BEGIN { printf "load: workplan %d ms vs cbor2 %d ms: %.1fx faster\n", a, b, b / a }'
