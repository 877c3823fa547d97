#!/bin/sh
# Build the libFuzzer targets with clang + ASan/UBSan and run each for
# SECONDS (default 60), starting from the test vectors, the sample plans
# and a few queries. Crashes are kept in fuzz/artifacts/.
#   fuzz/run.sh [SECONDS] [TARGET...]     TARGET: cbor json import query corpus docx html sniff
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-cbor json import query corpus docx html sniff}
dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
    # The library too is instrumented for coverage (fuzzer-no-link).
    CC=clang meson setup "$dir" -Dfuzz=true -Dtests=false -Dbindings=disabled \
        -Db_sanitize=address,undefined -Db_lundef=false -Darena_debug=true -Dbuildtype=debug \
        -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
meson compile -C "$dir" >/dev/null
mkdir -p fuzz/artifacts
for t in $targets; do
    corpus=$(mktemp -d)
    case $t in
    cbor | corpus) cp tests/vectors/*.cbor "$corpus"/ ;;
    json) cp tests/vectors/*.json "$corpus"/ ;;
    import) cp examples/plans/*.txt "$corpus"/ ;;
    docx | sniff) (cd tests/data/formats/docx && zip -q -r "$corpus/plan.docx" .) 2>/dev/null ||
        cp examples/plans/*.txt "$corpus"/
        cp tests/data/formats/*.html "$corpus"/ ;;
    html) cp tests/data/formats/*.html "$corpus"/ ;;
    query) i=0
        for q in 'kind:task unit:宣传部 role:lead' 'text~科普 OR (has:indicator value>=10)' \
                 '-status:done due<=2025-06-30 under:1' 'ind.unit:家 ind.op:ge | overdue:2025-07-01'; do
            i=$((i + 1)); printf '%s' "$q" > "$corpus/q$i"
        done ;;
    esac
    echo "== fuzz_$t for ${secs}s"
    UBSAN_OPTIONS=halt_on_error=1 "$dir/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=65536 \
        -artifact_prefix=fuzz/artifacts/"$t"- -print_final_stats=1 "$corpus" 2>&1 |
        grep -E "^#.*DONE|stat::number_of_executed_units|ERROR|SUMMARY|Test unit written" || true
    rm -rf "$corpus"
done
if ls fuzz/artifacts/* >/dev/null 2>&1; then
    echo "crashes in fuzz/artifacts/"; exit 1
fi
