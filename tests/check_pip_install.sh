#!/bin/sh
# `pip install --no-build-isolation` of the source tree into a fresh venv
# (with Debian's meson-python, pandas … from the system site packages), then
# the installed package imports a sample plan and queries it. In a git
# checkout the install runs from the checkout itself, and must leave
# `git status` as it found it (meson-python writes .mesonpy-native-file.ini,
# which is ignored, not tracked).
# $1 = the Python interpreter, $2 = the source tree.
set -eu
py=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv --system-site-packages "$tmp/venv"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$src" status --porcelain >"$tmp/status.before"
    "$tmp/venv/bin/pip" install -q --no-build-isolation --no-index "$src"
    git -C "$src" status --porcelain >"$tmp/status.after"
    if ! cmp -s "$tmp/status.before" "$tmp/status.after"; then
        echo "pip install changed the checkout (git status):" >&2
        diff "$tmp/status.before" "$tmp/status.after" >&2
        exit 1
    fi
else
    mkdir "$tmp/src" # a clean tree, as a user would have: no build folders
    tar -C "$src" --exclude='./build*' -cf - . | tar -C "$tmp/src" -xf -
    "$tmp/venv/bin/pip" install -q --no-build-isolation --no-index "$tmp/src"
fi
cd "$tmp"
"$tmp/venv/bin/python" - "$src/examples/plans/work_plan.txt" <<'PY'
import sys, workplan
assert "/venv/" in workplan.__file__, workplan.__file__
plan = workplan.from_file(sys.argv[1])
hits = plan.query("own.unit:办公室 role:lead")
assert [n.id for n in hits] == ["1.1.1"], hits
print("ok", workplan.__version__, workplan.__file__)
PY
