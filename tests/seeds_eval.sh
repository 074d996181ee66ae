#!/bin/sh
# tests/seeds_eval.sh — the seeds evaluation as a check that can fail.
#
# ../shared/eval/seeds.py prints PASS/FAIL per check and ends with
# "N passed, M failed", but exits 0 whatever failed; this reads that line
# and fails when a check failed, when none ran, or when the script did not
# finish.  Without ../shared/seeds the evaluation is skipped (counted as a
# skip), and on CI (CI=true), which has ../shared, that is a failure.
# Writes "passed failed skipped" to build/seeds-summary for make check.
# Usage: BIN=build/samestory sh tests/seeds_eval.sh
set -u
BIN=${BIN:-build/samestory}
SUMMARY=${SUMMARY:-build/seeds-summary}
SEEDS=${SEEDS:-../shared/seeds}
if [ ! -d "$SEEDS" ]; then
    if [ "${CI:-}" = true ]; then
        echo "== seeds evaluation: $SEEDS missing on CI: failed"
        echo "0 1 0" > "$SUMMARY"
        exit 1
    fi
    echo "== seeds evaluation: $SEEDS not present: skipped"
    echo "0 0 1" > "$SUMMARY"
    exit 0
fi
echo "== ../shared/eval/seeds.py --bin $BIN"
out=$(python3 ../shared/eval/seeds.py --bin "$BIN" 2>&1)
rc=$?
printf '%s\n' "$out"
line=$(printf '%s\n' "$out" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' | tail -1)
p=${line% *}
f=${line#* }
if [ -z "$line" ]; then
    echo "seeds evaluation: no summary line (exit status $rc)"
    p=0 f=1
elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "seeds evaluation: exit status $rc"
    f=1
elif [ "$p" -eq 0 ]; then
    echo "seeds evaluation: no check ran"
    f=1
fi
echo "$p $f 0" > "$SUMMARY"
[ "$f" -eq 0 ]
