#!/bin/sh
# `pip install --no-build-isolation` of the source tree into a fresh venv
# (with Debian's meson-python, pandas … from the system site packages), then
# the installed package imports a sample plan and queries it.
# $1 = the Python interpreter, $2 = the source tree.
set -eu
py=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv --system-site-packages "$tmp/venv"
mkdir "$tmp/src" # a clean tree, as a user would have: no build folders, no .git
tar -C "$src" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$tmp/src" -xf -
"$tmp/venv/bin/pip" install -q --no-build-isolation --no-index "$tmp/src"
cd "$tmp"
"$tmp/venv/bin/python" - "$src/examples/plans/work_plan.txt" <<'PY'
import sys, workplan
assert "/venv/" in workplan.__file__, workplan.__file__
plan = workplan.from_file(sys.argv[1])
hits = plan.query("unit:办公室 role:lead")
assert [n.id for n in hits] == ["1.1.1"], hits
print("ok", workplan.__version__, workplan.__file__)
PY
