#!/bin/sh
# Compile each public header on its own, as strict C11 and as C++.
# usage: check_headers.sh SRC_INCLUDE_DIR BUILD_INCLUDE_DIR
set -eu
src=$1 gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
cxx=${CXX:-c++}
n=0
for h in "$src"/workplan/*.h "$gen"/workplan/version.h; do
    name=workplan/$(basename "$h")
    printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" > "$tmp/t.c"
    $cc -std=c11 -Wall -Wextra -pedantic -Werror -I"$src" -I"$gen" -c "$tmp/t.c" -o "$tmp/t.o"
    if command -v "$cxx" >/dev/null 2>&1; then
        cp "$tmp/t.c" "$tmp/t.cpp"
        $cxx -std=c++11 -Wall -Wextra -pedantic -Werror -I"$src" -I"$gen" -c "$tmp/t.cpp" -o "$tmp/t.o"
    fi
    n=$((n + 1))
done
echo "$n headers compile as C11 and C++"
