#!/bin/sh
# tests/run.sh — run every unit-test program and the CLI tests of one build.
# Ends with one line "N passed, M failed" (the totals of all tests run).
# Usage: BUILD=build sh tests/run.sh
set -u
BUILD=${BUILD:-build}
passed=0
failed=0
failures=""
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or failed outside a test
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        failures="$failures $(basename "$t")"
        printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Assert|==[0-9]+==|runtime error' | head -40
    fi
    printf '%-28s %3d passed, %d failed\n' "$(basename "$t")" "$p" "$f"
done
# fuzz corpora replayed through each target (no libFuzzer needed)
for t in "$BUILD"/fuzz-replay/fuzz_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    name=$(basename "$t")
    if out=$("$t" "tests/fuzz/corpus/$name" 2>&1); then
        passed=$((passed + 1))
        printf '%-28s %3d passed, 0 failed (%s)\n' "$name replay" 1 "$(printf '%s' "$out" | tail -1)"
    else
        failed=$((failed + 1))
        failures="$failures $name"
        printf '%s\n' "$out" | tail -20
    fi
done
# CLI tests (Python standard library only)
out=$(python3 tests/cli/run.py --bin "$BUILD/samestory" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v '^PASS ' | grep -v '^[0-9]* passed, [0-9]* failed$'
p=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
f=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
p=${p:-0}
f=${f:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
printf '%-28s %3d passed, %d failed\n' "cli tests" "$p" "$f"
passed=$((passed + p))
failed=$((failed + f))
[ -n "$failures" ] && echo "failing unit-test programs:$failures"
echo "$BUILD: $passed passed, $failed failed"
echo "$passed $failed" > "$BUILD/test-summary"
[ "$failed" -eq 0 ]
