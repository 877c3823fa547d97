#!/bin/sh
# Run the C example and check the tree it prints.
set -eu
out=$("$1")
printf '%s\n' "$out"
for want in "section 1 提升科普服务能力" "point 1.1 办好科普活动" "task 1.1.t1" \
            "lead: 科普部" "support: 办公室" "科学家精神宣讲活动 ge 100 场次 (actual 46)" \
            "deadline: 6月底前 (2025-06-30, month)"; do
    printf '%s\n' "$out" | grep -qF -- "$want" || { echo "missing: $want" >&2; exit 1; }
done
