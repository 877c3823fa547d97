#!/bin/sh
# CI hygiene: after a build, a test run and a pip install, the checkout is
# as clean as git found it (nothing tracked modified, nothing untracked
# that .gitignore does not cover). Run from .ci/run after those steps:
#   sh tests/check_clean_tree.sh
set -eu
cd "$(dirname "$0")/.."
status=$(git status --porcelain)
if [ -n "$status" ]; then
    echo "the checkout is not clean after build, tests and pip install:" >&2
    echo "$status" >&2
    exit 1
fi
echo "git status: clean"
