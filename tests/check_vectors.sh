#!/bin/sh
# Each vector NAME.cbor must load, export as NAME.json exactly, and save
# back to the very same bytes (the vectors are canonical).
# usage: check_vectors.sh WPVECTOR VECTOR_DIR
set -eu
tool=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for v in "$dir"/*.cbor; do
    name=$(basename "$v" .cbor)
    "$tool" json "$v" > "$tmp/$name.json"
    diff -u "$dir/$name.json" "$tmp/$name.json"
    "$tool" roundtrip "$v" "$tmp/$name.cbor"
    cmp "$v" "$tmp/$name.cbor"
    # and the JSON loads back to the same CBOR
    "$tool" roundtrip "$dir/$name.json" "$tmp/$name.from-json.cbor"
    cmp "$v" "$tmp/$name.from-json.cbor"
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "no vectors in $dir" >&2; exit 1; }
echo "$n vectors: JSON and bytes as expected"
