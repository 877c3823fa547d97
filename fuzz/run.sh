#!/bin/sh
# Build the libFuzzer targets with clang-14 + ASan/UBSan and run each for
# SECONDS (default 60), one after the other.
#   fuzz/run.sh [SECONDS] [TARGET...]     TARGET: cbor json import query corpus docx html sniff
#
# Seeds: fuzz/corpus/<target>/ (read only; new inputs go to
# $FUZZ_WORK/<target>, default build-fuzz/corpus-<target>, kept between
# runs). Dictionaries: fuzz/dict/<target>.dict. Every input of
# fuzz/regressions/<target>-* is replayed first. Limits: 2 GB of RSS and
# 5 s per input (a slower input is a bug too: see doc/API.md "Limits").
# Crashes, leaks, timeouts and OOMs are kept in fuzz/artifacts/.
#
# Scheduling: -entropic=0 unless FUZZ_FLAGS says otherwise. With tens of
# thousands of features (the importer's word lists give ~40,000), libFuzzer
# 14's entropic scheduler spent 79 % of fuzz_import's time in
# InputCorpus::UpdateFeatureFrequency (perf): 380 executions/s against
# 3,748 with -entropic=0 on the same corpus (30 s runs, 2026-11-24), and
# coverage grew faster too (cov 8,818 vs 8,982 at the end).
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-cbor json import query corpus docx html sniff}
dir=build-fuzz
work=${FUZZ_WORK:-$dir}
cc=${FUZZ_CC:-clang-14}
cxx=${FUZZ_CXX:-clang++-14} # lib/textnorm_keys.cpp: the same compiler family as CC
if [ ! -f "$dir/build.ninja" ]; then
    # The library too is instrumented for coverage (fuzzer-no-link).
    CC=$cc CXX=$cxx meson setup "$dir" -Dfuzz=true -Dtests=false -Dbindings=disabled \
        -Db_sanitize=address,undefined -Db_lundef=false -Darena_debug=true -Dbuildtype=debug \
        -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
meson compile -C "$dir" >/dev/null
mkdir -p fuzz/artifacts
status=0
for t in $targets; do
    bin=$dir/fuzz/fuzz_$t
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    for r in fuzz/regressions/"$t"-*; do
        [ -f "$r" ] || continue
        if ! "$bin" -timeout=5 -rss_limit_mb=2048 "$r" >/dev/null 2>&1; then
            echo "== fuzz_$t: regression $r fails"; status=1
        fi
    done
    mkdir -p "$work/corpus-$t"
    # The HTML test pages seed the page readers too (read here, not copied).
    case $t in html | sniff) pages=tests/data/formats ;; *) pages= ;; esac
    echo "== fuzz_$t for ${secs}s"
    # shellcheck disable=SC2086  # $pages, and FUZZ_FLAGS: extra libFuzzer flags, after the defaults (e.g. -runs=10000000, -entropic=1)
    "$bin" -max_total_time="$secs" -max_len=65536 -timeout=5 -rss_limit_mb=2048 -entropic=0 ${FUZZ_FLAGS:-} \
        -dict=fuzz/dict/"$t".dict -artifact_prefix=fuzz/artifacts/"$t"- -print_final_stats=1 \
        "$work/corpus-$t" fuzz/corpus/"$t" $pages 2>&1 |
        grep -E "^#[0-9]+.*(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written|^fuzz: " || true
done
if ls fuzz/artifacts/* >/dev/null 2>&1; then
    # CI keeps nothing but its log: replay each artifact for its report
    # and print the input itself, so that a finding can be reproduced from
    # the log alone (base64 -d > file; build-fuzz/fuzz/fuzz_T file).
    for a in fuzz/artifacts/*; do
        t=$(basename "$a" | sed 's/-.*//')
        echo "== $a ($(wc -c <"$a") bytes), replayed:"
        "$dir/fuzz/fuzz_$t" -timeout=5 -rss_limit_mb=2048 "$a" 2>&1 | grep -v '^INFO:' | head -n 60 || true
        if [ "$(wc -c <"$a")" -le 65536 ]; then
            echo "== $a as base64:"; base64 "$a"
        fi
    done
    echo "crashes in fuzz/artifacts/"; exit 1
fi
exit $status
