#!/bin/sh
# tests/run.sh — run every unit-test program and the CLI tests of one build.
# Ends with one line "N passed, M failed, K skipped" (the totals of all tests
# run; a skipped test is never counted as passed).  With CI=true every skip
# also counts as a failure: CI has what every test needs.
# Usage: BUILD=build sh tests/run.sh
set -u
BUILD=${BUILD:-build}
passed=0
failed=0
skipped=0
on_ci=0
[ "${CI:-}" = true ] && on_ci=1
failures=""
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.d) continue ;; esac
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
    p=${p:-0}
    f=${f:-0}
    s=${s:-0}
    if [ "$on_ci" -eq 1 ] && [ "$s" -ne 0 ]; then
        f=$((f + s)) # skipped on CI: a failure
        printf '%s\n' "$out" | grep -E 'SKIPPED' | head -10
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or failed outside a test
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    if [ "$f" -ne 0 ]; then
        failures="$failures $(basename "$t")"
        printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Assert|==[0-9]+==|runtime error' | head -40
    fi
    printf '%-28s %3d passed, %d failed, %d skipped\n' "$(basename "$t")" "$p" "$f" "$s"
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
summary='^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$'
printf '%s\n' "$out" | grep -v '^PASS ' | grep -v "$summary"
p=$(printf '%s\n' "$out" | sed -n "s/$summary/\\1/p" | tail -1)
f=$(printf '%s\n' "$out" | sed -n "s/$summary/\\2/p" | tail -1)
s=$(printf '%s\n' "$out" | sed -n "s/$summary/\\3/p" | tail -1)
p=${p:-0}
f=${f:-0}
s=${s:-0}
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
printf '%-28s %3d passed, %d failed, %d skipped\n' "cli tests" "$p" "$f" "$s"
passed=$((passed + p))
failed=$((failed + f))
skipped=$((skipped + s))
# The Python binding's pytest suite (python/tests), against this build's
# shared library.  Not under the sanitizers: their libraries cannot be
# loaded into a Python that was not started with their runtime.
case "$BUILD" in
*san*)
    echo "python tests                  not run on a sanitizer build ($BUILD)"
    ;;
*)
    out=$(PYTHONPATH=python SAMESTORY_LIB="$BUILD/libsamestory.so" SAMESTORY_BIN="$BUILD/samestory" \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | tail -1 | sed -n 's/.*\b\([0-9][0-9]*\) passed.*/\1/p')
    f=$(printf '%s\n' "$out" | tail -1 | sed -n 's/.*\b\([0-9][0-9]*\) \(failed\|error\).*/\1/p')
    s=$(printf '%s\n' "$out" | tail -1 | sed -n 's/.*\b\([0-9][0-9]*\) skipped.*/\1/p')
    p=${p:-0}
    f=${f:-0}
    s=${s:-0}
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    if [ "$on_ci" -eq 1 ] && [ "$s" -ne 0 ]; then
        f=$((f + s))
    fi
    [ "$f" -ne 0 ] && printf '%s\n' "$out" | tail -40
    printf '%-28s %3d passed, %d failed, %d skipped\n' "python tests" "$p" "$f" "$s"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    [ "$f" -ne 0 ] && failures="$failures python"
    ;;
esac
[ -n "$failures" ] && echo "failing unit-test programs:$failures"
echo "$BUILD: $passed passed, $failed failed, $skipped skipped"
echo "$passed $failed $skipped" > "$BUILD/test-summary"
[ "$failed" -eq 0 ]
