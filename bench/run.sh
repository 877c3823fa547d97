#!/bin/sh
# The fair benchmark: workplan against its peers, one Markdown table.
#   bench/run.sh [TASKS] [REPEAT]   default 100000 tasks, 3 interleaved rounds
#   bench/run.sh --smoke            10000 tasks, 1 round (CI: under a minute)
#   bench/run.sh --growth [REPEAT]  10k, 100k and 1M tasks, then the growth table
# Builds ./build-bench (-Dbench=true, release, with the Python bindings) if
# absent. Data (generated once) goes to $WP_BENCH_DIR or /tmp/wpbench.
# Python peers run under $PYTHON or /usr/bin/python3 (cbor2, pandas).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${WP_BENCH_BUILD:-$root/build-bench}
data=${WP_BENCH_DIR:-/tmp/wpbench}
python=${PYTHON:-/usr/bin/python3}
smoke=
growth=
case "${1:-}" in
--smoke) smoke=--smoke; tasks=10000; repeat=1 ;;
--growth) growth=1; repeat=${2:-3} ;;
*) tasks=${1:-100000}; repeat=${2:-3} ;;
esac
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Dbench=true -Dtests=false -Dbuildtype=release \
        -Dpython="$python" >/dev/null
fi
meson compile -C "$build" >/dev/null
mkdir -p "$data"
echo "machine: $(nproc) cores, $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1)," \
    "$(free -g | awk '/^Mem:/{print $2}') GB; $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
if [ -n "$growth" ]; then
    for n in 10000 100000 1000000; do
        "$python" "$root/bench/compare.py" run --build "$build" --data "$data" --tasks $n \
            --repeat "$repeat" --json "$data/result-$n.json"
        echo
    done
    "$python" "$root/bench/compare.py" growth "$data/result-10000.json" \
        "$data/result-100000.json" "$data/result-1000000.json"
else
    # shellcheck disable=SC2086
    "$python" "$root/bench/compare.py" run --build "$build" --data "$data" --tasks "$tasks" \
        --repeat "$repeat" --json "$data/result-$tasks.json" $smoke
fi
