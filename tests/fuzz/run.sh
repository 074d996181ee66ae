#!/bin/sh
# tests/fuzz/run.sh SECONDS FUZZER... — run each libFuzzer target for SECONDS
# on a fresh copy of its checked-in corpus; fail if any target finds a crash.
# New crash inputs are left in build-fuzz/crash-* to be added to the corpus.
#
# FUZZ_SEED (default 1) fixes libFuzzer's random seed, so a run repeats the
# same inputs in the same order: CI (make check) is reproducible, and a
# finding there is found again by the same command.  FUZZ_SEED=0 lets
# libFuzzer pick a seed: use it, with long runs, to explore; add what it
# finds to the corpus.
set -u
secs=$1
shift
status=0
passed=0
failed=0
for f in "$@"; do
    name=$(basename "$f")
    work=build-fuzz/corpus-$name
    rm -rf "$work"
    mkdir -p "$work"
    [ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$work/" 2>/dev/null
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    echo "== $name: fuzzing for ${secs}s"
    if "$f" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix=build-fuzz/ $dict "$work" > "build-fuzz/$name.log" 2>&1; then
        tail -1 "build-fuzz/$name.log"
        passed=$((passed + 1))
    else
        status=1
        failed=$((failed + 1))
        echo "FAILED: $name found a crash (build-fuzz/$name.log):"
        grep -E "ERROR|SUMMARY|Assertion|runtime error" "build-fuzz/$name.log" | head -10
    fi
done
echo "$passed $failed" > build-fuzz/test-summary
exit $status
