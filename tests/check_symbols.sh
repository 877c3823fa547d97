#!/bin/sh
# Compare the dynamic symbols the library exports with the expected list.
# usage: check_symbols.sh LIBRARY EXPECTED_LIST
set -eu
lib=$1 expected=$2
actual=$(nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" { print $3 }' | sed 's/@.*//' | sort -u)
if ! printf '%s\n' "$actual" | diff -u "$expected" -; then
    echo "exported symbols differ from $expected (update it if the API change is intended)" >&2
    exit 1
fi
echo "$(printf '%s\n' "$actual" | wc -l) symbols, as expected"
